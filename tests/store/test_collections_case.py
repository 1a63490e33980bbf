"""Renames that change only letter case (``Login`` -> ``login``): one file, never lost.

Each case runs on this disk (Linux: case matters) and on a simulated case-insensitive disk
(`case_folding`), where both spellings are one file, as on macOS and Windows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import test_collections_fixtures as fixtures
from case_folding import fold_case
from test_collections_fixtures import request

from workbench.store.collection_errors import DuplicateName, Unwritable
from workbench.store.collections import Collection

coll = fixtures.coll
NEW_URL = "http://127.0.0.1/new"


@pytest.fixture(params=["case-sensitive", "case-insensitive"])
def disk(request: pytest.FixtureRequest, coll: Collection, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test on both kinds of disk (the collection folder folds case in the second)."""
    if request.param == "case-insensitive":
        fold_case(coll.root, monkeypatch)
    return str(request.param)


def names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_saving_under_another_case_keeps_one_file_with_the_new_content(
    coll: Collection, disk: str
) -> None:
    loaded = coll.add_request("", request("Login"))
    saved = coll.save(loaded, request("login", NEW_URL))
    assert saved.path == "login.wbreq.toml"
    assert names(coll.root) == ["login.wbreq.toml"]
    assert coll.load(saved.path).saved.spec.url == NEW_URL
    assert [(n.name, n.path) for n in coll.tree().children] == [("login", "login.wbreq.toml")]
    again = coll.save(saved, request("login", NEW_URL + "/2"))  # the new stamp is right
    assert coll.load(again.path).saved.spec.url == NEW_URL + "/2"
    assert not coll.scan()  # the index knew it all


def test_renaming_a_request_to_another_case(coll: Collection, disk: str) -> None:
    users = coll.add_folder("", "Users")
    loaded = coll.add_request(users, request("Login"))
    coll.tree()
    assert coll.rename(loaded.path, "LOGIN") == "Users/LOGIN.wbreq.toml"
    assert names(coll.root / "Users") == ["LOGIN.wbreq.toml"]
    assert coll.load("Users/LOGIN.wbreq.toml").saved.spec == loaded.saved.spec
    [folder] = coll.tree().children
    assert [n.path for n in folder.children] == ["Users/LOGIN.wbreq.toml"]
    assert not coll.scan()


def test_renaming_a_folder_to_another_case(coll: Collection, disk: str) -> None:
    users = coll.add_folder("", "Users")
    coll.add_request(users, request("Get"))
    coll.tree()
    assert coll.rename(users, "users") == "users"
    assert names(coll.root) == ["users"]
    assert names(coll.root / "users") == ["Get.wbreq.toml"]
    [folder] = coll.tree().children
    assert (folder.name, [n.path for n in folder.children]) == ("users", ["users/Get.wbreq.toml"])
    assert coll.load("users/Get.wbreq.toml").saved.name == "Get"
    assert not coll.scan()


def test_a_rename_to_the_same_name_changes_nothing(coll: Collection, disk: str) -> None:
    loaded = coll.add_request("", request("Login"))
    before = (coll.root / loaded.path).read_bytes()
    assert coll.rename(loaded.path, "Login") == loaded.path
    assert names(coll.root) == ["Login.wbreq.toml"]
    assert (coll.root / loaded.path).read_bytes() == before


def test_two_files_that_differ_by_case_are_never_merged(coll: Collection) -> None:
    """Where case matters, ``Login`` and ``login`` (from a git checkout) are two requests."""
    mine = coll.add_request("", request("Login"))
    other = coll.root / "login.wbreq.toml"
    other.write_bytes((coll.root / mine.path).read_bytes().replace(b"/x", b"/other"))
    before = {n: (coll.root / n).read_bytes() for n in names(coll.root)}
    with pytest.raises(DuplicateName, match="already holds 'login'"):
        coll.save(mine, request("login", NEW_URL))
    with pytest.raises(DuplicateName):
        coll.rename(mine.path, "login")
    assert {n: (coll.root / n).read_bytes() for n in names(coll.root)} == before


def test_a_failed_case_rename_puts_the_file_back(
    coll: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = coll.add_request("", request("Login"))
    real_rename = os.rename
    calls = []

    def second_fails(src: str, dst: str) -> None:
        calls.append((os.path.basename(src), os.path.basename(dst)))
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", second_fails)
    with pytest.raises(Unwritable, match="Permission denied"):
        coll.rename(loaded.path, "login")
    assert calls[0][1].startswith(".Login.wbreq.toml.")  # through a hidden name
    assert names(coll.root) == ["Login.wbreq.toml"]
    assert coll.load(loaded.path).saved == loaded.saved
