"""Transport failures in plain words: one place maps every exception urllib can raise to an error kind.

urllib wraps only what happens before the request is sent in `URLError`; everything raised while reading
the answer escapes raw (ENGINE-NOTES 2.3 and 3). `classify` takes either and, with what the send knew at
that moment (phase, proxy, timeout, cancel reason), says what failed and what to try.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error

from workbench.engine.errors import (
    CLIENT_CERT_HINT,
    HINTS,
    InvalidRequest,
    RedirectLimit,
    Situation,
)
from workbench.engine.exchange import ErrorKind, Failure
from workbench.engine.proxyauth import TunnelRefused

_PHASE_WORDS = {
    "resolving": "looking up the host name",
    "connecting": "connecting",
    "tunnel": "opening the tunnel through the proxy",
    "tls": "during the TLS handshake",
    "sending": "sending the request",
    "waiting": "waiting for the response headers",
    "reading": "reading the response body",
}


def classify(exc: BaseException, where: Situation) -> Failure | None:
    """The failure `exc` stands for, or None when it is not a transport failure (a bug: re-raise it)."""
    if where.cancel_reason:
        return _cancelled(where)
    if isinstance(exc, InvalidRequest):
        return exc.failure()
    if isinstance(exc, RedirectLimit):
        return _fail("redirect", str(exc), exc)
    inner: BaseException = exc
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        if isinstance(exc.reason, str):
            return _from_reason_text(exc.reason, exc)
        inner = exc.reason
    if (
        where.proxy
        and where.phase in ("resolving", "connecting", "tunnel")
        and isinstance(inner, OSError)
    ):
        return _proxy(inner, where)
    return _from_exception(inner, where)


def _from_reason_text(reason: str, exc: BaseException) -> Failure:
    if reason.startswith("unknown url type"):
        return _fail("unsupported-scheme", f"urllib has no handler for this URL ({reason}).", exc)
    return _fail("invalid-request", f"urllib refused the URL: {reason}.", exc)._replace(field="url")


def _from_exception(exc: BaseException, where: Situation) -> Failure | None:
    host = where.host
    if isinstance(exc, socket.gaierror):
        return _fail("dns", _dns_message(exc, host), exc)
    if isinstance(exc, ConnectionRefusedError):
        return _fail(
            "connection-refused",
            f"{host} refused the connection: nothing is listening on that port.",
            exc,
        )
    if isinstance(exc, TimeoutError):
        return _fail("timeout", _timeout_message(where), exc)
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        if "CERTIFICATE_REQUIRED" in str(exc):  # TLS 1.3 reports it on the first read
            return Failure(
                "tls",
                f"{host} requires a client certificate and none was sent.",
                CLIENT_CERT_HINT,
                detail=f"{type(exc).__name__}: {exc}",
            )
        return _fail("tls", _tls_message(exc, host), exc)
    if isinstance(exc, http.client.IncompleteRead):
        got = where.received or len(exc.partial)
        expected = f" of {where.total}" if where.total is not None else ""
        return _fail(
            "protocol", f"The response body was cut short: {got}{expected} bytes arrived.", exc
        )
    if isinstance(exc, http.client.RemoteDisconnected):
        return _fail("connection", f"{host} closed the connection without sending a response.", exc)
    if isinstance(exc, http.client.LineTooLong):
        return _fail("protocol", f"The server sent a line that is too long ({exc}).", exc)
    if isinstance(exc, http.client.BadStatusLine):
        return _fail("protocol", f"The server's status line is not HTTP: {exc.args[0]!r}.", exc)
    if isinstance(exc, http.client.HTTPException):
        text = str(exc)
        if "100 headers" in text:
            text = "The server sent more than 100 header lines, which http.client refuses"
        return _fail("protocol", f"{text}.", exc)
    if isinstance(exc, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
        return _fail("connection", f"The connection to {host} was reset {_phase(where)}.", exc)
    if isinstance(exc, OSError):
        return _fail(
            "connection", f"Network error {_phase(where)} with {host}: {_oserror(exc)}.", exc
        )
    if isinstance(exc, UnicodeError | ValueError):
        return _fail("invalid-request", f"urllib could not send the request: {exc}.", exc)
    return None


def _proxy(exc: BaseException, where: Situation) -> Failure:
    text = str(exc)
    if text.startswith("Tunnel connection failed"):
        status = text.partition(":")[2].strip()
        verdict = f" {exc.verdict}" if isinstance(exc, TunnelRefused) else ""
        return _fail(
            "proxy", f"The proxy {where.proxy} refused the tunnel: {status}.{verdict}", exc
        )
    if isinstance(exc, ConnectionRefusedError):
        return _fail(
            "proxy", f"Could not connect to the proxy {where.proxy}: connection refused.", exc
        )
    if isinstance(exc, socket.gaierror):
        return _fail("proxy", f"The proxy's host name could not be resolved: {_oserror(exc)}.", exc)
    if isinstance(exc, TimeoutError):
        return _fail(
            "proxy", f"The proxy {where.proxy} did not answer within {where.timeout} s.", exc
        )
    return _fail("proxy", f"The proxy {where.proxy} failed {_phase(where)}: {_oserror(exc)}.", exc)


def _cancelled(where: Situation) -> Failure:
    got = f"; {where.received} bytes of the body had arrived" if where.received else ""
    if where.cancel_reason == "timeout":
        return Failure(
            "timeout",
            f"The exchange passed its total deadline ({where.elapsed_s:.1f} s){got}.",
            HINTS["timeout"],
        )
    return Failure("cancelled", f"Cancelled {_phase(where)} after {where.elapsed_s:.2f} s{got}.")


def _dns_message(exc: socket.gaierror, host: str) -> str:
    name = host.rpartition(":")[0] if host.count(":") == 1 else host
    if exc.errno == socket.EAI_NONAME:
        return f"The host {name!r} was not found: the DNS server says the name does not exist."
    if exc.errno == socket.EAI_AGAIN:
        return f"Could not look up {name!r}: no DNS server answered (are you offline?)."
    return f"Could not look up {name!r}: {exc.strerror}."


def _timeout_message(where: Situation) -> str:
    limit = f"{where.timeout:g} s" if where.timeout is not None else "the time limit"
    got = f" ({where.received} bytes of the body had arrived)" if where.received else ""
    return f"Timed out {_phase(where)}: nothing arrived from {where.host} within {limit}{got}."


def _tls_message(exc: BaseException, host: str) -> str:
    reason = getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or str(exc)
    reason = str(reason).rstrip(".")  # OpenSSL's hostname messages end with a period
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"The certificate of {host} is not trusted: {reason}."
    if reason == "WRONG_VERSION_NUMBER":
        return f"TLS failed with {host}: the server did not answer in TLS (is it plain http?)."
    return f"TLS failed with {host}: {str(exc) or reason}."


def _phase(where: Situation) -> str:
    return _PHASE_WORDS.get(where.phase, where.phase)


def _oserror(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _fail(kind: ErrorKind, message: str, exc: BaseException) -> Failure:
    return Failure(kind, message, HINTS[kind], detail=f"{type(exc).__name__}: {exc}")
