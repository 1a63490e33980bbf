"""Folder and collection defaults: written and read back, inherited unless the request sets its own."""

from __future__ import annotations

import pytest
import test_collections_fixtures as fixtures
from test_collections_fixtures import request

from workbench.engine.spec import Auth, Field, Proxy, RequestSpec
from workbench.formats.errors import FormatError
from workbench.formats.model import SavedRequest, Variable
from workbench.store.collections import Collection
from workbench.store.folder_settings import FolderSettings, dumps, effective, loads

coll = fixtures.coll

COLLECTION = FolderSettings(
    description="Shop API\nfor the tour",
    order=("Login", "Users"),
    auth_profile="staging",
    proxy_profile="office",
    base_url="{{base_url}}",
    headers=(Field("Accept", "application/json"), Field("X-Off", "1", enabled=False)),
    variables=(
        Variable("base_url", "http://127.0.0.1:8000"),
        Variable("token", "", secret=True),
        Variable("old", "x", enabled=False),
    ),
    name="Shop",
    id="abc123",
)


def test_collection_settings_round_trip_and_read_well() -> None:
    text = dumps(COLLECTION, "collection.toml")
    assert text.startswith('schema = "workbench.collection/1"\nname = "Shop"\nid = "abc123"\n')
    assert '{ name = "token", value = "", secret = true }' in text
    assert loads(text, "collection.toml") == COLLECTION


def test_folder_settings_hold_no_collection_keys() -> None:
    folder = COLLECTION._replace(variables=(), name="", id="")
    assert loads(dumps(folder, "folder.toml"), "folder.toml") == folder
    with pytest.raises(FormatError, match="name: unknown key"):
        loads('schema = "workbench.folder/1"\nname = "x"\n', "folder.toml")
    with pytest.raises(FormatError, match="newer Workbench"):
        loads('schema = "workbench.folder/9"\n', "folder.toml")
    with pytest.raises(FormatError, match=r"variables \(t\): a secret variable's value"):
        loads(
            'schema = "workbench.collection/1"\nvariables = [{name = "t", value = "x", secret = true}]\n',
            "collection.toml",
        )


def test_a_secret_variable_value_never_reaches_the_file() -> None:
    text = dumps(
        FolderSettings(variables=(Variable("token", "s3cret", secret=True),)), "collection.toml"
    )
    assert "s3cret" not in text


def chain() -> list[FolderSettings]:
    outer = FolderSettings(
        auth_profile="outer auth",
        proxy_profile="outer proxy",
        base_url="http://outer",
        headers=(Field("Accept", "text/html"), Field("X-Outer", "1")),
    )
    inner = FolderSettings(
        auth_profile="inner auth",
        base_url="{{api}}",
        headers=(Field("accept", "application/json"),),
    )
    return [outer, inner]


def test_a_request_inherits_from_the_nearest_folder() -> None:
    saved = SavedRequest("r", RequestSpec("/users", headers=(Field("X-Own", "1"),)))
    out = effective(saved, chain())
    assert out.auth_profile == "inner auth"
    assert out.proxy_profile == "outer proxy"
    assert out.spec.url == "{{api}}/users"
    assert out.spec.headers == (
        Field("X-Outer", "1"),
        Field("accept", "application/json"),
        Field("X-Own", "1"),
    )


def test_what_a_request_sets_itself_wins() -> None:
    spec = RequestSpec(
        "https://own.example/x",
        headers=(Field("Accept", "*/*", enabled=False),),
        auth=Auth("bearer", token="{{t}}"),
        proxy=Proxy("direct"),
    )
    out = effective(SavedRequest("r", spec), chain())
    assert out.spec.url == "https://own.example/x"
    assert out.auth_profile == ""
    assert out.proxy_profile == ""
    assert out.spec.headers == (Field("X-Outer", "1"), Field("Accept", "*/*", enabled=False))
    own = effective(
        SavedRequest("r", RequestSpec("{{base}}/x"), auth_profile="mine", proxy_profile="p"),
        chain(),
    )
    assert (own.auth_profile, own.proxy_profile, own.spec.url) == ("mine", "p", "{{base}}/x")


@pytest.mark.parametrize(
    ("base", "url", "expected"),
    [
        ("http://h/api/", "/users", "http://h/api/users"),
        ("http://h", "users", "http://h/users"),
        ("http://h", "", "http://h"),
        ("", "/x", "/x"),
    ],
)
def test_the_base_url_joins_with_one_slash(base: str, url: str, expected: str) -> None:
    out = effective(SavedRequest("r", RequestSpec(url)), [FolderSettings(base_url=base)])
    assert out.spec.url == expected


def test_a_collection_applies_its_folders_defaults(coll: Collection) -> None:
    users = coll.add_folder("", "Users")
    coll.save_settings(
        "", FolderSettings(base_url="http://127.0.0.1:9", headers=(Field("A", "1"),))
    )
    coll.save_settings(users, FolderSettings(auth_profile="staging"))
    loaded = coll.add_request(users, request("List", "/users"))
    out = coll.effective(loaded)
    assert out.spec.url == "http://127.0.0.1:9/users"
    assert out.auth_profile == "staging"
    assert out.spec.headers[0] == Field("A", "1")
    assert [s.auth_profile for s in coll.chain(loaded.path)] == ["", "staging"]
    assert coll.chain("") == [coll.settings("")]
    (coll.root / users / "folder.toml").write_text("nonsense")
    with pytest.raises(Exception, match=r"folder\.toml: not valid TOML"):
        coll.effective(loaded)


def test_the_identity_is_created_once(coll: Collection) -> None:
    first = coll.identity()
    assert first == coll.identity() == Collection.open(coll.root).identity()
    assert len(first) == 32
