"""Helpers for the playground tests: send through the engine, read JSON bodies."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from workbench.engine import Exchange, Options, Proxy, RequestSpec, Response, send


def fetch(url: str, **fields: Any) -> Exchange:
    """Send through the engine, directly (no proxy) unless the caller says otherwise."""
    fields.setdefault("proxy", Proxy(mode="direct"))
    return send(RequestSpec(url=url, **fields))


def body_json(exchange: Exchange) -> Any:
    """The response body parsed as JSON (the test fails with the error if there is none)."""
    assert exchange.error is None, exchange.error
    return json.loads(exchange.body.read())


def short(timeout: float) -> Options:
    """Options with a short per-read timeout."""
    return Options(timeout=timeout)


def response_of(exchange: Exchange) -> Response:
    """The exchange's response (the test fails with the error when none arrived)."""
    assert exchange.response is not None, exchange.error
    return exchange.response


def status_of(exchange: Exchange) -> int | None:
    """The response status (the test fails with the error when no response arrived)."""
    return response_of(exchange).status


@contextlib.contextmanager
def occupied_before_a_free_port(tries: int = 50) -> Iterator[int]:
    """A port some other program listens on, whose next port is free (the old suggestion)."""
    from workbench.playground.loopback import is_free

    for _ in range(tries):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            sock.listen()
            port: int = sock.getsockname()[1]
            if port < 65535 and is_free(port + 1):
                yield port
                return
    pytest.skip("no busy port with a free neighbour on this machine")


def raw_head(port: int, request: bytes) -> bytes:
    """Send raw request bytes to 127.0.0.1:port; the response head as it came, up to the blank line."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.partition(b"\r\n\r\n")[0]
