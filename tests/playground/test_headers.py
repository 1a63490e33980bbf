"""Cookies, ETags and conditional requests, response headers on demand."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.request

import pytest
from pg_helpers import body_json, fetch, response_of, status_of

from workbench.engine import Field, Options
from workbench.playground import Playground

NO_FOLLOW = Options(follow_redirects=False)


def test_cookies_shows_what_was_sent(playground: Playground) -> None:
    ex = fetch(playground.url + "/cookies", headers=(Field("Cookie", "a=1; b=two"),))
    assert body_json(ex) == {"cookies": {"a": "1", "b": "two"}}


def test_cookies_set_redirects_to_cookies_with_the_cookie(playground: Playground) -> None:
    first = response_of(
        fetch(playground.url + "/cookies/set?flavour=oat&size=2", options=NO_FOLLOW)
    )
    assert first.status == 302
    assert first.header("Location") == "/cookies"
    assert first.header_all("Set-Cookie") == ["flavour=oat; Path=/", "size=2; Path=/"]
    ex = fetch(playground.url + "/cookies/set?flavour=oat&size=2")
    assert ex.final_url == playground.url + "/cookies"
    assert body_json(ex) == {"cookies": {"flavour": "oat", "size": "2"}}


def test_cookies_set_by_path(playground: Playground) -> None:
    assert body_json(fetch(playground.url + "/cookies/set/k/v")) == {"cookies": {"k": "v"}}


def test_cookies_delete_sends_an_expired_cookie(playground: Playground) -> None:
    response = response_of(fetch(playground.url + "/cookies/delete?a&b", options=NO_FOLLOW))
    assert response.status == 302
    assert response.header("Location") == "/cookies"
    assert response.header_all("Set-Cookie") == [
        f"{name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/" for name in "ab"
    ]


def test_cookies_delete_empties_a_real_cookie_jar(playground: Playground) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar)
    )
    with opener.open(playground.url + "/cookies/set?a=1&b=2", timeout=10) as answer:
        assert json.loads(answer.read()) == {"cookies": {"a": "1", "b": "2"}}
    with opener.open(playground.url + "/cookies/delete?a", timeout=10) as answer:
        assert json.loads(answer.read()) == {"cookies": {"b": "2"}}
    assert [c.name for c in jar] == ["b"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/cookies/set", "Give the cookies to set"),
        ("/cookies/set?bad%20name=1", "cannot be a cookie name"),
        ("/cookies/set?a=semi%3Bcolon", "may not contain spaces"),
        ("/cookies/delete", "Name the cookies to delete"),
    ],
)
def test_cookies_bad_input(playground: Playground, path: str, message: str) -> None:
    ex = fetch(playground.url + path)
    assert status_of(ex) == 400
    assert message in (ex.body.text() or "")


def test_etag_plain_request(playground: Playground) -> None:
    ex = fetch(playground.url + "/etag/v1")
    assert status_of(ex) == 200
    assert response_of(ex).header("ETag") == '"v1"'
    assert body_json(ex)["etag"] == "v1"


@pytest.mark.parametrize(
    ("header", "value", "status"),
    [
        ("If-None-Match", '"v1"', 304),
        ("If-None-Match", 'W/"v0", "v1"', 304),
        ("If-None-Match", "*", 304),
        ("If-None-Match", '"v2"', 200),
        ("If-Match", '"v1"', 200),
        ("If-Match", "*", 200),
        ("If-Match", '"v2"', 412),
    ],
)
def test_etag_conditions(playground: Playground, header: str, value: str, status: int) -> None:
    ex = fetch(playground.url + "/etag/v1", headers=(Field(header, value),))
    assert status_of(ex) == status
    if status == 304:
        assert ex.body.size == 0
        assert response_of(ex).header("ETag") == '"v1"'
    if status == 412:
        assert "this resource's ETag is" in (ex.body.text() or "")


def test_etag_refuses_a_tag_with_quotes(playground: Playground) -> None:
    assert status_of(fetch(playground.url + "/etag/a%22b")) == 400


def test_response_headers_repeated_and_echoed(playground: Playground) -> None:
    ex = fetch(playground.url + "/response-headers?X-Demo=1&X-Demo=2&X-Other=three")
    response = response_of(ex)
    assert response.header_all("X-Demo") == ["1", "2"]
    assert response.header("X-Other") == "three"
    assert body_json(ex) == {"X-Demo": ["1", "2"], "X-Other": "three"}


def test_response_headers_content_type_replaces_json(playground: Playground) -> None:
    response = response_of(fetch(playground.url + "/response-headers?Content-Type=text/plain"))
    assert response.header_all("Content-Type") == ["text/plain"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("Content-Length=5", "set by the server itself"),
        ("Bad%20Name=1", "not a valid header name"),
        ("X-A=one%0d%0aX-B:%20injected", "ASCII text on one line"),
        ("X-A=caf%C3%A9", "ASCII text on one line"),
    ],
)
def test_response_headers_bad_input(playground: Playground, query: str, message: str) -> None:
    ex = fetch(playground.url + "/response-headers?" + query)
    assert status_of(ex) == 400
    assert message in (ex.body.text() or "")
    assert response_of(ex).header("X-B") is None
