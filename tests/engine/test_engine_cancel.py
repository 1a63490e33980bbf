"""Cancel from another thread: while resolving, connecting and reading; partial bytes are kept.

The bounds are generous (the machine is shared); the measured figures are printed with ``-s``.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from servers import STALL, FullBacklog, MakeRaw, RawConn, echo

from workbench.engine import CancelToken, RequestSpec, send

BOUND = 2.0
"""Seconds a cancel may take to return here; the design target is 200 ms."""


def cancel_when(token: CancelToken, ready: threading.Event, delay: float) -> list[float]:
    """Cancel `delay` seconds after `ready` is set, from another thread; returns [time of cancel]."""
    when: list[float] = []

    def run() -> None:
        if ready.wait(20) and not token.cancelled:
            time.sleep(delay)
            when.append(time.monotonic())
            token.cancel()

    threading.Thread(target=run, daemon=True).start()
    return when


def test_cancel_of_a_stalled_read_returns_quickly_with_the_partial_bytes(
    raw_server: MakeRaw,
) -> None:
    def script(conn: RawConn) -> None:
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"p" * 1000)
        conn.pause(STALL)

    server = raw_server(script)
    token = CancelToken()
    got_bytes = threading.Event()
    when = cancel_when(token, got_bytes, 0.2)
    ex = send(
        RequestSpec(server.url("/")).with_options(timeout=STALL),
        cancel=token,
        progress=lambda n, _total: got_bytes.set() if n else None,
    )
    took = time.monotonic() - when[0]
    print(f"cancel of a stalled read returned in {took * 1000:.1f} ms")
    assert took < BOUND
    assert ex.error is not None
    assert ex.error.kind == "cancelled"
    assert ex.error.message.startswith("Cancelled reading the response body after ")
    assert ex.error.message.endswith("; 1000 bytes of the body had arrived.")
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.body.read() == b"p" * 1000
    assert not ex.body.complete


def test_cancel_while_waiting_for_headers(raw_server: MakeRaw) -> None:
    request_read = threading.Event()

    def script(conn: RawConn) -> None:
        conn.read_request()
        request_read.set()
        conn.pause(STALL)

    server = raw_server(script)
    token = CancelToken()
    when = cancel_when(token, request_read, 0.1)
    ex = send(RequestSpec(server.url("/")).with_options(timeout=STALL), cancel=token)
    took = time.monotonic() - when[0]
    print(f"cancel while waiting for headers returned in {took * 1000:.1f} ms")
    assert took < BOUND
    assert ex.error is not None
    assert ex.error.kind == "cancelled"
    assert ex.error.message.startswith("Cancelled waiting for the response headers")
    assert ex.hops[0].request is not None
    assert ex.response is None


def test_cancel_during_connect(full_backlog: FullBacklog) -> None:
    token = CancelToken()
    started = threading.Event()
    when = cancel_when(token, started, 0.3)
    started.set()
    ex = send(RequestSpec(full_backlog.url()).with_options(timeout=STALL), cancel=token)
    took = time.monotonic() - when[0]
    print(f"cancel during connect returned in {took * 1000:.1f} ms")
    assert took < BOUND
    assert ex.error is not None
    assert ex.error.kind == "cancelled"
    assert ex.error.message.startswith("Cancelled connecting after ")
    assert ex.hops[0].request is None


def test_cancel_during_a_slow_name_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = socket.getaddrinfo

    def slow(host: str, *args: object, **kwargs: object) -> object:
        if host == "slow.invalid":
            release.wait(STALL)  # a resolver that takes its time; getaddrinfo cannot be interrupted
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    token = CancelToken()
    started = threading.Event()
    when = cancel_when(token, started, 0.3)
    started.set()
    try:
        ex = send(RequestSpec("http://slow.invalid/").with_options(timeout=STALL), cancel=token)
    finally:
        release.set()
    took = time.monotonic() - when[0]
    print(f"cancel during a name lookup returned in {took * 1000:.1f} ms")
    assert took < BOUND
    assert ex.error is not None
    assert ex.error.kind == "cancelled"
    assert ex.error.message.startswith("Cancelled looking up the host name after ")


def test_cancel_before_send_starts_sends_nothing(raw_server: MakeRaw) -> None:
    server = raw_server(echo)
    token = CancelToken()
    token.cancel()
    ex = send(RequestSpec(server.url("/")), cancel=token)
    assert ex.error is not None
    assert ex.error.kind == "cancelled"
    assert ex.response is None
    assert server.requests == []
    assert server.accepted == 0
