"""Profiles onto a request: the pure mapping, the TLS model, and real sends over loopback."""

from __future__ import annotations

import base64

import pytest
from memory_keyring import fail_keyring_fixture  # noqa: F401
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.engine import send
from workbench.engine.spec import TLS, Auth, Options, Proxy, RequestSpec
from workbench.store.profile_apply import MissingSecret, apply_profiles, merge_tls, system_proxy
from workbench.store.profile_model import AuthProfile, ProxyProfile
from workbench.store.profiles import ProfileStore

pytestmark = pytest.mark.usefixtures("no_keyring")
SPEC = RequestSpec("http://api.test/x", auth=Auth("bearer", token="inline"), proxy=Proxy("direct"))


def test_no_profiles_leave_the_spec_as_it_is() -> None:
    assert apply_profiles(SPEC, None, None, {}) is SPEC


def test_auth_profile_secret_fills_the_right_field() -> None:
    cases = [
        (Auth("basic", username="u", scope="api.test"), "password"),
        (Auth("digest", username="u"), "password"),
        (Auth("bearer"), "token"),
        (Auth("apikey", key_name="k", key_in="query"), "key_value"),
    ]
    for auth, field in cases:
        profile = AuthProfile("p", auth, secret_ref="file:1")
        applied = apply_profiles(SPEC, profile, None, {"file:1": "s3"})
        assert getattr(applied.auth, field) == "s3"
        assert applied.auth._replace(**{field: ""}) == auth  # type: ignore[arg-type]
        assert applied.proxy == SPEC.proxy
        assert applied.options == SPEC.options


def test_a_basic_profile_with_an_empty_password_needs_no_secret() -> None:
    profile = AuthProfile("p", Auth("basic", username="u"))
    assert apply_profiles(SPEC, profile, None, {}).auth == Auth("basic", username="u")


def test_proxy_profile_with_password() -> None:
    profile = ProxyProfile(
        "p", Proxy("manual", url="http://127.0.0.1:1", username="u"), secret_ref="file:2"
    )
    applied = apply_profiles(SPEC, None, profile, {"file:2": "pp"})
    assert applied.proxy == Proxy("manual", url="http://127.0.0.1:1", username="u", password="pp")
    assert applied.auth == SPEC.auth


def test_a_missing_secret_is_a_clear_error() -> None:
    profile = AuthProfile("staging", Auth("bearer"), secret_ref="file:gone")
    with pytest.raises(MissingSecret, match="The token of profile 'staging' is missing"):
        apply_profiles(SPEC, profile, None, {})


def test_tls_model_request_then_proxy_then_auth() -> None:
    spec = SPEC.with_options(
        tls=TLS(ca_file="req-ca.pem", client_cert="req.pem", client_key="req.key")
    )
    proxy = ProxyProfile("p", Proxy("direct"), tls=TLS(ca_file="corp-ca.pem"))
    auth = AuthProfile("a", Auth("basic", username="u"), tls=TLS(client_cert="me.pem"))
    applied = apply_profiles(spec, auth, proxy, {}).options.tls
    assert applied == TLS(verify=True, ca_file="corp-ca.pem", client_cert="me.pem", client_key="")
    only_proxy = apply_profiles(spec, None, proxy, {}).options.tls
    assert only_proxy == TLS(ca_file="corp-ca.pem", client_cert="req.pem", client_key="req.key")
    assert apply_profiles(spec, AuthProfile("a", Auth("bearer")), None, {}).options == spec.options


def test_verification_is_off_when_anyone_switches_it_off() -> None:
    off, on = TLS(verify=False), TLS(verify=True, ca_file="x.pem")
    assert merge_tls(TLS(), off).verify is False
    assert merge_tls(off, on).verify is False
    assert merge_tls(off, on).ca_file == "x.pem"
    assert merge_tls(TLS(), None) == TLS()


def test_system_proxy_shows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", "http://10.0.0.1:3128")
    monkeypatch.setenv("HTTPS_PROXY", "http://10.0.0.2:3128")
    monkeypatch.setenv("no_proxy", "localhost,.internal")
    assert system_proxy() == ("http://10.0.0.1:3128", "http://10.0.0.2:3128", "localhost,.internal")


def _challenge(request: Request) -> Response:
    expected = "Basic " + base64.b64encode(b"ann:s3cret").decode()
    if request.headers.get("Authorization") == expected:
        return Response("welcome", status=200)
    return Response("who?", status=401, headers={"WWW-Authenticate": 'Basic realm="zone"'})


def test_basic_profile_challenge_then_retry_over_loopback(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/private").respond_with_handler(_challenge)
    store = ProfileStore()
    store.save_auth(
        "zone",
        Auth(
            "basic",
            username="ann",
            password="s3cret",
            realm="zone",
            scope=f"127.0.0.1:{httpserver.port}",
        ),
    )
    spec = store.apply(RequestSpec(httpserver.url_for("/private")), auth_name="zone")
    exchange = send(spec)
    try:
        assert exchange.response is not None
        assert exchange.response.status == 200
        assert len(exchange.hops) == 2
        sent = [req.headers.get("Authorization") for req, _ in httpserver.log]
        assert sent[0] is None
        assert sent[1] is not None
    finally:
        exchange.body.close()


def test_preemptive_profile_sends_at_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/private").respond_with_handler(_challenge)
    store = ProfileStore()
    store.save_auth("pre", Auth("basic", username="ann", password="s3cret", preemptive=True))
    exchange = send(store.apply(RequestSpec(httpserver.url_for("/private")), auth_name="pre"))
    try:
        assert exchange.response is not None
        assert exchange.response.status == 200
        assert len(httpserver.log) == 1
    finally:
        exchange.body.close()


def test_a_scope_elsewhere_sends_no_credentials(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/private").respond_with_handler(_challenge)
    store = ProfileStore()
    store.save_auth("other", Auth("basic", username="ann", password="s3cret", scope="api.test:443"))
    exchange = send(store.apply(RequestSpec(httpserver.url_for("/private")), auth_name="other"))
    try:
        assert exchange.response is not None
        assert exchange.response.status == 401
        assert all(req.headers.get("Authorization") is None for req, _ in httpserver.log)
    finally:
        exchange.body.close()


def test_direct_profile_ignores_the_environment_proxy(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/d").respond_with_data("direct")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("no_proxy", "")
    store = ProfileStore()
    store.save_proxy("direct", Proxy("direct"))
    spec = RequestSpec(httpserver.url_for("/d"), options=Options(timeout=10))
    exchange = send(store.apply(spec, proxy_name="direct"))
    try:
        assert exchange.response is not None
        assert exchange.body.read() == b"direct"
    finally:
        exchange.body.close()
    via_env = send(spec)
    try:
        assert via_env.error is not None
        assert via_env.hops[-1].proxy == "127.0.0.1:9"
    finally:
        via_env.body.close()


def test_manual_profile_goes_through_its_proxy(httpserver: HTTPServer) -> None:
    store = ProfileStore()
    store.save_proxy("dead", Proxy("manual", url="http://127.0.0.1:9", username="u", password="pp"))
    spec = RequestSpec(httpserver.url_for("/never"), options=Options(timeout=10))
    exchange = send(store.apply(spec, proxy_name="dead"))
    try:
        assert exchange.error is not None
        assert exchange.hops[-1].proxy == "127.0.0.1:9"
        assert httpserver.log == []
    finally:
        exchange.body.close()
