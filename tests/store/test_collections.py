"""Collections on disk: the tree, names, new/rename/duplicate/move/delete with undo, clear refusals."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import test_collections_fixtures as fixtures
from test_collections_fixtures import request

from workbench.store import collection_trash
from workbench.store.collection_errors import (
    BrokenFile,
    DuplicateName,
    InvalidName,
    NotFound,
)
from workbench.store.collections import Collection, create_collection, default_collections, locate
from workbench.store.errors import StoreError
from workbench.store.folder_settings import FolderSettings

coll = fixtures.coll
read_only = fixtures.read_only


def listing(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_new_collection_lives_in_the_data_folder_with_a_name_and_an_id(
    workbench_home: Path,
) -> None:
    created = create_collection("Shop API")
    assert created.root == workbench_home / "data" / "collections" / "Shop API"
    data = tomllib.loads((created.root / "collection.toml").read_text())
    assert data["schema"] == "workbench.collection/1"
    assert data["name"] == "Shop API"
    assert len(data["id"]) == 32
    assert default_collections() == [created.root]
    with pytest.raises(DuplicateName, match="already holds 'shop api'"):
        create_collection("shop api")


def test_saved_requests_are_files_named_after_them_and_load_back(coll: Collection) -> None:
    saved = request("Get user", "{{base}}/users/1")
    loaded = coll.add_request("", saved)
    assert loaded.path == "Get user.wbreq.toml"
    assert (
        (coll.root / "Get user.wbreq.toml")
        .read_text()
        .startswith('schema = "workbench.request/1"\n')
    )
    again = coll.load(loaded.path)
    assert again.saved == saved
    assert again.stamp == loaded.stamp


def test_the_tree_lists_folders_then_requests_in_natural_order(coll: Collection) -> None:
    folder = coll.add_folder("", "Users")
    for name in ("Step 10", "Step 2", "step 1"):
        coll.add_request(folder, request(name, method="POST"))
    coll.add_request("", request("About"))
    coll.add_folder("", "Admin")
    (coll.root / "README.md").write_text("not a request")
    (coll.root / ".git").mkdir()
    (coll.root / ".git" / "x.wbreq.toml").write_text("hidden")
    (coll.root / "environments").mkdir()
    (coll.root / "environments" / "dev.toml").write_text('schema = "workbench.environment/1"\n')
    tree = coll.tree()
    assert tree.kind == "folder"
    assert tree.path == ""
    assert tree.name == "Shop"
    assert [(n.kind, n.name) for n in tree.children] == [
        ("folder", "Admin"),
        ("folder", "Users"),
        ("request", "About"),
    ]
    users = tree.children[1]
    assert [n.name for n in users.children] == ["step 1", "Step 2", "Step 10"]
    first = users.children[0]
    assert (first.path, first.method, first.url, first.error) == (
        "Users/step 1.wbreq.toml",
        "POST",
        "http://127.0.0.1/x",
        "",
    )
    assert [n.path for n in tree.walk() if n.kind == "request"] == coll.requests()


def test_a_folder_can_set_the_order(coll: Collection) -> None:
    for name in ("a", "b", "c"):
        coll.add_request("", request(name))
    coll.save_settings("", FolderSettings(order=("c", "A")))
    assert [n.name for n in coll.tree().children] == ["c", "a", "b"]


def test_a_file_that_cannot_be_read_is_shown_with_its_error_and_never_overwritten(
    coll: Collection,
) -> None:
    good = coll.add_request("", request("Good"))
    broken = coll.root / "Broken.wbreq.toml"
    broken.write_text('schema = "workbench.request/1"\nurl = "u"\nsurprise = 1\n')
    (coll.root / "Binary.wbreq.toml").write_bytes(b"\xff\xfe")
    nodes = {n.name: n for n in coll.tree().children}
    assert "surprise: unknown key" in nodes["Broken"].error
    assert "not UTF-8" in nodes["Binary"].error
    assert nodes["Good"].error == ""
    assert coll.errors().keys() == {"Broken.wbreq.toml", "Binary.wbreq.toml"}
    with pytest.raises(BrokenFile, match=r"Broken\.wbreq\.toml: surprise: unknown key"):
        coll.load("Broken.wbreq.toml")
    # a file broken after it was loaded is not saved over, even when forced
    broken.write_text(good.path)
    (coll.root / good.path).write_text("<<<<<<< HEAD\n")
    with pytest.raises(BrokenFile, match="not overwritten"):
        coll.save(good, request("Good", "http://other"), force=True)
    assert (coll.root / good.path).read_text() == "<<<<<<< HEAD\n"
    with pytest.raises(BrokenFile, match="not deleted"):
        coll.delete(good.path)
    assert (coll.root / good.path).exists()


def test_a_broken_folder_settings_file_marks_the_folder(coll: Collection) -> None:
    folder = coll.add_folder("", "Users")
    (coll.root / "Users" / "folder.toml").write_text("schema = 1\n")
    node = coll.tree().children[0]
    assert node.name == "Users"
    assert "not a Workbench folder.toml" in node.error
    with pytest.raises(BrokenFile):
        coll.save_settings(folder, FolderSettings(base_url="x"))
    assert (coll.root / "Users" / "folder.toml").read_text() == "schema = 1\n"
    with pytest.raises(BrokenFile):
        coll.delete(folder)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "cannot be empty"),
        ("a/b", "cannot contain '/'"),
        ("a\\b", "cannot contain '\\\\\\\\'"),
        ("nul\0byte", "control characters"),
        ("tab\there", "control characters"),
        ("what?", "cannot contain '\\?': Windows"),
        ("GET /users/:id", "cannot contain '/'"),
        ("CON", "reserved device name"),
        ("lpt1.backup", "reserved device name"),
        ("dot.", "cannot end with '.'"),
        (".hidden", "cannot start with '.'"),
        ("x" * 201, "at most 200 bytes; this one is 201"),
        ("é" * 101, "this one is 202"),
    ],
)
def test_names_the_file_system_would_refuse_are_refused_and_nothing_is_written(
    coll: Collection, name: str, message: str
) -> None:
    coll.add_request("", request("Kept"))
    before = listing(coll.root)
    with pytest.raises(InvalidName, match=message):
        coll.add_request("", request(name))
    with pytest.raises(InvalidName, match=message.replace("request", "folder")):
        coll.add_folder("", name)
    assert listing(coll.root) == before


def test_two_requests_with_the_same_name_in_a_folder_are_refused(coll: Collection) -> None:
    coll.add_request("", request("Login"))
    before = listing(coll.root)
    for clash in ("Login", "login", " LOGIN "):
        with pytest.raises(DuplicateName, match=f"{coll.root} already holds"):
            coll.add_request("", request(clash, "http://127.0.0.1/other"))
    coll.add_folder("", "Users")
    with pytest.raises(DuplicateName):
        coll.add_request("", request("users"))  # a request and a folder would show the same name
    with pytest.raises(InvalidName, match="environments"):
        coll.add_folder("", "Environments")
    assert coll.load("Login.wbreq.toml").saved.spec.url == "http://127.0.0.1/x"
    assert listing(coll.root) == before


def test_rename_duplicate_and_move(coll: Collection) -> None:
    users = coll.add_folder("", "Users")
    loaded = coll.add_request(users, request("Get"))
    assert coll.rename(loaded.path, "Get user") == "Users/Get user.wbreq.toml"
    assert (
        coll.rename("Users/Get user.wbreq.toml", "get USER") == "Users/get USER.wbreq.toml"
    )  # case only
    copy = coll.duplicate("Users/get USER.wbreq.toml")
    copy2 = coll.duplicate("Users/get USER.wbreq.toml")
    assert (copy, copy2) == ("Users/get USER copy.wbreq.toml", "Users/get USER copy 2.wbreq.toml")
    assert coll.load(copy).saved.spec == loaded.saved.spec
    with pytest.raises(DuplicateName):
        coll.rename(copy, "get user")
    moved = coll.move(copy2, "")
    assert moved == "get USER copy 2.wbreq.toml"
    assert not (coll.root / copy2).exists()
    folder_copy = coll.duplicate(users)
    assert folder_copy == "Users copy"
    assert sorted(p.name for p in (coll.root / "Users copy").iterdir()) == [
        "get USER copy.wbreq.toml",
        "get USER.wbreq.toml",
    ]
    assert coll.rename(folder_copy, "People") == "People"
    assert coll.move("People", users) == "Users/People"
    with pytest.raises(StoreError, match="into itself"):
        coll.move(users, "Users/People")
    with pytest.raises(NotFound, match="no longer exists"):
        coll.move("Nope.wbreq.toml", "")
    with pytest.raises(DuplicateName):
        coll.move("Users/People/get USER.wbreq.toml", users)
    assert not any(p.name.endswith(".tmp") for p in coll.root.rglob("*"))


def test_delete_goes_to_the_trash_and_can_be_undone(coll: Collection, workbench_home: Path) -> None:
    users = coll.add_folder("", "Users")
    loaded = coll.add_request(users, request("Get"))
    entry = coll.delete(loaded.path)
    assert not (coll.root / loaded.path).exists()
    assert entry.item.is_relative_to(workbench_home / "state")
    assert collection_trash.entries() == [entry]
    assert coll.tree().children[0].children == ()
    assert coll.restore(entry) == loaded.path
    assert coll.load(loaded.path).saved == loaded.saved
    assert collection_trash.entries() == []
    folder_entry = coll.delete(users)
    assert not (coll.root / "Users").exists()
    coll.add_folder("", "Users")
    with pytest.raises(DuplicateName):
        coll.restore(folder_entry)  # its place is taken: nothing is overwritten
    (coll.root / "Users").rmdir()
    coll.restore(folder_entry)
    assert coll.load(loaded.path).saved == loaded.saved


def test_a_vanished_folder_is_named_and_not_silently_recreated(coll: Collection) -> None:
    users = coll.add_folder("", "Users")
    (coll.root / "Users").rmdir()
    with pytest.raises(NotFound, match="Users no longer exists"):
        coll.add_request(users, request("Get"))
    assert not (coll.root / "Users").exists()
    root = coll.root
    for path in root.iterdir():
        path.unlink()
    root.rmdir()
    with pytest.raises(NotFound, match=r"collection folder .*Shop no longer exists"):
        coll.scan()
    with pytest.raises(NotFound, match="Shop"):
        Collection.open(root)


def test_a_read_only_folder_is_named_and_what_was_saved_survives(
    coll: Collection, read_only: Callable[[Path], None]
) -> None:
    loaded = coll.add_request("", request("Kept"))
    before = listing(coll.root)
    read_only(coll.root)
    with pytest.raises(
        StoreError, match=f"Cannot write {coll.root}/New.wbreq.toml: .*Nothing was changed"
    ):
        coll.add_request("", request("New"))
    with pytest.raises(StoreError, match=r"Kept\.wbreq\.toml"):
        coll.save(loaded, request("Kept", "http://127.0.0.1/changed"))
    with pytest.raises(StoreError, match="Cannot write"):
        coll.delete(loaded.path)
    assert listing(coll.root) == before
    assert coll.load(loaded.path).saved == loaded.saved


def test_paths_cannot_leave_the_collection(coll: Collection) -> None:
    for bad in ("../x.wbreq.toml", "a//b", "/etc/passwd", "./x"):
        with pytest.raises(StoreError, match="is not a place inside the collection"):
            coll.load(bad)


def test_open_and_locate(tmp_path: Path, coll: Collection) -> None:
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        Collection.open(tmp_path / "file.txt")
    create_collection("Nested", coll.root.parent)
    nested = coll.root.parent / "Nested"
    deep = Collection.open(nested)
    folder = deep.add_folder("", "A")
    loaded = deep.add_request(folder, request("R"))
    found, rel = locate(nested / "A" / "R.wbreq.toml")
    assert (found.root, rel) == (nested, loaded.path)
    found, rel = locate(nested / "A")
    assert (found.root, rel) == (nested, "A")
    plain, rel = locate(coll.root)  # no collection.toml anywhere up: the folder itself
    assert (plain.root, rel) == (coll.root, "")
    with pytest.raises(StoreError, match="not a request file"):
        locate(tmp_path / "file.txt")
