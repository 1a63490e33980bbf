"""What comes back: status and meaning, headers in order, 1xx, odd and broken heads."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from servers import MakeRaw, RawConn, respond
from werkzeug import Response
from werkzeug.datastructures import Headers

from workbench.engine import RequestSpec, send


def scripted(raw_server: MakeRaw, answer: bytes) -> str:
    """A server that reads the request and sends `answer` as is; returns its URL."""

    def script(conn: RawConn) -> None:
        conn.read_request()
        conn.send(answer)

    return raw_server(script).url("/")


def test_http_error_404_is_a_response_with_its_page_meaning_and_duplicate_headers(
    httpserver: HTTPServer,
) -> None:
    headers = Headers(
        [("X-Trace", "a"), ("Set-Cookie", "a=1"), ("X-Trace", "b"), ("Set-Cookie", "b=2; Path=/")]
    )
    page = "<h1>Nope é</h1>".encode()
    httpserver.expect_request("/missing").respond_with_response(
        Response(page, status=404, headers=headers, content_type="text/html; charset=utf-8")
    )
    ex = send(RequestSpec(httpserver.url_for("/missing")))
    assert ex.error is None
    assert ex.ok
    response = ex.response
    assert response is not None
    assert (response.status, response.reason, response.is_error) == (404, "NOT FOUND", True)
    assert response.meaning == "Nothing matches the given URI"
    assert response.url == httpserver.url_for("/missing")
    assert response.header_all("X-Trace") == ["a", "b"]
    assert response.header_all("set-cookie") == ["a=1", "b=2; Path=/"]
    names = [n for n, _ in response.headers]
    assert names.index("X-Trace") < names.index("Set-Cookie")
    assert ex.body.read() == page
    assert ex.body.text() == "<h1>Nope é</h1>"
    assert ex.body.charset == "utf-8"
    assert ex.body.charset_source == "declared in Content-Type"
    [hop] = ex.hops
    assert hop.response is not None
    assert hop.response.status == 404
    assert hop.response.headers == response.headers


@pytest.mark.parametrize(
    ("status_line", "status", "reason", "meaning"),
    [
        ("201", 201, "", "Document created, URL follows"),
        ("599 Custom Thing", 599, "Custom Thing", "its class 5xx means Server Error"),
        ("418 I'm a teapot", 418, "I'm a teapot", "Server refuses to brew coffee"),
        ("304 Not Modified", 304, "Not Modified", "Document has not changed since given time"),
        ("204 No Content", 204, "No Content", "Request fulfilled, nothing follows"),
    ],
)
def test_odd_status_lines_are_responses_with_the_servers_reason(
    raw_server: MakeRaw, status_line: str, status: int, reason: str, meaning: str
) -> None:
    body = b"" if status in (204, 304) else b"x"
    url = scripted(raw_server, respond(status_line, [], body))
    ex = send(RequestSpec(url))
    assert ex.error is None
    assert ex.response is not None
    assert (ex.response.status, ex.response.reason) == (status, reason)
    assert meaning in ex.response.meaning
    assert ex.response.is_error == (status >= 300)
    assert ex.body.read() == body


def test_interim_1xx_responses_are_skipped_and_listed_on_the_hop(raw_server: MakeRaw) -> None:
    answer = (
        b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
        b"HTTP/1.1 102 Processing\r\n\r\n" + respond("200 OK", [("X-Final", "1")], b"final body")
    )
    ex = send(RequestSpec(scripted(raw_server, answer)))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.response.header("X-Final") == "1"
    assert ex.body.read() == b"final body"
    [hop] = ex.hops
    assert hop.response is not None
    early, processing = hop.response.informational
    assert (early.status, early.reason) == (103, "Early Hints")
    assert early.headers == (("Link", "</a.css>; rel=preload"),)
    assert (processing.status, processing.headers) == (102, ())
    assert hop.response.head.startswith(b"HTTP/1.1 103 Early Hints\r\n")


def test_99_header_lines_are_accepted(raw_server: MakeRaw) -> None:
    headers = [(f"X-H{i}", str(i)) for i in range(98)]
    ex = send(RequestSpec(scripted(raw_server, respond("200 OK", headers, b"ok"))))  # + CL = 99
    assert ex.error is None
    assert ex.response is not None
    assert len(ex.response.headers) == 99
    assert ex.body.read() == b"ok"


def test_more_than_100_header_lines_is_a_protocol_error(raw_server: MakeRaw) -> None:
    headers = [(f"X-H{i}", str(i)) for i in range(120)]
    ex = send(RequestSpec(scripted(raw_server, respond("200 OK", headers, b"ok"))))
    assert ex.response is None
    assert ex.error is not None
    assert ex.error.kind == "protocol"
    assert (
        ex.error.message == "The server sent more than 100 header lines, which http.client refuses."
    )
    assert "HTTPException" in ex.error.detail
    [hop] = ex.hops
    assert hop.request is not None  # the request that was sent is kept


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (b"hello world\r\n\r\n", "The server's status line is not HTTP: 'hello world\\r\\n'."),
        (b"HTTP/1.1 42 Odd\r\n\r\n", "The server's status line is not HTTP"),
        (b"HTTP/1.1 200 " + b"x" * 70000 + b"\r\n\r\n", "The server sent a line that is too long"),
        (
            b"HTTP/1.1 200 OK\r\nX-Long: " + b"y" * 70000 + b"\r\n\r\n",
            "The server sent a line that is too long (got more than 65536 bytes when reading header line)",
        ),
    ],
)
def test_broken_heads_are_protocol_errors(
    raw_server: MakeRaw, answer: bytes, expected: str
) -> None:
    ex = send(RequestSpec(scripted(raw_server, answer)))
    assert ex.response is None
    assert ex.error is not None
    assert ex.error.kind == "protocol"
    assert ex.error.message.startswith(expected)


def test_header_line_without_colon_is_reported_as_a_defect(raw_server: MakeRaw) -> None:
    answer = b"HTTP/1.1 200 OK\r\nX-Before: 1\r\nNoColonHere\r\nX-After: 2\r\nContent-Length: 2\r\n\r\nok"
    ex = send(RequestSpec(scripted(raw_server, answer)))
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.response.header("X-Before") == "1"
    hop = ex.hops[0]
    assert hop.response is not None
    [defect] = hop.response.defects
    assert "without a colon" in defect
    assert b"NoColonHere\r\nX-After: 2\r\n" in hop.response.head  # the raw head keeps the rest
