"""Small helpers the importers and exporters share: places in text, URLs, content types."""

from __future__ import annotations

import mimetypes
import re
from urllib.parse import urlencode, urlsplit, urlunsplit

from workbench.engine.spec import Body, Field, RequestSpec

REFERENCE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}")
"""A ``{{name}}`` variable reference (resolved by the store just before a send)."""

DEFAULT_RAW_TYPE = "text/plain; charset=utf-8"
"""What the engine sends for a raw body without a content type."""

FORM_TYPE = "application/x-www-form-urlencoded"


def place(text: str, offset: int) -> str:
    """``column 12`` in one-line text, ``line 3, column 5`` otherwise (both 1-based)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}" if "\n" in text else f"column {column}"


def only_references(value: str) -> bool:
    """True when `value` holds ``{{variable}}`` references and nothing else (spaces aside)."""
    return bool(value.strip()) and not REFERENCE.sub("", value).strip()


def header_value(headers: tuple[Field, ...], name: str) -> str | None:
    """The value of the first enabled header called `name` (any case)."""
    wanted = name.lower()
    return next((h.value for h in headers if h.enabled and h.name.lower() == wanted), None)


def without_header(headers: tuple[Field, ...], name: str) -> tuple[Field, ...]:
    """The headers minus every enabled one called `name` (any case)."""
    wanted = name.lower()
    return tuple(h for h in headers if not (h.enabled and h.name.lower() == wanted))


def settle_content_type(
    headers: tuple[Field, ...], body: Body, notes: list[str]
) -> tuple[tuple[Field, ...], Body]:
    """Move a typed Content-Type header into a raw or file body, where the Body tab shows it.

    The bytes sent are the same (a user header wins over the body's type in the engine). A
    multipart type header is dropped: the engine writes its own boundary, and a header without
    that boundary (or with another one) would make the body unreadable.
    """
    enabled = [h for h in headers if h.enabled and h.name.lower() == "content-type"]
    if len(enabled) != 1:
        return headers, body
    value = enabled[0].value.strip()
    if body.kind in ("raw", "file"):
        return without_header(headers, "content-type"), body._replace(content_type=value)
    if body.kind == "multipart" and value.lower().startswith("multipart/"):
        notes.append(
            f"The header 'Content-Type: {value}' was dropped: Workbench writes the multipart "
            "content type with its own boundary."
        )
        return without_header(headers, "content-type"), body
    return headers, body


def with_params(url: str, params: tuple[Field, ...]) -> str:
    """The URL with the enabled query parameters appended, encoded as the engine encodes them."""
    pairs = [(p.name, p.value) for p in params if p.enabled]
    if not pairs:
        return url
    parts = urlsplit(url)
    extra = urlencode(pairs)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def body_type(body: Body) -> str:
    """The content type the engine sends for a raw, form or file body ("" for none/multipart)."""
    if body.kind == "raw":
        return body.content_type or DEFAULT_RAW_TYPE
    if body.kind == "form":
        return FORM_TYPE
    if body.kind == "file":
        return body.content_type or mimetypes.guess_type(body.path)[0] or "application/octet-stream"
    return ""


def request_title(spec: RequestSpec) -> str:
    """A name for a request that has none: ``GET /users``."""
    path = urlsplit(spec.url).path if "://" in spec.url else spec.url
    return f"{spec.method} {path or '/'}"
