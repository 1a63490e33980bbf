"""What goes on the wire: request heads, methods, bodies, header case; asserted at both ends."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer
from servers import Handler, MakeRaw, RawConn, echo
from werkzeug import Request, Response

from workbench.engine import Body, Field, Part, RequestSpec, send

FORM = Body(kind="form", fields=(Field("a", "1"), Field("b", "2")))


def capture(received: list[Request], response: str = "ok") -> Handler:
    """A pytest-httpserver handler that keeps each request (with its body read) and answers 200."""

    def handler(request: Request) -> Response:
        request.get_data()  # read now: the body is gone once the handler returns
        received.append(request)
        return Response(response, content_type="text/plain")

    return handler


def head_lines(head: bytes) -> list[bytes]:
    """The header lines of a raw head (request line and blank end removed)."""
    return head.split(b"\r\n\r\n")[0].split(b"\r\n")[1:]


def test_get_200_records_the_wire_head_and_marks_what_urllib_added(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hello").respond_with_data("hi", content_type="text/plain")
    ex = send(RequestSpec(httpserver.url_for("/hello")))
    assert ex.ok
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.response.reason == "OK"
    assert ex.response.meaning == "Request fulfilled, document follows"
    assert ex.response.url == httpserver.url_for("/hello") == ex.final_url
    assert ex.body.read() == b"hi"
    [hop] = ex.hops
    assert hop.request is not None
    assert hop.response is not None
    assert hop.request.head.startswith(b"GET /hello HTTP/1.1\r\n")
    names = [n for n, _ in hop.request.headers]
    assert names == ["Host", "User-Agent", "Accept-Encoding", "Connection"]
    assert dict(hop.request.headers)["Connection"] == "close"
    assert set(hop.request.added) == {"host", "user-agent", "accept-encoding", "connection"}
    assert hop.response.status == 200
    assert hop.peer == f"127.0.0.1:{httpserver.port}"
    assert hop.proxy is None
    assert hop.timing.first_byte is not None
    got = httpserver.log[0][0]
    assert got.headers["Accept-Encoding"] == "gzip, deflate"
    assert got.headers["Connection"] == "close"


def test_form_post_sends_the_encoded_body_with_the_default_content_type(
    httpserver: HTTPServer,
) -> None:
    received: list[Request] = []
    httpserver.expect_request("/form", method="POST").respond_with_handler(capture(received))
    ex = send(RequestSpec(httpserver.url_for("/form"), method="POST", body=FORM))
    assert ex.response is not None
    assert ex.response.status == 200
    [request] = received
    assert request.get_data() == b"a=1&b=2"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.headers["Content-Length"] == "7"
    [hop] = ex.hops
    assert hop.request is not None
    sent = dict(hop.request.headers)
    assert sent["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent["Content-Length"] == "7"
    assert "content-length" in hop.request.added
    assert "content-type" in hop.request.added
    assert hop.request.body_size == 7
    assert hop.request.body_preview == b"a=1&b=2"
    assert ("Content-Type", "application/x-www-form-urlencoded") in ex.headers


def test_custom_method_with_body_and_user_content_type_arrive_unchanged(
    raw_server: MakeRaw,
) -> None:
    server = raw_server(echo)
    xml = '<?xml version="1.0"?><propfind xmlns="DAV:"><allprop/></propfind>'
    spec = RequestSpec(
        server.url("/dav/"),
        method="PROPFIND",
        headers=(Field("Content-Type", "application/xml"), Field("Depth", "1")),
        body=Body(kind="raw", text=xml),
    )
    ex = send(spec)
    assert ex.response is not None
    assert ex.response.status == 200
    [request] = server.requests
    assert request.startswith(b"PROPFIND /dav/ HTTP/1.1\r\n")
    assert request.endswith(b"\r\n\r\n" + xml.encode())
    lines = head_lines(request)
    assert b"Content-Type: application/xml" in lines
    assert b"Depth: 1" in lines
    assert f"Content-Length: {len(xml)}".encode() in lines
    assert sum(line.lower().startswith(b"content-type") for line in lines) == 1
    assert ex.body.read() == request  # the echo is what the engine says it sent
    assert ex.hops[0].request is not None
    assert ex.hops[0].request.head + xml.encode() == request


def test_get_with_a_body_and_put_without_one(raw_server: MakeRaw) -> None:
    server = raw_server(echo)
    send(RequestSpec(server.url("/g"), body=Body(kind="raw", text="q=1", content_type="text/x")))
    send(RequestSpec(server.url("/p"), method="PUT"))
    get, put = server.requests
    assert get.startswith(b"GET /g ")
    assert get.endswith(b"\r\n\r\nq=1")
    assert b"Content-Length: 3" in head_lines(get)
    assert b"Content-Type: text/x" in head_lines(get)
    assert put.startswith(b"PUT /p ")
    assert b"Content-Length: 0" in head_lines(put)
    assert not any(line.lower().startswith(b"content-type") for line in head_lines(put))


def test_head_returns_no_body_and_does_not_wait_for_one(raw_server: MakeRaw) -> None:
    def script(conn: RawConn) -> None:
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 12345\r\nContent-Type: text/plain\r\n\r\n")
        conn.pause(30)  # a client that waited for 12345 bytes would time out

    server = raw_server(script)
    ex = send(RequestSpec(server.url("/h"), method="HEAD").with_options(timeout=5))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.header("Content-Length") == "12345"
    assert ex.body.size == 0
    assert ex.body.read() == b""
    assert ex.elapsed_ms < 4000
    assert server.requests[0].startswith(b"HEAD /h HTTP/1.1")


def test_header_case_as_typed_and_repeated_headers(raw_server: MakeRaw) -> None:
    server = raw_server(echo)
    headers = (
        Field("x-API-key", "k"),
        Field("X-Dup", "1"),
        Field("X-Dup", "2"),
        Field("off", "x", False),
    )
    ex = send(RequestSpec(server.url("/"), headers=headers))
    lines = head_lines(server.requests[0])
    assert b"x-API-key: k" in lines
    assert [line for line in lines if line.lower().startswith(b"x-dup")] == [
        b"X-Dup: 1",
        b"X-Dup: 2",
    ]
    assert not any(line.lower().startswith(b"off") for line in lines)
    hop = ex.hops[0]
    assert hop.request is not None
    assert ("x-API-key", "k") in hop.request.headers
    assert [v for n, v in hop.request.headers if n == "X-Dup"] == ["1", "2"]
    assert "x-api-key" not in hop.request.added
    assert "x-dup" not in hop.request.added


def test_header_case_option_off_sends_urllib_title_case(raw_server: MakeRaw) -> None:
    server = raw_server(echo)
    spec = RequestSpec(server.url("/"), headers=(Field("x-API-key", "k"),))
    send(spec.with_options(headers_as_typed=False))
    lines = head_lines(server.requests[0])
    assert b"X-Api-Key: k" in lines


def test_multipart_with_a_text_field_and_a_file(httpserver: HTTPServer, tmp_path: Path) -> None:
    upload = tmp_path / "report.csv"
    upload.write_bytes(b"a,b\r\n1,2\r\n" * 1000)
    received: list[Request] = []
    httpserver.expect_request("/up", method="POST").respond_with_handler(capture(received))
    body = Body(
        kind="multipart",
        parts=(Part("title", "Résumé"), Part("doc", str(upload), is_file=True)),
    )
    ex = send(RequestSpec(httpserver.url_for("/up"), method="POST", body=body))
    assert ex.response is not None
    assert ex.response.status == 200
    [request] = received
    assert request.mimetype == "multipart/form-data"
    assert request.form["title"] == "Résumé"
    doc = request.files["doc"]
    assert doc.filename == "report.csv"
    assert doc.mimetype == "text/csv"
    assert doc.read() == upload.read_bytes()
    assert "Transfer-Encoding" not in request.headers
    assert int(request.headers["Content-Length"]) == len(request.get_data())
    hop = ex.hops[0]
    assert hop.request is not None
    assert hop.request.body_size == len(request.get_data())


def test_file_body_goes_out_with_content_length_not_chunked(
    raw_server: MakeRaw, tmp_path: Path
) -> None:
    payload = tmp_path / "data.json"
    payload.write_bytes(b'{"k": "' + b"v" * 300_000 + b'"}')
    server = raw_server(echo)
    ex = send(
        RequestSpec(server.url("/f"), method="PUT", body=Body(kind="file", path=str(payload)))
    )
    assert ex.error is None
    [request] = server.requests
    lines = head_lines(request)
    assert f"Content-Length: {payload.stat().st_size}".encode() in lines
    assert b"Content-Type: application/json" in lines
    assert not any(b"chunked" in line.lower() for line in lines)
    assert request.split(b"\r\n\r\n", 1)[1] == payload.read_bytes()
    assert ex.hops[0].request is not None
    assert ex.hops[0].request.body_size == payload.stat().st_size


def test_query_params_are_appended_and_encoded(raw_server: MakeRaw) -> None:
    server = raw_server(echo)
    spec = RequestSpec(
        server.url("/s?x=1"),
        params=(Field("q", "a b&c"), Field("off", "1", enabled=False), Field("é", "ü")),
    )
    ex = send(spec)
    assert server.requests[0].startswith(b"GET /s?x=1&q=a+b%26c&%C3%A9=%C3%BC HTTP/1.1")
    assert ex.url == server.url("/s?x=1&q=a+b%26c&%C3%A9=%C3%BC")
