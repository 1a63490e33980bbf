"""Saving tabs to request files: Ctrl+S, Save As, the unsaved mark, conflicts, broken files, the guard."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from collection_helpers import (
    all_text,
    hub_of,
    open_and_wait,
    open_request,
    reread,
    sample,
    wait_idle,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.engine.spec import Field
from workbench.store import paths
from workbench.store.secret_guard import LiteralSecrets
from workbench.ui import collection_dialogs, collection_guard, collection_save_dialog
from workbench.ui.collection_dialogs import Choice
from workbench.ui.collection_guard import GuardAnswer, GuardDialog
from workbench.ui.collection_save_dialog import SaveAsDialog
from workbench.ui.main_window import MainWindow
from workbench.ui.request_tab import RequestTab

LOGIN = "Users/Login.wbreq.toml"


def login_tab(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> tuple[Path, RequestTab]:
    """The sample collection open, its Login request in the current tab."""
    root = sample(tmp_path)
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, LOGIN)
    return root, window.current_tab()


def _title(window: MainWindow, tab: RequestTab) -> str:
    return window.tabs.tabText(window.tabs.indexOf(tab))


def _save(qtbot: QtBot, window: MainWindow) -> None:
    window.action_map["save_request"].trigger()
    wait_idle(qtbot, window)


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(collection_dialogs, "warn", lambda _p, _t, text: said.append(text))
    return said


def test_an_edit_marks_the_tab_and_ctrl_s_writes_the_file(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    assert _title(window, tab) == "Login"
    tab.url_bar.url.setText("http://127.0.0.1:9/items/signin?next=home")
    assert _title(window, tab) == "• Login"
    assert window.action_map["save_request"].shortcut().toString() == "Ctrl+S"
    _save(qtbot, window)
    assert _title(window, tab) == "Login"
    text = (root / LOGIN).read_text()
    assert 'url = "http://127.0.0.1:9/items/signin?next=home"' in text
    assert 'method = "POST"' in text
    saved = reread(root, LOGIN)
    assert saved.description == "Signs in."  # what the editor does not show is kept
    tab.url_bar.url.setText("http://127.0.0.1:9/items/signin")
    tab.url_bar.url.setText("http://127.0.0.1:9/items/signin?next=home")
    assert _title(window, tab) == "Login"  # back to what the file says: no mark


def test_save_as_writes_a_new_file_and_links_the_tab(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    tab = window.current_tab()
    tab.url_bar.url.setText("http://127.0.0.1:9/orders")
    asked: list[tuple[str, str, str]] = []

    def answer(
        _parent: object, _hub: object, name: str, root_key: str, folder: str
    ) -> tuple[str, str, str]:
        asked.append((name, root_key, folder))
        return key, "Admin", "Orders"

    monkeypatch.setattr(collection_save_dialog, "ask_save_as", answer)
    _save(qtbot, window)  # a tab without a file: Save asks where
    qtbot.waitUntil(lambda: tab.document is not None, timeout=10_000)
    assert asked[0][0] == "GET /orders"
    assert reread(root, "Admin/Orders.wbreq.toml").spec.url == "http://127.0.0.1:9/orders"
    assert _title(window, tab) == "Orders"
    tab.url_bar.url.setText("http://127.0.0.1:9/orders/2")
    _save(qtbot, window)
    assert reread(root, "Admin/Orders.wbreq.toml").spec.url == "http://127.0.0.1:9/orders/2"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Login", "already holds"),
        ("a\\b", "cannot contain"),
        ("  ", "empty"),
        ("x" * 300, "at most"),
    ],
)
def test_save_as_dialog_refuses_names_that_cannot_be_files(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, name: str, message: str
) -> None:
    root = sample(tmp_path)
    key = open_and_wait(qtbot, window, root)
    dialog = SaveAsDialog(hub_of(window), name, key, "Users", window)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert dialog.place() == (key, "Users")
    assert message in dialog.mark.message
    assert not save.isEnabled()
    dialog.name.setText("Logout")
    assert not dialog.mark.message
    assert save.isEnabled()


def test_a_conflict_offers_reload_or_overwrite(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    tab.url_bar.url.setText("http://127.0.0.1:9/mine")
    outside = (root / LOGIN).read_text().replace("/items/login", "/theirs")
    (root / LOGIN).write_text(outside)
    choices = [Choice.RELOAD]
    monkeypatch.setattr(collection_dialogs, "ask_conflict", lambda *_: choices.pop(0))
    _save(qtbot, window)
    qtbot.waitUntil(lambda: tab.url_bar.url.text() == "http://127.0.0.1:9/theirs", timeout=10_000)
    assert (root / LOGIN).read_text() == outside
    assert _title(window, tab) == "Login"
    tab.url_bar.url.setText("http://127.0.0.1:9/mine")
    (root / LOGIN).write_text(outside.replace("/theirs", "/theirs-again"))
    choices.append(Choice.OVERWRITE)
    _save(qtbot, window)
    wait_idle(qtbot, window)
    assert reread(root, LOGIN).spec.url == "http://127.0.0.1:9/mine"
    assert _title(window, tab) == "Login"


def test_outside_changes_reload_quietly_or_offer_reload_or_keep(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    hub = hub_of(window)
    (root / LOGIN).write_text((root / LOGIN).read_text().replace("/items/login", "/pulled"))
    hub.scan_all()
    qtbot.waitUntil(lambda: tab.url_bar.url.text().endswith("/pulled"), timeout=10_000)
    assert not tab.document.bar.isVisible()
    tab.url_bar.url.setText("http://127.0.0.1:9/mine")
    (root / LOGIN).write_text((root / LOGIN).read_text().replace("/pulled", "/pulled-again"))
    hub.scan_all()
    qtbot.waitUntil(tab.document.bar.isVisible, timeout=10_000)
    assert "changed on disk" in tab.document.bar.label.text()
    assert tab.url_bar.url.text() == "http://127.0.0.1:9/mine"
    qtbot.mouseClick(tab.document.bar.keep, Qt.MouseButton.LeftButton)
    assert not tab.document.bar.isVisible()
    _save(qtbot, window)  # keep mine: the save replaces the disk version without asking
    assert reread(root, LOGIN).spec.url == "http://127.0.0.1:9/mine"
    (root / LOGIN).write_text((root / LOGIN).read_text().replace("/mine", "/third"))
    tab.url_bar.url.setText("http://127.0.0.1:9/edited")
    hub.scan_all()
    qtbot.waitUntil(tab.document.bar.isVisible, timeout=10_000)
    qtbot.mouseClick(tab.document.bar.reload, Qt.MouseButton.LeftButton)
    assert tab.url_bar.url.text() == "http://127.0.0.1:9/third"
    assert _title(window, tab) == "Login"


def test_a_file_broken_on_disk_is_never_overwritten(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    tab.url_bar.url.setText("http://127.0.0.1:9/mine")
    broken = b"schema = [unterminated\n"
    (root / LOGIN).write_bytes(broken)
    said = _warnings(monkeypatch)
    _save(qtbot, window)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "never overwrites" in said[0]
    assert (root / LOGIN).read_bytes() == broken
    assert tab.url_bar.url.text() == "http://127.0.0.1:9/mine"
    hub_of(window).scan_all()
    qtbot.waitUntil(tab.document.bar.isVisible, timeout=10_000)
    assert "kept here" in tab.document.bar.label.text()
    assert (root / LOGIN).read_bytes() == broken


def test_the_guard_moves_a_literal_authorization_into_a_secret_variable(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    secret = "s3cr3t-t0ken-value"
    tab.editor.headers.model.set_rows([*tab.editor.headers.model.rows()])
    tab.editor.headers.model.setData(tab.editor.headers.model.index(1, 1), "Authorization")
    tab.editor.headers.model.setData(tab.editor.headers.model.index(1, 2), f"Bearer {secret}")
    dialogs: list[GuardDialog] = []

    def guard(parent: object, error: LiteralSecrets, environments: list[str]) -> GuardAnswer:
        dialog = GuardDialog(error, environments)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        assert dialog.literal_button is not None
        return dialog.answer()

    monkeypatch.setattr(collection_guard, "ask_guard", guard)
    _save(qtbot, window)
    qtbot.waitUntil(lambda: "{{authorization}}" in (root / LOGIN).read_text(), timeout=10_000)
    assert "header Authorization" in dialogs[0].rows[0][1].text()
    text = (root / LOGIN).read_text()
    assert 'value = "Bearer {{authorization}}"' in text
    assert tab.editor.headers.model.rows()[1].value == "Bearer {{authorization}}"
    assert _title(window, tab) == "Login"
    settings = (root / "collection.toml").read_text()
    assert 'name = "authorization"' in settings
    assert "secret = true" in settings
    window.keeper.save_now()
    secrets = paths.secrets_file()
    assert secret in secrets.read_text()
    assert stat.S_IMODE(os.stat(secrets).st_mode) == 0o600
    home = Path(os.environ["WORKBENCH_HOME"])
    assert secret not in all_text(root, home, skip=(secrets,))


def test_a_cancelled_guard_writes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    before = (root / LOGIN).read_bytes()
    tab.url_bar.url.setText("http://127.0.0.1:9/items/login?api_key=abc123")
    asked: list[LiteralSecrets] = []
    monkeypatch.setattr(collection_guard, "ask_guard", lambda _p, error, _e: asked.append(error))
    _save(qtbot, window)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    wait_idle(qtbot, window)
    assert "query parameter api_key" in str(asked[0])
    assert (root / LOGIN).read_bytes() == before
    assert _title(window, tab) == "• Login"


@pytest.mark.parametrize(
    ("name", "message"), [("9lives", "starts with a letter"), ("a b", "does not")]
)
def test_the_guard_refuses_a_wrong_variable_name(qtbot: QtBot, name: str, message: str) -> None:
    from workbench.store.secret_guard import SecretFinding

    findings = [
        SecretFinding("headers[0]", "header Authorization", "authorization"),
        SecretFinding("params[0]", "query parameter token", "token"),
    ]
    dialog = GuardDialog(LiteralSecrets("x", findings), ["staging"])
    qtbot.addWidget(dialog)
    dialog.rows[0][2].setText(name)
    assert message in dialog.rows[0][3].message
    assert not dialog.move_button.isEnabled()
    dialog.rows[0][2].setText("token")
    assert "already used" in dialog.rows[1][3].message
    dialog.rows[0][2].setText("auth_header")
    assert dialog.move_button.isEnabled()
    dialog.target.setCurrentIndex(1)
    answer = dialog.answer()
    assert [name for _f, name in answer.moves] == ["auth_header", "token"]
    assert answer.target == "staging"
    assert not answer.allow_rest


def test_closing_a_tab_with_unsaved_edits_asks_and_can_save(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    tab.url_bar.url.setText("http://127.0.0.1:9/closing")
    answers = [Choice.CANCEL, Choice.SAVE]
    monkeypatch.setattr(collection_dialogs, "ask_save_changes", lambda *_: answers.pop(0))
    count = window.tabs.count()
    window.close_current_tab()
    assert window.tabs.count() == count
    closing = window.tabs.currentIndex()
    window.close_current_tab()
    qtbot.waitUntil(
        lambda: window.tabs.count() == count - 1 or window.tabs.widget(closing) is not tab,
        timeout=10_000,
    )
    assert tab not in window.request_tabs()
    assert reread(root, LOGIN).spec.url == "http://127.0.0.1:9/closing"


def test_unsaved_edits_and_the_link_survive_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    from workbench.app import create_window

    root = sample(tmp_path)
    first = create_window()
    qtbot.addWidget(first)
    open_and_wait(qtbot, first, root)
    open_request(qtbot, first, root, "Users/Get user.wbreq.toml")
    first.current_tab().url_bar.url.setText("http://127.0.0.1:9/draft")
    first.close()
    state = json.loads(paths.window_state_file().read_text())
    assert state["collections"]["opened"] == [str(root.resolve())]
    assert any(
        t.get("document", {}).get("path") == "Users/Get user.wbreq.toml" for t in state["tabs"]
    )
    second = create_window()
    qtbot.addWidget(second)
    wait_idle(qtbot, second)
    tab = next(t for t in second.request_tabs() if t.document is not None)
    assert tab.document.path == "Users/Get user.wbreq.toml"
    assert tab.url_bar.url.text() == "http://127.0.0.1:9/draft"
    assert _title(second, tab) == "• Get user"
    second.tabs.setCurrentWidget(tab)
    _save(qtbot, second)
    assert reread(root, "Users/Get user.wbreq.toml").spec.url == "http://127.0.0.1:9/draft"
    second.close()


def test_the_guard_moves_a_key_out_of_the_urls_query(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    tab.url_bar.url.setText("http://127.0.0.1:9/items/login?page=2&api_key=k3y-v4lue%21#top")

    def guard(_parent: object, error: LiteralSecrets, environments: list[str]) -> GuardAnswer:
        dialog = GuardDialog(error, environments)
        qtbot.addWidget(dialog)
        assert [f.name for f, *_ in dialog.rows] == ["query parameter api_key"]
        return dialog.answer()

    monkeypatch.setattr(collection_guard, "ask_guard", guard)
    _save(qtbot, window)
    expected = "http://127.0.0.1:9/items/login?page=2&api_key={{api_key}}#top"
    qtbot.waitUntil(lambda: reread(root, LOGIN).spec.url == expected, timeout=10_000)
    assert tab.url_bar.url.text() == expected
    assert "k3y-v4lue!" in paths.secrets_file().read_text()
    assert "k3y-v4lue" not in (root / "collection.toml").read_text()
    assert _title(window, tab) == "Login"


@pytest.mark.parametrize("keep_header", [False, True])
def test_the_guard_lists_a_key_in_the_urls_query_once_with_the_rest(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    keep_header: bool,
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    tab.url_bar.url.setText("http://127.0.0.1:9/items/login?api_key=abc123&page=2#frag")
    model = tab.editor.headers.model
    model.set_rows([*model.rows()])
    model.setData(model.index(1, 1), "Authorization")
    model.setData(model.index(1, 2), "Bearer t0k-literal")
    asked: list[list[str]] = []

    def guard(_parent: object, error: LiteralSecrets, environments: list[str]) -> GuardAnswer:
        dialog = GuardDialog(error, environments)
        qtbot.addWidget(dialog)
        asked.append([f.name for f, *_ in dialog.rows])
        for finding, box, _name, _mark in dialog.rows:
            box.setChecked(not keep_header or finding.field != "headers[1]")
        return dialog.answer()

    monkeypatch.setattr(collection_guard, "ask_guard", guard)
    _save(qtbot, window)
    qtbot.waitUntil(lambda: _title(window, tab) == "Login", timeout=10_000)
    assert asked == [["query parameter api_key", "header Authorization"]]
    expected = "http://127.0.0.1:9/items/login?api_key={{api_key}}&page=2#frag"
    spec = reread(root, LOGIN).spec
    assert spec.url == expected
    assert tab.url_bar.url.text() == expected
    header = "Bearer t0k-literal" if keep_header else "Bearer {{authorization}}"
    assert spec.headers[1] == Field("Authorization", header)
    window.keeper.save_now()
    secrets = paths.secrets_file()
    assert "abc123" in secrets.read_text()
    # Secret variables only: the window's own autosave keeps what the tab holds under its own key.
    stored = json.loads(secrets.read_text())["secrets"]
    variables = [v for k, v in stored.items() if k.startswith("variable-")]
    assert ("t0k-literal" in variables) is not keep_header
    assert "abc123" not in all_text(root, Path(os.environ["WORKBENCH_HOME"]), skip=(secrets,))


def test_a_token_that_must_move_comes_in_the_same_guard_as_the_rest(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tab = login_tab(qtbot, window, tmp_path)
    tab.url_bar.url.setText("http://127.0.0.1:9/items/login?api_key=abc123")
    auth = tab.editor.auth
    auth.kind.setCurrentIndex(auth.kind.findData("bearer"))
    auth.token.setText("t0k-must-move")
    asked: list[list[tuple[str, bool]]] = []

    def guard(_parent: object, error: LiteralSecrets, environments: list[str]) -> GuardAnswer:
        dialog = GuardDialog(error, environments)
        qtbot.addWidget(dialog)
        asked.append([(f.name, box.isEnabled()) for f, box, *_ in dialog.rows])
        for finding, box, _name, _mark in dialog.rows:
            if finding.field.startswith("url.query"):
                box.setChecked(False)  # keep the key literal; the token cannot stay
        return dialog.answer()

    monkeypatch.setattr(collection_guard, "ask_guard", guard)
    _save(qtbot, window)
    qtbot.waitUntil(lambda: _title(window, tab) == "Login", timeout=10_000)
    assert len(asked) == 1, asked  # one dialog, not one per kind of finding
    assert ("query parameter api_key", True) in asked[0]
    assert any(not may_keep for _name, may_keep in asked[0])  # the token row is always moved
    spec = reread(root, LOGIN).spec
    assert spec.url == "http://127.0.0.1:9/items/login?api_key=abc123"
    assert spec.auth.token.startswith("{{")
    assert "t0k-must-move" in paths.secrets_file().read_text()
