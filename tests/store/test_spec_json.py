"""RequestSpec to JSON data and back, for history entries."""

from __future__ import annotations

import json

import pytest

from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, Proxy, RequestSpec
from workbench.store.errors import StoreError
from workbench.store.spec_json import spec_from_dict, spec_to_dict

FULL = RequestSpec(
    url="https://api.test/items?x=1",
    method="PATCH",
    params=(Field("a", "1"), Field("a", "2", enabled=False)),
    headers=(Field("X-Trace", "t"), Field("Accept", "application/json")),
    body=Body(
        "multipart",
        fields=(Field("f", "v"),),
        parts=(
            Part(
                "file",
                "/tmp/x.bin",
                is_file=True,
                content_type="application/pdf",
                filename="x.pdf",
                enabled=False,
            ),
        ),
        text="raw",
        content_type="text/plain",
        path="/tmp/body",
    ),
    auth=Auth("digest", "u", "p", "realm", "api.test:443", True, "t", "k", "v", "query"),
    proxy=Proxy("manual", "http://p:1", "http://p:2", "pu", "pp", (".local", "x")),
    options=Options(
        timeout=None,
        total_timeout=12.5,
        follow_redirects=False,
        max_redirects=3,
        cookies=False,
        decode=False,
        headers_as_typed=False,
        tls=TLS(False, "ca.pem", "c.pem", "k.pem"),
    ),
)


def test_every_field_survives_a_json_round_trip() -> None:
    data = json.loads(json.dumps(spec_to_dict(FULL)))
    assert spec_from_dict(data) == FULL
    assert spec_from_dict(spec_to_dict(RequestSpec("http://x/"))) == RequestSpec("http://x/")


def test_fields_missing_from_an_older_entry_take_their_defaults() -> None:
    spec = spec_from_dict({"url": "http://x/", "options": {"timeout": 5}})
    assert spec == RequestSpec("http://x/", options=Options(timeout=5.0))
    assert isinstance(spec.options.timeout, float)


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ([], "spec"),
        ({"url": 5}, "spec.url"),
        ({"url": "u", "params": {}}, "spec.params"),
        ({"url": "u", "params": ["a"]}, r"spec.params\[0\]"),
        ({"url": "u", "options": {"follow_redirects": "yes"}}, "spec.options.follow_redirects"),
        ({"url": "u", "options": {"max_redirects": True}}, "spec.options.max_redirects"),
        ({"url": "u", "options": {"timeout": "5"}}, "spec.options.timeout"),
        ({"url": "u", "proxy": {"no_proxy": [1]}}, "spec.proxy.no_proxy"),
    ],
)
def test_wrong_types_are_refused_with_the_place(data: object, where: str) -> None:
    with pytest.raises(StoreError, match=where):
        spec_from_dict(data)
