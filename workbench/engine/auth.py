"""Basic and Digest authentication that explain each step of the challenge on the hop.

urllib's handlers raise ValueError on a challenge they do not know (Bearer, Negotiate), ignore realm-less
Basic challenges, let Digest retry six times silently and match credentials without the scheme
(ENGINE-NOTES 2.4, gh-155694). These subclasses keep urllib's path (the HOWTO's password manager and
handlers) and fix those, writing what happened as notes.
"""

from __future__ import annotations

import base64
import hashlib
import urllib.request
from collections.abc import Callable
from email.message import Message
from typing import IO, Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from workbench.engine.record import SendContext
from workbench.engine.wire import WireRequest


def parse_challenges(values: list[str]) -> list[tuple[str, str | None]]:
    """``WWW-Authenticate`` values as (scheme, realm) pairs, in order (RFC 9110 section 11.6.1)."""
    found: list[tuple[str, dict[str, str]]] = []
    for value in values:
        for item in _split_commas(value):
            head, _, rest = item.partition(" ")
            param = item
            if "=" not in head:  # "Scheme" or "Scheme param=value" starts a new challenge
                found.append((head, {}))
                param = rest.strip()
            if found and "=" in param:
                key, _, val = param.partition("=")
                found[-1][1].setdefault(key.strip().lower(), val.strip().strip('"'))
    return [(scheme, params.get("realm")) for scheme, params in found]


def _split_commas(value: str) -> list[str]:
    """Split on commas that are not inside a quoted string."""
    items: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def describe_challenges(challenges: list[tuple[str, str | None]]) -> str:
    """``Basic (realm "R"), Bearer`` for a note."""
    return ", ".join(
        f'{scheme} (realm "{realm}")' if realm is not None else scheme
        for scheme, realm in challenges
    )


class SchemeAwarePasswordMgr(urllib.request.HTTPPasswordMgrWithPriorAuth):
    """urllib's password manager, but credentials registered for https are not sent over http.

    urllib ignores the scheme when matching (gh-155694); a scope given with a scheme keeps to it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._schemes: dict[str, str] = {}
        self._realms: dict[str, str] = {}

    def add_scoped(
        self, realm: str | None, scope: str, user: str, password: str, *, preemptive: bool
    ) -> None:
        """Register credentials for a URL or authority, as `add_password` does."""
        self.add_password(realm, scope, user, password, is_authenticated=preemptive)
        authority = self.reduce_uri(scope)[0]
        scheme = urlsplit(scope).scheme if "://" in scope else ""
        if scheme:
            self._schemes[authority] = scheme.lower()
        if realm is not None:
            # The prior-auth manager also files the credentials under the default realm (None),
            # which would answer every realm; remember the one the user named.
            self._realms[authority] = realm

    def find_user_password(self, realm: str | None, authuri: str) -> tuple[str | None, str | None]:
        authority = self.reduce_uri(authuri)[0]
        if "://" in authuri:
            wanted = self._schemes.get(authority)
            if wanted and urlsplit(authuri).scheme.lower() != wanted:
                return None, None
        named = self._realms.get(authority)
        if realm is not None and named is not None and realm != named:
            return None, None
        return super().find_user_password(realm, authuri)


class BasicAuthHandler(urllib.request.HTTPBasicAuthHandler):
    """`HTTPBasicAuthHandler` that explains each step and never raises on a challenge it cannot answer."""

    def __init__(self, mgr: SchemeAwarePasswordMgr, wb: SendContext) -> None:
        super().__init__(mgr)
        self._wb = wb

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        had = req.has_header("Authorization")
        req = super().http_request(req)
        if not had and req.has_header("Authorization") and isinstance(req, WireRequest):
            req.wb_notes.append("Basic credentials sent preemptively, without waiting for a 401.")
        return req

    https_request = http_request

    def http_error_401(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> Any:
        challenges = parse_challenges(headers.get_all("WWW-Authenticate") or [])
        basic = [realm for scheme, realm in challenges if scheme.lower() == "basic"]
        if not challenges:
            self._wb.note("401 without a WWW-Authenticate challenge: nothing to answer.")
            return None
        self._wb.note(f"Server asks for {describe_challenges(challenges)}.")
        if not basic:
            schemes = ", ".join(dict.fromkeys(s for s, _ in challenges))
            self._wb.note(f"Challenge scheme {schemes} but this request is set up for Basic.")
            return None
        realm = basic[0]
        user, password = self.passwd.find_user_password(realm, req.full_url)  # type: ignore[arg-type]
        where = f'realm "{realm}"' if realm else "this server (no realm given)"
        if password is None:
            self._wb.note(f"No saved credentials match {where} at {req.full_url}.")
            return None
        raw = f"{user}:{password}"
        value = "Basic " + base64.b64encode(raw.encode()).decode("ascii")
        if req.get_header("Authorization") == value:
            self._wb.note(f"The server rejected the credentials of user {user!r} for {where}.")
            return None
        req.add_unredirected_header("Authorization", value)
        if isinstance(req, WireRequest):
            req.wb_notes.append(f"Retry with Basic credentials of user {user!r} for {where}.")
        return self.parent.open(req, timeout=req.timeout)


class DigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """`HTTPDigestAuthHandler` with SHA-256, one retry instead of six, and reasons instead of raises."""

    def __init__(self, mgr: SchemeAwarePasswordMgr, wb: SendContext) -> None:
        super().__init__(mgr)
        self._wb = wb

    def http_error_401(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> Any:
        values = headers.get_all("WWW-Authenticate") or []
        challenges = parse_challenges(values)
        if not challenges:
            self._wb.note("401 without a WWW-Authenticate challenge: nothing to answer.")
            return None
        self._wb.note(f"Server asks for {describe_challenges(challenges)}.")
        digest = next((v for v in values if v.strip().lower().startswith("digest")), None)
        if digest is None:
            schemes = ", ".join(dict.fromkeys(s for s, _ in challenges))
            self._wb.note(f"Challenge scheme {schemes} but this request is set up for Digest.")
            return None
        realm = next((r for s, r in challenges if s.lower() == "digest"), None)
        sent = req.get_header("Authorization") or ""
        if sent.startswith("Digest ") and "stale=true" not in digest.lower().replace(" ", ""):
            self._wb.note(f'The server rejected the Digest credentials for realm "{realm}".')
            return None
        user, _ = self.passwd.find_user_password(realm, req.full_url)  # type: ignore[attr-defined]
        if user is None:
            self._wb.note(f'No saved credentials match realm "{realm}" at {req.full_url}.')
            return None
        try:
            response = self.retry_http_digest_auth(req, digest)
        except HTTPError:
            raise  # the server's answer to the retry (its 401 page): a response, not a failure
        except (ValueError, UnicodeError, URLError) as exc:
            reason = exc.reason if isinstance(exc, URLError) else exc
            text = str(reason).rstrip(".")  # urllib's own messages end with a period
            if isinstance(exc, UnicodeError):  # urllib hashes "user:realm:password" as ASCII
                text = "urllib's Digest accepts only ASCII user names and passwords"
            self._wb.note(f"Digest authentication is not possible here: {text}.")
            return None
        return response

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        if isinstance(req, WireRequest):
            req.wb_notes.append("Retry with Digest credentials.")
        return super().retry_http_digest_auth(req, auth)

    def get_algorithm_impls(
        self, algorithm: str
    ) -> tuple[Callable[[str], str], Callable[[str, str], str]]:
        if algorithm.upper() == "SHA-256":  # urllib has it only from Python 3.14

            def h(text: str) -> str:
                return hashlib.sha256(text.encode("utf-8")).hexdigest()

            return h, lambda secret, data: h(f"{secret}:{data}")
        return super().get_algorithm_impls(algorithm)
