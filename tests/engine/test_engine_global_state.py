"""The engine leaves process-wide state alone and its sends do not share handler state (scenario 50)."""

from __future__ import annotations

import socket
import threading
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from pytest_httpserver import HTTPServer
from servers import DigestServer

from workbench.engine import Auth, Exchange, RequestSpec, send


def forbid(name: str) -> Callable[..., None]:
    def call(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the engine called {name}")

    return call


def test_parallel_digest_sends_with_no_global_state(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urllib.request, "install_opener", forbid("install_opener"))
    monkeypatch.setattr(socket, "setdefaulttimeout", forbid("socket.setdefaulttimeout"))
    monkeypatch.setattr(urllib.request, "_opener", None)  # restored after the test
    server = DigestServer()
    httpserver.expect_request("/d").respond_with_handler(server)
    httpserver.expect_request("/plain").respond_with_data("plain")
    spec = RequestSpec(
        httpserver.url_for("/d"), auth=Auth(kind="digest", username="u", password="p")
    )
    barrier = threading.Barrier(8)

    def one(_: int) -> Exchange:
        barrier.wait(10)
        return send(spec)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(8)))
        # Something else in the process uses urllib meanwhile, with its defaults.
        with urllib.request.urlopen(httpserver.url_for("/plain"), timeout=10) as plain:
            assert plain.read() == b"plain"
    assert [ex.response.status for ex in results if ex.response] == [200] * 8
    assert all(len(ex.hops) == 2 for ex in results)
    # urlopen() built its own global opener; none of the engine's handlers got into it.
    global_opener = urllib.request._opener  # type: ignore[attr-defined]
    assert global_opener is not None
    assert not [h for h in global_opener.handlers if type(h).__module__.startswith("workbench")]
    assert socket.getdefaulttimeout() is None
    plain_request = next(r for r, _ in httpserver.log if r.path == "/plain")
    assert plain_request.headers["User-Agent"].startswith("Python-urllib/")
    assert "Authorization" not in plain_request.headers
