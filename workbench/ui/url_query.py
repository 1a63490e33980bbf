"""The URL line and the Params table describe the same query: these pure functions turn one into the other.

The URL is sent as typed; the table is a decoded view of its query. Rewriting the URL from the table
happens only when the table is edited, so hand-typed escapes survive until then.
"""

from __future__ import annotations

from urllib.parse import quote, unquote_plus

from workbench.engine.spec import Field

# Characters left readable in a rebuilt query; everything else is percent-encoded (a space as %20).
_SAFE = "!$'()*,/:;@[]~"


def split_url(url: str) -> tuple[str, str | None, str]:
    """Split into (everything before ``?``, the query or None when there is no ``?``, ``#fragment``)."""
    head, hash_sign, fragment = url.partition("#")
    base, question, query = head.partition("?")
    return base, (query if question else None), hash_sign + fragment


def parse_query(query: str | None) -> list[tuple[str, str]]:
    """Decoded (name, value) pairs in order, duplicates and blank values kept."""
    if not query:
        return []
    pairs = []
    for item in query.split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs


def encode_query(pairs: list[tuple[str, str]]) -> str:
    """The query for `pairs`; a row with an empty value is written as a bare name (``?flag``)."""
    items = []
    for name, value in pairs:
        key = quote(name, safe=_SAFE)
        items.append(f"{key}={quote(value, safe=_SAFE)}" if value else key)
    return "&".join(items)


def url_with_query(url: str, pairs: list[tuple[str, str]]) -> str:
    """`url` with its query replaced by `pairs` (the ``?`` dropped when there are none)."""
    base, _, fragment = split_url(url)
    query = encode_query(pairs)
    return f"{base}?{query}{fragment}" if query else base + fragment


def merge_rows(old: list[Field], pairs: list[tuple[str, str]]) -> list[Field]:
    """New table rows for a changed URL: its query as enabled rows, disabled rows kept where they were."""
    rows = [Field(name, value, True) for name, value in pairs]
    for index, row in enumerate(old):
        if not row.enabled:
            rows.insert(min(index, len(rows)), row)
    return rows


def enabled_pairs(rows: list[Field]) -> list[tuple[str, str]]:
    """The rows that belong in the URL."""
    return [(r.name, r.value) for r in rows if r.enabled and (r.name or r.value)]
