"""Body text for display: streaming JSON indentation, hex dumps, pieces, and which view modes a body gets."""

from __future__ import annotations

import json

import pytest
from uihelpers import make_payload

from workbench.ui import pretty
from workbench.ui.pretty import BodyPieces, JsonIndenter, hexdump, modes_for

DOCS = [
    {"a": [1, 2, {"b": None, "c": []}], "d": {}, "e": 'quote " and \\ backslash', "f": [[]]},
    [],
    {},
    "just a string",
    -1.5e10,
    [{"k": [True, False, {"z": {}}]}],
    {"unicode": "é ü 😀", "escaped": "\u00e9\n"},
]


@pytest.mark.parametrize("doc", DOCS)
def test_indenter_matches_json_dumps_at_every_split(doc: object) -> None:
    source = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    expected = json.dumps(doc, indent=2, ensure_ascii=False)
    for cut in range(len(source) + 1):
        indenter = JsonIndenter()
        assert indenter.feed(source[:cut]) + indenter.feed(source[cut:], final=True) == expected


def test_indenter_keeps_the_text_as_sent() -> None:
    source = '{"n": 1.50, "n": 1e5, "s": "\\u00e9"}'  # duplicate keys, number spelling, escapes
    out = JsonIndenter().feed(source, final=True)
    assert out == '{\n  "n": 1.50,\n  "n": 1e5,\n  "s": "\\u00e9"\n}'


def test_indenter_puts_ndjson_values_on_their_own_lines() -> None:
    assert JsonIndenter().feed('{"a":1}\n{"b":2}', final=True) == '{\n  "a": 1\n}\n{\n  "b": 2\n}'


def test_indenter_notices_unbalanced_brackets() -> None:
    indenter = JsonIndenter()
    indenter.feed("[1]]", final=True)
    assert indenter.broken


def test_hexdump_layout() -> None:
    dump = hexdump(b"Hello World\n\x00\x01abcdefghijkl", 16)
    assert dump.splitlines() == [
        "00000010  48 65 6c 6c 6f 20 57 6f  72 6c 64 0a 00 01 61 62  |Hello World...ab|",
        "00000020  63 64 65 66 67 68 69 6a  6b 6c                    |cdefghijkl|",
    ]
    assert hexdump(b"") == ""


def test_pieces_of_a_large_json_body_add_up_to_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pretty.PIECE_BYTES, "json", 1000)
    doc = [{"id": i, "name": f"user {i}", "tags": ["a", "b"]} for i in range(300)]
    payload = make_payload(json.dumps(doc).encode(), "application/json")
    pieces = BodyPieces(payload, "json")
    texts = []
    while True:
        piece = pieces.next()
        texts.append(piece.text)
        if piece.done:
            break
    assert len(texts) > 5
    assert "".join(texts) == json.dumps(doc, indent=2)
    assert piece.end == payload.content_size


def test_invalid_small_json_says_where() -> None:
    payload = make_payload(b'{"a": 1,}', "application/json")
    piece = BodyPieces(payload, "json").next()
    assert piece.done
    assert "not valid JSON" in piece.note
    assert "line 1" in piece.note


def test_hex_pieces_continue_the_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pretty.PIECE_BYTES, "hex", 32)
    pieces = BodyPieces(make_payload(bytes(range(80))), "hex")
    text = pieces.next().text + pieces.next().text + pieces.next().text
    assert [line[:8] for line in text.splitlines()] == [
        "00000000",
        "00000010",
        "00000020",
        "00000030",
        "00000040",
    ]


def test_text_pieces_decode_across_a_cut_character(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pretty.PIECE_BYTES, "text", 3)
    payload = make_payload("aé😀z".encode(), "text/plain; charset=utf-8")
    pieces = BodyPieces(payload, "text")
    out = ""
    while not (piece := pieces.next()).done:
        out += piece.text
    assert out + piece.text == "aé😀z"


@pytest.mark.parametrize(
    ("media", "binary", "head", "modes", "default"),
    [
        ("application/json", False, b"{}", ("pretty", "raw", "hex"), "pretty"),
        ("application/problem+json", False, b"{}", ("pretty", "raw", "hex"), "pretty"),
        ("", False, b" [1]", ("pretty", "raw", "hex"), "pretty"),
        ("text/html", False, b"<html>", ("pretty", "raw", "hex", "rendered"), "pretty"),
        ("application/xml", False, b"<a/>", ("pretty", "raw", "hex"), "pretty"),
        ("image/svg+xml", False, b"<svg/>", ("pretty", "raw", "hex", "image"), "pretty"),
        ("text/plain", False, b"hi", ("raw", "hex"), "raw"),
        ("image/png", True, b"\x89PNG", ("image", "hex"), "image"),
        ("application/octet-stream", True, b"\x00", ("hex",), "hex"),
        ("text/plain", False, b"", ("raw",), "raw"),
    ],
)
def test_modes_for(
    media: str, binary: bool, head: bytes, modes: tuple[str, ...], default: str
) -> None:
    found = modes_for(media, binary, head)
    assert found.modes == modes
    assert found.default == default


def test_long_strings_stream_out_before_they_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pretty, "LONG_STRING", 4)
    doc = {"blob": "x" * 40 + '\\"q' + "y\\\\" * 5, "list": [1, "long string here"]}
    source = json.dumps(doc, separators=(",", ":"))
    expected = json.dumps(doc, indent=2)
    for step in (1, 2, 3, 7):
        indenter = JsonIndenter()
        parts = [indenter.feed(source[i : i + step]) for i in range(0, len(source), step)]
        assert "".join(parts) + indenter.feed("", final=True) == expected
    indenter = JsonIndenter()
    assert indenter.feed('{"blob": "' + "z" * 30) == '{\n  "blob": "' + "z" * 30  # no need to wait


def test_a_cut_off_body_still_shows_its_start() -> None:
    indenter = JsonIndenter()
    text = indenter.feed('{"a": "unfinished', final=True)
    assert text == '{\n  "a": "unfinished'
