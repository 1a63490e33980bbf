"""Transport failures as data: refused, reset, closed, timeouts, the total deadline, DNS."""

from __future__ import annotations

import ipaddress
import socket
import time
from pathlib import Path

import pytest
from servers import (
    STALL,
    FullBacklog,
    MakeRaw,
    RawConn,
    Script,
    free_port,
    stall_after_request,
)

from workbench.engine import RequestSpec, send


def test_connection_refused(raw_server: MakeRaw) -> None:
    port = free_port()
    ex = send(RequestSpec(f"http://127.0.0.1:{port}/x"))
    assert ex.response is None
    assert ex.error is not None
    assert ex.error.kind == "connection-refused"
    assert (
        ex.error.message
        == f"127.0.0.1:{port} refused the connection: nothing is listening on that port."
    )
    assert ex.error.hint
    assert "ConnectionRefusedError" in ex.error.detail
    [hop] = ex.hops
    assert hop.request is None
    assert hop.response is None


def test_closed_without_a_response_is_a_connection_error(raw_server: MakeRaw) -> None:
    def script(conn: RawConn) -> None:
        conn.read_request()

    server = raw_server(script)
    ex = send(RequestSpec(server.url("/")))
    assert ex.error is not None
    assert ex.error.kind == "connection"
    assert (
        ex.error.message
        == f"127.0.0.1:{server.port} closed the connection without sending a response."
    )
    assert ex.hops[0].request is not None  # what was sent is kept


def test_connection_reset_is_a_connection_error(raw_server: MakeRaw) -> None:
    def script(conn: RawConn) -> None:
        conn.read_request()
        conn.reset()

    server = raw_server(script)
    ex = send(RequestSpec(server.url("/")))
    assert ex.error is not None
    assert ex.error.kind == "connection"
    assert "reset" in ex.error.message
    assert "ConnectionResetError" in ex.error.detail


def test_connect_timeout_when_the_handshake_never_completes(full_backlog: FullBacklog) -> None:
    t0 = time.monotonic()
    ex = send(RequestSpec(full_backlog.url()).with_options(timeout=0.5))
    elapsed = time.monotonic() - t0
    assert ex.error is not None
    assert ex.error.kind == "timeout"
    assert ex.error.message.startswith("Timed out connecting: nothing arrived from")
    assert "0.5 s" in ex.error.message
    assert 0.4 < elapsed < 5


def test_timeout_waiting_for_the_response_headers(raw_server: MakeRaw) -> None:
    server = raw_server(stall_after_request)
    t0 = time.monotonic()
    ex = send(RequestSpec(server.url("/")).with_options(timeout=0.5))
    assert ex.error is not None
    assert ex.error.kind == "timeout"
    assert ex.error.message == (
        f"Timed out waiting for the response headers: nothing arrived from 127.0.0.1:{server.port} "
        "within 0.5 s."
    )
    assert time.monotonic() - t0 < 5
    assert ex.hops[0].request is not None
    assert ex.hops[0].response is None


def stall_mid_body(conn: RawConn) -> None:
    """Send the head and 10 of 100 body bytes, then nothing."""
    conn.read_request()
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
    conn.pause(STALL)


def stall_mid_chunked(conn: RawConn) -> None:
    """Send a chunked head and one chunk, then nothing."""
    conn.read_request()
    conn.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n")
    conn.pause(STALL)


@pytest.mark.parametrize("script", [stall_mid_body, stall_mid_chunked], ids=["length", "chunked"])
def test_timeout_mid_body_keeps_the_partial_bytes(raw_server: MakeRaw, script: Script) -> None:
    server = raw_server(script)
    ex = send(RequestSpec(server.url("/")).with_options(timeout=0.5))
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.error is not None
    assert ex.error.kind == "timeout"
    assert ex.error.message.startswith("Timed out reading the response body")
    assert "(10 bytes of the body had arrived)" in ex.error.message
    assert ex.body.read() == b"0123456789"
    assert not ex.body.complete


def test_total_deadline_stops_a_trickling_body(raw_server: MakeRaw) -> None:
    def script(conn: RawConn) -> None:
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        conn.trickle(b"x" * 100, 0.1)  # 10 s in all; each byte well inside the read timeout

    server = raw_server(script)
    t0 = time.monotonic()
    ex = send(RequestSpec(server.url("/")).with_options(timeout=2, total_timeout=1.0))
    elapsed = time.monotonic() - t0
    assert ex.error is not None
    assert ex.error.kind == "timeout"
    assert ex.error.message.startswith("The exchange passed its total deadline (1.")
    assert 0.9 < elapsed < 6
    got = ex.body.read()
    assert 0 < len(got) < 100
    assert set(got) == {ord("x")}
    assert f"{len(got)} bytes of the body had arrived" in ex.error.message


def _resolver_is_local() -> bool:
    """Whether a lookup of a .invalid name stays on this machine (no nameserver outside loopback)."""
    try:
        text = Path("/etc/resolv.conf").read_text()
    except OSError:
        return False
    servers = [line.split()[1] for line in text.splitlines() if line.startswith("nameserver ")]
    return all(ipaddress.ip_address(s.split("%")[0]).is_loopback for s in servers)


@pytest.mark.skipif(
    not _resolver_is_local(),
    reason="the system resolver forwards names to a nameserver off this machine; "
    "a .invalid lookup would leave loopback (the resolver-hook test covers kind 'dns')",
)
def test_dns_failure_with_the_system_resolver() -> None:
    ex = send(RequestSpec("http://workbench-test.invalid/"))
    assert ex.error is not None
    assert ex.error.kind == "dns"
    assert "'workbench-test.invalid'" in ex.error.message


def test_dns_failure_through_a_resolver_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = socket.getaddrinfo

    def fake(host: str, *args: object, **kwargs: object) -> object:
        if host.endswith(".invalid"):
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    ex = send(RequestSpec("http://workbench-test.invalid:8080/"))
    assert asked == ["workbench-test.invalid"]
    assert ex.error is not None
    assert ex.error.kind == "dns"
    assert ex.error.message == (
        "The host 'workbench-test.invalid' was not found: the DNS server says the name does not exist."
    )
    assert ex.error.hint.startswith("Check the host name")


def test_total_deadline_also_covers_connecting(full_backlog: FullBacklog) -> None:
    t0 = time.monotonic()
    ex = send(RequestSpec(full_backlog.url()).with_options(timeout=STALL, total_timeout=0.5))
    assert time.monotonic() - t0 < 5
    assert ex.error is not None
    assert ex.error.kind == "timeout"
    assert ex.error.message.startswith("The exchange passed its total deadline (0.")
