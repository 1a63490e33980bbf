"""Body text for display: JSON re-indented as it streams, hex dumps, and pieces read on demand. No Qt.

A large body is never formatted whole. `BodyPieces` reads the content a piece at a time (on the thread
pool) and each piece is appended to the view, so the first screen appears at once and the rest follows when
asked for. JSON is re-indented token by token rather than parsed, which keeps duplicate keys, number
spelling and escapes exactly as the server sent them, and never holds the GIL for a whole parse.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import NamedTuple

from workbench.engine.body import Payload

PIECE_BYTES = {"json": 256 * 1024, "text": 128 * 1024, "hex": 64 * 1024}
"""Content bytes per piece, per mode: small enough to show in well under 100 ms."""
VALIDATE_LIMIT = 256 * 1024
"""JSON up to this size is also parsed once, to say where it is invalid."""

_JSON_TOKEN = re.compile(r'("(?:[^"\\]+|\\.)*(")?|[{}\[\],:]|[^\s{}\[\],:"]+|\s+)', re.S)
_STRING_REST = re.compile(r'(?:[^"\\]+|\\.)*')
LONG_STRING = 64 * 1024
"""A string longer than this is written out before its end arrives."""
_VALUE_START = '"{['
_OTHER = "}],: \t\r\n"
_PRINTABLE = bytes(b if 32 <= b < 127 else ord(".") for b in range(256))


class JsonIndenter:
    """Re-indents JSON text fed in chunks, the way ``json.dumps(indent=2)`` lays it out."""

    def __init__(self, indent: str = "  ") -> None:
        self.indent = indent
        self.depth = 0
        self.pending = ""
        """An opening bracket not written yet, so that ``{}`` and ``[]`` stay on one line."""
        self.carry = ""
        self.top_done = False
        """A whole top-level value was written: the next one (NDJSON) starts on a new line."""
        self.broken = False
        """More closing than opening brackets were seen: the text is not JSON."""
        self.in_string = False
        """Inside a long string that was written out before its closing quote arrived."""

    def _string_rest(self, text: str, final: bool, out: list[str]) -> str:
        """Write the rest of a long string; returns the text after its closing quote."""
        end = _STRING_REST.match(text).end()  # type: ignore[union-attr]  # matches '' at least
        if end < len(text) and text[end] == '"':
            out.append(text[: end + 1])
            self.in_string = False
            self.top_done = self.depth == 0
            return text[end + 1 :]
        keep = 0 if final else len(text) - end  # a trailing backslash waits for its pair
        out.append(text[: len(text) - keep])
        self.carry = text[len(text) - keep :]
        return ""

    def feed(self, text: str, final: bool = False) -> str:
        """The indented text for `text`; a token cut at the end is held back until the next call."""
        text, self.carry = self.carry + text, ""
        out: list[str] = []
        if self.in_string:
            text = self._string_rest(text, final, out)
        tokens = _JSON_TOKEN.findall(text)
        if tokens and not final and tokens[-1][0][0] != '"':
            self.carry = tokens.pop()[0]  # a number or word may go on in the next chunk
        self._indent(tokens, final, out)
        if final and self.pending:
            out.append(self.pending)
            self.pending = ""
        return "".join(out)

    def _indent(self, tokens: list[tuple[str, str]], final: bool, out: list[str]) -> None:
        # One tight loop: this runs once per token of bodies many megabytes long.
        depth, pending, top_done, ind = self.depth, self.pending, self.top_done, self.indent
        for index, (token, closed) in enumerate(tokens):
            first = token[0]
            if first in _VALUE_START or first not in _OTHER:
                if first == '"' and not closed and not final and len(token) < LONG_STRING:
                    self.carry = "".join(t for t, _ in tokens[index:]) + self.carry
                    break
                if pending:
                    depth += 1
                    out.append(pending + "\n" + ind * depth)
                    pending = ""
                elif depth == 0 and top_done:
                    out.append("\n")
                if first in "{[":
                    pending, top_done = token, False
                elif first == '"' and not closed and not final:
                    # A huge string (a base64 blob) streams out instead of waiting for its end.
                    out.append(token)
                    self.carry = "".join(t for t, _ in tokens[index + 1 :]) + self.carry
                    self.in_string = True
                    break
                else:
                    out.append(token)
                    top_done = depth == 0
            elif first == ",":
                if pending:
                    depth += 1
                    out.append(pending + "\n" + ind * depth)
                    pending = ""
                out.append(",\n" + ind * depth)
            elif first == ":":
                out.append(": ")
            elif first in "}]":
                if pending:
                    out.append(pending + token)
                    pending = ""
                else:
                    depth -= 1
                    if depth < 0:
                        self.broken, depth = True, 0
                    out.append("\n" + ind * depth + token)
                top_done = depth == 0
        self.depth, self.pending, self.top_done = depth, pending, top_done


def hexdump(data: bytes, base: int = 0) -> str:
    """Classic 16-bytes-a-line dump: offset, hex in two groups of eight, printable ASCII."""
    lines = []
    for start in range(0, len(data), 16):
        row = data[start : start + 16]
        left, right = row[:8].hex(" "), row[8:].hex(" ")
        ascii_text = row.translate(_PRINTABLE).decode("ascii")
        lines.append(f"{base + start:08x}  {left:<23}  {right:<23}  |{ascii_text}|")
    return "\n".join(lines) + ("\n" if lines else "")


class Piece(NamedTuple):
    """One stretch of display text and how far into the content it reaches."""

    text: str
    end: int
    """Content bytes consumed so far."""
    done: bool
    note: str = ""


class BodyPieces:
    """Reads a payload as display text, one piece per call, for one mode: ``json``, ``text`` or ``hex``."""

    def __init__(self, payload: Payload, mode: str) -> None:
        self.payload = payload
        self.mode = mode
        self.offset = 0
        self.decoder = codecs.getincrementaldecoder(payload.charset or "utf-8")(errors="replace")
        self.indenter = JsonIndenter() if mode == "json" else None

    def next(self) -> Piece:
        """The next piece (empty and done at the end). Call from one thread at a time."""
        total = self.payload.content_size
        data = self.payload.read(self.offset, PIECE_BYTES[self.mode])
        start, self.offset = self.offset, self.offset + len(data)
        done = self.offset >= total or not data
        if self.mode == "hex":
            text = hexdump(data, start)
            return Piece(text.removesuffix("\n") if done else text, self.offset, done)
        text = self.decoder.decode(data, final=done)
        note = ""
        if self.indenter is not None:
            if (
                start == 0
                and done
                and total <= VALIDATE_LIMIT
                and "ndjson" not in self.payload.media_type
            ):
                note = json_problem(text)
            text = self.indenter.feed(text, final=done)
            if done and self.indenter.broken and not note:
                note = "The body is not valid JSON: it closes more brackets than it opens."
        return Piece(text, self.offset, done, note)


def json_problem(text: str) -> str:
    """'' for valid JSON, else where it breaks, in words."""
    try:
        json.loads(text)
    except ValueError as exc:
        return f"The body is not valid JSON ({exc}); the indentation below may be off."
    return ""


class BodyModes(NamedTuple):
    """How a body can be shown, which way first, and which colours apply to Pretty."""

    modes: tuple[str, ...]
    default: str
    language: str = ""
    """``json`` or ``markup`` for Pretty; '' when there is no Pretty mode."""


def modes_for(media_type: str, is_binary: bool, head: bytes) -> BodyModes:
    """The view modes offered for a body: pretty, raw, hex, image, rendered."""
    if not head:
        return BodyModes(("raw",), "raw")
    start = head[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    image = media_type.startswith("image/")
    if is_binary:
        return BodyModes(("image", "hex"), "image") if image else BodyModes(("hex",), "hex")
    plain = not media_type or media_type == "text/plain"
    if "json" in media_type or (plain and start in (b"{", b"[")):
        return BodyModes(("pretty", "raw", "hex"), "pretty", "json")
    if "xml" in media_type or "html" in media_type or start == b"<":
        modes = ["pretty", "raw", "hex"]
        if "html" in media_type:
            modes.append("rendered")
        if image:
            modes.append("image")
        return BodyModes(tuple(modes), "pretty", "markup")
    return BodyModes(("raw", "hex"), "raw")
