"""Saved profiles: the file, the secrets kept apart, all-or-nothing saves, field-level validation."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import trustme
from memory_keyring import MemoryKeyring, fail_keyring_fixture, memory_keyring_fixture  # noqa: F401

from workbench.engine.spec import TLS, Auth, Proxy
from workbench.store import atomic, paths
from workbench.store.errors import StoreError
from workbench.store.profile_check import InvalidProfile, masked_proxy_url
from workbench.store.profile_model import ProfileUse, users_of
from workbench.store.profiles import ProfileNotFound, ProfileStore, ProfilesUnreadable

pytestmark = pytest.mark.usefixtures("no_keyring")
PASSWORD = "pw-Zq8#unique"


def files_containing(root: Path, needle: bytes) -> list[str]:
    """Every file under `root` whose bytes contain `needle`."""
    return sorted(p.name for p in root.rglob("*") if p.is_file() and needle in p.read_bytes())


def errors_of(exc: pytest.ExceptionInfo[InvalidProfile]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_profiles_round_trip_with_every_kind() -> None:
    store = ProfileStore()
    store.save_auth(
        "basic",
        Auth(
            "basic",
            username="ann",
            password=PASSWORD,
            realm="R",
            scope="https://api.test/v1",
            preemptive=True,
        ),
    )
    store.save_auth("digest", Auth("digest", username="bob", password="pw2", scope="api.test:8443"))
    store.save_auth("bearer", Auth("bearer", token="tok-1"))
    store.save_auth("key", Auth("apikey", key_name="api_key", key_value="k-1", key_in="query"))
    store.save_proxy("sys", Proxy("system"))
    store.save_proxy("direct", Proxy("direct"))
    store.save_proxy(
        "corp",
        Proxy(
            "manual",
            url="http://127.0.0.1:3128",
            https_url="http://127.0.0.1:3129",
            username="u",
            password="pp",
            no_proxy=(".local", "localhost:8080"),
        ),
        TLS(ca_file=""),
    )
    profiles = ProfileStore().load()
    assert [p.name for p in profiles.auth] == ["basic", "bearer", "digest", "key"]
    assert [p.name for p in profiles.proxy] == ["corp", "direct", "sys"]
    basic = profiles.auth_named("basic")
    assert basic is not None
    assert basic.auth == Auth(
        "basic", username="ann", realm="R", scope="https://api.test/v1", preemptive=True
    )
    assert store.secrets.get(basic.secret_ref) == PASSWORD
    corp = profiles.proxy_named("corp")
    assert corp is not None
    assert corp.tls is None
    assert corp.proxy == Proxy(
        "manual",
        url="http://127.0.0.1:3128",
        https_url="http://127.0.0.1:3129",
        username="u",
        no_proxy=(".local", "localhost:8080"),
    )
    assert store.secrets.get(corp.secret_ref) == "pp"
    system = profiles.proxy_named("sys")
    assert system is not None
    assert system.secret_ref == ""


def test_the_file_has_a_schema_stable_order_and_only_references() -> None:
    store = ProfileStore()
    store.save_auth("zeta", Auth("bearer", token="tok-zeta"))
    store.save_auth("Alpha", Auth("basic", username="a", password=PASSWORD))
    first = paths.profiles_file().read_text()
    data = json.loads(first)
    assert list(data) == ["schema", "auth", "proxy"]
    assert data["schema"] == "workbench.profiles/1"
    assert [p["name"] for p in data["auth"]] == ["Alpha", "zeta"]
    assert list(data["auth"][0]) == [
        "name",
        "kind",
        "username",
        "realm",
        "scope",
        "preemptive",
        "secret",
    ]
    assert data["auth"][1] == {
        "name": "zeta",
        "kind": "bearer",
        "secret": data["auth"][1]["secret"],
    }
    assert data["auth"][1]["secret"].startswith("file:")
    store.save_proxy("p", Proxy("direct"))
    store.remove("p")
    assert paths.profiles_file().read_text() == first  # same content, same bytes


def test_no_profile_file_holds_a_secret_with_the_file_store(workbench_home: Path) -> None:
    store = ProfileStore()
    store.save_auth("a", Auth("basic", username="ann", password=PASSWORD))
    store.save_proxy(
        "p", Proxy("manual", url="http://127.0.0.1:1", username="u", password=PASSWORD + "-proxy")
    )
    assert files_containing(workbench_home, PASSWORD.encode()) == ["secrets.json"]


def test_no_file_at_all_holds_a_secret_with_a_keyring(
    workbench_home: Path, memory_keyring: MemoryKeyring
) -> None:
    store = ProfileStore()
    store.save_auth("a", Auth("basic", username="ann", password=PASSWORD))
    store.save_auth("t", Auth("bearer", token=PASSWORD + "-tok"))
    store.save_auth("k", Auth("apikey", key_name="X-Key", key_value=PASSWORD + "-key"))
    assert files_containing(workbench_home, PASSWORD.encode()) == []
    assert sorted(memory_keyring.values.values()) == [
        PASSWORD,
        PASSWORD + "-key",
        PASSWORD + "-tok",
    ]
    assert (
        store.secret_status(store.auth("a"))
        == "stored in system keyring (memory keyring MemoryKeyring)"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "The name is empty."),
        ("   ", "The name is empty."),
        (" lead", "starts or ends with a space"),
        ("tab\there", "control character"),
        ("x" * 101, "longer than 100"),
        ("STAGING", "A profile named 'STAGING' already exists."),
        ("proxy-one", "already exists"),
    ],
)
def test_bad_names_are_refused(name: str, message: str) -> None:
    store = ProfileStore()
    store.save_auth("staging", Auth("bearer", token="t"))
    store.save_proxy("proxy-one", Proxy("direct"))
    before = paths.profiles_file().read_bytes()
    with pytest.raises(InvalidProfile) as exc:
        store.save_auth(name, Auth("bearer", token="t2"))
    assert message in errors_of(exc)["name"]
    assert paths.profiles_file().read_bytes() == before


@pytest.mark.parametrize(
    "scope",
    [
        "https://api.test/v1/",
        "http://api.test",
        "api.test",
        "api.test:8443",
        "[::1]:8080",
        "127.0.0.1",
    ],
)
def test_good_scopes(scope: str) -> None:
    ProfileStore().save_auth("a", Auth("basic", username="u", scope=scope))
    assert ProfileStore().auth("a").auth.scope == scope


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ("api.test/v1", "neither a full URL"),
        ("ftp://api.test/", "starts with http:// or https://"),
        ("https://", "no host"),
        ("api.test:99999", "out of range"),
        ("api.test:abc", "not a number"),
        ("user@api.test", "neither"),
        ("two words", "neither"),
        ("http://api.test:0/", "out of range"),
    ],
)
def test_bad_scopes_name_the_scope_field(scope: str, message: str) -> None:
    with pytest.raises(InvalidProfile) as exc:
        ProfileStore().save_auth("a", Auth("basic", username="u", password="p", scope=scope))
    assert message in errors_of(exc)["scope"]
    assert not paths.profiles_file().exists()
    assert not paths.secrets_file().exists()  # the secret was not stored either


@pytest.mark.parametrize(
    ("auth", "field", "message"),
    [
        (Auth("basic"), "username", "needs a user name"),
        (Auth("basic", username="a:b"), "username", "cannot contain ':'"),
        (Auth("digest", username="u", realm='a"b'), "realm", "double quote"),
        (Auth("digest", username="u", preemptive=True), "preemptive", "do not use the preemptive"),
        (Auth("bearer"), "token", "needs the token"),
        (Auth("bearer", token="a\nb"), "token", "line feed"),
        (Auth("bearer", token="t", username="u"), "username", "Bearer token profiles do not use"),
        (Auth("apikey", key_value="v"), "key_name", "needs the key's name"),
        (Auth("apikey", key_name="X Key", key_value="v"), "key_name", "not valid"),
        (Auth("apikey", key_name="X-Key"), "key_value", "needs the key's value"),
        (Auth("apikey", key_name="X-Key", key_value="é€"), "key_value", "Latin-1"),
        (
            Auth("apikey", key_name="k", key_value="v", key_in="cookie"),  # type: ignore[arg-type]
            "key_in",
            "header or in the query",
        ),
        (Auth("none"), "kind", "Choose Basic"),
    ],
)
def test_bad_auth_fields_are_named(auth: Auth, field: str, message: str) -> None:
    with pytest.raises(InvalidProfile) as exc:
        ProfileStore().save_auth("a", auth)
    assert message in errors_of(exc)[field], exc.value.errors
    assert not paths.profiles_file().exists()


@pytest.mark.parametrize(
    ("proxy", "field", "message"),
    [
        (Proxy("manual"), "url", "needs a proxy URL"),
        (Proxy("manual", url="127.0.0.1:3128"), "url", "needs a scheme"),
        (Proxy("manual", url="http://127.0.0.1:99999"), "url", "out of range"),
        (Proxy("manual", url="https://127.0.0.1:3128"), "url", "must start with http://"),
        (Proxy("manual", url="http://:3128"), "url", "no host"),
        (Proxy("manual", url="http://p:1", https_url="socks5://p:1"), "https_url", "http://"),
        (Proxy("manual", url="http://p:1", password="x"), "password", "needs a user name"),
        (
            Proxy("manual", url="http://p:1", no_proxy=("http://x.test",)),
            "no_proxy",
            "should be a host",
        ),
        (Proxy("manual", url="http://p:1", no_proxy=("a b",)), "no_proxy", "should be a host"),
        (Proxy("manual", url="http://p:1", no_proxy=("x.test:port",)), "no_proxy", "not a number"),
        (Proxy("system", url="http://p:1"), "url", "System profiles do not use the url"),
        (Proxy("direct", no_proxy=("x",)), "no_proxy", "Direct profiles do not use"),
        (Proxy("pac"), "mode", "Choose System"),  # type: ignore[arg-type]
        (
            Proxy("manual", url="http://pu:pw-9@127.0.0.1:1"),
            "url",
            "in the User name and Password fields",
        ),
        (Proxy("manual", url="pu:pw-9@127.0.0.1:1"), "url", "kept in the keyring"),
        (Proxy("manual", url="http://pu@127.0.0.1:1"), "url", "put it in the User name"),
        (
            Proxy("manual", url="http://p:1", https_url="http://pu:pw-9@p:2"),
            "https_url",
            "in the User name and Password fields",
        ),
    ],
)
def test_bad_proxy_fields_are_named(proxy: Proxy, field: str, message: str) -> None:
    with pytest.raises(InvalidProfile) as exc:
        ProfileStore().save_proxy("p", proxy)
    assert message in errors_of(exc)[field], exc.value.errors
    assert not paths.profiles_file().exists()


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidProfile) as exc:
        ProfileStore().save_proxy("", Proxy("manual", url="nope", password="x", no_proxy=("a/b",)))
    assert set(errors_of(exc)) == {"name", "url", "password", "no_proxy"}


def test_tls_files_are_checked(tmp_path: Path) -> None:
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    leaf = ca.issue_cert("client.test")
    cert_file = tmp_path / "client.pem"
    leaf.private_key_and_cert_chain_pem.write_to_path(str(cert_file))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    store = ProfileStore()
    tls = TLS(ca_file=str(ca_file), client_cert=str(cert_file))
    store.save_auth("ok", Auth("bearer", token="t"), tls)
    assert store.auth("ok").tls == tls
    cases = [
        (TLS(ca_file=str(tmp_path / "missing.pem")), "ca_file", "No such file"),
        (TLS(ca_file=str(garbage)), "ca_file", "cannot be used"),
        (TLS(client_cert=str(tmp_path / "missing.pem")), "client_cert", "cannot be used"),
        (TLS(client_cert=str(garbage)), "client_cert", "cannot be used"),
        (TLS(client_key=str(cert_file)), "client_key", "without its certificate"),
    ]
    for bad, field, message in cases:
        with pytest.raises(InvalidProfile) as exc:
            store.save_proxy("p", Proxy("direct"), bad)
        assert message in errors_of(exc)[field]
    assert store.load().proxy == ()


@pytest.mark.parametrize(
    "content",
    [
        b"{broken",
        b"[]",
        b'{"schema": "workbench.profiles/2", "auth": []}',
        b'{"schema": "workbench.profiles/1", "auth": [{"name": "a", "kind": "bearer", "colour": 1}]}',
        b'{"schema": "workbench.profiles/1", "auth": [{"name": "a", "kind": "ntlm"}]}',
        b'{"schema": "workbench.profiles/1", "proxy": [{"name": "p", "mode": "manual", "url": 5}]}',
        b'{"schema": "workbench.profiles/1", "auth": [{"name": "a", "kind": "apikey", "key_in": "x"}]}',
        b"\xff\xfe",
    ],
)
def test_an_unreadable_profiles_file_is_reported_and_left_untouched(content: bytes) -> None:
    paths.profiles_file().write_bytes(content)
    store = ProfileStore()
    with pytest.raises(ProfilesUnreadable, match=r"cannot be read .* left as it is"):
        store.load()
    with pytest.raises(ProfilesUnreadable):
        store.save_auth("new", Auth("bearer", token="tok"))
    with pytest.raises(ProfilesUnreadable):
        store.remove("a")
    assert paths.profiles_file().read_bytes() == content
    assert not paths.secrets_file().exists()  # no secret stored for a profile never saved


def test_replacing_keeps_or_replaces_the_secret() -> None:
    store = ProfileStore()
    first = store.save_auth("a", Auth("basic", username="ann", password="one"))
    kept = store.save_auth("a", Auth("basic", username="ann2"), replacing="a", keep_secret=True)
    assert kept.secret_ref == first.secret_ref
    assert store.auth("a").auth.username == "ann2"
    renamed = store.save_auth("b", Auth("basic", username="ann2", password="two"), replacing="a")
    assert [p.name for p in store.load().auth] == ["b"]
    assert store.secrets.get(renamed.secret_ref) == "two"
    assert store.secrets.get(first.secret_ref) is None  # the old secret is forgotten
    assert store.secrets.file.keys() == [renamed.secret_ref.removeprefix("file:")]


def test_keep_secret_does_not_carry_a_password_into_a_token() -> None:
    store = ProfileStore()
    store.save_auth("a", Auth("basic", username="ann", password="one"))
    with pytest.raises(InvalidProfile) as exc:
        store.save_auth("a", Auth("bearer"), replacing="a", keep_secret=True)
    assert "token" in errors_of(exc)


def test_replacing_a_missing_profile_is_an_error() -> None:
    with pytest.raises(ProfileNotFound, match="no auth profile named 'ghost'"):
        ProfileStore().save_auth("ghost", Auth("bearer", token="t"), replacing="ghost")


def test_a_failed_file_write_forgets_the_new_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    store = ProfileStore()
    store.save_auth("a", Auth("basic", username="ann", password="one"))
    before = paths.profiles_file().read_bytes()
    secrets_before = store.secrets.file.keys()

    def disk_full(path: object, text: str, *, mode: int | None = None) -> None:
        if str(path).endswith("profiles.json"):
            raise OSError(28, "No space left on device")
        atomic.write_bytes(path, text.encode(), mode=mode)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic, "write_text", disk_full)
    with pytest.raises(
        StoreError, match=r"could not be written .*No space left.* nothing was changed"
    ):
        store.save_auth("a", Auth("basic", username="ann", password="two"), replacing="a")
    assert paths.profiles_file().read_bytes() == before
    assert store.secrets.file.keys() == secrets_before
    assert store.secrets.get(store.auth("a").secret_ref) == "one"


def test_a_keyring_failing_at_run_time_loses_nothing(memory_keyring: MemoryKeyring) -> None:
    store = ProfileStore()
    store.save_auth("a", Auth("bearer", token="first"))
    before = paths.profiles_file().read_bytes()
    memory_keyring.failing = True
    with pytest.raises(StoreError, match="could not save the secret"):
        store.save_auth("a", Auth("bearer", token="second"), replacing="a")
    with pytest.raises(StoreError, match="could not save the secret"):
        store.save_auth("b", Auth("bearer", token="other"))
    assert paths.profiles_file().read_bytes() == before
    assert "cannot be read now" in store.secret_status(store.auth("a"))
    memory_keyring.failing = False
    assert store.resolve("a").secrets == {store.auth("a").secret_ref: "first"}


def test_remove_deletes_the_secret_too() -> None:
    store = ProfileStore()
    saved = store.save_proxy(
        "p", Proxy("manual", url="http://127.0.0.1:1", username="u", password="pp")
    )
    removed = store.remove("p")
    assert removed == saved
    assert store.load().proxy == ()
    assert store.secrets.get(saved.secret_ref) is None
    with pytest.raises(ProfileNotFound, match="no profile named 'p'"):
        store.remove("p")


def test_concurrent_saves_lose_nothing() -> None:
    store = ProfileStore()
    threads = [
        threading.Thread(target=store.save_auth, args=(f"p{i}", Auth("bearer", token=f"t{i}")))
        for i in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    resolved = [store.resolve(f"p{i}") for i in range(12)]
    assert [list(r.secrets.values()) for r in resolved] == [[f"t{i}"] for i in range(12)]


def test_users_of_a_profile() -> None:
    uses = [
        ProfileUse("api/login", "staging", ""),
        ProfileUse("api/list", "prod", "corp"),
        ProfileUse("api/other", "", "staging"),
    ]
    assert users_of("staging", uses) == ["api/login", "api/other"]
    assert users_of("staging", uses, "auth") == ["api/login"]
    assert users_of("corp", uses, "proxy") == ["api/list"]
    assert users_of("corp", [("plain/tuple", "", "corp")]) == ["plain/tuple"]
    assert users_of("nobody", uses) == []


def test_a_password_in_a_proxy_url_reaches_no_file(workbench_home: Path) -> None:
    proxy = Proxy("manual", url="http://pu:pw-Url-31@127.0.0.1:3128", username="pu", password="x")
    with pytest.raises(InvalidProfile) as exc:
        ProfileStore().save_proxy("p", proxy)
    assert set(errors_of(exc)) == {"url"}
    assert not paths.profiles_file().exists()
    assert files_containing(workbench_home, b"pw-Url-31") == []


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://u:ENV-pw-1@127.0.0.1:3128", "http://u:***@127.0.0.1:3128"),
        ("u:ENV-pw-1@proxy.test:3128", "u:***@proxy.test:3128"),
        ("http://u:p@ss@proxy.test:1/x?a=b@c", "http://u:***@proxy.test:1/x?a=b@c"),
        ("http://u@proxy.test:1", "http://u@proxy.test:1"),
        ("http://proxy.test:1", "http://proxy.test:1"),
        ("", ""),
    ],
)
def test_proxy_urls_are_shown_with_the_password_masked(url: str, shown: str) -> None:
    assert masked_proxy_url(url) == shown
