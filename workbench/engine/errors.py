"""The engine's exceptions and the words that go with each error kind.

The classification of urllib's exceptions lives in `classify`, which needs http.client, ssl and socket;
this module stays light so that the window can import `InvalidRequest` and the hints at start-up
(`exchange`, and the body machinery it brings, is imported when a failure is made).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.engine.exchange import ErrorKind, Failure

# The window and the command line show the same hints, so each names where to act in both. Only
# what the place really has: the Options tab holds the timeouts, redirects, CA file, verification,
# cookies and decoding; client certificates travel with saved auth and proxy profiles.
HINTS: dict[str, str] = {
    "invalid-request": "Correct the field named in the message; nothing was sent.",
    "dns": "Check the host name in the URL, your network connection, or the proxy settings.",
    "connection-refused": "Check the port and that the server is running.",
    "connection": "The server or something in between dropped the connection; try again or check the server's logs.",
    "timeout": "Raise the timeout or the deadline (the Options tab in the window, --timeout on the "
    "command line), or check that the server is reachable.",
    "tls": "Trust the server's CA with a CA file (the Options tab in the window, --cacert on the "
    "command line), or switch off certificate verification for this request (Verify TLS "
    "certificates, or --insecure).",
    "proxy": "Check the proxy address and credentials, or go direct (Direct in the Proxy tab, "
    "--no-proxy on the command line).",
    "protocol": "The server's answer broke HTTP/1.1 rules; the bytes that did arrive are kept.",
    "redirect": "Raise the redirect limit, or stop following redirects to see the first one itself "
    "(Max redirects and Follow redirects in the Options tab, --max-redirects and --no-follow on "
    "the command line).",
    "unsupported-scheme": "Use an http://, https://, data: or file: URL.",
    "file": "The answer arrived but could not be written on this computer: free some disk space or "
    "choose another file (--out on the command line); what was written so far is kept.",
    "cancelled": "",
}

CLIENT_CERT_HINT = (
    "Choose a client certificate and its key: in the window, in the TLS part of a saved auth or "
    "proxy profile (Request → Auth and Proxy Profiles…) that this request uses; on the command "
    "line, --cert and --key."
)
"""The hint when the server asks for a client certificate (the Options tab has no field for one)."""


class EngineError(Exception):
    """Base of the engine's own exceptions."""


class InvalidRequest(EngineError):
    """Something the user typed cannot be sent; `field` names where it is."""

    def __init__(self, field: str, message: str, *, kind: ErrorKind = "invalid-request") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.kind: ErrorKind = kind

    def failure(self) -> Failure:
        """The failure to report for this input error."""
        from workbench.engine.exchange import Failure

        return Failure(self.kind, self.message, HINTS[self.kind], field=self.field)


class RedirectLimit(EngineError):
    """A redirect loop, or more redirects than allowed."""


class Cancelled(EngineError):
    """Raised inside the engine when the cancel token is set (e.g. while resolving a host)."""


class Situation:
    """What the send was doing when it failed, for the message (updated as the send goes)."""

    def __init__(self, timeout: float | None = None) -> None:
        self.phase = "connecting"
        """resolving, connecting, tunnel, tls, sending, waiting, reading"""
        self.host = ""
        self.proxy: str | None = None
        self.timeout = timeout
        self.received = 0
        self.total: int | None = None
        self.cancel_reason = ""
        self.elapsed_s = 0.0
