"""Proxy authentication explained: what a 407 asks for, and why the proxy did not let the request through.

Proxy credentials travel in the proxy URL and go out preemptively, on the forwarded request for http and
on the CONNECT for https (ENGINE-NOTES 2.4), so a 407 is never retried: it gets a verdict instead, on the
hop and, for a refused CONNECT, in the error message. The challenge is parsed as `auth` parses a 401's.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import http.client
import sys
import urllib.error
import urllib.request
from typing import Any

from workbench.engine.auth import describe_challenges, parse_challenges
from workbench.engine.record import parse_header_lines
from workbench.engine.wire import TapHTTPSHandler, TapResponse

NONE_CONFIGURED = (
    "The proxy asks for credentials and none are configured "
    "(set a username/password in the proxy settings or profile)."
)


def explain_407(challenges: list[str], authorization: str | None) -> tuple[str, str]:
    """Notes for a 407 from a proxy: what it asks for, then the verdict.

    Args:
        challenges: the ``Proxy-Authenticate`` values, in order.
        authorization: the ``Proxy-Authorization`` sent with the refused request, None when none was.
    """
    parsed = parse_challenges(challenges)
    if parsed:
        asks = f"Proxy asks for {describe_challenges(parsed)}."
    else:
        asks = "407 without a Proxy-Authenticate challenge: the proxy does not say what it wants."
    return asks, _verdict(parsed, authorization)


def _verdict(challenges: list[tuple[str, str | None]], authorization: str | None) -> str:
    basic = [realm for scheme, realm in challenges if scheme.lower() == "basic"]
    if challenges and not basic:
        schemes = ", ".join(dict.fromkeys(scheme for scheme, _ in challenges))
        return f"Challenge scheme {schemes} but proxy credentials can only be sent as Basic."
    if authorization is None:
        return NONE_CONFIGURED
    where = ""
    if basic:
        where = f' for realm "{basic[0]}"' if basic[0] else " for this proxy (no realm given)"
    user = _basic_user(authorization)
    if user is None:
        scheme = authorization.split(None, 1)[0] if authorization.strip() else "empty"
        return f"The proxy rejected the Proxy-Authorization ({scheme}) that was sent{where}."
    return f"The proxy rejected the credentials of user {user!r}{where}."


def _basic_user(authorization: str) -> str | None:
    """The user name inside ``Basic <base64>``, None for anything else."""
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    return decoded.partition(":")[0]


def challenges_in_head(head: bytes) -> list[str]:
    """The ``Proxy-Authenticate`` values of a recorded response head (the CONNECT answer)."""
    lines = head.decode("latin-1").split("\r\n")[1:]
    return [
        value for name, value in parse_header_lines(lines) if name.lower() == "proxy-authenticate"
    ]


class TunnelRefused(OSError):
    """http.client's "Tunnel connection failed" error, with the verdict on a 407."""

    def __init__(self, message: str, verdict: str) -> None:
        super().__init__(message)
        self.verdict = verdict


class TunnelHTTPSHandler(TapHTTPSHandler):
    """The recording https handler, keeping the head of a refused CONNECT and explaining a 407."""

    def do_open(self, http_class: Any, req: urllib.request.Request, **conn_args: Any) -> Any:
        def connection(host: str, **kwargs: Any) -> http.client.HTTPConnection:
            conn: http.client.HTTPConnection = http_class(host, **kwargs)
            conn.response_class = _TunnelResponse
            return conn

        try:
            return super().do_open(connection, req, **conn_args)
        except urllib.error.HTTPError:
            raise
        except urllib.error.URLError as exc:
            refused = self._explain(exc.reason, req)
            if refused is None:
                raise
            raise urllib.error.URLError(refused) from exc

    def _explain(self, reason: object, req: urllib.request.Request) -> TunnelRefused | None:
        hop = self._wb.current
        if hop is None or not str(reason).startswith("Tunnel connection failed: 407"):
            return None
        challenges = challenges_in_head(bytes(hop.tunnel_received))
        notes = explain_407(challenges, req.get_header("Proxy-authorization"))
        hop.notes.extend(notes)
        return TunnelRefused(str(reason), notes[-1])


class _TunnelResponse(TapResponse):
    """Reads the headers of a refused CONNECT on Python 3.11, which drops them unread (3.12 reads them
    itself, gh-69152), so that the hop keeps the proxy's ``Proxy-Authenticate``."""

    def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self._wb_tunnel = getattr(sock, "wb_phase", "") == "tunnel"

    def _read_status(self) -> tuple[str, int, str]:
        version, status, reason = super()._read_status()
        if self._wb_tunnel and status != 200 and sys.version_info < (3, 12):
            # The head reader records the lines on the hop. The refusal itself is what matters:
            # headers that cannot be read leave it as it is.
            with contextlib.suppress(http.client.HTTPException, OSError):
                http.client.parse_headers(self.fp)
        return version, status, reason
