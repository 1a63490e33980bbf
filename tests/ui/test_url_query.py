"""The URL line and the Params table in step: parsing, encoding and merging."""

from __future__ import annotations

import pytest

from workbench.engine.spec import Field
from workbench.ui import url_query


@pytest.mark.parametrize(
    ("url", "parts"),
    [
        ("http://h/p?a=1#top", ("http://h/p", "a=1", "#top")),
        ("http://h/p", ("http://h/p", None, "")),
        ("http://h/p?", ("http://h/p", "", "")),
        ("http://h/p?q=a?b", ("http://h/p", "q=a?b", "")),
    ],
)
def test_split_url(url: str, parts: tuple[str, str | None, str]) -> None:
    assert url_query.split_url(url) == parts


def test_parse_keeps_order_duplicates_and_blanks() -> None:
    assert url_query.parse_query("a=1&b=&a=2&flag&&c=x%20y+z") == [
        ("a", "1"),
        ("b", ""),
        ("a", "2"),
        ("flag", ""),
        ("c", "x y z"),
    ]


def test_encode_round_trips_through_parse() -> None:
    pairs = [("q", "a b+c&d=e"), ("flag", ""), ("path", "/x/y"), ("é", "ü")]
    query = url_query.encode_query(pairs)
    assert query == "q=a%20b%2Bc%26d%3De&flag&path=/x/y&%C3%A9=%C3%BC"
    assert url_query.parse_query(query) == pairs


def test_url_with_query_keeps_the_fragment_and_drops_an_empty_query() -> None:
    assert url_query.url_with_query("http://h/p?old=1#f", [("new", "2")]) == "http://h/p?new=2#f"
    assert url_query.url_with_query("http://h/p?old=1#f", []) == "http://h/p#f"


def test_merge_keeps_disabled_rows_in_place() -> None:
    old = [Field("a", "1"), Field("off", "x", False), Field("b", "2"), Field("off2", "y", False)]
    merged = url_query.merge_rows(old, [("a", "9"), ("c", "3")])
    assert merged == [
        Field("a", "9"),
        Field("off", "x", False),
        Field("c", "3"),
        Field("off2", "y", False),
    ]


def test_enabled_pairs_skip_disabled_and_empty_rows() -> None:
    rows = [Field("a", "1"), Field("b", "2", False), Field("", "")]
    assert url_query.enabled_pairs(rows) == [("a", "1")]
