"""The guard: literal credentials in a request are found, named, and moved into secret variables."""

from __future__ import annotations

import pytest

from workbench.engine.spec import Auth, Body, Field, Part, Proxy, RequestSpec
from workbench.formats.model import SavedRequest, Variable
from workbench.formats.request_file import dumps
from workbench.store.secret_guard import find_literal_secrets, move_to_secret_variable

LEAKY = SavedRequest(
    "leaky",
    RequestSpec(
        "https://ann:hunter2@127.0.0.1/x?plain=1",
        params=(Field("api_key", "k-123"), Field("page", "2"), Field("access_token", "{{token}}")),
        headers=(
            Field("Authorization", "Bearer abc.def"),
            Field("X-Api-Key", "xyz", enabled=False),
            Field("Accept", "application/json"),
            Field("Proxy-Authorization", "Basic cDpx"),
        ),
        body=Body(
            "form",
            fields=(Field("password", "pw1"), Field("user", "ann")),
            parts=(Part("secret", "s"), Part("client_secret", "/tmp/f", is_file=True)),
        ),
        auth=Auth("bearer", token="tok-777", password="left over"),
        proxy=Proxy("manual", "http://127.0.0.1:1", password="ppw"),
    ),
)


def test_every_literal_credential_is_found_and_references_are_not() -> None:
    found = find_literal_secrets(LEAKY)
    assert [(f.field, f.name, f.suggestion) for f in found] == [
        ("url", "password in the URL", "url_password"),
        ("params[0]", "query parameter api_key", "api_key"),
        ("headers[0]", "header Authorization", "authorization"),
        ("headers[1]", "header X-Api-Key", "x_api_key"),
        ("headers[3]", "header Proxy-Authorization", "proxy_authorization"),
        ("body.fields[0]", "form field password", "password"),
        ("body.parts[0]", "multipart field secret", "secret"),
        ("auth.password", "auth password", "password"),
        ("auth.token", "auth token", "token"),
        ("proxy.password", "proxy password", "proxy_password"),
    ]
    assert "header Authorization holds a literal credential" in found[2].message
    assert (
        find_literal_secrets(
            SavedRequest(
                "clean",
                RequestSpec(
                    "http://127.0.0.1/", headers=(Field("Authorization", "Bearer {{token}}"),)
                ),
            )
        )
        == []
    )


@pytest.mark.parametrize(
    ("field", "variable", "check"),
    [
        (
            "url",
            "url_password",
            lambda s: s.spec.url == "https://ann:{{url_password}}@127.0.0.1/x?plain=1",
        ),
        ("params[0]", "api_key", lambda s: s.spec.params[0] == Field("api_key", "{{api_key}}")),
        (
            "headers[0]",
            "authorization",
            lambda s: s.spec.headers[0] == Field("Authorization", "Bearer {{authorization}}"),
        ),
        (
            "headers[1]",
            "x_api_key",
            lambda s: s.spec.headers[1] == Field("X-Api-Key", "{{x_api_key}}", enabled=False),
        ),
        (
            "body.fields[0]",
            "password",
            lambda s: s.spec.body.fields[0] == Field("password", "{{password}}"),
        ),
        ("body.parts[0]", "secret", lambda s: s.spec.body.parts[0] == Part("secret", "{{secret}}")),
        ("auth.token", "token", lambda s: s.spec.auth.token == "{{token}}"),
        (
            "proxy.password",
            "proxy_password",
            lambda s: s.spec.proxy.password == "{{proxy_password}}",
        ),
    ],
)
def test_moving_a_finding_leaves_a_reference_and_returns_the_secret(field, variable, check) -> None:  # type: ignore[no-untyped-def]
    finding = next(f for f in find_literal_secrets(LEAKY) if f.field == field)
    moved, var = move_to_secret_variable(LEAKY, finding)
    assert check(moved)
    assert var.name == variable
    assert var.secret
    assert field not in [f.field for f in find_literal_secrets(moved)]
    original = {
        "url": "hunter2",
        "params[0]": "k-123",
        "headers[0]": "abc.def",
        "headers[1]": "xyz",
        "body.fields[0]": "pw1",
        "body.parts[0]": "s",
        "auth.token": "tok-777",
        "proxy.password": "ppw",
    }
    assert var == Variable(variable, original[field], secret=True)


def test_after_moving_everything_the_request_can_be_written() -> None:
    saved = LEAKY
    for _ in range(20):
        found = find_literal_secrets(saved)
        if not found:
            break
        saved, _ = move_to_secret_variable(saved, found[0], f"v{len(found)}")
    assert find_literal_secrets(saved) == []
    text = dumps(saved)
    for literal in (
        "hunter2",
        "k-123",
        "abc.def",
        "xyz",
        "cDpx",
        "pw1",
        "tok-777",
        "ppw",
        "left over",
    ):
        assert literal not in text


def test_a_password_in_a_proxy_url_is_found_and_moved() -> None:
    proxy = Proxy("manual", "http://pu:pp1@127.0.0.1:3128", "http://pu:pp2@127.0.0.1:3129")
    saved = SavedRequest("p", RequestSpec("http://127.0.0.1/", proxy=proxy))
    found = find_literal_secrets(saved)
    assert [(f.field, f.name) for f in found] == [
        ("proxy.url", "password in the proxy URL"),
        ("proxy.https_url", "password in the HTTPS proxy URL"),
    ]
    moved, var = move_to_secret_variable(saved, found[1])
    assert moved.spec.proxy.https_url == "http://pu:{{https_proxy_password}}@127.0.0.1:3129"
    assert moved.spec.proxy.url == proxy.url
    assert var == Variable("https_proxy_password", "pp2", secret=True)
