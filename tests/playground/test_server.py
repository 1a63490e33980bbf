"""The server's life: loopback-only binding, ports, start and stop, quick stops mid-request, quiet logs."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pg_helpers import fetch, occupied_before_a_free_port, raw_head, status_of

from workbench.engine import Exchange
from workbench.playground import Playground, PlaygroundError, PortInUseError, endpoints
from workbench.playground.loopback import is_free
from workbench.playground.reply import Context

QUICK = 3.0
"""A generous bound for a stop that must not wait for a 30-second request."""


@pytest.fixture
def occupied() -> Iterator[int]:
    """A port some other program listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "127.0.0.2", "::1", ""])
def test_refuses_to_bind_anything_but_loopback(host: str) -> None:
    with pytest.raises(PlaygroundError, match=r"127\.0\.0\.1 only"):
        Playground(host=host)


def test_binds_127_0_0_1(playground: Playground) -> None:
    with Playground(host="localhost") as pg:
        assert pg.url.startswith("http://127.0.0.1:")
        assert pg._server is not None
        assert pg._server.socket.getsockname()[0] == "127.0.0.1"
    assert playground.proxy_url is not None
    assert playground.proxy_url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("port", [-1, 65536, "80", 1.5, True, None])
def test_bad_ports_are_refused(port: Any) -> None:
    with pytest.raises(PlaygroundError, match="whole number from 0 to 65535"):
        Playground(port=port)
    with pytest.raises(PlaygroundError, match="proxy port must be"):
        Playground(proxy_port=port if port is not None else -1)


@pytest.mark.parametrize("auth", [("", "x"), ("a:b", "x"), ("a",), ["a", "b"], ("a", 1)])
def test_bad_proxy_credentials_are_refused(auth: Any) -> None:
    with pytest.raises(PlaygroundError, match=r"(?i)proxy"):
        Playground(proxy_port=0, proxy_auth=auth)


def test_port_in_use_offers_a_free_one(occupied: int) -> None:
    with pytest.raises(PortInUseError) as caught:
        Playground(port=occupied).start()
    error = caught.value
    assert error.port == occupied
    assert error.suggestion is not None
    assert is_free(error.suggestion)
    assert str(error) == f"port {occupied} is in use; try --port {error.suggestion}"


def test_the_suggested_port_is_never_the_proxy_port_asked_for() -> None:
    with occupied_before_a_free_port() as occupied, pytest.raises(PortInUseError) as caught:
        Playground(port=occupied, proxy_port=occupied + 1).start()
    suggestion = caught.value.suggestion
    assert suggestion is not None
    assert suggestion != occupied + 1  # free, but the proxy's: the next start would fail on it
    assert str(caught.value) == f"port {occupied} is in use; try --port {suggestion}"


def test_the_server_header_has_no_trailing_space(playground: Playground) -> None:
    head = raw_head(playground.port, b"GET /get HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert b"\r\nServer: workbench-playground/1\r\n" in head + b"\r\n"


def test_the_proxys_server_header_has_no_trailing_space() -> None:
    with Playground(proxy_port=0, proxy_auth=("a", "b")) as pg:
        assert pg.proxy_port is not None
        head = raw_head(
            pg.proxy_port, b"GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n"
        )
    assert head.startswith(b"HTTP/1.1 407 ")
    assert b"\r\nServer: workbench-playground/1\r\n" in head + b"\r\n"


def test_proxy_port_in_use_releases_the_server(occupied: int) -> None:
    pg = Playground(proxy_port=occupied)
    with pytest.raises(PortInUseError, match=f"proxy port {occupied} is in use; try --proxy-port"):
        pg.start()
    assert not pg.running
    pg.stop()  # nothing to stop: fine


def test_lifecycle() -> None:
    pg = Playground()
    with pytest.raises(PlaygroundError, match="not running"):
        _ = pg.url
    assert (pg.requests, pg.proxy_log, pg.errors) == ([], [], [])
    pg.start()
    try:
        with pytest.raises(PlaygroundError, match="already running"):
            pg.start()
        assert pg.proxy_url is None
        assert pg.proxy_log == []
        assert status_of(fetch(pg.url + "/get")) == 200
    finally:
        pg.stop()
    pg.stop()
    assert not pg.running
    assert [(r.method, r.path, r.status) for r in pg.requests] == [("GET", "/get", 200)]  # kept
    with pg:  # a stopped playground starts again, with fresh logs
        assert pg.requests == []
        assert status_of(fetch(pg.url + "/get?again")) == 200
    pg.clear_logs()
    assert pg.requests == []


def _in_background(url: str) -> tuple[threading.Thread, list[Exchange]]:
    results: list[Exchange] = []
    thread = threading.Thread(target=lambda: results.append(fetch(url)), daemon=True)
    thread.start()
    return thread, results


def test_stop_is_quick_during_a_long_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    waiting = threading.Event()
    original = Context.wait

    def wait(self: Context, seconds: float) -> None:
        waiting.set()
        original(self, seconds)

    monkeypatch.setattr(Context, "wait", wait)
    pg = Playground().start()
    thread, results = _in_background(pg.url + "/delay/30")
    assert waiting.wait(10)
    started = time.monotonic()
    pg.stop()
    assert time.monotonic() - started < QUICK
    thread.join(10)
    (exchange,) = results
    assert exchange.response is None
    assert exchange.error is not None


def test_stop_is_quick_while_a_client_stalls_a_gigabyte() -> None:
    pg = Playground().start()
    with socket.create_connection(("127.0.0.1", pg.port), timeout=10) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(b"GET /bytes/1073741824 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        pg.stop()
        assert time.monotonic() - started < QUICK


def test_stop_is_quick_with_an_open_tunnel() -> None:
    pg = Playground(proxy_port=0).start()
    assert pg.proxy_port is not None
    with socket.create_connection(("127.0.0.1", pg.proxy_port), timeout=10) as sock:
        sock.sendall(f"CONNECT 127.0.0.1:{pg.port} HTTP/1.1\r\n\r\n".encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 200 Connection established")
        started = time.monotonic()
        pg.stop()
        assert time.monotonic() - started < QUICK
        assert sock.recv(100) == b""  # the tunnel was closed


def test_logs_nothing_to_stderr(capfd: pytest.CaptureFixture[str], playground: Playground) -> None:
    fetch(playground.url + "/status/500")
    with socket.create_connection(("127.0.0.1", playground.port), timeout=10) as sock:
        sock.sendall(b"NONSENSE\r\n\r\n")
        assert sock.makefile("rb").read().startswith(b"HTTP/1.1 400 ")
    with socket.create_connection(("127.0.0.1", playground.port), timeout=10):
        pass  # a client that connects and leaves
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_a_playground_bug_is_a_500_page_and_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(req: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(endpoints, "dispatch", broken)
    with Playground() as pg:
        ex = fetch(pg.url + "/get")
        assert status_of(ex) == 500
        assert "hit a bug" in (ex.body.text() or "")
        assert len(pg.errors) == 1
        assert "RuntimeError: boom" in pg.errors[0]
