"""What a body is: media type, content codings, text or binary, and which charset to read it with."""

from __future__ import annotations

import codecs
import re

_TEXTUAL_TYPES = (
    "application/json",
    "application/xml",
    "application/javascript",
    "application/ecmascript",
    "application/x-www-form-urlencoded",
    "application/graphql",
    "application/yaml",
    "application/x-yaml",
    "application/x-ndjson",
    "image/svg+xml",
)
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_TYPES = (
    "application/octet-stream",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/wasm",
    "application/x-protobuf",
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def parse_content_type(value: str | None) -> tuple[str, dict[str, str]]:
    """Split ``text/html; charset=UTF-8`` into the lower-case media type and its parameters."""
    if not value:
        return "", {}
    media, *rest = value.split(";")
    params: dict[str, str] = {}
    for item in rest:
        key, sep, val = item.partition("=")
        if sep:
            params[key.strip().lower()] = val.strip().strip('"')
    return media.strip().lower(), params


def is_textual(media_type: str) -> bool:
    """Whether a media type is text that people read (JSON, XML, HTML, JavaScript...)."""
    return (
        media_type.startswith("text/")
        or media_type in _TEXTUAL_TYPES
        or media_type.endswith(("+json", "+xml"))
    )


def is_binary_type(media_type: str) -> bool:
    """Whether a media type is certainly binary."""
    if media_type == "image/svg+xml":
        return False
    return media_type.startswith(_BINARY_PREFIXES) or media_type in _BINARY_TYPES


def parse_encodings(value: str | None) -> tuple[str, ...]:
    """The ``Content-Encoding`` codings in the order the server applied them."""
    if not value:
        return ()
    return tuple(t.strip().lower() for t in value.split(",") if t.strip())


def choose_charset(media_type: str, params: dict[str, str], head: bytes) -> tuple[str | None, str]:
    """The charset to read the body with, and where it came from, in words."""
    declared = params.get("charset")
    if declared and _known_codec(declared):
        return codecs.lookup(declared).name, "declared in Content-Type"
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return name, "byte order mark"
    if media_type == "application/json" or media_type.endswith("+json"):
        return "utf-8", "JSON is UTF-8 (RFC 8259)"
    found = _XML_ENCODING.match(head[:200]) or (
        _META_CHARSET.search(head[:4096]) if "html" in media_type else None
    )
    if found and _known_codec(found.group(1).decode("ascii")):
        return codecs.lookup(found.group(1).decode("ascii")).name, "declared in the document"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head[:65536], final=False)
    except UnicodeDecodeError:
        return "latin-1", "not valid UTF-8; read as Latin-1"
    what = f"{declared!r} is unknown; " if declared else "none declared; "
    return "utf-8", what + "valid UTF-8"


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def looks_binary(media_type: str, head: bytes) -> bool:
    if is_textual(media_type):
        return False
    if is_binary_type(media_type):
        return True
    return b"\x00" in head[:1024]
