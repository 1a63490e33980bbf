"""Helpers for the collection tests: real collection folders, and waiting for the window's workers."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from workbench.engine.spec import Field, RequestSpec
from workbench.formats.model import SavedRequest
from workbench.store.collections import Collection, create_collection
from workbench.ui.collection_hub import CollectionHub
from workbench.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
WAIT_MS = 10_000


def tour_copy(tmp_path: Path) -> Path:
    """The shipped tour collection, copied where a test may change it."""
    target = tmp_path / "tour"
    shutil.copytree(REPO / "resources" / "tour", target)
    return target


def sample(tmp_path: Path, url: str = "http://127.0.0.1:9/items") -> Path:
    """A small collection: ``Users/Get user``, ``Users/Login``, ``Health`` and an empty ``Admin``."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    collection = create_collection("Shop", tmp_path)
    collection.add_folder("", "Users")
    collection.add_folder("", "Admin")
    collection.add_request("Users", SavedRequest("Get user", RequestSpec(url=url + "/user")))
    login = RequestSpec(url=url + "/login", method="POST", headers=(Field("Accept", "*/*"),))
    collection.add_request("Users", SavedRequest("Login", login, description="Signs in."))
    collection.add_request("", SavedRequest("Health", RequestSpec(url=url + "/health")))
    return collection.root


def hub_of(window: MainWindow) -> CollectionHub:
    """The window's collections hub."""
    return window.collections.hub


def wait_idle(qtbot: QtBot, window: MainWindow, root: Path | str | None = None) -> None:
    """Until every open collection (or the one at `root`) has its tree and no job in flight."""
    hub = hub_of(window)

    def ready() -> bool:
        handles = list(hub.handles.values())
        if root is not None:
            key = str(Path(root).resolve())
            handles = [h for h in handles if h.key == key]
            if not handles:
                return False
        return all(h.is_idle() and (h.tree is not None or h.error) for h in handles)

    qtbot.waitUntil(ready, timeout=WAIT_MS)


def open_and_wait(qtbot: QtBot, window: MainWindow, root: Path) -> str:
    """Open a collection in the window and wait for its tree; its key."""
    window.open_collection(root)
    wait_idle(qtbot, window, root)
    return str(root.resolve())


def open_request(qtbot: QtBot, window: MainWindow, root: Path, path: str) -> None:
    """Open a saved request in a tab and wait until it is shown."""
    window.open_saved_request(root, path)

    def shown() -> bool:
        document = window.current_tab().document
        return document is not None and document.path == path

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    wait_idle(qtbot, window)


def reread(root: Path, path: str) -> SavedRequest:
    """A request as it is on disk now."""
    return Collection.open(root, cache=False).load(path).saved


def all_text(*folders: Path, skip: tuple[Path, ...] = ()) -> str:
    """Every file under `folders` as text (to search for a secret that must not be there)."""
    chunks = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and path not in skip:
                chunks.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(chunks)
