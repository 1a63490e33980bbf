"""The sidebar's tree model over real collection folders: structure, marks, filter, rename and drag and drop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from collection_helpers import sample
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.store.collections import Collection
from workbench.ui import theme
from workbench.ui.collection_model import ERROR_ROLE, KIND_ROLE, MIME, PATH_ROLE, CollectionModel

pytestmark = pytest.mark.usefixtures("qapp")


def _model(*roots: Path) -> CollectionModel:
    model = CollectionModel()
    for root in roots:
        tree = Collection.open(root, cache=False).tree()
        model.set_collection(str(root), tree.name, tree, "")
    return model


def _child(model: CollectionModel, parent: QModelIndex, name: str) -> QModelIndex:
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data() == name:
            return index
    raise AssertionError(f"{name} not under {parent.data()}")


def _names(model: CollectionModel, parent: QModelIndex) -> list[str]:
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_the_tree_mirrors_the_folder_and_passes_the_model_tester(
    tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    root = sample(tmp_path)
    (root / "Broken.wbreq.toml").write_text("schema = 'workbench.request/9'\n")
    model = _model(root)
    qtmodeltester.check(model)
    top = model.index(0, 0)
    assert top.data() == "Shop"
    assert top.data(KIND_ROLE) == "collection"
    assert _names(model, top) == ["Admin", "Users", "Broken", "Health"]
    users = _child(model, top, "Users")
    assert _names(model, users) == ["Get user", "Login"]
    login = _child(model, users, "Login")
    assert login.data(PATH_ROLE) == "Users/Login.wbreq.toml"
    assert login.data(Qt.ItemDataRole.ToolTipRole) == "POST http://127.0.0.1:9/items/login"
    assert model.parent(login) == users
    qtmodeltester.check(model)


def test_a_broken_file_carries_an_error_mark_and_its_message(tmp_path: Path) -> None:
    root = sample(tmp_path)
    (root / "Broken.wbreq.toml").write_text('schema = "workbench.request/1"\nmethod = 5\n')
    collection = Collection.open(root, cache=False)
    collection.tree()
    collection.check()
    model = CollectionModel()
    model.set_collection(str(root), "Shop", collection.tree(), "")
    broken = _child(model, model.index(0, 0), "Broken")
    assert "method" in broken.data(ERROR_ROLE)
    assert broken.data(Qt.ItemDataRole.ToolTipRole).startswith("Cannot be read:")
    assert broken.data(Qt.ItemDataRole.ForegroundRole) == theme.error_color()
    assert not broken.data(Qt.ItemDataRole.DecorationRole).isNull()


def test_the_filter_keeps_matches_and_the_folders_that_hold_them(
    tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    root = sample(tmp_path)
    model = _model(root)
    searcher = Collection.open(root, cache=False).searcher()
    model.set_filter({str(root): searcher.match("post")}, active=True)
    qtmodeltester.check(model)
    top = model.index(0, 0)
    assert _names(model, top) == ["Users"]
    assert _names(model, _child(model, top, "Users")) == ["Login"]
    assert model.match_count() == 1
    assert not model.find(str(root), "Health.wbreq.toml").isValid()
    model.set_filter({str(root): searcher.match("nothing-like-this")}, active=True)
    assert model.rowCount() == 0
    assert model.match_count() == 0
    model.set_filter({str(root): None}, active=False)
    assert _names(model, model.index(0, 0)) == ["Admin", "Users", "Health"]


def test_typing_a_name_asks_for_a_rename_and_nothing_else(qtbot: QtBot, tmp_path: Path) -> None:
    root = sample(tmp_path)
    model = _model(root)
    health = model.find(str(root), "Health.wbreq.toml")
    with qtbot.waitSignal(model.rename_requested) as blocker:
        assert model.setData(health, "  Status ", Qt.ItemDataRole.EditRole)
    assert blocker.args == [str(root), "Health.wbreq.toml", "Status"]
    with qtbot.assertNotEmitted(model.rename_requested):
        assert not model.setData(health, "Health", Qt.ItemDataRole.EditRole)
        assert not model.setData(health, "   ", Qt.ItemDataRole.EditRole)
        assert not model.setData(model.index(0, 0), "Other", Qt.ItemDataRole.EditRole)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(health) & Qt.ItemFlag.ItemIsDragEnabled


def test_drag_and_drop_asks_to_move_into_another_folder_only(qtbot: QtBot, tmp_path: Path) -> None:
    first = sample(tmp_path / "a")
    second = sample(tmp_path / "b")
    model = _model(first, second)
    key = str(first)
    health = model.find(key, "Health.wbreq.toml")
    users = model.find(key, "Users")
    data = model.mimeData([health])
    assert json.loads(bytes(data.data(MIME).data())) == [{"root": key, "path": "Health.wbreq.toml"}]
    move = Qt.DropAction.MoveAction
    assert model.canDropMimeData(data, move, -1, 0, users)
    assert not model.canDropMimeData(data, move, -1, 0, model.find(key, ""))  # already there
    assert not model.canDropMimeData(data, move, -1, 0, model.find(str(second), "Users"))
    assert not model.canDropMimeData(data, move, -1, 0, model.find(key, "Users/Login.wbreq.toml"))
    folder = model.mimeData([users])
    assert not model.canDropMimeData(folder, move, -1, 0, users)  # into itself
    assert model.canDropMimeData(folder, move, -1, 0, model.find(key, "Admin"))
    assert not model.canDropMimeData(QMimeData(), move, -1, 0, users)
    with qtbot.waitSignal(model.move_requested) as blocker:
        assert model.dropMimeData(data, move, 0, 0, users)
    assert blocker.args == [key, "Health.wbreq.toml", "Users"]


@pytest.mark.parametrize("bad", [b"not json", b'[{"root": 1}]', b'{"x": 2}'])
def test_foreign_drops_are_refused(tmp_path: Path, bad: bytes) -> None:
    root = sample(tmp_path)
    model = _model(root)
    data = QMimeData()
    data.setData(MIME, bad)
    assert not model.dropMimeData(
        data, Qt.DropAction.MoveAction, -1, 0, model.find(str(root), "Users")
    )


def test_a_collection_that_cannot_be_read_is_shown_with_its_reason(
    qtmodeltester: ModelTester,
) -> None:
    model = CollectionModel()
    model.set_collection(
        "/nowhere", "nowhere", None, "The collection folder /nowhere no longer exists"
    )
    qtmodeltester.check(model)
    top = model.index(0, 0)
    assert top.data() == "nowhere"
    assert "no longer exists" in top.data(ERROR_ROLE)
    assert model.rowCount(top) == 0
    model.remove_collection("/nowhere")
    assert model.rowCount() == 0
