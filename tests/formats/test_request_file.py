"""The request file: every field round-trips, defaults stay out, errors name the key, secrets never go in."""

from __future__ import annotations

import tomllib

import pytest

from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, Proxy, RequestSpec
from workbench.formats.errors import FormatError
from workbench.formats.model import SavedRequest
from workbench.formats.request_file import (
    EXTENSION,
    SCHEMA,
    dumps,
    literal_secret_fields,
    loads,
    only_references,
)

EVERYTHING = SavedRequest(
    name="Create order",
    spec=RequestSpec(
        url="{{base}}/orders?x=1",
        method="PATCH",
        params=(Field("q", "a b"), Field("q", "dup"), Field("off", "1", enabled=False)),
        headers=(Field("X-Trace", "t1"), Field("x-trace", "t2"), Field("Accept", "*/*", False)),
        body=Body(
            kind="multipart",
            fields=(Field("f", "v", False),),
            parts=(
                Part(
                    "doc",
                    "/tmp/a.pdf",
                    is_file=True,
                    content_type="application/pdf",
                    filename="x.pdf",
                    enabled=False,
                ),
                Part("note", "line 1\nline 2"),
            ),
            text='{"kept": "even when the kind is multipart"}\n',
            content_type="multipart/form-data",
            path="/tmp/body.bin",
        ),
        auth=Auth(
            kind="digest",
            username="ann",
            password="{{ann_password}}",
            realm="shop",
            scope="127.0.0.1:8080",
            preemptive=True,
            token="{{token}}",
            key_name="X-Key",
            key_value="{{api_key}}",
            key_in="query",
        ),
        proxy=Proxy(
            mode="manual",
            url="http://127.0.0.1:3128",
            https_url="http://127.0.0.1:3129",
            username="proxyuser",
            password="{{proxy_password}}",
            no_proxy=("localhost", ".internal"),
        ),
        options=Options(
            timeout=2.5,
            total_timeout=60.0,
            follow_redirects=False,
            max_redirects=3,
            cookies=False,
            decode=False,
            headers_as_typed=False,
            tls=TLS(verify=False, ca_file="ca.pem", client_cert="c.pem", client_key="k.pem"),
        ),
    ),
    description="Places an order.\nSee the tour, step 3.",
    auth_profile="staging login",
    proxy_profile="office proxy",
    expect_status=(201, 202),
    expect_error="timeout",
)


def test_every_field_set_to_a_non_default_value_round_trips() -> None:
    text = dumps(EVERYTHING)
    assert loads(text, name="Create order") == EVERYTHING
    # and each sub-record really differs from its default, so nothing passed by being omitted
    spec = EVERYTHING.spec
    for value, default in [
        (spec.body, Body()),
        (spec.auth, Auth()),
        (spec.proxy, Proxy()),
        (spec.options, Options()),
        (spec.options.tls, TLS()),
    ]:
        assert all(a != b for a, b in zip(value, default, strict=True)), value


def test_the_file_starts_with_the_schema_and_keeps_a_fixed_key_order() -> None:
    text = dumps(EVERYTHING)
    assert text.startswith(f'schema = "{SCHEMA}"\nmethod = "PATCH"\nurl = ')
    top_keys = [
        line.split(" = ")[0]
        for line in text.splitlines()
        if " = " in line and not line.startswith(" ")
    ]
    expected = [
        "schema",
        "method",
        "url",
        "description",
        "auth_profile",
        "proxy_profile",
        "expect_status",
        "expect_error",
        "params",
        "headers",
    ]
    assert top_keys[: len(expected)] == expected
    tables = [line for line in text.splitlines() if line.startswith("[")]
    assert tables == ["[body]", "[auth]", "[proxy]", "[options]", "[options.tls]"]
    assert dumps(EVERYTHING) == text  # nothing volatile: the same request gives the same bytes
    assert "Create order" not in text  # the name is the file name


def test_defaults_are_left_out() -> None:
    text = dumps(SavedRequest("ping", RequestSpec("http://127.0.0.1/ping")))
    assert text == f'schema = "{SCHEMA}"\nmethod = "GET"\nurl = "http://127.0.0.1/ping"\n'
    row = dumps(SavedRequest("h", RequestSpec("u", headers=(Field("A", ""),))))
    assert '{ name = "A", value = "" }' in row  # enabled = true is the default


def test_rows_keep_order_and_duplicates_and_a_json_body_reads_as_typed() -> None:
    body = '{\n  "name": "Ann",\n  "quote": "say \\"hi\\""\n}\n'
    saved = SavedRequest(
        "j", RequestSpec("u", "POST", body=Body("raw", text=body, content_type="application/json"))
    )
    text = dumps(saved)
    assert "text = '''\n" + body + "'''" in text  # a literal block: no escaping to read through
    data = tomllib.loads(dumps(EVERYTHING))
    assert [h["name"] for h in data["headers"]] == ["X-Trace", "x-trace", "Accept"]
    assert data["headers"][2]["enabled"] is False


@pytest.mark.parametrize(
    "text",
    [
        "a\r\nb\r\n",
        "ends with a quote'",
        "has ''' inside\n",
        'three """ quotes\n"',
        "tab\tand \x01 control\nline",
        "\nstarts with a newline",
        "back\\slash at end\\\n",
        'trailing quotes\n""',
        "ünïcödé ✓\n",
        "",
    ],
)
def test_awkward_body_text_survives_exactly(text: str) -> None:
    saved = SavedRequest(
        "b", RequestSpec("u", "POST", body=Body("raw", text=text)), description=text
    )
    assert loads(dumps(saved), name="b") == saved


def test_no_timeout_is_written_as_none() -> None:
    saved = SavedRequest("t", RequestSpec("u", options=Options(timeout=None)))
    text = dumps(saved)
    assert 'timeout = "none"' in text
    assert loads(text, name="t").spec.options.timeout is None


@pytest.mark.parametrize(
    ("field", "spec"),
    [
        ("auth.password", RequestSpec("u", auth=Auth("basic", "ann", "hunter2"))),
        ("auth.token", RequestSpec("u", auth=Auth("bearer", token="abc.def"))),
        ("auth.key_value", RequestSpec("u", auth=Auth("apikey", key_name="k", key_value="k3y"))),
        ("proxy.password", RequestSpec("u", proxy=Proxy("manual", "http://p:1", password="pw"))),
        ("auth.token", RequestSpec("u", auth=Auth("bearer", token="abc{{suffix}}"))),
        ("auth.password", RequestSpec("u", auth=Auth("none", password="left over"))),
    ],
)
def test_a_literal_secret_is_never_written(field: str, spec: RequestSpec) -> None:
    with pytest.raises(FormatError, match=field.replace(".", r"\.")) as caught:
        dumps(SavedRequest("s", spec))
    assert "secret variable" in str(caught.value)


def test_references_are_what_secret_fields_may_hold() -> None:
    assert only_references("{{a}}")
    assert only_references(" {{ a }}{{b.c}} ")
    assert not only_references("x{{a}}")
    assert not only_references("")
    assert not only_references("{{}}")
    spec = RequestSpec("u", auth=Auth("basic", "ann", "{{pw}}"))
    assert literal_secret_fields(spec) == []
    assert "{{pw}}" in dumps(SavedRequest("ok", spec))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('schema = "workbench.request/2"\nurl = "u"\n', r"newer Workbench \(workbench.request/2\)"),
        ('url = "u"\n', "not a Workbench request file"),
        ('schema = "other/1"\n', "not a Workbench request file"),
        ('schema = "workbench.request/x"\n', "schema: unknown schema"),
        ('schema = "workbench.request/1"\nurl = "u"\nnote = "?"\n', "note: unknown key"),
        (
            'schema = "workbench.request/1"\n[auth]\nkind = "basic"\ntokn = "x"\n',
            "auth.tokn: unknown key",
        ),
        (
            'schema = "workbench.request/1"\nheaders = [{ name = "a", nmae = "b" }]\n',
            r"headers\[0\].nmae: unknown key",
        ),
        ('schema = "workbench.request/1"\nurl = 3\n', "url: should be text, not a number"),
        ('schema = "workbench.request/1"\nmethod = ""\n', "method: the method is empty"),
        (
            'schema = "workbench.request/1"\n[body]\nkind = "xml"\n',
            "body.kind: should be one of none, form",
        ),
        (
            'schema = "workbench.request/1"\nexpect_status = [200, 700]\n',
            "expect_status: should be a list of statuses",
        ),
        (
            'schema = "workbench.request/1"\nexpect_error = "boom"\n',
            "expect_error: should be one of",
        ),
        (
            'schema = "workbench.request/1"\n[options]\nmax_redirects = 500\n',
            "options.max_redirects: should be from 0 to 100",
        ),
        (
            'schema = "workbench.request/1"\n[options]\ntimeout = -1\n',
            "options.timeout: should be a positive",
        ),
        (
            'schema = "workbench.request/1"\n[options]\ntimeout = true\n',
            "options.timeout: should be seconds",
        ),
        (
            'schema = "workbench.request/1"\n[options.tls]\nverify = "no"\n',
            "options.tls.verify: should be true or false",
        ),
        ('schema = "workbench.request/1"\nheaders = "x"\n', "headers: should be a list of tables"),
        ('schema = "workbench.request/1"\nheaders = ["x"]\n', r"headers\[0\]: should be a table"),
        (
            'schema = "workbench.request/1"\n[proxy]\nno_proxy = [1]\n',
            "proxy.no_proxy: should be a list of text",
        ),
        ('schema = "workbench.request/1"\nurl = "u\n', "not valid TOML.*line 2"),
    ],
)
def test_what_cannot_be_read_is_refused_naming_the_place(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        loads(text, name="x")


def test_an_older_version_number_and_hand_written_ints_are_read() -> None:
    saved = loads('schema = "workbench.request/1"\nurl = "u"\n[options]\ntimeout = 5\n', name="x")
    assert saved.spec.options.timeout == 5.0
    assert saved.spec.method == "GET"
    assert EXTENSION == ".wbreq.toml"
