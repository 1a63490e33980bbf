"""Proxies through a real proxy.py: plain HTTP, CONNECT for https, proxy auth, modes and bypass lists."""

from __future__ import annotations

import base64
import ssl
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from servers import PROXY_PASSWORD, PROXY_USER, MakeRaw, ProxyInfo, echo, free_port

from workbench.engine import TLS, Exchange, Proxy, RequestSpec, send

CREDENTIALS = "Basic " + base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode()).decode()


def manual(proxy: ProxyInfo, **changes: Any) -> Proxy:
    settings = Proxy(mode="manual", url=proxy.address, username=PROXY_USER, password=PROXY_PASSWORD)
    return settings._replace(**changes)


def env_url(proxy: ProxyInfo) -> str:
    return f"http://{PROXY_USER}:p%40ss@127.0.0.1:{proxy.port}"


def via(ex: Exchange) -> list[str | None]:
    return [hop.proxy for hop in ex.hops]


def test_http_through_the_proxy_uses_an_absolute_url_and_preemptive_proxy_auth(
    httpserver: HTTPServer, proxy_server: ProxyInfo
) -> None:
    httpserver.expect_request("/p", query_string="q=1").respond_with_data("proxied")
    ex = send(RequestSpec(httpserver.url_for("/p?q=1"), proxy=manual(proxy_server)))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.body.read() == b"proxied"
    [hop] = ex.hops
    assert hop.proxy == f"127.0.0.1:{proxy_server.port}"
    assert hop.peer == hop.proxy
    assert hop.request is not None
    assert hop.request.target == httpserver.url_for("/p?q=1")
    assert ("Proxy-Authorization", CREDENTIALS) in hop.request.headers
    assert hop.notes == (
        f"Through proxy 127.0.0.1:{proxy_server.port} (absolute URL in the request line); "
        "chosen by the manual proxy setting.",
    )
    got = httpserver.log[0][0]
    assert got.headers.get("Host") == f"127.0.0.1:{httpserver.port}"
    assert "Proxy-Authorization" not in got.headers  # the proxy consumed it


def test_https_through_connect_sends_proxy_auth_on_the_connect_only(
    raw_server: MakeRaw, tls_context: ssl.SSLContext, ca_file: str, proxy_server: ProxyInfo
) -> None:
    origin = raw_server(echo, tls=tls_context)
    spec = RequestSpec(origin.url("/secure"), proxy=manual(proxy_server)).with_options(
        tls=TLS(ca_file=ca_file)
    )
    ex = send(spec)
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 200
    [hop] = ex.hops
    tunnel = hop.tunnel_request
    assert tunnel.startswith(f"CONNECT 127.0.0.1:{origin.port} HTTP/1.".encode())
    assert f"Proxy-Authorization: {CREDENTIALS}\r\n".encode() in tunnel
    assert hop.tunnel_response.startswith(b"HTTP/1.1 200 Connection established")
    assert hop.request is not None
    assert hop.request.target == "/secure"
    assert "proxy-authorization" not in {n.lower() for n, _ in hop.request.headers}
    [inside] = origin.requests
    assert inside.startswith(b"GET /secure HTTP/1.1\r\n")
    assert b"proxy-authorization" not in inside.lower()
    assert hop.tls is not None
    assert hop.timing.tunnel is not None
    assert f"Tunnel to 127.0.0.1:{origin.port} opened through the proxy (CONNECT)." in hop.notes


def test_connect_refused_with_407_is_a_proxy_error(
    raw_server: MakeRaw, tls_context: ssl.SSLContext, proxy_server: ProxyInfo
) -> None:
    origin = raw_server(echo, tls=tls_context)
    ex = send(RequestSpec(origin.url("/"), proxy=manual(proxy_server, password="wrong")))
    assert ex.response is None
    assert ex.error is not None
    assert ex.error.kind == "proxy"
    verdict = "The proxy rejected the credentials of user 'pu' for this proxy (no realm given)."
    assert ex.error.message == (
        f"The proxy 127.0.0.1:{proxy_server.port} refused the tunnel: "
        f"407 Proxy Authentication Required. {verdict}"
    )
    assert ex.hops[0].tunnel_response.startswith(b"HTTP/1.1 407")
    assert b"\r\nProxy-Authenticate: Basic\r\n" in ex.hops[0].tunnel_response  # proxy.py: no realm
    assert ex.hops[0].notes[-2:] == ("Proxy asks for Basic.", verdict)
    assert origin.accepted == 0


def test_plain_http_407_from_the_proxy_is_shown_as_a_response(
    httpserver: HTTPServer, proxy_server: ProxyInfo
) -> None:
    ex = send(RequestSpec(httpserver.url_for("/x"), proxy=manual(proxy_server, password="wrong")))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 407
    assert ex.response.header("Proxy-Authenticate") == "Basic"
    assert ex.hops[0].notes[-1] == (
        "The proxy rejected the credentials of user 'pu' for this proxy (no realm given)."
    )
    assert len(httpserver.log) == 0


def test_proxy_down_is_a_proxy_error_not_connection_refused(httpserver: HTTPServer) -> None:
    port = free_port()
    ex = send(
        RequestSpec(
            httpserver.url_for("/"), proxy=Proxy(mode="manual", url=f"http://127.0.0.1:{port}")
        )
    )
    assert ex.error is not None
    assert ex.error.kind == "proxy"
    assert (
        ex.error.message == f"Could not connect to the proxy 127.0.0.1:{port}: connection refused."
    )
    assert len(httpserver.log) == 0


@pytest.mark.usefixtures("no_env_proxy")
def test_system_mode_follows_http_proxy_and_says_which_variable(
    httpserver: HTTPServer, proxy_server: ProxyInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/s").respond_with_data("ok")
    monkeypatch.setenv("http_proxy", env_url(proxy_server))
    ex = send(RequestSpec(httpserver.url_for("/s")))
    assert ex.response is not None
    assert ex.response.status == 200
    assert via(ex) == [f"127.0.0.1:{proxy_server.port}"]
    assert ex.hops[0].notes[0].endswith("chosen by the environment variable http_proxy.")


@pytest.mark.usefixtures("no_env_proxy")
def test_system_mode_honours_no_proxy_and_names_the_rule(
    httpserver: HTTPServer, proxy_server: ProxyInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/s").respond_with_data("ok")
    monkeypatch.setenv("http_proxy", env_url(proxy_server))
    monkeypatch.setenv("no_proxy", "localhost,127.0.0.1")
    ex = send(RequestSpec(httpserver.url_for("/s")))
    assert via(ex) == [None]
    assert ex.hops[0].peer == f"127.0.0.1:{httpserver.port}"
    assert ex.hops[0].notes == (
        f"Direct, not through the proxy: 127.0.0.1:{httpserver.port} matches no_proxy='localhost,127.0.0.1'.",
    )


@pytest.mark.usefixtures("no_env_proxy")
def test_system_mode_ignores_upper_case_http_proxy_in_a_cgi_environment(
    httpserver: HTTPServer, proxy_server: ProxyInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/s").respond_with_data("ok")
    monkeypatch.setenv("HTTP_PROXY", env_url(proxy_server))
    monkeypatch.setenv("REQUEST_METHOD", "GET")
    ex = send(RequestSpec(httpserver.url_for("/s")))
    assert via(ex) == [None]
    assert ex.response is not None
    assert ex.response.status == 200


@pytest.mark.usefixtures("no_env_proxy")
def test_direct_mode_ignores_the_environment(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/d").respond_with_data("ok")
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{free_port()}")  # a dead proxy
    ex = send(RequestSpec(httpserver.url_for("/d"), proxy=Proxy(mode="direct")))
    assert ex.error is None
    assert via(ex) == [None]
    assert ex.hops[0].notes == (
        "Direct: no proxy, as the proxy setting says, even though http_proxy is set in the environment.",
    )


@pytest.mark.usefixtures("no_env_proxy")
def test_manual_mode_ignores_env_no_proxy_and_uses_its_own_list(
    httpserver: HTTPServer, proxy_server: ProxyInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/m").respond_with_data("ok")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    proxied = send(RequestSpec(httpserver.url_for("/m"), proxy=manual(proxy_server)))
    assert proxied.error is None
    assert via(proxied) == [f"127.0.0.1:{proxy_server.port}"]
    listed = manual(proxy_server, no_proxy=(".example.com", f"127.0.0.1:{httpserver.port}"))
    direct = send(RequestSpec(httpserver.url_for("/m"), proxy=listed))
    assert direct.error is None
    assert via(direct) == [None]
    assert direct.hops[0].notes == (
        f"Direct, not through the proxy: 127.0.0.1:{httpserver.port} matches the no-proxy entry "
        f"'127.0.0.1:{httpserver.port}'.",
    )


def test_proxy_authorization_is_not_carried_to_a_bypassed_redirect_target(
    httpserver: HTTPServer, raw_server: MakeRaw, proxy_server: ProxyInfo
) -> None:
    other = raw_server(echo)
    httpserver.expect_request("/hop").respond_with_data(
        "", status=302, headers={"Location": other.url("/b")}
    )
    settings = manual(proxy_server, no_proxy=(f"127.0.0.1:{other.port}",))
    ex = send(RequestSpec(httpserver.url_for("/hop"), proxy=settings))
    assert ex.error is None
    assert via(ex) == [f"127.0.0.1:{proxy_server.port}", None]
    [landing] = other.requests
    assert b"proxy-authorization" not in landing.lower()
    assert landing.startswith(b"GET /b HTTP/1.1")
