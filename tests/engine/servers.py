"""Loopback servers for the engine tests: a scripted raw-socket server (plain or TLS) and a full backlog.

pytest-httpserver covers well-formed HTTP; these cover what it cannot send: malformed heads, 1xx, stalls,
resets, exact header bytes, and TLS handshakes that fail on purpose. Everything binds 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple
from urllib.request import parse_http_list, parse_keqv_list

import trustme
from werkzeug import Request, Response

Script = Callable[["RawConn"], None]
Handler = Callable[[Request], Response]
"""A pytest-httpserver handler."""
MakeRaw = Callable[..., "RawServer"]
"""The `raw_server` fixture: ``raw_server(script, tls=None)``."""
STALL = 30.0
"""How long a stalling server waits (it is released at teardown, so tests never wait this long)."""
PROXY_USER, PROXY_PASSWORD = "pu", "p@ss"
"""proxy.py's --basic-auth credentials (the @ checks that the engine percent-encodes them)."""


class ProxyInfo(NamedTuple):
    """A running proxy.py."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def address(self) -> str:
        """``http://127.0.0.1:PORT`` without credentials."""
        return f"http://127.0.0.1:{self.port}"


class RawConn:
    """One accepted connection, driven by a test's script."""

    def __init__(self, sock: socket.socket, server: RawServer) -> None:
        self.sock = sock
        self.server = server
        self._buffer = b""

    def read_request(self) -> bytes:
        """Read one request (head and Content-Length body); record and return its bytes."""
        while b"\r\n\r\n" not in self._buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            self._buffer += chunk
        head, sep, rest = self._buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        request = head + sep + rest[:length]
        self._buffer = rest[length:]
        self.server.requests.append(request)
        return request

    def send(self, data: bytes) -> None:
        """Write bytes as they are."""
        self.sock.sendall(data)

    def pause(self, seconds: float) -> bool:
        """Wait, unless the server is stopping; True when it is stopping."""
        return self.server.stopping.wait(seconds)

    def trickle(self, data: bytes, interval: float) -> None:
        """Send one byte at a time, `interval` seconds apart."""
        for index in range(len(data)):
            if self.pause(interval):
                return
            self.send(data[index : index + 1])

    def reset(self) -> None:
        """Close with an RST instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self) -> None:
        """Close after letting the client read what was sent (no RST for unread request bytes)."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(2.0)
            while self.sock.recv(65536):
                pass
        self.sock.close()


class RawServer:
    """A threaded server on 127.0.0.1 that runs `script` for every connection it accepts."""

    def __init__(self, script: Script, *, tls: ssl.SSLContext | None = None) -> None:
        self.script = script
        self.tls = tls
        self.requests: list[bytes] = []
        self.errors: list[BaseException] = []
        self.accepted = 0
        self.stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def url(self, path: str = "/") -> str:
        """Absolute URL of `path` on this server."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            self.accepted += 1
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(STALL)
        try:
            if self.tls is not None:
                sock = self._handshake(sock)
            conn = RawConn(sock, self)
            self.script(conn)
            conn.close()
        except (OSError, ValueError) as exc:  # the client went away, or the handshake failed
            self.errors.append(exc)
            with contextlib.suppress(OSError):
                sock.close()

    def _handshake(self, sock: socket.socket) -> socket.socket:
        assert self.tls is not None
        tls_sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        try:
            tls_sock.do_handshake()
        except (ssl.SSLError, OSError):
            # Let the client read the alert before the socket goes: closing with its request
            # unread would send an RST that hides the alert. Drain below TLS, on the plain socket.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(tls_sock, socket.SHUT_WR)
                tls_sock.settimeout(2.0)
                while socket.socket.recv(tls_sock, 65536):
                    pass
            tls_sock.close()
            raise
        return tls_sock

    def stop(self) -> None:
        """Release stalled scripts, close the listener and wait for the connection threads."""
        self.stopping.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        deadline = time.monotonic() + 5
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))


def respond(status: str, headers: list[tuple[str, str]], body: bytes = b"") -> bytes:
    """A response as bytes; Content-Length is added unless a framing header is given."""
    names = {n.lower() for n, _ in headers}
    if not names & {"content-length", "transfer-encoding"}:
        headers = [*headers, ("Content-Length", str(len(body)))]
    head = "".join(f"{n}: {v}\r\n" for n, v in headers)
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode("latin-1") + body


def echo(conn: RawConn) -> None:
    """Answer 200 with the request's bytes as the body."""
    request = conn.read_request()
    conn.send(respond("200 OK", [("Content-Type", "application/octet-stream")], request))


def stall_after_request(conn: RawConn) -> None:
    """Read the request and send nothing."""
    conn.read_request()
    conn.pause(STALL)


class FullBacklog:
    """A listening socket whose accept queue is full: new SYNs are dropped, connect() hangs."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.port: int = self.listener.getsockname()[1]
        self.fillers: list[socket.socket] = []
        for _ in range(4):  # listen(0) queues one; the rest wait in SYN_SENT
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", self.port))
            self.fillers.append(filler)
        time.sleep(0.05)  # let the handshakes of the queued fillers complete

    def url(self, path: str = "/") -> str:
        """Absolute http URL on the listener."""
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        """Close the fillers and the listener."""
        for sock in [*self.fillers, self.listener]:
            sock.close()


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    """Block until something accepts connections on 127.0.0.1:`port`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def free_port() -> int:
    """A port nothing listens on (bound and released; good enough on loopback)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_context(ca: trustme.CA, *identities: str, **kwargs: Any) -> ssl.SSLContext:
    """A server-side context with a certificate for `identities` issued by `ca`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*identities, **kwargs).configure_cert(context)
    return context


def self_signed_context(ca: trustme.CA, folder: Path) -> ssl.SSLContext:
    """A server presenting the CA's own certificate: a self-signed leaf."""
    pem = folder / "self-signed.pem"
    pem.write_bytes(ca.private_key_pem.bytes() + ca.cert_pem.bytes())
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(pem))
    return context


PAGE = "<h1>Who are you?</h1>"
"""The page every test 401 carries."""


class DigestServer:
    """RFC 7616 Digest with qop=auth; any algorithm hashlib knows by the RFC name."""

    def __init__(self, algorithm: str = "MD5", qop: str = "auth") -> None:
        self.algorithm, self.qop = algorithm, qop
        self.realm, self.user, self.password = "digest@test", "u", "p"
        self.nonce = secrets.token_hex(8)
        self.seen: list[str | None] = []
        self.lock = threading.Lock()

    def hash(self, text: str) -> str:
        name = {"MD5": "md5", "SHA-256": "sha256"}[self.algorithm]
        return hashlib.new(name, text.encode()).hexdigest()

    def valid(self, header: str, method: str) -> bool:
        fields = parse_keqv_list(parse_http_list(header[len("Digest ") :]))
        ha1 = self.hash(f"{self.user}:{self.realm}:{self.password}")
        ha2 = self.hash(f"{method}:{fields['uri']}")
        parts = [ha1, self.nonce, fields["nc"], fields["cnonce"], fields["qop"], ha2]
        return fields.get("username") == self.user and fields["response"] == self.hash(
            ":".join(parts)
        )

    def __call__(self, request: Request) -> Response:
        got = request.headers.get("Authorization")
        with self.lock:
            self.seen.append(got)
        if got and got.startswith("Digest ") and self.valid(got, request.method):
            return Response("digest ok")
        challenge = (
            f'Digest realm="{self.realm}", nonce="{self.nonce}", qop="{self.qop}", '
            f"algorithm={self.algorithm}"
        )
        return Response(PAGE, 401, {"WWW-Authenticate": challenge}, content_type="text/html")
