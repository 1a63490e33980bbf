"""Importing `CollectionData` into a folder and exporting it back: names made safe, secrets moved, notes."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_collections_fixtures as fixtures
from memory_keyring import memory_keyring, no_keyring

from workbench.engine.spec import Auth, Field, Proxy, RequestSpec
from workbench.formats.model import (
    CollectionData,
    CollectionItem,
    Environment,
    SavedRequest,
    Variable,
)
from workbench.store import environments
from workbench.store.collection_transfer import export_data, import_data, profiles_left_out
from workbench.store.collections import Collection
from workbench.store.folder_settings import FolderSettings
from workbench.store.secrets import SecretStore

coll = fixtures.coll
keyring_fixtures = (memory_keyring, no_keyring)

DATA = CollectionData(
    name="Postman thing",
    items=(
        CollectionItem(("Users",), SavedRequest("GET /users/:id", RequestSpec("{{base}}/users/1"))),
        CollectionItem(("Users",), SavedRequest("GET /users/:id", RequestSpec("{{base}}/users/2"))),
        CollectionItem(
            ("Users", "Admin?"),
            SavedRequest(
                "Login", RequestSpec("{{base}}/login", "POST", auth=Auth("basic", "ann", "hunter2"))
            ),
        ),
        CollectionItem((), SavedRequest("CON", RequestSpec("http://127.0.0.1/"))),
    ),
    variables=(
        Variable("base", "http://127.0.0.1:8000"),
        Variable("api", "secret-api", secret=True),
    ),
    environments=(
        Environment("dev", (Variable("base", "http://127.0.0.1:9000"),)),
        Environment("a/b"),
    ),
    notes=("Pre-request scripts were not imported.",),
)


@pytest.fixture
def secrets(no_keyring: None) -> SecretStore:
    return SecretStore()


def test_an_import_writes_every_item_with_safe_unique_names_and_says_so(
    coll: Collection, secrets: SecretStore
) -> None:
    report = import_data(coll, DATA, secrets)
    assert report.paths == (
        "Users/GET -users-id.wbreq.toml",
        "Users/GET -users-id 2.wbreq.toml",
        "Users/Admin/Login.wbreq.toml",
        "CON-.wbreq.toml",
    )
    assert report.notes[0] == "Pre-request scripts were not imported."
    assert "'GET /users/:id' was saved as 'GET -users-id'." in report.notes
    assert "'GET /users/:id' was saved as 'GET -users-id 2'." in report.notes
    assert "The folder 'Admin?' was saved as 'Admin'." in report.notes
    assert (
        "Login: the auth password was moved into the secret variable {{password}}." in report.notes
    )
    assert "The environment 'a/b' was saved as 'a-b'." in report.notes
    login = coll.load("Users/Admin/Login.wbreq.toml").saved
    assert login.spec.auth == Auth("basic", "ann", "{{password}}")
    assert "hunter2" not in "".join(p.read_text() for p in coll.root.rglob("*.toml"))
    scope = environments.variables_for(coll, "dev", secrets)
    assert scope.values == {
        "base": "http://127.0.0.1:9000",
        "api": "secret-api",
        "password": "hunter2",
    }
    assert [e.name for e in environments.list_environments(coll)] == ["a-b", "dev"]


def test_importing_twice_numbers_the_clashes_and_keeps_existing_variables(
    coll: Collection, secrets: SecretStore
) -> None:
    import_data(coll, DATA, secrets)
    again = import_data(coll, DATA._replace(variables=(Variable("base", "other"),)), secrets)
    assert again.paths[0] == "Users/GET -users-id 3.wbreq.toml"
    assert "The collection already has a variable 'base'; its value was kept." in again.notes
    assert (
        "Login: the auth password was moved into the secret variable {{password 2}}."
        not in again.notes
    )
    assert any("{{password_2}}" in note for note in again.notes)
    assert environments.variables_for(coll, None, secrets).values["base"] == "http://127.0.0.1:8000"
    assert [e.name for e in environments.list_environments(coll)] == [
        "a-b",
        "a-b 2",
        "dev",
        "dev 2",
    ]


def test_export_gives_the_requests_with_defaults_and_no_secret_values(
    coll: Collection, secrets: SecretStore
) -> None:
    import_data(coll, DATA, secrets)
    coll.save_settings("Users", FolderSettings(headers=(Field("X-Users", "1"),)))
    data, skipped = export_data(coll, "Users")
    assert skipped == []
    assert data.name == "Users"
    assert [(i.folder, i.request.name) for i in data.items] == [
        (("Admin",), "Login"),
        ((), "GET -users-id"),
        ((), "GET -users-id 2"),
    ]
    assert all(Field("X-Users", "1") in i.request.spec.headers for i in data.items)
    assert {v.name: v.value for v in data.variables} == {
        "base": "http://127.0.0.1:8000",
        "api": "",
        "password": "",
    }
    (coll.root / "Users" / "bad.wbreq.toml").write_text("x = 1")
    assert coll.scan().added == ("Users/bad.wbreq.toml",)
    whole, skipped = export_data(coll)
    assert whole.name == "Shop"
    assert len(whole.items) == 4
    assert len(skipped) == 1
    assert "bad.wbreq.toml" in skipped[0]
    one, _ = export_data(coll, "Users/Admin/Login.wbreq.toml")
    assert [(i.folder, i.request.name) for i in one.items] == [((), "Login")]


def test_export_names_each_requests_profiles_in_its_description(coll: Collection) -> None:
    coll.save_settings("", FolderSettings(proxy_profile="office"))
    coll.add_request("", SavedRequest("Both", RequestSpec("http://127.0.0.1/"), "Doc.", "work"))
    coll.add_request(
        "", SavedRequest("Plain", RequestSpec("http://127.0.0.1/", proxy=Proxy("direct")))
    )
    data, _ = export_data(coll)
    described = {i.request.name: i.request.description for i in data.items}
    assert described == {
        "Both": "Doc.\n\nWorkbench sends this request with the auth profile 'work' and the proxy "
        "profile 'office', left out of this export (profiles and their secrets are never exported).",
        "Plain": "",
    }
    assert profiles_left_out(data) == [
        "Both: sent with the auth profile 'work' and the proxy profile 'office', left out "
        "(profiles and their secrets are never exported)"
    ]


def test_imported_secrets_go_to_the_keyring_when_there_is_one(
    coll: Collection, memory_keyring: object, tmp_path: Path
) -> None:
    import_data(coll, DATA, SecretStore())
    assert "hunter2" in memory_keyring.values.values()  # type: ignore[attr-defined]
