"""The environment toolbar and the environment editor: choosing, adding, editing, secrets kept out of files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from collection_helpers import all_text, hub_of, open_and_wait, open_request, sample, wait_idle
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.formats.model import Environment, Variable
from workbench.store import environments as envs
from workbench.store import paths
from workbench.store.collections import Collection
from workbench.store.secrets import SecretStore
from workbench.ui import collection_dialogs
from workbench.ui.environment_bar import NONE
from workbench.ui.environment_dialog import EnvironmentDialog, open_editor
from workbench.ui.main_window import MainWindow
from workbench.ui.variable_model import KEPT, MASK, VALUE_COLUMN, VariableTableModel


def _with_environments(tmp_path: Path) -> Path:
    root = sample(tmp_path)
    collection = Collection.open(root)
    for name in ("staging", "production"):
        envs.save_environment(
            collection, Environment(name, (Variable("stage", name),)), SecretStore()
        )
    return root


def _dialog(window: MainWindow, qtbot: QtBot, root: Path | None) -> EnvironmentDialog:
    hub = hub_of(window)
    dialog = open_editor(hub, hub.environments, str(root.resolve()) if root else "")
    qtbot.waitUntil(lambda: dialog.list.count() > 0 and not dialog._jobs, timeout=10_000)
    return dialog


def _select(dialog: EnvironmentDialog, label: str) -> None:
    items = dialog.list.findItems(label, Qt.MatchFlag.MatchExactly)
    assert items, [dialog.list.item(i).text() for i in range(dialog.list.count())]
    dialog.list.setCurrentItem(items[0])


def _type_row(
    model: VariableTableModel, row: int, name: str, value: str, secret: bool = False
) -> None:
    model.setData(model.index(row, 1), name)
    model.setData(model.index(row, 2), value)
    if secret:
        model.setData(model.index(row, 3), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)


def test_the_toolbar_lists_the_collections_environments_and_remembers_the_choice(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = _with_environments(tmp_path)
    bar = window.collections.environment_bar
    assert bar.combo.currentText() == NONE
    assert "global variables only" in bar.where.text()
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Health.wbreq.toml")
    qtbot.waitUntil(lambda: bar.combo.findData("staging") >= 0, timeout=10_000)
    assert [bar.combo.itemText(i) for i in range(3)] == [NONE, "production", "staging"]
    assert bar.where.text() == "in Shop"
    bar.choose("production")
    collection = Collection.open(root)
    qtbot.waitUntil(lambda: envs.active_environment(collection) == "production", timeout=10_000)
    assert bar.combo.currentText() == "production"
    bar.choose(None)
    qtbot.waitUntil(lambda: envs.active_environment(collection) is None, timeout=10_000)
    window.add_tab()
    assert bar.combo.currentText() == NONE
    assert "global variables only" in bar.where.text()


def test_a_broken_environment_is_listed_with_its_reason(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = _with_environments(tmp_path)
    (root / "environments" / "broken.toml").write_text("schema = 42\n")
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Health.wbreq.toml")
    bar = window.collections.environment_bar
    qtbot.waitUntil(lambda: bar.combo.findText("broken (cannot be read)") >= 0, timeout=10_000)
    index = bar.combo.findText("broken (cannot be read)")
    assert bar.combo.itemData(index) is None
    assert bar.combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert (root / "environments" / "broken.toml").read_text() == "schema = 42\n"


def test_the_editor_adds_an_environment_and_keeps_secret_values_out_of_files(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _with_environments(tmp_path)
    open_and_wait(qtbot, window, root)
    dialog = _dialog(window, qtbot, root)
    labels = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert labels == [
        "Global variables",
        "Collection variables",
        "Environment: production",
        "Environment: staging",
    ]
    monkeypatch.setattr(collection_dialogs, "ask_name", lambda *_a, **_k: "qa")
    dialog.add_button.click()
    qtbot.waitUntil(
        lambda: dialog.list.findItems("Environment: qa", Qt.MatchFlag.MatchExactly) != [],
        timeout=10_000,
    )
    assert dialog.title.text() == "Environment: qa"
    secret = "pa55-w0rd-qa"
    _type_row(dialog.model, 0, "host", "qa.example")
    _type_row(dialog.model, 1, "password", secret, secret=True)
    assert dialog.model.index(1, VALUE_COLUMN).data() == MASK
    assert dialog.has_unsaved()
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.has_unsaved() and not dialog._jobs, timeout=10_000)
    text = (root / "environments" / "qa.toml").read_text()
    assert 'name = "host"' in text
    assert 'value = "qa.example"' in text
    assert 'name = "password"' in text
    assert "secret = true" in text
    loaded = envs.load_environment(Collection.open(root), "qa", SecretStore())
    assert dict((v.name, v.value) for v in loaded.variables)["password"] == secret
    home = Path(os.environ["WORKBENCH_HOME"])
    assert secret not in all_text(root, home, skip=(paths.secrets_file(),))
    _select(dialog, "Environment: staging")
    _select(dialog, "Environment: qa")
    qtbot.waitUntil(lambda: dialog.model.real_count() == 2, timeout=10_000)
    assert (
        dialog.table.verticalHeader().count() == 3
    )  # the view follows: two rows and the empty one
    assert dialog.model.index(1, VALUE_COLUMN).data() == KEPT  # the value was not read back
    dialog.close()


@pytest.mark.parametrize(
    ("name", "message"), [("9lives", "starts with a letter"), ("a b", "does not")]
)
def test_the_editor_refuses_a_wrong_variable_name_and_writes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, name: str, message: str
) -> None:
    root = _with_environments(tmp_path)
    before = (root / "environments" / "staging.toml").read_bytes()
    open_and_wait(qtbot, window, root)
    dialog = _dialog(window, qtbot, root)
    _select(dialog, "Environment: staging")
    _type_row(dialog.model, 1, name, "x")
    assert message in dialog.model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert dialog.model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.mark.message), timeout=10_000)
    assert message in dialog.mark.message
    assert (root / "environments" / "staging.toml").read_bytes() == before
    dialog.edited.clear()
    dialog.close()


@pytest.mark.parametrize(
    ("name", "message"), [("staging", "already holds"), ("a/b", "cannot contain")]
)
def test_a_wrong_environment_name_is_said(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    message: str,
) -> None:
    root = _with_environments(tmp_path)
    open_and_wait(qtbot, window, root)
    dialog = _dialog(window, qtbot, root)
    monkeypatch.setattr(collection_dialogs, "ask_name", lambda *_a, **_k: name)
    dialog.add_button.click()
    qtbot.waitUntil(lambda: bool(dialog.mark.message), timeout=10_000)
    assert message in dialog.mark.message
    assert sorted(p.name for p in (root / "environments").iterdir()) == [
        "production.toml",
        "staging.toml",
    ]
    dialog.close()


def test_rename_and_delete_an_environment(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _with_environments(tmp_path)
    open_and_wait(qtbot, window, root)
    dialog = _dialog(window, qtbot, root)
    _select(dialog, "Environment: staging")
    monkeypatch.setattr(collection_dialogs, "ask_name", lambda *_a, **_k: "preprod")
    dialog.rename_button.click()
    qtbot.waitUntil(lambda: dialog.title.text() == "Environment: preprod", timeout=10_000)
    assert (root / "environments" / "preprod.toml").is_file()
    assert not (root / "environments" / "staging.toml").exists()
    monkeypatch.setattr(collection_dialogs, "confirm", lambda *_a: True)
    dialog.delete_button.click()
    qtbot.waitUntil(lambda: not (root / "environments" / "preprod.toml").exists(), timeout=10_000)
    wait_idle(qtbot, window)
    dialog.close()


def test_global_variables_are_edited_without_a_collection(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(window, qtbot, None)
    assert dialog.list.count() == 1
    assert not dialog.add_button.isEnabled()
    _type_row(dialog.model, 0, "region", "eu")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog._jobs and not dialog.has_unsaved(), timeout=10_000)
    assert envs.load_globals() == (Variable("region", "eu"),)
    dialog.close()


def test_closing_with_unsaved_edits_asks_first(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(window, qtbot, None)
    _type_row(dialog.model, 0, "region", "eu")
    answers = [False, True]
    monkeypatch.setattr(collection_dialogs, "confirm", lambda *_a: answers.pop(0))
    dialog.reject()
    assert dialog.isVisible()
    dialog.reject()
    assert not dialog.isVisible()
    assert envs.load_globals() == ()


def test_the_variables_table_masks_secrets_and_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    model = VariableTableModel()
    model.set_rows([Variable("host", "h"), Variable("token", "", True), Variable("key", "k", True)])
    qtmodeltester.check(model)
    assert model.index(0, VALUE_COLUMN).data() == "h"
    assert model.index(1, VALUE_COLUMN).data() == KEPT
    assert model.index(2, VALUE_COLUMN).data() == MASK
    assert model.index(2, VALUE_COLUMN).data(Qt.ItemDataRole.EditRole) == "k"
    model.setData(model.index(0, 3), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.index(0, VALUE_COLUMN).data() == MASK
    qtmodeltester.check(model)
