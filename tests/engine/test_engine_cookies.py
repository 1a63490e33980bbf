"""Cookies: the jar across hops and sends, origin and Secure rules, a user Cookie header."""

from __future__ import annotations

import http.cookiejar

from pytest_httpserver import HTTPServer
from servers import MakeRaw, echo
from werkzeug import Request, Response

from workbench.engine import Field, RequestSpec, send


def cookie_of(request: Request) -> str | None:
    return request.headers.get("Cookie")


def test_cookie_set_by_a_redirect_goes_to_the_next_hop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/login").respond_with_data(
        "", status=302, headers={"Location": "/home", "Set-Cookie": "sid=42; Path=/"}
    )
    httpserver.expect_request("/home").respond_with_data("ok")
    ex = send(RequestSpec(httpserver.url_for("/login")))
    assert [cookie_of(r) for r, _ in httpserver.log] == [None, "sid=42"]
    hop = ex.hops[1].request
    assert hop is not None
    assert ("Cookie", "sid=42") in hop.headers
    assert "cookie" in hop.added


def test_jar_cookies_stay_on_their_host_and_secure_ones_off_plain_http(
    httpserver: HTTPServer, raw_server: MakeRaw
) -> None:
    other = raw_server(echo)
    response = Response("", status=302, headers={"Location": f"http://localhost:{other.port}/x"})
    response.headers.add("Set-Cookie", "sid=1; Path=/")
    response.headers.add("Set-Cookie", "sec=2; Path=/; Secure")
    httpserver.expect_request("/start").respond_with_response(response)
    httpserver.expect_request("/again").respond_with_data("ok")
    jar = http.cookiejar.CookieJar()
    send(RequestSpec(httpserver.url_for("/start")), cookie_jar=jar)
    [to_other_host] = other.requests
    assert b"cookie" not in to_other_host.lower()
    send(RequestSpec(httpserver.url_for("/again")), cookie_jar=jar)
    again = httpserver.log[-1][0]
    assert cookie_of(again) == "sid=1"  # the Secure cookie is kept but not sent over http
    assert sorted(c.name for c in jar) == ["sec", "sid"]


def test_a_caller_jar_is_shared_and_a_send_without_one_starts_empty(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/set").respond_with_data("", headers={"Set-Cookie": "sid=1; Path=/"})
    httpserver.expect_request("/echo").respond_with_data("ok")
    jar = http.cookiejar.CookieJar()
    send(RequestSpec(httpserver.url_for("/set")), cookie_jar=jar)
    send(RequestSpec(httpserver.url_for("/echo")), cookie_jar=jar)
    send(RequestSpec(httpserver.url_for("/echo")))
    with_jar, without = (r for r, _ in httpserver.log if r.path == "/echo")
    assert cookie_of(with_jar) == "sid=1"
    assert cookie_of(without) is None
    assert [c.name for c in jar] == ["sid"]


def test_user_cookie_header_replaces_the_jar_with_a_note(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/set").respond_with_data("", headers={"Set-Cookie": "sid=1; Path=/"})
    httpserver.expect_request("/mine").respond_with_data("ok")
    jar = http.cookiejar.CookieJar()
    send(RequestSpec(httpserver.url_for("/set")), cookie_jar=jar)
    ex = send(
        RequestSpec(httpserver.url_for("/mine"), headers=(Field("Cookie", "mine=1"),)),
        cookie_jar=jar,
    )
    assert cookie_of(httpserver.log[-1][0]) == "mine=1"
    assert ex.hops[0].notes == (
        "Your Cookie header replaces the cookie jar's cookies on this request.",
        "Direct: no proxy variable is set in the environment.",
    )


def test_cookies_off_keeps_no_jar(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/login").respond_with_data(
        "", status=302, headers={"Location": "/home", "Set-Cookie": "sid=42; Path=/"}
    )
    httpserver.expect_request("/home").respond_with_data("ok")
    jar = http.cookiejar.CookieJar()
    send(RequestSpec(httpserver.url_for("/login")).with_options(cookies=False), cookie_jar=jar)
    assert [cookie_of(r) for r, _ in httpserver.log] == [None, None]
    assert list(jar) == []


def test_a_send_that_gets_no_cookie_never_imports_the_cookie_jar(httpserver: HTTPServer) -> None:
    # http.cookiejar costs ~10 ms to import: a quick `workbench send` should not pay it for nothing.
    import subprocess
    import sys

    httpserver.expect_request("/plain").respond_with_data("no cookies here")
    httpserver.expect_request("/sets").respond_with_data("one", headers={"Set-Cookie": "a=1"})
    code = (
        "import sys\n"
        "from workbench.engine import RequestSpec, send\n"
        "ex = send(RequestSpec(sys.argv[1]))\n"
        "print(ex.response.status, 'http.cookiejar' in sys.modules)\n"
    )
    for path, imported in (("/plain", "False"), ("/sets", "True")):
        result = subprocess.run(
            [sys.executable, "-c", code, httpserver.url_for(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.split() == ["200", imported]
