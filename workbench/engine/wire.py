"""The connection level: http.client connections that record every hop and can be cancelled.

urllib's handlers create one ``HTTPConnection`` per request through ``do_open(http_class, req)``. Ours
(`TapHTTPHandler`, `TapHTTPSHandler`) pass a connection class that:

- resolves the host in a throw-away thread so a cancel or deadline does not wait for ``getaddrinfo``;
- registers each socket with the cancel token before ``connect()``, and again after the TLS handshake;
- wraps the socket so that what is written (the request head exactly as sent, the CONNECT to a proxy) and
  the response head as read are recorded on the hop, with timings;
- skips interim 1xx responses (102, 103) that urllib would otherwise return as the final one;
- sends header names in the case typed and repeated headers, which urllib's dict of headers cannot.

The private hooks used (``_tunnel_host``, ``_tunnel``, ``_context``, ``_read_status``) exist unchanged in
Python 3.11 to 3.13; the engine tests cover them on each interpreter CI runs.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from typing import IO, Any, cast

from workbench.engine.cancel import CancelToken
from workbench.engine.errors import Cancelled
from workbench.engine.exchange import Informational, TLSInfo
from workbench.engine.record import HopRecorder, SendContext, build_response


class WireRequest(urllib.request.Request):
    """A urllib `Request` that carries what the engine needs across hops."""

    def __init__(self, url: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(url, *args, **kwargs)
        self.wb_notes: list[str] = []
        """Notes for the next hop sent with this request."""
        self.wb_extra: list[tuple[str, str]] = []
        """Second and later values of repeated headers (urllib keeps one value per name)."""
        self.wb_case: dict[str, str] = {}
        """Lower-case name to the case the user typed."""
        self.wb_secret: frozenset[str] = frozenset()
        """Lower-case names of headers never to carry to another origin."""
        self.wb_proxy: str | None = None
        """``host:port`` of the proxy chosen for this request."""


class _HeadReader:
    """A socket file that records what is read while a response head is being parsed."""

    def __init__(self, raw: IO[bytes], hop: HopRecorder, phase: str) -> None:
        self._raw = raw
        self._hop = hop
        self._phase = phase

    @property
    def raw(self) -> IO[bytes]:
        """The socket file underneath."""
        return self._raw

    def readline(self, limit: int = -1) -> bytes:
        line = self._raw.readline(limit)
        self._hop.received(line, self._phase)
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class _TapSocket:
    """Wraps a socket: records writes and hands out recording readers; everything else passes through."""

    def __init__(self, sock: socket.socket, hop: HopRecorder, phase: str = "request") -> None:
        self.wb_sock = sock
        self.wb_hop = hop
        self.wb_phase = phase

    def sendall(self, data: bytes) -> None:
        self.wb_hop.sent(bytes(data), self.wb_phase)
        self.wb_sock.sendall(data)

    def makefile(self, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        raw = self.wb_sock.makefile(mode, *args, **kwargs)  # type: ignore[call-overload]
        return _HeadReader(raw, self.wb_hop, self.wb_phase) if "r" in mode else raw

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wb_sock, name)


class TapResponse(http.client.HTTPResponse):
    """An `HTTPResponse` that skips interim 1xx responses and reports its head to the hop."""

    def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self._wb_hop: HopRecorder | None = getattr(sock, "wb_hop", None)
        self.wb_informational: list[Informational] = []

    def _read_status(self) -> tuple[str, int, str]:
        while True:
            version, status, reason = cast(
                tuple[str, int, str],
                super()._read_status(),  # type: ignore[misc]
            )
            if 102 <= status < 200:
                headers = http.client.parse_headers(self.fp)
                self.wb_informational.append(
                    Informational(status, reason.strip(), tuple(headers.items()))
                )
                continue
            return version, status, reason

    def begin(self) -> None:
        super().begin()
        if isinstance(self.fp, _HeadReader):
            # The head is recorded; the body is read from the plain socket file, at full speed.
            self.fp = self.fp.raw
        hop = self._wb_hop
        if hop is not None:
            hop.mark("headers")
            hop.response = build_response(
                version=self.version,
                status=self.status,
                reason=self.reason.strip(),
                headers=self.headers.items(),
                informational=self.wb_informational,
                defects=self.headers.defects,
                head=bytes(hop.received_head),
            )


def resolve(host: str, port: int, token: CancelToken, timeout: float | None) -> list[Any]:
    """``getaddrinfo`` that a cancel or the timeout can abandon (the lookup itself cannot be stopped)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return socket.getaddrinfo(host.strip("[]"), port, 0, socket.SOCK_STREAM)
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            outcome["addrs"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        except BaseException as exc:  # handed to the waiting thread
            outcome["error"] = exc
        done.set()

    threading.Thread(target=lookup, name="workbench-dns", daemon=True).start()
    deadline = None if timeout is None else time.monotonic() + timeout
    while not done.wait(0.02):
        if token.cancelled:
            raise Cancelled("cancelled while looking up the host name")
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"looking up {host} took longer than {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return cast(list[Any], outcome["addrs"])


class _TapConnectionMixin:
    """Connect, tunnel and record: shared by the http and https connection classes."""

    host: str
    port: int
    timeout: float | None
    sock: Any
    _tunnel_host: str | None
    _tunnel_port: int | None
    _tunnel: Callable[[], None]

    def _wb_setup(self, wb: SendContext, token: CancelToken, req: WireRequest) -> None:
        self._wb = wb
        self._wb_token = token
        self._wb_req = req
        self._wb_hop = wb.begin_hop(req.get_method(), req.full_url, req.wb_notes, req.wb_proxy)
        wb.situation.host = req.host if req.wb_proxy is None else req.wb_proxy

    def _wb_open_tcp(self) -> _TapSocket:
        hop, token, situation = self._wb_hop, self._wb_token, self._wb.situation
        situation.phase = "resolving"
        addrs = resolve(self.host, self.port, token, self.timeout)
        hop.mark("dns")
        situation.phase = "connecting"
        error: OSError | None = None
        for family, kind, proto, _, address in addrs:
            sock = socket.socket(family, kind, proto)
            token.register(sock)
            try:
                if token.cancelled:
                    raise Cancelled("cancelled before connecting")
                sock.settimeout(self.timeout)
                sock.connect(address)
            except OSError as exc:
                sock.close()
                error = exc
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            hop.mark("connect")
            hop.peer = _format_address(address)
            return _TapSocket(sock, hop)
        raise error or OSError(f"no address found for {self.host}")

    def _wb_tunnel(self) -> None:
        self.sock.wb_phase = "tunnel"
        self._wb.situation.phase = "tunnel"
        try:
            self._tunnel()
        finally:
            if self.sock is not None:
                self.sock.wb_phase = "request"
        self._wb_hop.mark("tunnel")
        self._wb_hop.notes.append(
            f"Tunnel to {self._tunnel_host}:{self._tunnel_port} opened through the proxy (CONNECT)."
        )

    def putheader(self, header: str | bytes, *values: Any) -> None:
        if isinstance(header, str):
            header = self._wb_req.wb_case.get(header.lower(), header)
        super().putheader(header, *values)  # type: ignore[misc]

    def endheaders(self, message_body: Any = None, *, encode_chunked: bool = False) -> None:
        for name, value in self._wb_req.wb_extra:
            super().putheader(name, value)  # type: ignore[misc]
        self._wb.situation.phase = "sending"
        super().endheaders(message_body, encode_chunked=encode_chunked)  # type: ignore[misc]

    def request(
        self, method: str, url: str, body: Any = None, headers: Any = None, **kw: Any
    ) -> None:
        if hasattr(body, "seek"):
            body.seek(0)  # an auth retry or 307 re-sends the same file body from the start
        try:
            super().request(method, url, body, headers or {}, **kw)  # type: ignore[misc]
        except BaseException:
            # urllib's do_open closes the connection when getresponse() fails, not when connect,
            # CONNECT, TLS or sending does: the socket would stay open until garbage collection.
            self.close()  # type: ignore[attr-defined]
            raise
        self._wb.situation.phase = "waiting"

    def getresponse(self) -> http.client.HTTPResponse:
        response = cast(http.client.HTTPResponse, super().getresponse())  # type: ignore[misc]
        self._wb.situation.phase = "reading"
        return response


class TapHTTPConnection(_TapConnectionMixin, http.client.HTTPConnection):
    """Plain http, recorded."""

    response_class = TapResponse

    def __init__(
        self, host: str, *, wb: SendContext, token: CancelToken, req: WireRequest, **kw: Any
    ) -> None:
        super().__init__(host, **kw)
        self._wb_setup(wb, token, req)

    def connect(self) -> None:
        self.sock = self._wb_open_tcp()
        if self._tunnel_host:
            self._wb_tunnel()


class TapHTTPSConnection(_TapConnectionMixin, http.client.HTTPSConnection):
    """https, recorded: TCP (and CONNECT through a proxy), then the TLS handshake on the raw socket."""

    response_class = TapResponse
    _context: ssl.SSLContext

    def __init__(
        self, host: str, *, wb: SendContext, token: CancelToken, req: WireRequest, **kw: Any
    ) -> None:
        super().__init__(host, **kw)
        self._wb_setup(wb, token, req)

    def connect(self) -> None:
        tap = self._wb_open_tcp()
        self.sock = tap
        if self._tunnel_host:
            self._wb_tunnel()
        self._wb.situation.phase = "tls"
        server_hostname = self._tunnel_host or self.host
        tls_sock = self._context.wrap_socket(
            tap.wb_sock, server_hostname=server_hostname, do_handshake_on_connect=False
        )
        # The TLS socket owns the descriptor now: make it the one close() closes.
        self.sock = _TapSocket(tls_sock, self._wb_hop)
        self._wb_token.register(tls_sock)
        if self._wb_token.cancelled:
            raise Cancelled("cancelled before the TLS handshake")
        tls_sock.do_handshake()
        self._wb_hop.mark("tls")
        self._wb_hop.tls = _tls_info(tls_sock)


class TapHTTPHandler(urllib.request.HTTPHandler):
    """urllib's http handler with the recording connection."""

    def __init__(self, wb: SendContext, token: CancelToken) -> None:
        super().__init__()
        self._wb = wb
        self._token = token

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        conn = partial(TapHTTPConnection, wb=self._wb, token=self._token, req=_wire(req))
        return self.do_open(conn, req)


class TapHTTPSHandler(urllib.request.HTTPSHandler):
    """urllib's https handler with the recording connection and this send's own SSL context."""

    def __init__(
        self, wb: SendContext, token: CancelToken, context: Callable[[], ssl.SSLContext]
    ) -> None:
        super().__init__()
        self._wb = wb
        self._token = token
        self._make_context = context
        self._context: ssl.SSLContext | None = None

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        # Made on first use: loading the system CA store costs ~20 ms, wasted on plain-http sends.
        if self._context is None:
            self._context = self._make_context()
        conn = partial(TapHTTPSConnection, wb=self._wb, token=self._token, req=_wire(req))
        return self.do_open(conn, req, context=self._context)


def _wire(req: urllib.request.Request) -> WireRequest:
    if not isinstance(req, WireRequest):
        raise TypeError("the engine's handlers only open WireRequest objects")
    return req


def _tls_info(sock: ssl.SSLSocket) -> TLSInfo:
    cipher = sock.cipher()
    cert: dict[str, Any] = cast(dict[str, Any], sock.getpeercert() or {})
    return TLSInfo(
        version=sock.version() or "",
        cipher=cipher[0] if cipher else "",
        peer_subject=_name(cert.get("subject", ())),
        peer_issuer=_name(cert.get("issuer", ())),
        peer_not_after=str(cert.get("notAfter", "")),
    )


def _name(rdns: Any) -> str:
    parts = [f"{key}={value}" for rdn in rdns for key, value in rdn]
    return ", ".join(parts)


def _format_address(address: Any) -> str:
    host, port = address[0], address[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
