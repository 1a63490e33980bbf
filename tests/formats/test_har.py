"""HAR 1.2 export of real exchanges (sent by the engine to loopback servers)."""

from __future__ import annotations

import gzip
import json
import re
import time
from datetime import datetime
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.engine import send
from workbench.engine.spec import Auth, Body, Options, RequestSpec
from workbench.formats.exchange_json import exchange_to_dict
from workbench.formats.har import exchange_to_har, to_har
from workbench.formats.har_timings import timings

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$")


def check_har(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every field HAR 1.2 requires, with its type; returns the entries."""
    log = document["log"]
    assert log["version"] == "1.2"
    assert isinstance(log["creator"]["name"], str)
    assert isinstance(log["creator"]["version"], str)
    for entry in log["entries"]:
        assert ISO.match(entry["startedDateTime"]), entry["startedDateTime"]
        assert isinstance(entry["time"], int | float)
        assert entry["time"] >= 0
        assert isinstance(entry["cache"], dict)
        check_request(entry["request"])
        check_response(entry["response"])
        check_timings(entry["timings"], entry["time"])
        if "serverIPAddress" in entry:
            assert isinstance(entry["serverIPAddress"], str)
    return list(log["entries"])


def check_pairs(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert isinstance(row["name"], str)
        assert isinstance(row["value"], str)


def check_request(request: dict[str, Any]) -> None:
    for key in ("method", "url", "httpVersion"):
        assert isinstance(request[key], str)
    for key in ("cookies", "headers", "queryString"):
        check_pairs(request[key])
    assert isinstance(request["headersSize"], int)
    assert isinstance(request["bodySize"], int)
    if "postData" in request:
        assert isinstance(request["postData"]["mimeType"], str)
        assert "text" in request["postData"] or "params" in request["postData"]


def check_response(response: dict[str, Any]) -> None:
    assert isinstance(response["status"], int)
    for key in ("statusText", "httpVersion", "redirectURL"):
        assert isinstance(response[key], str)
    check_pairs(response["cookies"])
    check_pairs(response["headers"])
    content = response["content"]
    assert isinstance(content["size"], int)
    assert isinstance(content["mimeType"], str)
    assert isinstance(response["headersSize"], int)
    assert isinstance(response["bodySize"], int)


def check_timings(phases: dict[str, Any], time: float) -> None:
    for key in ("send", "wait", "receive"):
        assert phases[key] >= 0
    for key in ("blocked", "dns", "connect", "ssl"):
        assert phases.get(key, -1) == -1 or phases[key] >= 0
    total = sum(
        phases[k]
        for k in ("blocked", "dns", "connect", "send", "wait", "receive")
        if phases[k] >= 0
    )
    assert total == pytest.approx(time, abs=0.01)


def har_of(spec: RequestSpec) -> tuple[list[dict[str, Any]], Any]:
    exchange = send(spec)
    return check_har(json.loads(exchange_to_har(exchange))), exchange


def test_get_json(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/items").respond_with_json({"a": 1})
    [entry], exchange = har_of(RequestSpec(httpserver.url_for("/items?page=2&q=a+b&empty=")))
    started = datetime.fromisoformat(entry["startedDateTime"].replace("Z", "+00:00"))
    assert started.timestamp() == pytest.approx(exchange.started_at, abs=0.002)
    request, response = entry["request"], entry["response"]
    assert request["method"] == "GET"
    assert request["httpVersion"] == "HTTP/1.1"
    assert request["queryString"] == [
        {"name": "page", "value": "2"},
        {"name": "q", "value": "a b"},
        {"name": "empty", "value": ""},
    ]
    assert {"name": "Host", "value": f"127.0.0.1:{httpserver.port}"} in request["headers"]
    assert request["bodySize"] == 0
    assert "postData" not in request
    assert request["headersSize"] == len(exchange.hops[0].request.head) > 0
    assert response["headersSize"] == len(exchange.hops[0].response.head) > 0
    assert response["status"] == 200
    assert response["statusText"] == "OK"
    assert response["content"]["mimeType"] == "application/json"
    assert json.loads(response["content"]["text"]) == {"a": 1}
    assert response["content"]["size"] == len(response["content"]["text"])
    assert entry["serverIPAddress"] == "127.0.0.1"
    assert entry["timings"]["connect"] >= 0
    assert entry["comment"] == "Direct: no proxy variable is set in the environment."  # hop note


def test_redirect_is_one_entry_per_hop_with_cookies(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "moved",
        status=302,
        headers={
            "Location": "/new",
            "Set-Cookie": "sid=42; Path=/; HttpOnly; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
        },
    )
    httpserver.expect_request("/new").respond_with_data("here")
    (first, second), _exchange = har_of(RequestSpec(httpserver.url_for("/old")))
    assert first["request"]["url"].endswith("/old")
    assert first["response"]["status"] == 302
    assert first["response"]["redirectURL"] == "/new"
    assert first["response"]["cookies"] == [
        {
            "name": "sid",
            "value": "42",
            "path": "/",
            "httpOnly": True,
            "expires": "2099-10-21T07:28:00+00:00",
        }
    ]
    assert first["response"]["bodySize"] == 5
    assert "text" not in first["response"]["content"]
    assert second["request"]["url"].endswith("/new")
    assert second["request"]["cookies"] == [{"name": "sid", "value": "42"}]
    assert second["response"]["content"]["text"] == "here"
    first_start = datetime.fromisoformat(first["startedDateTime"].replace("Z", "+00:00"))
    second_start = datetime.fromisoformat(second["startedDateTime"].replace("Z", "+00:00"))
    assert second_start >= first_start


def test_auth_retry_keeps_credentials_masked(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if "Authorization" not in request.headers:
            return Response("who", status=401, headers={"WWW-Authenticate": 'Basic realm="r"'})
        return Response("hi")

    httpserver.expect_request("/secure").respond_with_handler(handler)
    spec = RequestSpec(
        httpserver.url_for("/secure"), auth=Auth(kind="basic", username="u", password="pw")
    )
    (challenge, retry), _exchange = har_of(spec)
    assert challenge["response"]["status"] == 401
    assert {"name": "Authorization", "value": "Basic ***"} in retry["request"]["headers"]
    assert "cHc" not in json.dumps([challenge, retry])  # base64 of the password never appears


def test_post_body_and_gzip_compression(httpserver: HTTPServer) -> None:
    packed = gzip.compress(b"hello " * 100)
    httpserver.expect_request("/echo", method="POST").respond_with_response(
        Response(packed, headers={"Content-Encoding": "gzip"}, content_type="text/plain")
    )
    spec = RequestSpec(
        httpserver.url_for("/echo"),
        "POST",
        body=Body(kind="raw", text='{"k": "v"}', content_type="application/json"),
    )
    [entry], _ = har_of(spec)
    assert entry["request"]["bodySize"] == 10
    assert entry["request"]["postData"] == {"mimeType": "application/json", "text": '{"k": "v"}'}
    content = entry["response"]["content"]
    assert content["size"] == 600
    assert entry["response"]["bodySize"] == len(packed)
    assert content["compression"] == 600 - len(packed)


def test_binary_body_is_said_not_included(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/bin").respond_with_data(
        b"\x00\x01\x02\xff", content_type="application/octet-stream"
    )
    [entry], _ = har_of(RequestSpec(httpserver.url_for("/bin")))
    assert "text" not in entry["response"]["content"]
    assert "binary" in entry["comment"]


def test_a_refused_connection_is_an_entry_without_a_response() -> None:
    exchange = send(RequestSpec("http://127.0.0.1:9/", options=Options(timeout=5)))
    assert exchange.error is not None
    entries = check_har(json.loads(exchange_to_har(exchange)))
    [entry] = entries
    assert entry["request"]["url"] == "http://127.0.0.1:9/"
    assert entry["response"]["status"] == 0
    assert entry["comment"].startswith(
        "Direct: no proxy variable is set in the environment. No response: "
    )


def test_to_har_reads_history_dicts_and_says_what_they_lack(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a", method="PUT").respond_with_data("ok")
    exchange = send(RequestSpec(httpserver.url_for("/a"), "PUT", body=Body(kind="raw", text="abc")))
    stored = [exchange_to_dict(exchange), exchange_to_dict(exchange)]
    entries = check_har(json.loads(to_har(stored)))
    assert len(entries) == 2
    assert entries[0]["startedDateTime"].startswith(time.strftime("%Y-", time.gmtime()))
    # History keeps no request body (it may hold form passwords): the entry says so.
    assert "request body was not recorded" in entries[0]["comment"]
    assert entries[0]["request"]["postData"]["text"] == ""
    assert entries[0]["request"]["headersSize"] > 0
    old = {k: v for k, v in stored[0].items() if k != "started_at"}  # a dict from before started_at
    [entry] = check_har(json.loads(to_har([old])))
    assert entry["startedDateTime"] == "1970-01-01T00:00:00.000Z"
    assert "start time was not recorded" in entry["comment"]
    assert exchange.response is not None
    assert entries[0]["response"]["httpVersion"] == exchange.response.version  # the final one's


def test_no_hops_no_entries() -> None:
    exchange = send(RequestSpec("not a url"))
    document = json.loads(exchange_to_har(exchange))
    assert check_har(document) == []


@pytest.mark.parametrize(
    ("milestones", "expected"),
    [
        (
            {
                "dns": 2.0,
                "connect": 5.0,
                "tunnel": None,
                "tls": 12.0,
                "first_byte": 30.0,
                "total": 31.5,
            },
            {
                "dns": 2.0,
                "connect": 10.0,
                "ssl": 7.0,
                "send": 0.0,
                "wait": 18.0,
                "receive": 1.5,
                "time": 31.5,
            },
        ),
        (
            {
                "dns": None,
                "connect": None,
                "tunnel": None,
                "tls": None,
                "first_byte": 3.0,
                "total": 4.0,
            },
            {
                "dns": -1,
                "connect": -1,
                "ssl": -1,
                "send": 0.0,
                "wait": 3.0,
                "receive": 1.0,
                "time": 4.0,
            },
        ),
        (
            {
                "dns": 1.0,
                "connect": 2.0,
                "tunnel": 6.0,
                "tls": 9.0,
                "first_byte": 10.0,
                "total": 10.0,
            },
            {
                "dns": 1.0,
                "connect": 8.0,
                "ssl": 3.0,
                "send": 0.0,
                "wait": 1.0,
                "receive": 0.0,
                "time": 10.0,
            },
        ),
        (
            {
                "dns": 1.0,
                "connect": None,
                "tunnel": None,
                "tls": None,
                "first_byte": None,
                "total": None,
            },
            {
                "dns": 1.0,
                "connect": -1,
                "ssl": -1,
                "send": 0.0,
                "wait": 0.0,
                "receive": 0.0,
                "time": 1.0,
            },
        ),
    ],
)
def test_milestones_become_phases_that_add_up(
    milestones: dict[str, Any], expected: dict[str, Any]
) -> None:
    phases = timings(milestones)
    assert {k: phases[k] for k in expected} == expected
    assert phases["blocked"] == -1
