"""The Collections panel in the real window: open, filter, create, rename, duplicate, move, delete and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from collection_helpers import hub_of, open_and_wait, open_request, sample, tour_copy, wait_idle
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.store.folder_settings import FolderSettings
from workbench.ui import collection_dialogs, collection_settings
from workbench.ui.collection_model import ERROR_ROLE, MIME
from workbench.ui.collection_settings import Loaded, SettingsDialog
from workbench.ui.collections_panel import CollectionsPanel
from workbench.ui.main_window import MainWindow


def _panel(window: MainWindow) -> CollectionsPanel:
    panel = window.sidebar.panel("collectionsPanel")
    assert isinstance(panel, CollectionsPanel)
    return panel


def _names(panel: CollectionsPanel, root: str, path: str) -> list[str]:
    model = panel.model
    parent = model.find(root, path)
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def _answer(monkeypatch: pytest.MonkeyPatch, answer: str | None) -> None:
    monkeypatch.setattr(collection_dialogs, "ask_name", lambda *args, **kwargs: answer)


def test_the_tour_opens_as_a_tree_and_a_request_opens_in_a_tab(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    tour = tour_copy(tmp_path)
    key = open_and_wait(qtbot, window, tour)
    panel = _panel(window)
    assert window.sidebar.currentWidget() is panel
    top = panel.model.find(key, "")
    assert top.data() == "urllib HOWTO tour"
    assert _names(panel, key, "")[0] == "01 Fetching URLs"
    assert len(_names(panel, key, "")) == 9
    index = panel.model.find(key, "01 Fetching URLs/1 Fetch a page.wbreq.toml")
    panel.select(key, index.data(Qt.ItemDataRole.UserRole + 1))
    assert panel.tree.isExpanded(index.parent())
    panel.open_current()
    qtbot.waitUntil(lambda: window.current_tab().document is not None, timeout=10_000)
    tab = window.current_tab()
    assert tab.url_bar.url.text() == "{{playground}}/html"
    assert window.tabs.tabText(window.tabs.currentIndex()) == "1 Fetch a page"
    assert "urlopen" in tab.document.description.plain_text()
    assert tab.document.description.isVisible()
    count = window.tabs.count()
    window.open_saved_request(tour, "01 Fetching URLs/1 Fetch a page.wbreq.toml")
    wait_idle(qtbot, window)
    assert window.tabs.count() == count  # the tab that has it comes forward


def test_filter_narrows_as_you_type_and_clearing_brings_the_tree_back(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    key = open_and_wait(qtbot, window, tour_copy(tmp_path))
    panel = _panel(window)
    qtbot.keyClicks(panel.filter, "teapot")
    assert _names(panel, key, "") == ["04 Handling Exceptions"]
    assert _names(panel, key, "04 Handling Exceptions") == ["3 Error codes - 418 I'm a Teapot"]
    assert panel.tree.isExpanded(panel.model.find(key, "04 Handling Exceptions"))
    panel.filter.setText("digest-auth GET")  # URL and method words
    assert _names(panel, key, "07 Basic Authentication") != []
    panel.filter.setText("no such request anywhere")
    assert panel.empty.isVisible()
    assert "No request matches" in panel.empty.text()
    panel.filter.clear()
    assert len(_names(panel, key, "")) == 9
    assert not panel.empty.isVisible()
    assert not panel.tree.isExpanded(panel.model.find(key, "04 Handling Exceptions"))


def test_new_request_is_written_and_opened(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    panel = _panel(window)
    panel.select(key, "Users")
    _answer(monkeypatch, "Delete user")
    panel.action("new_request").trigger()
    qtbot.waitUntil((root / "Users" / "Delete user.wbreq.toml").is_file, timeout=10_000)
    qtbot.waitUntil(lambda: window.current_tab().document is not None, timeout=10_000)
    assert window.current_tab().document.path == "Users/Delete user.wbreq.toml"
    wait_idle(qtbot, window)
    assert "Delete user" in _names(panel, key, "Users")


@pytest.mark.parametrize(
    ("name", "message"),
    [("a/b", "cannot contain '/'"), ("Users", "already holds"), ("CON", "reserved"), ("", "empty")],
)
def test_a_folder_name_the_file_system_refuses_is_said_and_nothing_is_made(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    message: str,
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    panel = _panel(window)
    panel.select(key, "")
    before = sorted(p.name for p in root.iterdir())
    _answer(monkeypatch, name)
    panel.action("new_folder").trigger()
    qtbot.waitUntil(panel.problem.isVisible, timeout=10_000)
    assert message in panel.problem.text()
    assert sorted(p.name for p in root.iterdir()) == before


@pytest.mark.parametrize(
    ("name", "message"), [("a/b", "cannot contain '/'"), ("Health", "already holds")]
)
def test_a_request_name_that_cannot_be_a_file_is_said(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    message: str,
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    panel = _panel(window)
    panel.select(key, "Health.wbreq.toml")
    before = sorted(p.name for p in root.iterdir())
    _answer(monkeypatch, name)
    panel.action("new_request").trigger()
    qtbot.waitUntil(panel.problem.isVisible, timeout=10_000)
    assert message in panel.problem.text()
    assert sorted(p.name for p in root.iterdir()) == before


def test_rename_in_place_renames_the_file_and_its_open_tab_follows(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Users/Login.wbreq.toml")
    tab = window.current_tab()
    panel = _panel(window)
    folder = panel.model.find(key, "Users")
    panel.model.setData(folder, "Accounts", Qt.ItemDataRole.EditRole)
    qtbot.waitUntil((root / "Accounts" / "Login.wbreq.toml").is_file, timeout=10_000)
    wait_idle(qtbot, window)
    assert tab.document.path == "Accounts/Login.wbreq.toml"
    login = panel.model.find(key, "Accounts/Login.wbreq.toml")
    panel.model.setData(login, "Sign in", Qt.ItemDataRole.EditRole)
    qtbot.waitUntil(lambda: tab.document.path == "Accounts/Sign in.wbreq.toml", timeout=10_000)
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "Sign in"
    assert not (root / "Accounts" / "Login.wbreq.toml").exists()
    panel.model.setData(
        panel.model.find(key, "Health.wbreq.toml"), 'Bad"name', Qt.ItemDataRole.EditRole
    )
    qtbot.waitUntil(panel.problem.isVisible, timeout=10_000)
    assert "Windows" in panel.problem.text()
    assert (root / "Health.wbreq.toml").is_file()


def test_duplicate_and_move_by_drag_and_drop(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    panel = _panel(window)
    panel.select(key, "Health.wbreq.toml")
    panel.action("duplicate").trigger()
    copy = root / "Health copy.wbreq.toml"
    qtbot.waitUntil(copy.is_file, timeout=10_000)
    assert copy.read_bytes() == (root / "Health.wbreq.toml").read_bytes()
    wait_idle(qtbot, window)
    model = panel.model
    data = model.mimeData([model.find(key, "Health copy.wbreq.toml")])
    assert data.hasFormat(MIME)
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.find(key, "Admin"))
    moved = root / "Admin" / "Health copy.wbreq.toml"
    qtbot.waitUntil(moved.is_file, timeout=10_000)
    assert not copy.exists()
    wait_idle(qtbot, window)
    assert _names(panel, key, "Admin") == ["Health copy"]


def test_delete_goes_to_the_trash_and_undo_puts_it_back(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    panel = _panel(window)
    original = (root / "Users" / "Login.wbreq.toml").read_bytes()
    panel.select(key, "Users")
    panel.action("delete").trigger()
    qtbot.waitUntil(lambda: not (root / "Users").exists(), timeout=10_000)
    qtbot.waitUntil(panel.undo_bar.isVisible, timeout=10_000)
    assert "Users" in panel.undo_bar.label.text()
    wait_idle(qtbot, window)
    assert "Users" not in _names(panel, key, "")
    qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil((root / "Users" / "Login.wbreq.toml").is_file, timeout=10_000)
    assert (root / "Users" / "Login.wbreq.toml").read_bytes() == original
    assert not panel.undo_bar.isVisible()
    wait_idle(qtbot, window)
    assert "Users" in _names(panel, key, "")


def test_a_broken_file_is_marked_never_opened_deleted_or_copied(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = sample(tmp_path)
    broken = root / "Broken.wbreq.toml"
    content = b'schema = "workbench.request/1"\nmethod = "GET"\nurl = "x"\nsurprise = 1\n'
    broken.write_bytes(content)
    key = open_and_wait(qtbot, window, root)
    panel = _panel(window)
    qtbot.waitUntil(
        lambda: bool(panel.model.find(key, "Broken.wbreq.toml").data(ERROR_ROLE)), timeout=10_000
    )
    index = panel.model.find(key, "Broken.wbreq.toml")
    assert "surprise" in index.data(Qt.ItemDataRole.ToolTipRole)
    tabs = window.tabs.count()
    panel.select(key, "Broken.wbreq.toml")
    panel.open_current()
    assert panel.problem.isVisible()
    assert "cannot be opened" in panel.problem.text()
    said = {}
    for action in ("delete", "duplicate"):
        panel.clear_problem()
        panel.select(key, "Broken.wbreq.toml")
        panel.action(action).trigger()
        qtbot.waitUntil(panel.problem.isVisible, timeout=10_000)
        wait_idle(qtbot, window)
        said[action] = panel.problem.text()
    assert "so it is not deleted" in said["delete"]
    assert "surprise" in said["duplicate"]
    assert window.tabs.count() == tabs
    assert broken.read_bytes() == content
    assert not (root / "Broken copy.wbreq.toml").exists()


def test_files_changed_outside_show_up(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    panel = _panel(window)
    (root / "Health.wbreq.toml").rename(root / "Admin" / "Ping.wbreq.toml")
    hub_of(window).scan_all()
    qtbot.waitUntil(
        lambda: panel.model.find(key, "Admin/Ping.wbreq.toml").isValid(), timeout=10_000
    )
    assert not panel.model.find(key, "Health.wbreq.toml").isValid()


def test_folder_settings_are_written_and_the_description_shows(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    panel = _panel(window)
    chosen = FolderSettings(description="Everything about users.", base_url="{{base}}")
    seen: list[Loaded] = []

    def answer(_parent: object, loaded: Loaded, _title: str, is_collection: bool) -> FolderSettings:
        seen.append(loaded)
        assert not is_collection
        return chosen

    monkeypatch.setattr(collection_settings, "ask_settings", answer)
    panel.select(key, "Users")
    panel.action("settings").trigger()
    qtbot.waitUntil((root / "Users" / "folder.toml").is_file, timeout=10_000)
    assert seen[0].settings == FolderSettings()
    text = (root / "Users" / "folder.toml").read_text()
    assert 'base_url = "{{base}}"' in text
    assert "Everything about users." in text
    wait_idle(qtbot, window)
    panel.select(key, "Admin")
    panel.select(key, "Users")
    qtbot.waitUntil(panel.folder_description.isVisible, timeout=10_000)
    assert panel.folder_description.plain_text() == "Everything about users."


@pytest.mark.parametrize(
    ("base", "header", "auth", "message"),
    [
        ("notaurl", "", "", "scheme"),
        ("http://exa mple.com", "", "", "space"),
        ("", "Bad Name", "", "header"),
        ("", "", "Nobody", "no saved auth profile"),
    ],
)
def test_folder_settings_refuse_wrong_values(
    qtbot: QtBot, base: str, header: str, auth: str, message: str
) -> None:
    dialog = SettingsDialog(Loaded(FolderSettings(), ("Staging",), ()), "Users", False)
    qtbot.addWidget(dialog)
    dialog.base_url.setText(base)
    dialog.auth.setCurrentText(auth)
    if header:
        dialog.headers_model.setData(
            dialog.headers_model.index(0, 1), header, Qt.ItemDataRole.EditRole
        )
    assert dialog.problem()
    marks = (dialog.base_mark.message, dialog.headers_mark.message, dialog.auth_mark.message)
    assert any(marks)
    assert message.lower() in " ".join(marks).lower()
    dialog.base_url.setText("{{base}}")
    dialog.headers_model.set_rows([])
    dialog.auth.setCurrentText("Staging")
    assert not dialog.problem()
    assert dialog.result_settings().auth_profile == "Staging"
    assert dialog.result_settings().base_url == "{{base}}"


def test_undo_of_a_deleted_request_clears_its_tabs_note(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Health.wbreq.toml")
    tab = window.current_tab()
    panel = _panel(window)
    panel.select(key, "Health.wbreq.toml")
    panel.action("delete").trigger()
    qtbot.waitUntil(tab.document.bar.isVisible, timeout=10_000)
    assert "deleted" in tab.document.bar.label.text()
    panel.undo_bar.button.click()
    qtbot.waitUntil(lambda: not tab.document.bar.isVisible(), timeout=10_000)
    assert (root / "Health.wbreq.toml").is_file()


def test_new_collection_goes_to_the_apps_collections_folder(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.store import paths

    _answer(monkeypatch, "My requests")
    _panel(window).action("new_collection").trigger()
    folder = paths.collections_dir() / "My requests"
    qtbot.waitUntil((folder / "collection.toml").is_file, timeout=10_000)
    # The file is written on the pool before the window hears of it: wait for the sidebar's row.
    model = _panel(window).model
    qtbot.waitUntil(lambda: model.find(str(folder.resolve()), "").isValid(), timeout=10_000)
    wait_idle(qtbot, window)
    assert model.find(str(folder.resolve()), "").data() == "My requests"
    assert window.collections.state() == {"opened": []}  # found again at the next start


def test_a_folder_that_is_gone_is_shown_with_the_reason(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    key = open_and_wait(qtbot, window, tmp_path / "missing")
    index = _panel(window).model.find(key, "")
    assert "no longer exists" in index.data(ERROR_ROLE)


def test_the_tour_selects_its_first_request(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    tour = tour_copy(tmp_path)
    window.open_collection(tour)
    window.select_first_request(tour)
    panel = _panel(window)
    qtbot.waitUntil(lambda: panel.current_place()[2] == "request", timeout=10_000)
    assert panel.current_place()[1] == "01 Fetching URLs/1 Fetch a page.wbreq.toml"
