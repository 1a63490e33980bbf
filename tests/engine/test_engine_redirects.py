"""Redirects: every hop recorded, method and body rules, limits, no-follow, secrets across origins."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from servers import Handler, MakeRaw, RawConn, echo, respond
from werkzeug import Request, Response

from workbench.engine import Auth, Body, Exchange, Field, RequestSpec, send

FORM = Body(kind="form", fields=(Field("a", "1"), Field("b", "2")))


def redirect(httpserver: HTTPServer, path: str, status: int, location: str) -> None:
    httpserver.expect_request(path).respond_with_data(
        f"moved to {location}", status=status, headers={"Location": location}
    )


def recorder(log: list[tuple[str, str, bytes, dict[str, str]]], answer: Response) -> Handler:
    def handler(request: Request) -> Response:
        log.append((request.method, request.path, request.get_data(), dict(request.headers)))
        return answer

    return handler


def statuses(ex: Exchange) -> list[int]:
    return [hop.response.status for hop in ex.hops if hop.response is not None]


def test_301_302_307_308_chain_with_post_records_every_hop(httpserver: HTTPServer) -> None:
    for path, status, target in [
        ("/r1", 301, "/r2"),
        ("/r2", 302, "/r3"),
        ("/r3", 307, "/r4"),
        ("/r4", 308, "/end"),
    ]:
        redirect(httpserver, path, status, target)
    httpserver.expect_request("/end").respond_with_data("done")
    ex = send(RequestSpec(httpserver.url_for("/r1"), method="POST", body=FORM))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.response.url == httpserver.url_for("/end")
    assert statuses(ex) == [301, 302, 307, 308, 200]
    sent = [(h.request.method, h.request.target, h.request.body_size) for h in ex.hops if h.request]
    assert sent == [
        ("POST", "/r1", 7),
        ("GET", "/r2", 0),
        ("GET", "/r3", 0),
        ("GET", "/r4", 0),
        ("GET", "/end", 0),
    ]
    assert [h.number for h in ex.hops] == [1, 2, 3, 4, 5]
    assert "301 turned POST into GET; the body was not re-sent." in ex.hops[1].notes
    assert f"Redirected here by 308 from {httpserver.url_for('/r4')}." in ex.hops[4].notes
    get_hop = ex.hops[1].request
    assert get_hop is not None
    assert not {"content-type", "content-length"} & {n.lower() for n, _ in get_hop.headers}
    assert [r.method for r, _ in httpserver.log] == ["POST", "GET", "GET", "GET", "GET"]


def test_307_and_308_keep_the_post_method_and_body_bytes(httpserver: HTTPServer) -> None:
    log: list[tuple[str, str, bytes, dict[str, str]]] = []
    for path, status, target in [("/a", 307, "/b"), ("/b", 308, "/c")]:
        answer = Response("", status=status, headers={"Location": target})
        httpserver.expect_request(path).respond_with_handler(recorder(log, answer))
    httpserver.expect_request("/c").respond_with_handler(recorder(log, Response("ok")))
    ex = send(RequestSpec(httpserver.url_for("/a"), method="POST", body=FORM))
    assert statuses(ex) == [307, 308, 200]
    assert [(m, p, b) for m, p, b, _ in log] == [
        ("POST", p, b"a=1&b=2") for p in ("/a", "/b", "/c")
    ]
    assert all(h["Content-Type"] == "application/x-www-form-urlencoded" for *_, h in log)
    assert [hop.request.body_preview for hop in ex.hops if hop.request] == [b"a=1&b=2"] * 3


def test_put_with_a_file_body_keeps_method_and_body_through_every_redirect(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    upload = tmp_path / "payload.bin"
    upload.write_bytes(b"payload" * 1000)
    log: list[tuple[str, str, bytes, dict[str, str]]] = []
    for path, status, target in [
        ("/p1", 301, "/p2"),
        ("/p2", 302, "/p3"),
        ("/p3", 307, "/p4"),
        ("/p4", 308, "/p5"),
    ]:
        answer = Response("", status=status, headers={"Location": target})
        httpserver.expect_request(path).respond_with_handler(recorder(log, answer))
    httpserver.expect_request("/p5").respond_with_handler(recorder(log, Response("ok")))
    spec = RequestSpec(
        httpserver.url_for("/p1"), method="PUT", body=Body(kind="file", path=str(upload))
    )
    ex = send(spec)
    assert statuses(ex) == [301, 302, 307, 308, 200]
    assert [(m, b) for m, _, b, _ in log] == [("PUT", b"payload" * 1000)] * 5
    assert all(h["Content-Length"] == "7000" for *_, h in log)


def test_303_after_put_becomes_get_without_body_or_content_headers(httpserver: HTTPServer) -> None:
    log: list[tuple[str, str, bytes, dict[str, str]]] = []
    redirect(httpserver, "/put", 303, "/see")
    httpserver.expect_request("/see").respond_with_handler(recorder(log, Response("ok")))
    ex = send(RequestSpec(httpserver.url_for("/put"), method="PUT", body=FORM))
    assert statuses(ex) == [303, 200]
    [(method, _, body, headers)] = log
    assert (method, body) == ("GET", b"")
    assert "Content-Type" not in headers
    assert "Content-Length" not in headers
    assert "303 turned PUT into GET; the body was not re-sent." in ex.hops[1].notes


def test_head_stays_head_after_302(httpserver: HTTPServer) -> None:
    redirect(httpserver, "/h", 302, "/h2")
    httpserver.expect_request("/h2").respond_with_data("body not sent for HEAD")
    ex = send(RequestSpec(httpserver.url_for("/h"), method="HEAD"))
    assert [h.request.method for h in ex.hops if h.request] == ["HEAD", "HEAD"]
    assert [r.method for r, _ in httpserver.log] == ["HEAD", "HEAD"]
    assert ex.body.read() == b""


def test_redirect_loop_is_a_redirect_error_with_the_hops_kept(httpserver: HTTPServer) -> None:
    redirect(httpserver, "/loop", 302, "/loop")
    ex = send(RequestSpec(httpserver.url_for("/loop")).with_options(max_redirects=3))
    assert ex.error is not None
    assert ex.error.kind == "redirect"
    assert ex.error.message == (
        f"Redirect loop: the server keeps sending the request back to {httpserver.url_for('/loop')} "
        "(stopped after 4 requests)."
    )
    assert ex.response is None
    assert statuses(ex) == [302, 302, 302, 302]
    assert len(httpserver.log) == 4


def test_max_redirects_stops_a_longer_chain(httpserver: HTTPServer) -> None:
    for i in range(1, 6):
        redirect(httpserver, f"/c{i}", 302, f"/c{i + 1}")
    httpserver.expect_request("/c6").respond_with_data("end")
    ex = send(RequestSpec(httpserver.url_for("/c1")).with_options(max_redirects=3))
    assert ex.error is not None
    assert ex.error.kind == "redirect"
    assert ex.error.message == "Too many redirects: more than 3 (stopped after 4 requests)."
    assert len(ex.hops) == 4
    assert ex.final_url == httpserver.url_for("/c4")


def test_no_follow_shows_the_redirect_itself(httpserver: HTTPServer) -> None:
    redirect(httpserver, "/old", 302, "/new")
    ex = send(RequestSpec(httpserver.url_for("/old")).with_options(follow_redirects=False))
    assert ex.error is None
    assert ex.response is not None
    assert (ex.response.status, ex.response.header("Location")) == (302, "/new")
    assert ex.response.url == httpserver.url_for("/old")
    assert ex.body.read() == b"moved to /new"
    [hop] = ex.hops
    assert "Not followed (follow redirects is off): Location /new" in hop.notes
    assert len(httpserver.log) == 1


def test_redirect_to_a_file_url_is_not_followed(httpserver: HTTPServer) -> None:
    redirect(httpserver, "/evil", 302, "file:///etc/passwd")
    ex = send(RequestSpec(httpserver.url_for("/evil")))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 302
    assert ex.response.url == httpserver.url_for("/evil")
    assert (
        "Not followed: redirects to file: URLs are not allowed (file:///etc/passwd)."
        in ex.hops[0].notes
    )
    assert b"root:" not in ex.body.read()


def test_relative_location_with_space_and_latin1_byte_is_percent_encoded(
    raw_server: MakeRaw,
) -> None:
    def script(conn: RawConn) -> None:
        request = conn.read_request()
        if request.startswith(b"GET /start "):
            conn.send(respond("302 Found", [("Location", "/a b/\xe9")]))
        else:
            conn.send(respond("200 OK", [], b"ok"))

    server = raw_server(script)
    ex = send(RequestSpec(server.url("/start")))
    assert ex.error is None
    assert server.requests[1].startswith(b"GET /a%20b/%E9 HTTP/1.1\r\n")
    assert ex.response is not None
    assert ex.response.url == server.url("/a%20b/%E9")


SECRETS = (Field("Authorization", "Bearer s3cret"), Field("Cookie", "session=abc"))
API_KEY = Auth(kind="apikey", key_name="X-Api-Key", key_value="k-123")


def test_cross_origin_redirect_drops_authorization_cookie_and_api_key(
    httpserver: HTTPServer, raw_server: MakeRaw
) -> None:
    other = raw_server(echo)
    redirect(httpserver, "/go", 302, other.url("/landing"))
    ex = send(RequestSpec(httpserver.url_for("/go"), headers=SECRETS, auth=API_KEY))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 200
    first = httpserver.log[0][0].headers
    assert (first["Authorization"], first["Cookie"], first["X-Api-Key"]) == (
        "Bearer s3cret",
        "session=abc",
        "k-123",
    )
    [landing] = other.requests
    lowered = landing.lower()
    assert b"authorization" not in lowered
    assert b"cookie" not in lowered
    assert b"x-api-key" not in lowered
    assert b"s3cret" not in landing
    assert b"k-123" not in landing
    note = next(n for n in ex.hops[1].notes if n.startswith("Dropped on redirect"))
    assert note == (
        f"Dropped on redirect to another origin (http://127.0.0.1:{httpserver.port} → "
        f"http://127.0.0.1:{other.port}): Authorization, Cookie, X-Api-Key."
    )
    assert "x-api-key" in ex.secret_headers


def test_same_origin_redirect_keeps_the_secret_headers(httpserver: HTTPServer) -> None:
    log: list[tuple[str, str, bytes, dict[str, str]]] = []
    redirect(httpserver, "/go", 302, "/stay")
    httpserver.expect_request("/stay").respond_with_handler(recorder(log, Response("ok")))
    ex = send(RequestSpec(httpserver.url_for("/go"), headers=SECRETS, auth=API_KEY))
    [(_, _, _, headers)] = log
    assert (headers["Authorization"], headers["Cookie"], headers["X-Api-Key"]) == (
        "Bearer s3cret",
        "session=abc",
        "k-123",
    )
    assert not any(n.startswith("Dropped") for hop in ex.hops for n in hop.notes)


def test_redirect_to_another_host_name_drops_a_user_host_header(
    httpserver: HTTPServer, raw_server: MakeRaw
) -> None:
    other = raw_server(echo)
    target = f"http://localhost:{other.port}/landing"  # /etc/hosts: no DNS query
    redirect(httpserver, "/go", 302, target)
    headers = (*SECRETS, Field("Host", f"127.0.0.1:{httpserver.port}"))
    ex = send(RequestSpec(httpserver.url_for("/go"), headers=headers))
    assert ex.error is None
    [landing] = other.requests
    assert f"\r\nHost: localhost:{other.port}\r\n".encode() in landing
    assert b"s3cret" not in landing
    assert b"session=abc" not in landing
    assert ex.hops[1].notes[-2].endswith(": Authorization, Cookie, Host.")


def test_redirect_without_location_is_shown_with_a_note(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/nowhere").respond_with_data("page", status=302)
    ex = send(RequestSpec(httpserver.url_for("/nowhere")))
    assert ex.response is not None
    assert ex.response.status == 302
    assert ex.hops[0].notes == (
        "Direct: no proxy variable is set in the environment.",
        "302 without a Location header: nothing to follow.",
    )


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("http://127.0.0.1:99999/x", "The port 99999 is out of range (1-65535)."),
        ("http://[::1/x", "Invalid IPv6 URL."),
    ],
)
def test_unusable_location_leaves_the_redirect_as_the_response(
    raw_server: MakeRaw, location: str, why: str
) -> None:
    def script(conn: RawConn) -> None:
        conn.read_request()
        conn.send(respond("301 Moved Permanently", [("Location", location)], b"moved"))

    ex = send(RequestSpec(raw_server(script).url("/bad")))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 301
    assert ex.body.read() == b"moved"
    assert ex.hops[0].notes == (
        "Direct: no proxy variable is set in the environment.",
        f"Not followed: the Location {location!r} is not usable: {why}",
    )
