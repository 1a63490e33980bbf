"""curl's data options (-d, --data-*, --json, --url-query) and -F parts, as curl reads them."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote_plus, unquote_plus

from workbench.engine.spec import Body, Field, Part
from workbench.formats.common import FORM_TYPE
from workbench.formats.curl_options import Fail

DATA_KINDS = {
    "--data": "data",
    "--data-ascii": "data",
    "--data-binary": "binary",
    "--data-raw": "raw",
    "--data-urlencode": "urlencode",
    "--json": "json",
}
JSON_TYPE = "application/json"


class Data(NamedTuple):
    """One data option: its kind (see `DATA_KINDS`, or ``url-query``), value and place."""

    kind: str
    value: str
    at: int


def _is_file(item: Data) -> bool:
    return item.kind in ("data", "binary", "json") and item.value.startswith("@")


def _encoded(item: Data, fail: Fail) -> str:
    """--data-urlencode and --url-query: ``name=value`` encodes the value, ``@file`` reads one."""
    value = item.value
    if item.kind == "url-query" and value.startswith("+"):
        return value[1:]  # already encoded by the person who wrote it
    equals = value.find("=")
    if equals < 0 and "@" in value:
        raise fail("Data read from a file (name@file) cannot be imported.", item.at)
    if equals < 0:
        return quote_plus(value)
    name, content = value[:equals], value[equals + 1 :]
    return f"{name}={quote_plus(content)}" if name else quote_plus(content)


def _text(item: Data, fail: Fail) -> str:
    if item.kind in ("urlencode", "url-query"):
        return _encoded(item, fail)
    return item.value


def query_pieces(items: list[Data], fail: Fail) -> list[str]:
    """The query string pieces for -G and --url-query."""
    for item in items:
        if _is_file(item):
            raise fail("-G with data read from a file (@file) cannot be imported.", item.at)
    return [_text(item, fail) for item in items]


def build_body(items: list[Data], fail: Fail, notes: list[str]) -> Body:
    """The body the data options make: one file, a form of encoded pairs, or raw text."""
    files = [item for item in items if _is_file(item)]
    is_json = any(item.kind == "json" for item in items)
    kind = JSON_TYPE if is_json else FORM_TYPE
    if files:
        first = files[0]
        if len(items) > 1:
            raise fail(
                "This command joins a file (@file) with other data; a Workbench body is one "
                "file or one text, so it cannot be imported.",
                first.at,
            )
        path = first.value[1:]
        if path in ("-", ""):
            raise fail("Data read from standard input (@-) cannot be imported.", first.at)
        if first.kind == "data":
            notes.append(
                "-d @file: curl removes line breaks from the file; Workbench sends it unchanged."
            )
        return Body(kind="file", path=path, content_type=kind)
    if all(item.kind == "urlencode" and item.value.find("=") > 0 for item in items):
        pairs = (item.value.partition("=") for item in items)
        return Body(kind="form", fields=tuple(Field(unquote_plus(n), v) for n, _, v in pairs))
    joiner = "" if all(item.kind == "json" for item in items) else "&"
    text = joiner.join(_text(item, fail) for item in items)
    return Body(kind="raw", text=text, content_type=kind)


def form_part(value: str, at: int, literal: bool, fail: Fail, notes: list[str]) -> Part:
    """One -F (or --form-string) part: ``name=text``, ``name=@path;type=...;filename=...``."""
    name, equals, content = value.partition("=")
    if not equals or not name.strip():
        raise fail(f"-F needs name=value or name=@file, not {value!r}.", at)
    if literal:
        return Part(name, content)
    is_file = content.startswith(("@", "<"))
    segments = _segments(content[1:] if is_file else content, at, fail)
    params = _params(name, segments[1:], notes)
    if not is_file:
        return Part(name, segments[0], content_type=params.get("type", ""))
    path = segments[0]
    if path in ("-", ""):
        raise fail(f"-F {name}={content[0]}- reads standard input, which cannot be imported.", at)
    if content.startswith("<"):
        notes.append(
            f"-F {name}=<{path} sends the file's text as a plain field; it was imported as a "
            "file attachment (with a file name)."
        )
    return Part(
        name,
        path,
        is_file=True,
        content_type=params.get("type", ""),
        filename=params.get("filename", ""),
    )


def _segments(text: str, at: int, fail: Fail) -> list[str]:
    """Split at ``;`` outside double quotes; a quote opens a segment or follows ``=``."""
    segments: list[str] = []
    buf: list[str] = []
    quoted = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"' and (quoted or not buf or buf[-1] == "="):
            quoted = not quoted
        elif quoted and char == "\\" and i + 1 < len(text):
            i += 1
            buf.append(text[i])
        elif char == ";" and not quoted:
            segments.append("".join(buf))
            buf = []
        else:
            buf.append(char)
        i += 1
    if quoted:
        raise fail(f"A double quote in -F {text!r} is never closed.", at)
    segments.append("".join(buf))
    return segments


def _params(name: str, segments: list[str], notes: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for segment in segments:
        key, _, value = segment.strip().partition("=")
        if key.lower() in ("type", "filename"):
            params[key.lower()] = value
        elif key.lower() in ("headers", "encoder"):
            notes.append(
                f"-F {name}: ';{segment}' was not imported (parts carry no extra headers)."
            )
        else:
            notes.append(f"-F {name}: ';{segment}' was dropped (curl drops it too).")
    return params
