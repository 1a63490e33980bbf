"""Echo endpoints through the engine: /get, /anything, /post, /headers, /user-agent; bodies and methods."""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
from pathlib import Path

from pg_helpers import body_json, fetch, response_of, status_of

from workbench.engine import Body, Field, Part
from workbench.playground import Playground


def test_get_echoes_args_headers_and_origin(playground: Playground) -> None:
    ex = fetch(
        playground.url + "/get?a=1&a=2&b=",
        params=(Field("c", "three"),),
        headers=(Field("X-Custom", "hello"),),
    )
    assert status_of(ex) == 200
    assert response_of(ex).header("Content-Type") == "application/json"
    data = body_json(ex)
    assert data["method"] == "GET"
    assert data["args"] == {"a": ["1", "2"], "b": "", "c": "three"}
    assert data["headers"]["X-Custom"] == "hello"
    assert data["origin"] == "127.0.0.1"
    assert data["url"] == f"{playground.url}/get?a=1&a=2&b=&c=three"


def test_anything_takes_any_method_sub_path_and_body(playground: Playground) -> None:
    ex = fetch(
        playground.url + "/anything/deep/path?x=1",
        method="PURGE",
        body=Body(kind="raw", text='{"k": [1, 2]}', content_type="application/json"),
    )
    data = body_json(ex)
    assert data["method"] == "PURGE"
    assert data["path"] == "/anything/deep/path"
    assert data["args"] == {"x": "1"}
    assert data["json"] == {"k": [1, 2]}
    assert data["data"] == '{"k": [1, 2]}'
    assert data["body_size"] == len('{"k": [1, 2]}')


def test_anything_shows_binary_data_as_base64(playground: Playground) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", playground.port, timeout=10)
    conn.request("POST", "/anything", body=b"\xff\x00\xfe", headers={"Content-Type": "x/y"})
    data = json.loads(conn.getresponse().read())
    conn.close()
    assert data["data"] == "data:application/octet-stream;base64,/wD+"


def test_post_urlencoded_form(playground: Playground) -> None:
    form = (Field("name", "Ada Lovelace"), Field("tag", "a"), Field("tag", "b&c"))
    data = body_json(
        fetch(playground.url + "/post", method="POST", body=Body(kind="form", fields=form))
    )
    assert data["form"] == {"name": "Ada Lovelace", "tag": ["a", "b&c"]}
    assert data["files"] == {}
    assert data["data"] == ""


def test_post_multipart_fields_and_files(playground: Playground, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    notes = tmp_path / "notes.txt"
    notes.write_text("héllo\n", encoding="utf-8")
    parts = (
        Part("title", "Holiday"),
        Part("upload", str(photo), is_file=True, content_type="image/png"),
        Part("upload", str(notes), is_file=True, filename="renamed.txt"),
    )
    data = body_json(
        fetch(playground.url + "/post", method="POST", body=Body(kind="multipart", parts=parts))
    )
    assert data["form"] == {"title": "Holiday"}
    first, second = data["files"]["upload"]
    assert first == {
        "filename": "photo.png",
        "content_type": "image/png",
        "size": photo.stat().st_size,
        "sha256": hashlib.sha256(photo.read_bytes()).hexdigest(),
    }
    assert second["filename"] == "renamed.txt"
    assert second["size"] == len("héllo\n".encode())
    assert second["content_type"].startswith("text/plain")


def test_post_accepts_put_and_patch_but_not_get(playground: Playground) -> None:
    for method in ("PUT", "PATCH"):
        data = body_json(
            fetch(playground.url + "/post", method=method, body=Body(kind="raw", text="x"))
        )
        assert (data["method"], data["data"]) == (method, "x")
    ex = fetch(playground.url + "/post")
    assert status_of(ex) == 405
    assert response_of(ex).header("Allow") == "POST, PUT, PATCH, OPTIONS"
    assert "does not take GET" in (ex.body.text() or "")


def test_headers_and_user_agent(playground: Playground) -> None:
    data = body_json(fetch(playground.url + "/headers", headers=(Field("X-One", "1"),)))
    assert data["headers"]["X-One"] == "1"
    assert data["headers"]["Host"] == f"127.0.0.1:{playground.port}"
    data = body_json(
        fetch(playground.url + "/user-agent", headers=(Field("User-Agent", "probe/9"),))
    )
    assert data == {"user-agent": "probe/9"}


def test_head_has_headers_but_no_body(playground: Playground) -> None:
    ex = fetch(playground.url + "/get", method="HEAD")
    assert status_of(ex) == 200
    assert int(response_of(ex).header("Content-Length") or 0) > 0
    assert ex.body.size == 0


def test_options_lists_allowed_methods(playground: Playground) -> None:
    ex = fetch(playground.url + "/get", method="OPTIONS")
    assert status_of(ex) == 200
    assert response_of(ex).header("Allow") == "GET, HEAD, OPTIONS"


def test_chunked_request_body_is_read(playground: Playground) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", playground.port, timeout=10)
    conn.request("POST", "/post", body=iter([b"abc", b"def"]), encode_chunked=True)
    data = json.loads(conn.getresponse().read())
    conn.close()
    assert data["data"] == "abcdef"


def test_too_large_body_is_refused_without_reading_it(playground: Playground) -> None:
    with socket.create_connection(("127.0.0.1", playground.port), timeout=10) as sock:
        sock.sendall(b"POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n")
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"limited to 64 MiB" in answer
    assert b"Connection: close" in answer


def test_bad_content_length_is_a_400(playground: Playground) -> None:
    with socket.create_connection(("127.0.0.1", playground.port), timeout=10) as sock:
        sock.sendall(b"POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n")
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"is not a number of bytes" in answer


def test_multipart_without_closing_boundary_is_a_400(playground: Playground) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", playground.port, timeout=10)
    body = b'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
    conn.request(
        "POST", "/post", body=body, headers={"Content-Type": "multipart/form-data; boundary=XX"}
    )
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    assert response.status == 400
    assert "closing boundary" in text


def test_keep_alive_serves_several_requests_on_one_connection(playground: Playground) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", playground.port, timeout=10)
    for n in range(3):
        conn.request("GET", f"/get?n={n}")
        assert json.loads(conn.getresponse().read())["args"] == {"n": str(n)}
    conn.close()
    assert [r.path for r in playground.requests[-3:]] == ["/get?n=0", "/get?n=1", "/get?n=2"]


def test_recent_requests_record_method_path_and_status(playground: Playground) -> None:
    playground.clear_logs()
    fetch(playground.url + "/status/404")
    fetch(playground.url + "/get?q=1", method="HEAD")
    assert [(r.method, r.path, r.status) for r in playground.requests] == [
        ("GET", "/status/404", 404),
        ("HEAD", "/get?q=1", 200),
    ]
