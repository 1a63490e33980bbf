"""A forward proxy for loopback targets only: absolute-form HTTP forwarding and CONNECT tunnels.

Anything aimed at another host is refused with 403 before a socket is opened, so nothing leaves the
machine. With credentials set, both kinds of request need ``Proxy-Authorization: Basic`` (else 407).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import selectors
import socket
import time
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from workbench.playground import pages
from workbench.playground.base import BaseHandler
from workbench.playground.loopback import RECENT, LoopbackServer
from workbench.playground.reply import Abort, html_reply

REALM = "playground-proxy"
LOOPBACK_TARGETS = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1", "::1": "::1"}
"""Hosts the proxy forwards to, and the address it connects to for each (no name lookups)."""
HOP_BY_HOP = frozenset(
    (
        "connection",
        "keep-alive",
        "proxy-connection",
        "proxy-authorization",
        "te",
        "trailer",
        "upgrade",
    )
)
CONNECT_TIMEOUT = 10.0
ANSWER_TIMEOUT = 120.0
"""How long the target may take to start answering (its /delay goes up to 30 s)."""
POLL = 0.25
"""How often a waiting proxy thread checks whether the proxy is stopping."""
MAX_HEAD = 64 * 1024


@dataclass(frozen=True)
class ProxyRecord:
    """What the proxy saw of one request."""

    request_line: str
    method: str
    target: str
    """The absolute URL, or ``host:port`` for CONNECT."""
    authorization: bool
    """Whether a Proxy-Authorization header came with it."""
    status: int
    """What the proxy answered (the target's status for a forwarded request, 200 for a tunnel)."""


class ProxyServer(LoopbackServer):
    """The proxy's listening socket, its credentials and what it has seen."""

    def __init__(
        self, port: int, auth: tuple[str, str] | None, avoid: Collection[int] = ()
    ) -> None:
        self.auth = auth
        self.seen: deque[ProxyRecord] = deque(maxlen=RECENT)
        super().__init__(port, ProxyHandler, "proxy port", avoid)


class ProxyHandler(BaseHandler):
    """One client connection of the proxy."""

    server: ProxyServer

    def dispatch(self) -> None:
        """Check credentials and target, then forward or tunnel. Every connection ends after one request."""
        self.close_connection = True
        if not self._authorized():
            self._refuse(407, "The playground proxy needs Basic credentials (Proxy-Authorization).")
            return
        if self.command == "CONNECT":
            self._tunnel()
        else:
            self._forward()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """The proxy keeps `ProxyRecord` entries instead (see `_record`)."""

    def _record(self, status: int) -> None:
        present = self.headers.get("Proxy-Authorization") is not None
        self.server.seen.append(
            ProxyRecord(self.requestline, self.command, self.path, present, status)
        )

    def _authorized(self) -> bool:
        if self.server.auth is None:
            return True
        scheme, _, token = self.headers.get("Proxy-Authorization", "").partition(" ")
        try:
            given = base64.b64decode(token.strip(), validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return False
        user, password = self.server.auth
        return scheme.lower() == "basic" and hmac.compare_digest(given, f"{user}:{password}")

    def _refuse(self, status: int, message: str) -> None:
        self._record(status)
        reply = html_reply(pages.error_page(status, message), status)
        if status == 407:
            reply.add("Proxy-Authenticate", f'Basic realm="{REALM}"')
        self.write_reply(reply)

    def _connect(self, host: str | None, port: int) -> socket.socket | None:
        """A socket to a loopback target, or None after answering 403 or 502."""
        address = LOOPBACK_TARGETS.get((host or "").lower())
        if address is None:
            self._refuse(
                403,
                f"The playground proxy only forwards to loopback targets (127.0.0.1, localhost, ::1); "
                f"{host or 'that target'} is not one of them.",
            )
            return None
        if port == self.server.port:
            self._refuse(
                400, f"{host} port {port} is this proxy itself; a request to it would loop."
            )
            return None
        try:
            return socket.create_connection((address, port), timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            self._refuse(
                502, f"The proxy could not connect to {host} port {port}: {exc.strerror or exc}."
            )
            return None

    def _tunnel(self) -> None:
        parts = urlsplit(f"//{self.path}")
        try:
            port = parts.port
        except ValueError:
            port = None
        if port is None:
            self._refuse(400, f"CONNECT needs host:port, not {self.path!r}.")
            return
        upstream = self._connect(parts.hostname, port)
        if upstream is None:
            return
        with upstream:
            self._record(200)
            self.send_response_only(200, "Connection established")
            self.end_headers()
            self._relay(upstream)

    def _relay(self, upstream: socket.socket) -> None:
        """Copy bytes both ways until either side closes or the proxy stops."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.connection, selectors.EVENT_READ, upstream)
            selector.register(upstream, selectors.EVENT_READ, self.connection)
            while not self.server.stopping.is_set():
                for key, _ in selector.select(POLL):
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    if not data:
                        return
                    key.data.sendall(data)

    def _forward(self) -> None:
        parts = urlsplit(self.path)
        try:
            port = parts.port or 80
        except ValueError:
            port = 0
        if parts.scheme.lower() != "http" or not parts.hostname or not port:
            self._refuse(
                400,
                "A request to a proxy names an absolute http:// URL (https goes through CONNECT); "
                f"{self.path!r} is not one.",
            )
            return
        upstream = self._connect(parts.hostname, port)
        if upstream is None:
            return
        with upstream:
            origin = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            upstream.sendall(self._request_head(origin, parts.netloc))
            try:
                self._copy_body(upstream)
            except ValueError:
                raise Abort from None  # a malformed length or chunk size: nothing sensible to relay
            upstream.settimeout(POLL)
            head, rest = self._answer_head(upstream)
            self.wfile.write(head)
            if rest:
                self.wfile.write(rest)
            while data := self._recv(upstream, None):
                self.wfile.write(data)

    def _request_head(self, origin: str, netloc: str) -> bytes:
        named = {t.strip().lower() for t in self.headers.get("Connection", "").split(",")}
        lines = [f"{self.command} {origin} {self.request_version}"]
        lines += [
            f"{k}: {v}" for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | named
        ]
        if "Host" not in self.headers:
            lines.append(f"Host: {netloc}")
        lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _copy_body(self, upstream: socket.socket) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            while True:  # relay the chunks as they are, reading the sizes to find the end
                line = self._line()
                upstream.sendall(line)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    break
                self._copy(size + 2, upstream)
            while (line := self._line()) not in (b"\r\n", b"\n"):
                upstream.sendall(line)
            upstream.sendall(line)
            return
        self._copy(int(self.headers.get("Content-Length", "0") or 0), upstream)

    def _line(self) -> bytes:
        line = self.rfile.readline(65537)
        if not line:
            raise Abort
        return line

    def _copy(self, size: int, upstream: socket.socket) -> None:
        while size > 0:
            piece = self.rfile.read(min(size, 65536))
            if not piece:
                raise Abort
            upstream.sendall(piece)
            size -= len(piece)

    def _answer_head(self, upstream: socket.socket) -> tuple[bytes, bytes]:
        """The target's response head, rewritten to close the connection, and any body bytes after it."""
        buffer = b""
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while b"\r\n\r\n" not in buffer:
            data = self._recv(upstream, deadline)
            if not data or len(buffer) > MAX_HEAD:
                self._refuse(502, "The target closed the connection without a complete answer.")
                raise Abort
            buffer += data
        head, _, rest = buffer.partition(b"\r\n\r\n")
        status_line, *lines = head.split(b"\r\n")
        fields = status_line.split(b" ", 2)
        self._record(int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0)
        drop = (b"connection", b"keep-alive", b"proxy-connection")
        kept = [line for line in lines if line.split(b":", 1)[0].strip().lower() not in drop]
        return b"\r\n".join([status_line, *kept, b"Connection: close", b"", b""]), rest

    def _recv(self, upstream: socket.socket, deadline: float | None) -> bytes:
        """The next bytes from the target; b'' at its end. Gives up when the proxy stops."""
        while not self.server.stopping.is_set():
            try:
                return upstream.recv(65536)
            except TimeoutError:
                if deadline is not None and time.monotonic() > deadline:
                    self._refuse(504, "The target did not answer in time.")
                    raise Abort from None
        raise Abort
