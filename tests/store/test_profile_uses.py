"""Which saved requests use a profile: by name, inherited from a folder or the collection, and in
the folders the window opened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.engine.spec import Auth, Proxy, RequestSpec
from workbench.formats.model import SavedRequest
from workbench.store import paths
from workbench.store.collections import create_collection
from workbench.store.folder_settings import FolderSettings
from workbench.store.profile_model import ProfileUse
from workbench.store.profile_uses import known_collections, opened_collections, saved_uses, users

URL = "http://127.0.0.1:9/"


def write_state(opened: object, **extra: object) -> None:
    state = {"format": "workbench.window", "version": 1, "collections": {"opened": opened}}
    paths.window_state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.window_state_file().write_text(json.dumps(state | extra))


def test_own_and_inherited_profiles_say_where_they_come_from(tmp_path: Path) -> None:
    shop = create_collection("Shop", tmp_path)
    shop.save_settings("", FolderSettings(auth_profile="web", proxy_profile="corp"))
    shop.add_folder("", "Admin")
    shop.add_folder("Admin", "Deep")
    shop.save_settings("Admin", FolderSettings(auth_profile="admin"))
    shop.add_request("", SavedRequest("Home", RequestSpec(URL)))
    shop.add_request("", SavedRequest("Mine", RequestSpec(URL), "", "web", "corp"))
    shop.add_request("Admin/Deep", SavedRequest("Users", RequestSpec(URL)))
    inline = RequestSpec(URL, auth=Auth("bearer", token="{{t}}"), proxy=Proxy("direct"))
    shop.add_request("", SavedRequest("Inline", inline))  # inline settings inherit nothing
    assert saved_uses([shop.root]) == [
        ProfileUse("Shop / Admin/Deep/Users (inherited from folder 'Admin')", auth_profile="admin"),
        ProfileUse("Shop / Admin/Deep/Users (inherited from the collection)", proxy_profile="corp"),
        ProfileUse("Shop / Home (inherited from the collection)", "web", "corp"),
        ProfileUse("Shop / Mine", "web", "corp"),
    ]
    assert users("web", "auth", [shop.root]) == [
        "Shop / Home (inherited from the collection)",
        "Shop / Mine",
    ]
    assert users("corp", "proxy", [shop.root])[0].endswith("Users (inherited from the collection)")
    assert users("web", "proxy", [shop.root]) == []


def test_an_unreadable_request_or_folder_file_is_skipped(tmp_path: Path) -> None:
    shop = create_collection("Shop", tmp_path)
    shop.add_request("", SavedRequest("Fine", RequestSpec(URL), "", "web"))
    shop.add_folder("", "Broken")
    shop.add_request("Broken", SavedRequest("Inside", RequestSpec(URL), "", "web"))
    (shop.root / "Broken" / "folder.toml").write_text("not toml = = =")
    (shop.root / "Bad.wbreq.toml").write_text("x = 1")
    assert users("web", roots=[shop.root, tmp_path / "gone"]) == ["Shop / Fine"]


def test_the_app_folder_and_the_opened_folders_are_scanned_once(tmp_path: Path) -> None:
    mine = create_collection("Mine")
    mine.add_request("", SavedRequest("A", RequestSpec(URL), "", "web"))
    elsewhere = create_collection("Elsewhere", tmp_path)
    elsewhere.add_request("", SavedRequest("B", RequestSpec(URL), "", "web"))
    assert users("web") == ["Mine / A"]
    write_state([str(elsewhere.root), str(mine.root), str(tmp_path / "gone"), 5])
    assert known_collections() == [mine.root.resolve(), elsewhere.root.resolve()]
    assert users("web") == ["Mine / A", "Elsewhere / B"]


@pytest.mark.parametrize(
    "text",
    [
        "{ not json",
        '{"format": "something else", "collections": {"opened": ["/x"]}}',
        '{"format": "workbench.window", "collections": ["/x"]}',
        '{"format": "workbench.window", "collections": {"opened": "/x"}}',
        "[]",
    ],
)
def test_an_odd_window_state_means_no_opened_folders(text: str) -> None:
    paths.window_state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.window_state_file().write_text(text)
    assert opened_collections() == []


def test_no_window_state_means_no_opened_folders() -> None:
    assert opened_collections() == []
    write_state(["/a", "", "/b"])
    assert opened_collections() == [Path("/a"), Path("/b")]
