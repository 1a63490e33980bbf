"""The forward proxy through the engine: HTTP forwarding and CONNECT, with and without credentials."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator

import pytest
from pg_helpers import body_json, fetch, response_of, status_of

from workbench.engine import TLS, Auth, Body, Options, Proxy
from workbench.playground import Playground
from workbench.playground.loopback import free_port_near


@pytest.fixture
def guarded() -> Iterator[Playground]:
    """A playground whose proxy needs alice's credentials."""
    with Playground(proxy_port=0, proxy_auth=("alice", "s3cret")) as pg:
        yield pg
        assert pg.errors == []


def via(pg: Playground, user: str = "", password: str = "") -> Proxy:
    """The playground's proxy as a manual engine proxy."""
    assert pg.proxy_url is not None
    return Proxy(mode="manual", url=pg.proxy_url, username=user, password=password)


def raw(pg: Playground, head: str) -> bytes:
    """Send a raw request to the proxy and read its whole answer."""
    assert pg.proxy_port is not None
    with socket.create_connection(("127.0.0.1", pg.proxy_port), timeout=10) as sock:
        sock.sendall(head.encode())
        return sock.makefile("rb").read()


def test_http_forwarding(playground: Playground) -> None:
    ex = fetch(playground.url + "/get?x=1", proxy=via(playground))
    data = body_json(ex)
    assert data["args"] == {"x": "1"}
    assert "Proxy-Authorization" not in data["headers"]
    assert data["headers"]["Connection"] == "close"
    (record,) = playground.proxy_log
    assert record.request_line == f"GET {playground.url}/get?x=1 HTTP/1.1"
    assert (record.method, record.authorization, record.status) == ("GET", False, 200)
    assert playground.requests[-1].path == "/get?x=1"  # the target got the origin form
    assert ex.hops[0].proxy == f"127.0.0.1:{playground.proxy_port}"


def test_http_forwarding_of_bodies_and_localhost(playground: Playground) -> None:
    url = f"http://localhost:{playground.port}/post"
    ex = fetch(url, method="POST", body=Body(kind="raw", text="through"), proxy=via(playground))
    assert body_json(ex)["data"] == "through"
    assert playground.proxy_port is not None
    conn = http.client.HTTPConnection("127.0.0.1", playground.proxy_port, timeout=10)
    conn.request("PUT", playground.url + "/post", body=iter([b"chu", b"nked"]), encode_chunked=True)
    assert json.loads(conn.getresponse().read())["data"] == "chunked"
    conn.close()


def test_http_forwarding_keeps_large_bodies_and_statuses(playground: Playground) -> None:
    ex = fetch(playground.url + "/bytes/3000000?seed=3", proxy=via(playground))
    direct = fetch(playground.url + "/bytes/3000000?seed=3")
    assert ex.body.size == 3000000
    assert ex.body.read() == direct.body.read()
    assert status_of(fetch(playground.url + "/status/418", proxy=via(playground))) == 418
    assert [r.status for r in playground.proxy_log] == [200, 418]


def test_http_forwarding_needs_credentials(guarded: Playground) -> None:
    ex = fetch(guarded.url + "/get", proxy=via(guarded))
    response = response_of(ex)
    assert response.status == 407
    assert response.header("Proxy-Authenticate") == 'Basic realm="playground-proxy"'
    assert guarded.requests == []  # nothing reached the server
    assert status_of(fetch(guarded.url + "/get", proxy=via(guarded, "alice", "wrong"))) == 407
    ok = fetch(guarded.url + "/headers", proxy=via(guarded, "alice", "s3cret"))
    assert "Proxy-Authorization" not in body_json(ok)["headers"]  # not passed on to the target
    assert [(r.authorization, r.status) for r in guarded.proxy_log] == [
        (False, 407),
        (True, 407),
        (True, 200),
    ]


def test_connect_tunnel(playground: Playground, tls_echo: tuple[str, str]) -> None:
    url, ca_file = tls_echo
    ex = fetch(url + "/hello?x=1", proxy=via(playground), options=Options(tls=TLS(ca_file=ca_file)))
    assert body_json(ex)["path"] == "/hello?x=1"
    hop = ex.hops[0]
    assert hop.tls is not None
    assert hop.tunnel_request.startswith(b"CONNECT 127.0.0.1:")
    (record,) = playground.proxy_log
    assert record.method == "CONNECT"
    assert record.target == url.removeprefix("https://")
    assert (record.authorization, record.status) == (False, 200)


def test_connect_needs_credentials(guarded: Playground, tls_echo: tuple[str, str]) -> None:
    url, ca_file = tls_echo
    options = Options(tls=TLS(ca_file=ca_file))
    refused = fetch(url + "/x", proxy=via(guarded), options=options)
    assert refused.error is not None
    assert refused.error.kind == "proxy"
    assert "407" in refused.error.message
    ex = fetch(url + "/x", proxy=via(guarded, "alice", "s3cret"), options=options)
    assert body_json(ex)["path"] == "/x"
    assert [(r.method, r.authorization, r.status) for r in guarded.proxy_log] == [
        ("CONNECT", False, 407),
        ("CONNECT", True, 200),
    ]


@pytest.mark.parametrize(
    "head",
    [
        "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
        "GET http://10.0.0.1:8080/ HTTP/1.1\r\nHost: 10.0.0.1\r\n\r\n",
        "GET http://127.0.0.2/ HTTP/1.1\r\nHost: 127.0.0.2\r\n\r\n",
    ],
)
def test_non_loopback_targets_are_refused(playground: Playground, head: str) -> None:
    answer = raw(playground, head)
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert b"only forwards to loopback targets" in answer
    assert playground.proxy_log[-1].status == 403


def test_non_loopback_through_the_engine_is_a_403(playground: Playground) -> None:
    ex = fetch("http://example.invalid/get", proxy=via(playground))
    assert status_of(ex) == 403
    assert "only forwards to loopback targets" in (ex.body.text() or "")


@pytest.mark.parametrize(
    ("head", "status", "message"),
    [
        ("CONNECT 127.0.0.1 HTTP/1.1\r\n\r\n", 400, b"CONNECT needs host:port"),
        ("GET /get HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"absolute http:// URL"),
        ("GET https://127.0.0.1/ HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"absolute http:// URL"),
    ],
)
def test_malformed_proxy_requests(
    playground: Playground, head: str, status: int, message: bytes
) -> None:
    answer = raw(playground, head)
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert message in answer


def test_unreachable_target_is_a_502(playground: Playground) -> None:
    port = free_port_near(20000)
    ex = fetch(f"http://127.0.0.1:{port}/", proxy=via(playground))
    assert status_of(ex) == 502
    assert f"could not connect to 127.0.0.1 port {port}" in (ex.body.text() or "")


@pytest.mark.parametrize("method", ["GET", "CONNECT"])
def test_the_proxy_refuses_to_forward_to_itself(playground: Playground, method: str) -> None:
    target = f"127.0.0.1:{playground.proxy_port}"
    line = f"GET http://{target}/ HTTP/1.1" if method == "GET" else f"CONNECT {target} HTTP/1.1"
    answer = raw(playground, line + "\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"is this proxy itself" in answer
    assert len(playground.proxy_log) == 1


def test_server_auth_through_an_authenticating_proxy(guarded: Playground) -> None:
    for kind in ("basic", "digest"):
        url = f"{guarded.url}/{kind}-auth/{'auth/' if kind == 'digest' else ''}ada/pw"
        ex = fetch(
            url,
            proxy=via(guarded, "alice", "s3cret"),
            auth=Auth(kind=kind, username="ada", password="pw"),
        )
        assert body_json(ex) == {"authenticated": True, "user": "ada"}
    assert all(r.authorization for r in guarded.proxy_log)
    assert [r.status for r in guarded.proxy_log] == [401, 200, 401, 200]
