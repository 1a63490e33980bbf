"""Resolving ``{{variables}}``: every sent field, nothing unsent, a missing one named with its place."""

from __future__ import annotations

import pytest

from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, Proxy, RequestSpec
from workbench.formats.model import Variable
from workbench.store.collection_errors import InvalidName, UnresolvedVariable
from workbench.store.errors import StoreError
from workbench.store.variables import (
    check_variable_name,
    layered,
    references,
    resolve,
    substitute,
    values,
)

V = {"h": "127.0.0.1", "v": "VAL", "n": "Name", "pw": "s3cret", "t": "tok"}


def test_url_method_params_headers_and_tls_are_resolved() -> None:
    spec = RequestSpec(
        url="http://{{h}}/a/{{ v }}",
        method="{{v}}",
        params=(Field("{{n}}", "{{v}}"),),
        headers=(Field("X-{{n}}", "a{{v}}b"),),
        options=Options(tls=TLS(ca_file="{{v}}.pem", client_cert="{{n}}", client_key="{{h}}")),
    )
    out = resolve(spec, V)
    assert out.url == "http://127.0.0.1/a/VAL"
    assert out.method == "VAL"
    assert out.params == (Field("Name", "VAL"),)
    assert out.headers == (Field("X-Name", "aVALb"),)
    assert out.options.tls == TLS(ca_file="VAL.pem", client_cert="Name", client_key="127.0.0.1")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            Body("raw", text='{"a": "{{v}}"}', content_type="{{n}}/json"),
            Body("raw", text='{"a": "VAL"}', content_type="Name/json"),
        ),
        (
            Body("form", fields=(Field("{{n}}", "{{v}}"),)),
            Body("form", fields=(Field("Name", "VAL"),)),
        ),
        (
            Body(
                "multipart",
                parts=(Part("{{n}}", "{{v}}", content_type="{{n}}", filename="{{v}}.txt"),),
            ),
            Body(
                "multipart", parts=(Part("Name", "VAL", content_type="Name", filename="VAL.txt"),)
            ),
        ),
        (
            Body("file", path="/tmp/{{v}}", content_type="{{n}}"),
            Body("file", path="/tmp/VAL", content_type="Name"),
        ),
    ],
)
def test_the_body_of_each_kind_is_resolved(body: Body, expected: Body) -> None:
    assert resolve(RequestSpec("u", body=body), V).body == expected


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        (
            Auth("basic", "{{n}}", "{{pw}}", "{{v}}", "{{h}}"),
            Auth("basic", "Name", "s3cret", "VAL", "127.0.0.1"),
        ),
        (Auth("digest", "{{n}}", "{{pw}}"), Auth("digest", "Name", "s3cret")),
        (Auth("bearer", token="{{t}}"), Auth("bearer", token="tok")),
        (
            Auth("apikey", key_name="{{n}}", key_value="{{t}}"),
            Auth("apikey", key_name="Name", key_value="tok"),
        ),
    ],
)
def test_auth_fields_of_the_chosen_kind_are_resolved(auth: Auth, expected: Auth) -> None:
    assert resolve(RequestSpec("u", auth=auth), V).auth == expected


def test_a_manual_proxy_is_resolved() -> None:
    proxy = Proxy("manual", "http://{{h}}:1", "http://{{h}}:2", "{{n}}", "{{pw}}", ("{{h}}",))
    out = resolve(RequestSpec("u", proxy=proxy), V).proxy
    assert out == Proxy(
        "manual", "http://127.0.0.1:1", "http://127.0.0.1:2", "Name", "s3cret", ("127.0.0.1",)
    )


def test_parts_that_are_not_sent_are_left_alone_so_their_variables_cannot_stop_a_send() -> None:
    spec = RequestSpec(
        "u",
        headers=(Field("X", "{{missing}}", enabled=False),),
        params=(Field("p", "{{missing}}", enabled=False),),
        body=Body("raw", text="plain", fields=(Field("f", "{{missing}}"),)),
        auth=Auth("bearer", token="{{t}}", password="{{missing}}"),
        proxy=Proxy("system", url="{{missing}}"),
    )
    out = resolve(spec, V)
    assert out.headers == spec.headers
    assert out.params == spec.params
    assert out.body.fields == spec.body.fields
    assert out.auth == Auth("bearer", token="tok", password="{{missing}}")
    assert out.proxy == spec.proxy


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (RequestSpec("http://{{nope}}/"), "URL"),
        (RequestSpec("u", headers=(Field("X-Key", "{{nope}}"),)), "header 'X-Key'"),
        (RequestSpec("u", params=(Field("q", "{{nope}}"),)), "query parameter 'q'"),
        (RequestSpec("u", body=Body("raw", text="{{nope}}")), "body"),
        (RequestSpec("u", auth=Auth("basic", "a", "{{nope}}")), "auth password"),
        (RequestSpec("u", proxy=Proxy("manual", "{{nope}}")), "proxy URL"),
    ],
)
def test_an_unresolved_variable_names_itself_and_its_place(spec: RequestSpec, field: str) -> None:
    with pytest.raises(UnresolvedVariable) as caught:
        resolve(spec, V)
    assert caught.value.name == "nope"
    assert caught.value.field == field
    assert "{{nope}}" in str(caught.value)
    assert field in str(caught.value)
    assert isinstance(caught.value, StoreError)


def test_values_may_use_variables_but_not_loop() -> None:
    chain = {"base": "{{scheme}}://{{host}}", "scheme": "http", "host": "{{h}}", "h": "127.0.0.1"}
    assert substitute("{{base}}/x", chain, "URL") == "http://127.0.0.1/x"
    with pytest.raises(UnresolvedVariable, match=r"refers to itself \(a -> b -> a\)"):
        substitute("{{a}}", {"a": "{{b}}", "b": "{{a}}"}, "URL")


def test_text_without_a_valid_reference_is_not_touched() -> None:
    text = "{{#each items}} {{ }} {not} {{1x}}"
    assert substitute(text, {}, "body") == text
    assert references("{{a}} and {{ b.c }} and {{a}}") == ["a", "b.c", "a"]


def test_later_layers_win() -> None:
    merged = layered(
        {"a": "global", "b": "global"},
        {"b": "collection", "c": "collection"},
        {"c": "env"},
        {"c": "request"},
    )
    assert merged == {"a": "global", "b": "collection", "c": "request"}
    assert values([Variable("a", "1"), Variable("b", "2", enabled=False)]) == {"a": "1"}


@pytest.mark.parametrize("name", ["", "1abc", "has space", "a{b", "ü", "a/b", "{{a}}"])
def test_a_variable_name_is_checked(name: str) -> None:
    with pytest.raises(InvalidName, match="A variable name starts with a letter"):
        check_variable_name(name)


def test_good_variable_names_are_kept() -> None:
    assert check_variable_name("  base_url ") == "base_url"
    assert check_variable_name("api.v2-key") == "api.v2-key"
