"""Response bodies: decoding, sizes, charsets, progress, streaming to a file, truncation."""

from __future__ import annotations

import gzip
import hashlib
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from servers import MakeRaw, RawConn, respond

from workbench.engine import RequestSpec, send

TEXT = ("line of text that compresses well\n" * 2000).encode()


def chunked(*pieces: bytes) -> bytes:
    """A chunked body with the given chunks and the last-chunk."""
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def serve(raw_server: MakeRaw, answer: bytes) -> str:
    """A server that reads the request and sends `answer`; returns its URL."""

    def script(conn: RawConn) -> None:
        conn.read_request()
        conn.send(answer)

    return raw_server(script).url("/")


def test_gzip_body_is_decoded_and_both_sizes_are_kept(httpserver: HTTPServer) -> None:
    packed = gzip.compress(TEXT)
    httpserver.expect_request("/gz").respond_with_data(
        packed, headers={"Content-Encoding": "gzip"}, content_type="text/plain"
    )
    ex = send(RequestSpec(httpserver.url_for("/gz")))
    assert ex.error is None
    body = ex.body
    assert body.decoded
    assert body.encodings == ("gzip",)
    assert body.size == len(packed) < body.content_size == len(TEXT)
    assert body.decoded_size == len(TEXT)
    assert body.read() == TEXT
    assert body.read_raw() == packed
    assert httpserver.log[0][0].headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    "packed",
    [zlib.compress(TEXT), zlib.compress(TEXT)[2:-4]],
    ids=["zlib-deflate", "raw-deflate"],
)
def test_deflate_with_and_without_the_zlib_wrapper(raw_server: MakeRaw, packed: bytes) -> None:
    url = serve(raw_server, respond("200 OK", [("Content-Encoding", "deflate")], packed))
    ex = send(RequestSpec(url))
    assert ex.body.read() == TEXT
    assert ex.body.size == len(packed)


def test_gzip_over_chunked_with_progress_total_none(raw_server: MakeRaw) -> None:
    packed = gzip.compress(TEXT)
    pieces = [packed[i : i + 1000] for i in range(0, len(packed), 1000)]
    head = [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    url = serve(raw_server, respond("200 OK", head) + chunked(*pieces))
    calls: list[tuple[int, int | None]] = []
    ex = send(RequestSpec(url), progress=lambda got, total: calls.append((got, total)))
    assert ex.error is None
    assert ex.body.read() == TEXT
    assert calls[0] == (0, None)
    assert calls[-1] == (len(packed), None)
    assert all(total is None for _, total in calls)


def test_unknown_encoding_is_kept_raw_with_a_note(raw_server: MakeRaw) -> None:
    url = serve(raw_server, respond("200 OK", [("Content-Encoding", "br")], b"\x8b\x02\x80hi\x03"))
    ex = send(RequestSpec(url))
    assert ex.error is None
    assert not ex.body.decoded
    assert ex.body.decoded_size is None
    assert ex.body.read() == b"\x8b\x02\x80hi\x03"
    assert ex.notes == ("Content-Encoding br is not supported; the body is shown as received.",)


def test_decoding_off_asks_for_nothing_and_keeps_the_compressed_bytes(
    httpserver: HTTPServer,
) -> None:
    packed = gzip.compress(TEXT)
    httpserver.expect_request("/gz").respond_with_data(packed, headers={"Content-Encoding": "gzip"})
    ex = send(RequestSpec(httpserver.url_for("/gz")).with_options(decode=False))
    assert ex.body.read() == packed
    assert ex.body.decoded_size is None
    assert "Decoding is off" in ex.notes[0]
    hop = ex.hops[0]
    assert hop.request is not None  # http.client's own default, marked as added
    assert dict(hop.request.headers)["Accept-Encoding"] == "identity"
    assert "accept-encoding" in hop.request.added


def test_corrupt_gzip_falls_back_to_the_raw_bytes_with_a_note(raw_server: MakeRaw) -> None:
    bad = b"\x1f\x8b\x08\x00garbage-not-gzip" * 3
    url = serve(raw_server, respond("200 OK", [("Content-Encoding", "gzip")], bad))
    ex = send(RequestSpec(url))
    assert ex.body.read() == bad
    assert not ex.body.decoded
    assert ex.notes
    assert ex.notes[0].startswith("Could not decode gzip content")


@pytest.mark.parametrize(
    ("content_type", "data", "charset", "source"),
    [
        ("text/plain; charset=ISO-8859-1", b"caf\xe9", "iso8859-1", "declared in Content-Type"),
        ("text/plain", "café".encode(), "utf-8", "none declared; valid UTF-8"),
        ("text/plain", b"caf\xe9 cr\xe8me", "latin-1", "not valid UTF-8; read as Latin-1"),
        ("text/plain; charset=no-such", b"abc", "utf-8", "'no-such' is unknown; valid UTF-8"),
        ("application/json", '{"a": "é"}'.encode(), "utf-8", "JSON is UTF-8 (RFC 8259)"),
        (
            "text/html",
            b'<meta charset="windows-1252"><p>\x80',
            "cp1252",
            "declared in the document",
        ),
        ("text/plain", b"\xef\xbb\xbfbom", "utf-8-sig", "byte order mark"),
    ],
)
def test_charset_detection_and_its_reason(
    raw_server: MakeRaw, content_type: str, data: bytes, charset: str, source: str
) -> None:
    ex = send(
        RequestSpec(serve(raw_server, respond("200 OK", [("Content-Type", content_type)], data)))
    )
    assert (ex.body.charset, ex.body.charset_source) == (charset, source)
    assert ex.body.text() == data.decode(charset)


def test_binary_body_has_no_text(raw_server: MakeRaw) -> None:
    data = bytes(range(256))
    ex = send(
        RequestSpec(serve(raw_server, respond("200 OK", [("Content-Type", "image/png")], data)))
    )
    assert ex.body.is_binary
    assert ex.body.text() is None
    assert ex.body.read() == data


def test_progress_reports_bytes_and_the_announced_total(httpserver: HTTPServer) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB: several reads
    httpserver.expect_request("/big").respond_with_data(
        data, content_type="application/octet-stream"
    )
    calls: list[tuple[int, int | None]] = []
    ex = send(RequestSpec(httpserver.url_for("/big")), progress=lambda a, b: calls.append((a, b)))
    assert ex.body.size == len(data)
    assert ex.body.read() == data
    assert calls[0] == (0, len(data))
    assert calls[-1] == (len(data), len(data))
    got = [a for a, _ in calls]
    assert got == sorted(got)
    assert len(calls) > 2


def test_out_path_streams_the_decoded_body_into_the_file(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    packed = gzip.compress(TEXT * 5)
    httpserver.expect_request("/dl").respond_with_data(packed, headers={"Content-Encoding": "gzip"})
    target = tmp_path / "out.txt"
    ex = send(RequestSpec(httpserver.url_for("/dl")), out_path=str(target))
    assert ex.error is None
    assert ex.body.saved_to == str(target)
    ex.body.close()
    assert target.read_bytes() == TEXT * 5
    assert ex.body.size == len(packed)


def test_content_length_body_cut_short_keeps_the_bytes(raw_server: MakeRaw) -> None:
    url = serve(raw_server, respond("200 OK", [("Content-Length", "100")], b"0123456789"))
    ex = send(RequestSpec(url))
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.error is not None
    assert ex.error.kind == "protocol"
    assert "10 of 100 bytes" in ex.error.message
    assert ex.body.read() == b"0123456789"
    assert not ex.body.complete


@pytest.mark.parametrize(
    "tail",
    [b"a\r\n01234", b"zz\r\nxx\r\n"],
    ids=["chunk-cut-short", "bad-chunk-size"],
)
def test_broken_chunked_bodies_are_protocol_errors(raw_server: MakeRaw, tail: bytes) -> None:
    answer = respond("200 OK", [("Transfer-Encoding", "chunked")]) + b"5\r\nhello\r\n" + tail
    ex = send(RequestSpec(serve(raw_server, answer)))
    assert ex.error is not None
    assert ex.error.kind == "protocol"
    assert "cut short" in ex.error.message
    assert ex.body.read().startswith(b"hello")
    assert not ex.body.complete


BLOCK = bytes(range(256)) * 4096  # 1 MiB
BLOCKS = 48
TOTAL = len(BLOCK) * BLOCKS


def stream_blocks(chunked_framing: bool) -> Callable[[RawConn], None]:
    """A script sending BLOCKS MiB, with Content-Length or chunked."""

    def script(conn: RawConn) -> None:
        conn.read_request()
        if chunked_framing:
            conn.send(respond("200 OK", [("Transfer-Encoding", "chunked")]))
            for _ in range(BLOCKS):
                conn.send(b"%x\r\n" % len(BLOCK) + BLOCK + b"\r\n")
            conn.send(b"0\r\n\r\n")
        else:
            conn.send(respond("200 OK", [("Content-Length", str(len(BLOCK) * BLOCKS))]))
            for _ in range(BLOCKS):
                conn.send(BLOCK)

    return script


@pytest.mark.parametrize("chunked_framing", [False, True], ids=["length", "chunked"])
@pytest.mark.parametrize("to_file", [False, True], ids=["spooled", "out-path"])
def test_large_body_streams_with_bounded_memory(
    raw_server: MakeRaw, tmp_path: Path, chunked_framing: bool, to_file: bool
) -> None:
    url = raw_server(stream_blocks(chunked_framing)).url("/big")
    target = tmp_path / "big.bin" if to_file else None
    last: list[tuple[int, int | None]] = []
    tracemalloc.start()
    try:
        ex = send(
            RequestSpec(url),
            out_path=str(target) if target else None,
            progress=lambda got, total: last.append((got, total)) if got == TOTAL else None,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert ex.error is None
    assert ex.body.size == TOTAL
    print(f"peak traced memory {peak / 2**20:.1f} MiB")
    assert peak < 16 * 1024 * 1024, f"peak traced memory {peak / 2**20:.1f} MiB"
    assert last == [(TOTAL, None if chunked_framing else TOTAL)]
    digest = hashlib.sha256()
    for chunk in ex.body.iter_content():
        digest.update(chunk)
    assert digest.hexdigest() == hashlib.sha256(BLOCK * BLOCKS).hexdigest()
    if target is not None:
        ex.body.close()
        assert target.stat().st_size == TOTAL


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("size", [100, 3 * 1024 * 1024])  # flushed at the end / failing mid-stream
def test_a_body_that_cannot_be_written_is_this_computers_problem(
    httpserver: HTTPServer, size: int
) -> None:
    httpserver.expect_request("/full").respond_with_data(b"x" * size)
    exchange = send(RequestSpec(httpserver.url_for("/full")), out_path="/dev/full")
    assert exchange.response is not None
    assert exchange.response.status == 200  # the answer did arrive
    assert exchange.error is not None
    assert exchange.error.kind == "file"
    assert "/dev/full" in exchange.error.message
    assert "No space left on device" in exchange.error.message
    assert "disk space" in exchange.error.hint
    exchange.body.close()  # no second error on the way out
