"""Masking secrets for display: ``Authorization: Basic ***`` everywhere unless the user reveals it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from workbench.engine.exchange import Header

ALWAYS_SECRET = frozenset({"authorization", "proxy-authorization"})
MASK = "***"
_HEAD_LINE = re.compile(rb"^([^:\r\n]+):[ \t]*([^\r\n]*)(?=\r?$)", re.M)


def mask_value(name: str, value: str, secret: Iterable[str] = ALWAYS_SECRET) -> str:
    """The value to show: the auth scheme is kept (``Basic ***``), the credentials hidden."""
    if name.lower() not in secret:
        return value
    scheme, sep, _ = value.partition(" ")
    if sep and name.lower() in ALWAYS_SECRET and scheme.isalpha():
        return f"{scheme} {MASK}"
    return MASK


def mask_headers(headers: Iterable[Header], secret: Iterable[str] = ALWAYS_SECRET) -> list[Header]:
    """Headers with secret values masked."""
    names = frozenset(secret)
    return [(n, mask_value(n, v, names)) for n, v in headers]


def mask_head(head: bytes, secret: Iterable[str] = ALWAYS_SECRET) -> bytes:
    """A raw request head with secret header values masked."""
    names = frozenset(secret)

    def replace(match: re.Match[bytes]) -> bytes:
        name = match.group(1).decode("latin-1")
        if name.lower() not in names:
            return match.group(0)
        shown = mask_value(name, match.group(2).decode("latin-1"), names)
        return match.group(1) + b": " + shown.encode("latin-1")

    return _HEAD_LINE.sub(replace, head)
