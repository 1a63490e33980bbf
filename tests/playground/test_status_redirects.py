"""Status codes and redirects through the engine."""

from __future__ import annotations

import pytest
from pg_helpers import body_json, fetch, response_of, status_of

from workbench.engine import Body, Options
from workbench.playground import Playground

NO_FOLLOW = Options(follow_redirects=False)


def test_status_2xx_is_json(playground: Playground) -> None:
    ex = fetch(playground.url + "/status/201")
    assert status_of(ex) == 201
    assert body_json(ex) == {"status": 201, "reason": "Created"}


@pytest.mark.parametrize("code", [204, 205, 304])
def test_status_without_body(playground: Playground, code: int) -> None:
    ex = fetch(playground.url + f"/status/{code}", options=NO_FOLLOW)
    assert status_of(ex) == code
    assert ex.body.size == 0
    assert ex.error is None


@pytest.mark.parametrize(("code", "reason"), [(404, "Not Found"), (418, "I'm a Teapot"), (599, "")])
def test_status_4xx_5xx_has_an_html_page(playground: Playground, code: int, reason: str) -> None:
    ex = fetch(playground.url + f"/status/{code}")
    response = response_of(ex)
    assert response.status == code
    assert response.is_error
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    text = ex.body.text() or ""
    assert f"<h1>{code} " in text
    assert f"You asked /status/{code}" in text
    assert response.reason == reason


def test_status_401_carries_a_basic_challenge(playground: Playground) -> None:
    response = response_of(fetch(playground.url + "/status/401"))
    assert response.status == 401
    assert response.header("WWW-Authenticate") == 'Basic realm="playground"'


def test_status_3xx_points_to_get(playground: Playground) -> None:
    response = response_of(fetch(playground.url + "/status/302", options=NO_FOLLOW))
    assert response.status == 302
    assert response.header("Location") == "/get"
    followed = fetch(playground.url + "/status/307", method="POST", body=Body(kind="raw", text="x"))
    assert response_of(followed).url == playground.url + "/get"


def test_status_takes_other_methods(playground: Playground) -> None:
    assert status_of(fetch(playground.url + "/status/202", method="DELETE")) == 202


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/status/100", "informational (1xx)"),
        ("/status/600", "from 100 to 599"),
        ("/status/teapot", "must be a whole number"),
    ],
)
def test_status_refuses_codes_it_cannot_send(
    playground: Playground, path: str, message: str
) -> None:
    ex = fetch(playground.url + path)
    assert status_of(ex) == 400
    assert message in (ex.body.text() or "")


def test_relative_redirects_then_get(playground: Playground) -> None:
    ex = fetch(playground.url + "/redirect/3")
    assert status_of(ex) == 200
    assert ex.final_url == playground.url + "/get"
    assert len(ex.hops) == 4
    locations = [h.response.headers for h in ex.hops[:3] if h.response is not None]
    assert [dict(headers)["Location"] for headers in locations] == [
        "/redirect/2",
        "/redirect/1",
        "/get",
    ]


def test_absolute_redirects(playground: Playground) -> None:
    first = response_of(fetch(playground.url + "/absolute-redirect/2", options=NO_FOLLOW))
    assert first.header("Location") == playground.url + "/absolute-redirect/1"
    ex = fetch(playground.url + "/absolute-redirect/2")
    assert ex.final_url == playground.url + "/get"
    assert len(ex.hops) == 3


@pytest.mark.parametrize("path", ["/redirect/0", "/redirect/101", "/absolute-redirect/x"])
def test_redirect_counts_out_of_range(playground: Playground, path: str) -> None:
    ex = fetch(playground.url + path)
    assert status_of(ex) == 400
    assert "number of redirects must be" in (ex.body.text() or "")


def test_redirect_to_with_status_code(playground: Playground) -> None:
    response = response_of(
        fetch(playground.url + "/redirect-to?url=/anything/here&status_code=308", options=NO_FOLLOW)
    )
    assert response.status == 308
    assert response.header("Location") == "/anything/here"
    ex = fetch(
        playground.url + "/redirect-to?url=/anything&status_code=307",
        method="PUT",
        body=Body(kind="raw", text="kept"),
    )
    data = body_json(ex)
    assert (data["method"], data["data"]) == ("PUT", "kept")


def test_redirect_to_percent_encodes_non_ascii(playground: Playground) -> None:
    response = response_of(
        fetch(playground.url + "/redirect-to?url=/get%3Fq%3Dcaf%C3%A9", options=NO_FOLLOW)
    )
    assert response.header("Location") == "/get?q=caf%C3%A9"


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "Give the target as ?url="), ("?url=/get&status_code=200", "from 300 to 399")],
)
def test_redirect_to_refuses_bad_input(playground: Playground, query: str, message: str) -> None:
    ex = fetch(playground.url + "/redirect-to" + query)
    assert status_of(ex) == 400
    assert message in (ex.body.text() or "")


def test_redirect_loop_is_a_redirect_error(playground: Playground) -> None:
    ex = fetch(playground.url + "/redirect-loop")
    assert ex.error is not None
    assert ex.error.kind == "redirect"
    assert "loop" in ex.error.message.lower()
    assert all(r.path == "/redirect-loop" for r in playground.requests)
