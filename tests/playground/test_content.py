"""Sample bodies, compression decoded by the engine, the index and 404 pages, HEAD everywhere."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest
from pg_helpers import body_json, fetch, response_of, status_of

from workbench.engine import Field, Options
from workbench.playground import Playground

REQUIRED = {
    "/get", "/anything/{path...}", "/post", "/headers", "/user-agent", "/status/{code}",
    "/redirect/{n}", "/redirect-to", "/absolute-redirect/{n}", "/redirect-loop",
    "/basic-auth/{user}/{password}", "/digest-auth/{qop}/{user}/{password}[/{algorithm}]",
    "/bearer", "/cookies", "/cookies/set", "/cookies/delete", "/delay/{seconds}", "/drip",
    "/bytes/{n}", "/stream-bytes/{n}", "/gzip", "/deflate", "/json", "/xml", "/html",
    "/image/png", "/etag/{etag}", "/response-headers", "/encoding/utf8",
}  # fmt: skip
FAST = {
    "/delay/2": "/delay/0.05",
    "/drip?numbytes=20&duration=4&delay=1&code=200": "/drip?numbytes=5&duration=0.1&delay=0.05",
}
"""Quicker versions of the slow examples."""
GET_EXAMPLES = [
    FAST.get(str(e["example"]), str(e["example"]))
    for e in Playground.endpoints()
    if e["example"] and ("GET" in e["methods"] or "*" in e["methods"])  # type: ignore[operator]
]


@pytest.mark.parametrize(("path", "flag"), [("/gzip", "gzipped"), ("/deflate", "deflated")])
def test_compressed_bodies_are_decoded_by_the_engine(
    playground: Playground, path: str, flag: str
) -> None:
    ex = fetch(playground.url + path + "?k=v")
    coding = path.strip("/")
    assert response_of(ex).header("Content-Encoding") == coding
    assert ex.body.decoded
    data = body_json(ex)
    assert data[flag] is True
    assert data["args"] == {"k": "v"}
    assert ex.body.size < ex.body.content_size  # the wire bytes were compressed


def test_deflate_is_zlib_wrapped(playground: Playground) -> None:
    ex = fetch(playground.url + "/deflate", options=Options(decode=False))
    raw = ex.body.read_raw()
    assert raw[0] & 0x0F == 8  # zlib header: method deflate
    assert b'"deflated": true' in zlib.decompress(raw)


def test_json_sample(playground: Playground) -> None:
    data = body_json(fetch(playground.url + "/json"))
    assert data["slideshow"]["title"] == "Sample Slide Show"


def test_xml_sample(playground: Playground) -> None:
    ex = fetch(playground.url + "/xml")
    assert response_of(ex).header("Content-Type") == "application/xml"
    assert ET.fromstring(ex.body.read()).tag == "slideshow"


def test_html_sample_has_no_script(playground: Playground) -> None:
    ex = fetch(playground.url + "/html")
    text = ex.body.text() or ""
    assert text.startswith("<!DOCTYPE html>")
    assert "Moby-Dick" in text
    assert "<script" not in text


def test_png_is_a_valid_image(playground: Playground) -> None:
    ex = fetch(playground.url + "/image/png")
    assert response_of(ex).header("Content-Type") == "image/png"
    assert ex.body.is_binary
    data = ex.body.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, {}
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, payload = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + payload)
        chunks[kind] = payload
        offset += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert (width, height) == (32, 32)
    assert len(zlib.decompress(chunks[b"IDAT"])) == 32 * (1 + 32 * 3)
    assert b"IEND" in chunks


def test_utf8_text(playground: Playground) -> None:
    ex = fetch(playground.url + "/encoding/utf8")
    assert ex.body.charset is not None
    assert ex.body.charset.lower().replace("-", "") == "utf8"
    text = ex.body.text() or ""
    assert "日本語" in text
    assert "Ελληνικά" in text


def test_index_documents_every_endpoint(playground: Playground) -> None:
    ex = fetch(playground.url + "/")
    text = ex.body.text() or ""
    assert response_of(ex).header("Content-Type") == "text/html; charset=utf-8"
    patterns = [str(e["path"]) for e in Playground.endpoints()]
    assert set(patterns) >= REQUIRED
    for pattern in patterns:
        assert f"<code>{pattern}</code>" in text
    assert "<script" not in text
    assert not re.search(r"(src|href)=['\"]https?://", text)  # nothing remote


def test_endpoints_json(playground: Playground) -> None:
    data = body_json(fetch(playground.url + "/endpoints.json"))
    assert data["endpoints"] == Playground.endpoints()
    by_path = {e["path"]: e for e in data["endpoints"]}
    assert by_path["/get"]["methods"] == ["GET", "HEAD", "OPTIONS"]
    assert by_path["/anything/{path...}"]["methods"] == ["*"]


def test_unknown_path_is_a_helpful_404(playground: Playground) -> None:
    ex = fetch(playground.url + "/no/such/thing")
    assert status_of(ex) == 404
    text = ex.body.text() or ""
    assert "no endpoint at <code>/no/such/thing</code>" in text
    assert "<code>/basic-auth/{user}/{password}</code>" in text


def test_absolute_form_request_is_understood(playground: Playground) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", playground.port), timeout=10) as sock:
        sock.sendall(
            f"GET {playground.url}/get?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".encode()
        )
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert b'"x": "1"' in answer


@pytest.mark.parametrize("path", GET_EXAMPLES)
def test_head_works_for_every_get_endpoint(playground: Playground, path: str) -> None:
    options = Options(follow_redirects=False)
    got = fetch(
        playground.url + path, options=options, headers=(Field("Authorization", "Bearer t"),)
    )
    head = fetch(
        playground.url + path,
        method="HEAD",
        options=options,
        headers=(Field("Authorization", "Bearer t"),),
    )
    assert status_of(head) == status_of(got)
    assert head.error is None
    assert head.body.size == 0
    length = response_of(head).header("Content-Length")
    if response_of(got).header("Content-Encoding"):
        assert length is not None  # compressed: the sizes of GET and HEAD echoes need not match
    elif b'"method": "GET"' in got.body.read(0, 100):  # an echo: HEAD is one letter longer than GET
        assert length == str(got.body.size + 1)
    elif response_of(got).header("Transfer-Encoding") != "chunked":
        assert length == str(got.body.size)
