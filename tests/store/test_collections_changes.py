"""Files changed outside the app: scans report them, saves refuse to overwrite them, the cache stays right."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import test_collections_fixtures as fixtures
from test_collections_fixtures import request

from workbench.engine.spec import Auth, Field
from workbench.formats.request_file import dumps
from workbench.store import collection_index
from workbench.store.collection_errors import BrokenFile, Conflict, NotFound
from workbench.store.collections import Collection
from workbench.store.secret_guard import LiteralSecrets

coll = fixtures.coll


def age(path: Path, seconds: int = 3600) -> None:
    """Make a file look written long ago (as a git checkout's files are)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_a_scan_reports_files_added_changed_and_removed_outside(coll: Collection) -> None:
    a = coll.add_request("", request("A"))
    coll.add_request("", request("B"))
    assert not coll.scan()  # nothing happened since the saves
    (coll.root / "C.wbreq.toml").write_text(dumps(request("C")))
    (coll.root / a.path).write_text(dumps(request("A", "http://127.0.0.1/pulled")))
    (coll.root / "B.wbreq.toml").unlink()
    changes = coll.scan()
    assert changes.added == ("C.wbreq.toml",)
    assert changes.changed == ("A.wbreq.toml",)
    assert changes.removed == ("B.wbreq.toml",)
    assert not coll.scan()


def test_a_touched_file_with_the_same_bytes_is_not_a_change(coll: Collection) -> None:
    a = coll.add_request("", request("A"))
    path = coll.root / a.path
    path.write_bytes(path.read_bytes())  # a checkout rewriting the same content
    age(path, -5)
    assert not coll.scan()
    coll.save(a, request("A", "http://127.0.0.1/mine"))  # and the stamp still allows a save


def test_a_new_folder_or_settings_file_is_a_change(coll: Collection) -> None:
    coll.scan()
    (coll.root / "New").mkdir()
    assert coll.scan().folders_changed
    (coll.root / "New" / "folder.toml").write_text('schema = "workbench.folder/1"\n')
    assert coll.scan().folders_changed


def test_saving_over_a_file_changed_since_it_was_loaded_is_a_conflict(coll: Collection) -> None:
    mine = coll.add_request("", request("A"))
    theirs = dumps(request("A", "http://127.0.0.1/theirs"))
    (coll.root / mine.path).write_text(theirs)
    with pytest.raises(Conflict, match="changed outside Workbench since it was opened") as caught:
        coll.save(mine, request("A", "http://127.0.0.1/mine"))
    assert caught.value.path == coll.root / mine.path
    assert (coll.root / mine.path).read_text() == theirs  # keep: nothing lost
    reloaded = coll.load(mine.path)  # reload: their version
    assert reloaded.saved.spec.url == "http://127.0.0.1/theirs"
    saved = coll.save(mine, request("A", "http://127.0.0.1/mine"), force=True)  # or overwrite
    assert coll.load(saved.path).saved.spec.url == "http://127.0.0.1/mine"


def test_saving_a_file_deleted_outside_needs_force(coll: Collection) -> None:
    mine = coll.add_request("", request("A"))
    (coll.root / mine.path).unlink()
    with pytest.raises(NotFound, match=r"A\.wbreq\.toml no longer exists"):
        coll.save(mine, request("A"))
    coll.save(mine, request("A"), force=True)
    assert coll.load(mine.path).saved == request("A")


def test_saving_under_a_new_name_renames_the_file(coll: Collection) -> None:
    mine = coll.add_request("", request("A"))
    coll.add_request("", request("Taken"))
    with pytest.raises(Exception, match="already holds 'Taken'"):
        coll.save(mine, request("Taken"))
    saved = coll.save(mine, request("Renamed", "http://127.0.0.1/new"))
    assert saved.path == "Renamed.wbreq.toml"
    assert not (coll.root / mine.path).exists()
    assert coll.load(saved.path).saved.spec.url == "http://127.0.0.1/new"
    assert [n.name for n in coll.tree().children] == ["Renamed", "Taken"]


def test_literal_credentials_stop_a_save_unless_confirmed_and_auth_secrets_always(
    coll: Collection,
) -> None:
    header = request("H")._replace(
        spec=request("H").spec._replace(headers=(Field("Authorization", "Basic YTpi"),))
    )
    with pytest.raises(LiteralSecrets, match=r"header Authorization.*or confirm") as caught:
        coll.add_request("", header)
    assert caught.value.may_allow
    assert [f.field for f in caught.value.findings] == ["headers[0]"]
    assert not (coll.root / "H.wbreq.toml").exists()
    coll.add_request("", header, allow_literal_secrets=True)
    assert "Basic YTpi" in (coll.root / "H.wbreq.toml").read_text()
    token = request("T")._replace(spec=request("T").spec._replace(auth=Auth("bearer", token="abc")))
    with pytest.raises(LiteralSecrets) as caught:
        coll.add_request("", token, allow_literal_secrets=True)
    assert not caught.value.may_allow
    assert "confirm" not in str(caught.value)
    assert not (coll.root / "T.wbreq.toml").exists()


def test_the_index_cache_spares_reading_unchanged_files(
    coll: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(5):
        coll.add_request("", request(f"R{n}"))
    for path in coll.root.iterdir():
        age(path)
    Collection.open(coll.root).tree()  # the first open reads and caches every file
    reads: list[Path] = []
    real = collection_index.read_entry
    monkeypatch.setattr(
        collection_index, "read_entry", lambda p, *a, **k: reads.append(p) or real(p, *a, **k)
    )
    again = Collection.open(coll.root)
    assert len(again.tree().children) == 5
    assert reads == []
    (coll.root / "R1.wbreq.toml").write_text("broken")
    tree = Collection.open(coll.root).tree()
    assert [p.name for p in reads] == ["R1.wbreq.toml"]
    assert "not valid TOML" in tree.children[1].error


def test_a_damaged_cache_only_costs_a_full_read(coll: Collection) -> None:
    coll.add_request("", request("A"))
    coll.tree()
    cache = coll.index.cache_file
    assert cache is not None
    assert cache.exists()
    cache.write_text("{not json")
    assert [n.name for n in Collection.open(coll.root).tree().children] == ["A"]
    cache.write_text(f'{{"version": 1, "root": "{coll.root}", "entries": {{"A.wbreq.toml": [1]}}}}')
    assert [n.name for n in Collection.open(coll.root).tree().children] == ["A"]


def test_the_filter_matches_names_folders_urls_and_methods(coll: Collection) -> None:
    users = coll.add_folder("", "Users")
    coll.add_request(users, request("Create user", "http://127.0.0.1/users", "POST"))
    coll.add_request(users, request("List", "http://127.0.0.1/users"))
    coll.add_request("", request("Health", "http://127.0.0.1/ping"))
    coll.add_folder("", "Empty Admin")
    coll.tree()
    assert coll.filter("  ") is None
    found = coll.filter("post")
    assert found is not None
    assert found.requests == {"Users/Create user.wbreq.toml"}
    assert found.folders == {"Users"}
    assert coll.filter("PING").requests == {"Health.wbreq.toml"}  # type: ignore[union-attr]
    assert coll.filter("users get").requests == {"Users/List.wbreq.toml"}  # type: ignore[union-attr]
    admin = coll.filter("admin")
    assert admin is not None
    assert admin.requests == frozenset()
    assert admin.folders == {"Empty Admin"}
    assert admin.shows("Empty Admin")
    assert admin.shows("")
    assert not admin.shows("Users")
    coll.add_request("", request("Ping again", "http://127.0.0.1/x"))
    assert coll.filter("ping").requests == {"Health.wbreq.toml", "Ping again.wbreq.toml"}  # type: ignore[union-attr]


def test_our_own_edits_do_not_swallow_a_change_made_outside_meanwhile(coll: Collection) -> None:
    a = coll.add_request("", request("A"))
    b = coll.add_request("", request("B"))
    folder = coll.add_folder("", "F")
    coll.tree()
    (coll.root / a.path).write_text(dumps(request("A", "http://127.0.0.1/pulled")))
    (coll.root / "Pulled.wbreq.toml").write_text(dumps(request("Pulled")))
    moved = coll.move(coll.rename(b.path, "B2"), folder)
    coll.delete(coll.duplicate(moved))
    coll.add_folder(folder, "Sub")
    changes = coll.scan()
    assert changes.changed == ("A.wbreq.toml",)
    assert changes.added == ("Pulled.wbreq.toml",)
    assert changes.removed == ()
    assert [n.path for n in coll.tree().walk()] == [
        "F",
        "F/Sub",
        "F/B2.wbreq.toml",
        "A.wbreq.toml",
        "Pulled.wbreq.toml",
    ]


def test_a_first_open_glances_at_heads_and_check_finds_the_broken_files(coll: Collection) -> None:
    deep = dumps(request("Deep")) + '\n[auth]\nkind = "basic"\nsurprise = 1\n'
    (coll.root / "Deep.wbreq.toml").write_text(deep)  # our head, an error further down
    (coll.root / "Odd.wbreq.toml").write_text('url = "u"\nschema = "workbench.request/1"\nx = 1\n')
    (coll.root / "Fine.wbreq.toml").write_text(
        dumps(request("Fine", "http://127.0.0.1/fine", "PUT"))
    )
    for path in coll.root.iterdir():
        age(path)
    first = {n.name: n for n in coll.tree().children}
    assert (first["Fine"].method, first["Fine"].url) == ("PUT", "http://127.0.0.1/fine")
    assert first["Deep"].error == ""  # only its head was read so far
    assert "x: unknown key" in first["Odd"].error  # not our head: parsed in full at once
    found = coll.check()
    assert found.changed == ("Deep.wbreq.toml",)
    assert "auth.surprise: unknown key" in {n.name: n for n in coll.tree().children}["Deep"].error
    assert coll.check() == collection_index.Changes()
    again = Collection.open(coll.root)  # the cache keeps what the check found
    assert "auth.surprise" in {n.name: n for n in again.tree().children}["Deep"].error
    (coll.root / "Deep2.wbreq.toml").write_text(deep)
    age(coll.root / "Deep2.wbreq.toml")
    fresh = Collection.open(coll.root)
    assert {n.name: n for n in fresh.tree().children}["Deep2"].error == ""
    with pytest.raises(BrokenFile, match=r"auth\.surprise"):
        fresh.delete("Deep2.wbreq.toml")  # a delete parses first: a broken file is never deleted
    assert (coll.root / "Deep2.wbreq.toml").read_text() == deep
