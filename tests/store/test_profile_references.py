"""``{{variable}}`` references in profile fields: saved when only their values can tell, checked once
filled in; what no value could mend is still refused at save."""

from __future__ import annotations

import pytest
from memory_keyring import fail_keyring_fixture  # noqa: F401

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import Auth, Proxy, RequestSpec
from workbench.store import paths
from workbench.store.profile_check import URL_PASSWORD, InvalidProfile, check_resolved
from workbench.store.profiles import ProfileStore
from workbench.store.variables import resolve

pytestmark = pytest.mark.usefixtures("no_keyring")


def errors_of(exc: pytest.ExceptionInfo[InvalidProfile]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


@pytest.mark.parametrize(
    "scope",
    [
        "{{base}}",
        "{{ base }}",
        "{{base}}/v1",
        "{{base}}:8443/v1",
        "https://{{host}}/v1",
        "{{scheme}}://{{host}}:{{port}}/",
        "api.test:{{port}}",
        "{{env}}.api.test",
    ],
)
def test_scopes_with_variables_are_saved(scope: str) -> None:
    ProfileStore().save_auth("a", Auth("basic", username="u", password="p", scope=scope))
    assert ProfileStore().auth("a").auth.scope == scope


@pytest.mark.parametrize(
    ("proxy", "field"),
    [
        (Proxy("manual", url="{{corp_proxy}}"), "url"),
        (Proxy("manual", url="http://{{proxy_host}}:3128"), "url"),
        (Proxy("manual", url="http://proxy.corp:{{port}}"), "url"),
        (Proxy("manual", url="{{proxy_base}}:3128"), "url"),
        (Proxy("manual", url="http://p:1", https_url="{{https_proxy}}"), "https_url"),
        (Proxy("manual", url="http://p:1", no_proxy=("{{internal}}", ".{{domain}}")), "no_proxy"),
        (Proxy("manual", url="http://p:1", no_proxy=("{{host}}:{{port}}",)), "no_proxy"),
    ],
)
def test_proxy_fields_with_variables_are_saved(proxy: Proxy, field: str) -> None:
    ProfileStore().save_proxy("corp", proxy)
    saved = ProfileStore().proxy("corp").proxy
    assert getattr(saved, field) == getattr(proxy, field)


@pytest.mark.parametrize(
    ("auth", "proxy", "field", "message"),
    [
        (Auth("basic", username="u", scope="ftp://{{h}}/"), None, "scope", "http:// or https://"),
        (Auth("basic", username="u", scope="{{h}}:99999"), None, "scope", "out of range"),
        (
            Auth("basic", username="u", scope="{{h}} two"),
            None,
            "scope",
            "The URL contains a space",
        ),
        (None, Proxy("manual", url="https://{{h}}:1"), "url", "must start with http://"),
        (None, Proxy("manual", url="http://{{h}}:port"), "url", "The port 'port' is not a number"),
        (
            None,
            Proxy("manual", url="{{h}}:3128x"),
            "url",
            "The port '3128x' is not a number",
        ),
        (
            None,
            Proxy("manual", url="http://p:1", no_proxy=("{{h}}/path",)),
            "no_proxy",
            "The no-proxy entry '{{h}}/path' should be a host",  # said with the text typed
        ),
        (None, Proxy("manual", url="http://u:pw@{{h}}:1"), "url", URL_PASSWORD),
        (None, Proxy("manual", url="http://{{u}}:{{pw}}@p:1"), "url", URL_PASSWORD),
        (None, Proxy("manual", url="{{u}}@{{h}}:1"), "url", "put it in the User name"),
    ],
)
def test_what_no_value_could_mend_is_still_refused(
    auth: Auth | None, proxy: Proxy | None, field: str, message: str
) -> None:
    store = ProfileStore()
    save = (lambda: store.save_auth("a", auth)) if auth else (lambda: store.save_proxy("p", proxy))
    with pytest.raises(InvalidProfile) as exc:
        save()
    assert message in errors_of(exc)[field], exc.value.errors
    assert not paths.profiles_file().exists()


PROFILED = RequestSpec(
    "http://127.0.0.1/x",
    auth=Auth("basic", username="u", scope="{{base}}/v1"),
    proxy=Proxy(
        "manual", url="{{corp_proxy}}", https_url="{{tls_proxy}}", no_proxy=("{{internal}}",)
    ),
)
GOOD = {
    "base": "http://127.0.0.1:8080",
    "corp_proxy": "http://127.0.0.1:3128",
    "tls_proxy": "http://127.0.0.1:3129",
    "internal": ".corp.test",
}


def test_resolved_values_that_fit_pass() -> None:
    check_resolved(PROFILED, resolve(PROFILED, GOOD))


@pytest.mark.parametrize(
    ("name", "value", "field", "said"),
    [
        (
            "corp_proxy",
            "proxy.corp:3128",
            "proxy",
            "The proxy URL 'proxy.corp:3128' needs a scheme",
        ),
        ("corp_proxy", "", "proxy", "Manual proxy mode needs a proxy URL"),
        ("tls_proxy", "https://127.0.0.1:1", "proxy", "must start with http://"),
        ("internal", "corp.test/x", "proxy", "The no-proxy entry 'corp.test/x' should be a host"),
        ("base", "ftp://files", "auth", "A scope URL starts with http:// or https://"),
    ],
)
def test_resolved_values_that_do_not_fit_are_refused_at_their_field(
    name: str, value: str, field: str, said: str
) -> None:
    with pytest.raises(InvalidRequest) as exc:
        check_resolved(PROFILED, resolve(PROFILED, {**GOOD, name: value}))
    assert exc.value.field == field
    assert said in exc.value.message
    assert "{{" + name + "}}" in exc.value.message  # which value it was before


def test_fields_without_variables_are_left_to_the_engine() -> None:
    """Typed values were checked when saved (or are the engine's to refuse): not twice here."""
    plain = PROFILED._replace(
        proxy=Proxy("manual", url="nonsense"), auth=Auth("basic", scope="a b")
    )
    check_resolved(plain, plain)
    direct = PROFILED._replace(proxy=Proxy("direct"), auth=Auth("bearer", token="{{t}}"))
    check_resolved(direct, resolve(direct, {"t": "x"}))
