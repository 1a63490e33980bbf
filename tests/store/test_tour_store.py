"""Installing the urllib HOWTO tour: a whole copy from the package resources, never over the user's own."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest

from workbench import assets
from workbench.engine import send
from workbench.engine.spec import Auth, Proxy, RequestSpec
from workbench.formats.model import SavedRequest
from workbench.playground import Playground
from workbench.store import atomic, folder_settings, paths, tour
from workbench.store.collections import Collection, default_collections
from workbench.store.errors import StoreError
from workbench.store.profile_model import ProxyProfile
from workbench.store.profiles import ProfileStore

FETCH = "01 Fetching URLs/1 Fetch a page.wbreq.toml"


def walk(node: Traversable | Path, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    """(relative path, bytes) of every file under a folder, resource or real."""
    for child in node.iterdir():
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            yield from walk(child, rel + "/")
        else:
            yield rel, child.read_bytes()


def shipped_files() -> dict[str, bytes]:
    return dict(walk(assets.find("tour")))


def leftovers() -> list[str]:
    """Hidden staging folders or temporary files left in the collections folder."""
    return [p.name for p in paths.collections_dir().iterdir() if p.name.startswith(".")]


def test_install_copies_every_shipped_file_into_the_collections_folder() -> None:
    assert not tour.is_installed()
    folder = tour.install()
    assert folder == tour.tour_dir() == paths.collections_dir() / "urllib HOWTO tour"
    assert tour.is_installed()
    installed, shipped = dict(walk(folder)), shipped_files()
    assert sorted(installed) == sorted(shipped)
    assert len(shipped) > 30
    for rel, data in shipped.items():
        if rel != "collection.toml":
            assert installed[rel] == data, rel
    assert default_collections() == [folder]
    assert leftovers() == []


def test_the_copy_gets_its_own_id_and_keeps_the_shipped_settings() -> None:
    text = (tour.install() / "collection.toml").read_text("utf-8")
    copy = folder_settings.loads(text, "collection.toml")
    original = folder_settings.loads(shipped_files()["collection.toml"].decode(), "collection.toml")
    assert original.id == ""  # each copy gets its own: it keys the collection's secrets
    assert len(copy.id) == 32
    assert copy._replace(id="") == original
    assert copy.name == "urllib HOWTO tour"


def test_a_second_install_keeps_the_users_edits() -> None:
    folder = tour.install()
    collection = Collection.open(folder)
    loaded = collection.load(FETCH)
    edited = loaded.saved._replace(description="My own notes.\n")
    collection.save(loaded, edited)
    gone = "02 Data/2 GET with a query string.wbreq.toml"
    (folder / gone).unlink()
    collection.add_request("", SavedRequest("Mine", RequestSpec("{{playground}}/json")))
    before = dict(walk(folder))

    assert tour.install() == folder
    assert dict(walk(folder)) == before
    assert Collection.open(folder).load(FETCH).saved.description == "My own notes.\n"
    assert not (folder / gone).exists()
    assert [p.name for p in default_collections()] == ["urllib HOWTO tour"]


def test_a_fresh_install_goes_beside_the_users_copy() -> None:
    first = tour.install()
    (first / FETCH).write_text("broken on purpose", "utf-8")
    second = tour.install(fresh=True)
    third = tour.install(fresh=True)
    assert [second.name, third.name] == ["urllib HOWTO tour 2", "urllib HOWTO tour 3"]
    assert (first / FETCH).read_text("utf-8") == "broken on purpose"
    assert (second / FETCH).read_bytes() == shipped_files()[FETCH]
    names = [Collection.open(p).name for p in (first, second, third)]
    assert names == ["urllib HOWTO tour", "urllib HOWTO tour 2", "urllib HOWTO tour 3"]
    ids = {Collection.open(p).settings("").id for p in (first, second, third)}
    assert len(ids) == 3


def test_the_installed_tour_has_no_broken_files() -> None:
    collection = Collection.open(tour.install())
    tree = collection.tree()
    collection.check()
    assert collection.errors() == {}
    assert all(node.error == "" for node in collection.tree().walk())
    assert tree.error == ""
    requests = collection.requests("")
    assert len(requests) == 25
    for rel in requests:
        saved = collection.load(rel).saved
        assert saved.description.strip(), rel
        assert collection.settings(rel.rpartition("/")[0]).description.strip(), rel


def test_install_works_from_zipped_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As from a wheel or a bundle: the resources are not plain files on disk."""
    archive = tmp_path / "resources.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for rel, data in shipped_files().items():
            zipped.writestr(f"workbench/resources/tour/{rel}", data)
    with zipfile.ZipFile(archive) as zipped:
        monkeypatch.setattr(assets, "root", lambda: zipfile.Path(zipped, "workbench/resources/"))
        folder = tour.install()
        files = dict(walk(folder))
    monkeypatch.undo()
    assert sorted(files) == sorted(shipped_files())
    assert files[FETCH] == shipped_files()[FETCH]
    Collection.open(folder).check()
    assert Collection.open(folder).errors() == {}


def test_a_copy_that_fails_half_way_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    real = atomic.write_bytes

    def fail_after_three(path: Path, data: bytes, **kwargs: object) -> None:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(str(path))
        real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", fail_after_three)
    with pytest.raises(StoreError) as caught:
        tour.install()
    assert "No space left on device" in str(caught.value)
    assert "urllib HOWTO tour" in str(caught.value)
    assert not tour.is_installed()
    assert leftovers() == []
    monkeypatch.undo()
    assert tour.install() == tour.tour_dir()  # and the next try works


def test_a_tour_installed_meanwhile_by_another_window_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_stamp = tour._stamp

    def other_window_wins(path: Path, name: str) -> None:
        real_stamp(path, name)
        (tour.tour_dir() / "theirs").mkdir(parents=True)

    monkeypatch.setattr(tour, "_stamp", other_window_wins)
    assert tour.install() == tour.tour_dir()
    assert [p.name for p in tour.tour_dir().iterdir()] == ["theirs"]
    assert leftovers() == []


def test_missing_resources_are_said_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assets, "root", lambda: tmp_path)
    with pytest.raises(StoreError, match="The tour is missing from this installation"):
        tour.install()
    assert not tour.is_installed()


def test_playground_variables_are_what_the_requests_use() -> None:
    values = tour.playground_variables("http://127.0.0.1:8000/", "http://127.0.0.1:8001")
    assert values == {
        "playground": "http://127.0.0.1:8000",
        "playground_proxy": "http://127.0.0.1:8001",
        "proxy_user": "tour",
        "proxy_password": "tour-demo",
    }
    assert "playground_proxy" not in tour.playground_variables("http://127.0.0.1:8000", None)
    used: set[str] = set()
    for data in shipped_files().values():
        used.update(part.split("}}")[0] for part in data.decode().split("{{")[1:])
    defined = {v.name for v in Collection.open(tour.install()).settings("").variables}
    assert used <= defined | set(values)  # every {{name}} resolves once the app sets these


# -- profiles ----------------------------------------------------------------------------------


def test_tour_profiles_are_created_once_and_keep_the_users_changes() -> None:
    store = ProfileStore()
    saved = tour.ensure_tour_profiles(store, "http://127.0.0.1:8001")
    assert saved == ["Playground Basic", "Playground proxy"]
    basic = store.auth("Playground Basic")
    assert (basic.auth.kind, basic.auth.username) == ("basic", "user")
    assert store.secrets.get(basic.secret_ref) == "passwd"
    store.save_auth(
        "Playground Basic", Auth("basic", "someone", "else"), replacing="Playground Basic"
    )

    assert tour.ensure_tour_profiles(store, "http://127.0.0.1:8001") == []
    assert store.auth("Playground Basic").auth.username == "someone"


def test_the_proxy_profile_follows_the_playground_to_its_new_port() -> None:
    store = ProfileStore()
    tour.ensure_tour_profiles(store, "http://127.0.0.1:8001")
    assert tour.ensure_tour_profiles(store, "http://127.0.0.1:9001") == ["Playground proxy"]
    moved = store.proxy("Playground proxy")
    assert (moved.proxy.url, moved.proxy.username) == ("http://127.0.0.1:9001", "tour")
    assert store.secrets.get(moved.secret_ref) == "tour-demo"
    assert len(store.load().proxy) == 1


def test_a_profile_of_the_other_kind_under_a_tour_name_is_left_alone() -> None:
    store = ProfileStore()
    store.save_auth("Playground proxy", Auth("bearer", token="mine"))
    assert tour.ensure_tour_profiles(store, "http://127.0.0.1:8001") == ["Playground Basic"]
    assert store.auth("Playground proxy").auth.kind == "bearer"
    assert tour.ensure_tour_profiles(store, None) == []


def test_the_tour_profiles_open_the_playground() -> None:
    store = ProfileStore()
    with Playground(proxy_port=0, proxy_auth=tour.PROXY_AUTH) as pg:
        proxy_url = pg.proxy_url
        tour.ensure_tour_profiles(store, proxy_url)
        assert isinstance(store.load().find("Playground proxy"), ProxyProfile)
        spec = RequestSpec(f"{pg.url}/basic-auth/user/passwd", proxy=Proxy("direct"))
        spec = store.apply(spec, "Playground Basic", "Playground proxy")
        exchange = send(spec)
        exchange.body.close()
    assert exchange.response is not None
    assert exchange.response.status == 200
    assert proxy_url is not None
    assert exchange.hops[-1].proxy == proxy_url.removeprefix("http://")
