"""The window as a whole: the automation contract, tabs and shortcuts, menus, and state across restarts."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMenu, QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import SEND_TIMEOUT_MS
from werkzeug import Response

from workbench.app import create_window
from workbench.engine.spec import Field
from workbench.store import paths
from workbench.ui import actions, window_state
from workbench.ui.main_window import MainWindow

CONTRACT = (
    "methodCombo",
    "urlEdit",
    "sendButton",
    "cancelButton",
    "paramsTable",
    "headersTable",
    "bodyEditor",
    "statusLabel",
    "finalUrlLabel",
    "responseHeadersView",
    "responseBodyView",
    "timelineView",
    "errorView",
    "progressBar",
)


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_every_contract_name_is_in_the_current_tab_with_an_accessible_name(
    window: MainWindow,
) -> None:
    tab = window.current_tab()
    for name in CONTRACT:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert tab.isAncestorOf(widget), name
        assert widget.accessibleName(), name


def test_find_child_follows_the_current_tab(window: MainWindow) -> None:
    first = window.current_tab()
    window.new_tab()
    second = window.current_tab()
    assert window.findChild(QLineEdit, "urlEdit") is second.url_bar.url
    window.tabs.setCurrentWidget(first)
    assert window.findChild(QLineEdit, "urlEdit") is first.url_bar.url


def test_tab_shortcuts(window: MainWindow, qtbot: QtBot) -> None:
    _activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == 3
    assert window.tabs.currentIndex() == 2
    assert window.current_tab().url_bar.url.hasFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    qtbot.keyClick(
        window.focusWidget() or window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier
    )
    assert window.tabs.count() == 2
    for _ in range(3):
        window.close_current_tab()
    assert window.tabs.count() == 1  # the last tab is replaced by a fresh one


def test_ctrl_l_focuses_the_url_and_ctrl_enter_sends(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/k").respond_with_data("keyboard")
    _activate(qtbot, window)
    tab = window.current_tab()
    tab.editor.setCurrentIndex(2)
    tab.editor.body.set_kind("raw")
    tab.editor.body.text.setFocus()
    qtbot.keyClick(tab.editor.body.text, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert tab.url_bar.url.hasFocus()
    qtbot.keyClicks(tab.url_bar.url, httpserver.url_for("/k"))
    tab.editor.body.text.setFocus()
    with qtbot.waitSignal(tab.exchange_shown, timeout=SEND_TIMEOUT_MS):
        qtbot.keyClick(tab.editor.body.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert tab.editor.body.text.toPlainText() == ""  # Ctrl+Enter sent, it did not type a newline
    assert "keyboard" in tab.response.body.text.toPlainText()


def test_ctrl_f_opens_find_and_escape_is_free_when_idle(window: MainWindow, qtbot: QtBot) -> None:
    _activate(qtbot, window)
    assert not window.action_map["cancel"].isEnabled()
    qtbot.keyClick(
        window.current_tab().url_bar.url, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
    )
    bar = window.current_tab().response.body.find_bar
    assert bar.isVisible()
    assert bar.edit.hasFocus()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)  # reaches the find bar: Cancel is disabled
    assert not bar.isVisible()


def test_every_action_is_in_a_menu_with_its_shortcut(window: MainWindow) -> None:
    in_menus = {
        action.objectName()
        for menu in window.menuBar().findChildren(QMenu)
        for action in menu.actions()
    }
    for key, spec in actions.ACTIONS.items():
        action = window.action_map[key]
        assert action.objectName() in in_menus, key
        assert bool(spec.shortcuts) == (not action.shortcut().isEmpty()), key
    assert window.action_map["send"].shortcut().toString() == "Ctrl+Return"
    assert [a.text() for a in window.menuBar().actions()][-1] == "&Help"


def _fill(window: MainWindow) -> None:
    first = window.current_tab()
    first.url_bar.method.setCurrentText("PATCH")
    first.url_bar.url.setText("http://127.0.0.1:9/items/7?draft=1")
    first.editor.headers.model.set_rows([Field("X-One", "1"), Field("X-Off", "0", False)])
    first.editor.body.set_kind("raw")
    first.editor.body.text.setPlainText('{"name": "unsaved"}')
    first.editor.options.timeout.setText("not yet")  # wrong values are kept too
    first.editor.auth.kind.setCurrentIndex(first.editor.auth.kind.findData("basic"))
    first.editor.auth.username.setText("ada")
    first.editor.auth.password.setText("hunter2")
    window.new_tab()
    window.current_tab().url_bar.url.setText("http://127.0.0.1:9/second")
    window.tabs.setCurrentIndex(0)


def test_tabs_are_restored_after_closing_and_reopening(qtbot: QtBot) -> None:
    window = create_window()
    qtbot.addWidget(window)
    window.show()
    window.resize(700, 500)  # within the offscreen screen (800x600), so restoring does not clamp it
    _fill(window)
    window.close()

    state_text = paths.window_state_file().read_text("utf-8")
    assert "hunter2" not in state_text  # secrets never go to the state file
    again = create_window()
    qtbot.addWidget(again)
    assert again.tabs.count() == 2
    assert again.tabs.currentIndex() == 0
    first = again.current_tab()
    assert first.url_bar.method_text() == "PATCH"
    assert first.url_bar.url.text() == "http://127.0.0.1:9/items/7?draft=1"
    assert [(r.name, r.value) for r in first.editor.params_model.rows()] == [("draft", "1")]
    assert first.editor.headers.model.rows() == [Field("X-One", "1"), Field("X-Off", "0", False)]
    assert first.editor.body.kind() == "raw"
    assert first.editor.body.text.toPlainText() == '{"name": "unsaved"}'
    assert first.editor.options.timeout.text() == "not yet"
    assert first.editor.options.marks["timeout"].message  # and still marked wrong
    assert first.editor.auth.username.text() == "ada"
    assert first.editor.auth.password.text() == ""
    assert again.request_tabs()[1].url_bar.url.text() == "http://127.0.0.1:9/second"
    assert (again.size().width(), again.size().height()) == (700, 500)


def test_splitter_positions_are_restored(qtbot: QtBot) -> None:
    window = create_window()
    qtbot.addWidget(window)
    window.resize(760, 560)
    window.show()
    qtbot.waitExposed(window)
    window.splitter.setSizes([180, 560])
    tab = window.current_tab()
    tab.splitter.setSizes([400, 150])
    main_sizes, tab_sizes = window.splitter.sizes(), tab.splitter.sizes()
    window.close()

    again = create_window()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.splitter.sizes() == main_sizes
    assert again.current_tab().splitter.sizes() == tab_sizes


def test_the_elapsed_time_ticks_while_a_send_waits(
    window: MainWindow, qtbot: QtBot, blocked: str
) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText(blocked)
    assert tab.send()
    timing = window.findChild(QLabel, "timeLabel")
    seen: set[str] = set()

    def ticked() -> bool:
        seen.add(timing.text())
        return len(seen) >= 3  # three different readings: it moves on its own

    qtbot.waitUntil(ticked, timeout=10_000)
    tab.cancel()
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=5_000)


def test_typing_is_autosaved_within_seconds(window: MainWindow, qtbot: QtBot) -> None:
    state_file = paths.window_state_file()
    qtbot.keyClicks(window.current_tab().url_bar.url, "http://127.0.0.1:9/typed")

    def saved() -> bool:
        try:
            data = json.loads(state_file.read_text("utf-8"))
        except (OSError, ValueError):
            return False
        return bool(data["tabs"][0]["url"] == "http://127.0.0.1:9/typed")

    qtbot.waitUntil(saved, timeout=5_000)  # without closing the window: a crash loses nothing


def test_an_unreadable_state_file_is_kept_aside_and_reported(qtbot: QtBot) -> None:
    state_file = paths.window_state_file()
    state_file.write_text("{ not json", "utf-8")
    window = create_window()
    qtbot.addWidget(window)
    assert window.tabs.count() == 1
    assert "could not be read" in window.statusBar().currentMessage()
    backup = state_file.with_name(state_file.name + ".unreadable")
    assert backup.read_text("utf-8") == "{ not json"


def test_a_state_file_from_a_newer_version_is_left_untouched(qtbot: QtBot) -> None:
    state_file = paths.window_state_file()
    newer = json.dumps({"format": window_state.FORMAT, "version": 99, "tabs": []})
    state_file.write_text(newer, "utf-8")
    window = create_window()
    qtbot.addWidget(window)
    assert "newer Workbench" in window.statusBar().currentMessage()
    window.current_tab().url_bar.url.setText("http://127.0.0.1:9/x")
    window.save_state()
    window.close()
    assert state_file.read_text("utf-8") == newer


def test_bad_geometry_and_odd_tab_state_do_not_stop_the_window(qtbot: QtBot) -> None:
    text = window_state.dump(
        {"geometry": "!!", "tabs": [{"url": 5, "tab": 99}, "junk"], "current": 7}
    )
    paths.window_state_file().write_text(text, "utf-8")
    window = create_window()
    qtbot.addWidget(window)
    assert window.tabs.count() == 1
    assert window.current_tab().url_bar.url.text() == "5"


def test_state_writer_keeps_the_newest_text(tmp_path: Path) -> None:
    writer = window_state.StateWriter(tmp_path / "w.json")
    for number in range(50):
        writer.submit(f"state {number}")
    writer.write_now("final")
    assert (tmp_path / "w.json").read_text("utf-8") == "final"
    assert window_state.load(tmp_path / "missing.json").state is None


@pytest.fixture
def blocked(httpserver: HTTPServer) -> Iterator[str]:
    """A URL whose response never ends until the test is over."""
    release = threading.Event()

    def body() -> Iterator[bytes]:
        yield b"start"
        release.wait(30)

    httpserver.expect_request("/hang").respond_with_handler(lambda request: Response(body()))
    yield httpserver.url_for("/hang")
    release.set()


def test_closing_a_tab_cancels_its_send(window: MainWindow, qtbot: QtBot, blocked: str) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText(blocked)
    assert tab.send()
    qtbot.waitUntil(lambda: "Receiving" in tab.response.status.status.text(), timeout=10_000)
    job = next(iter(tab.jobs))
    window.close_current_tab()
    assert job in window.reaper.jobs
    assert job.token.cancelled
    qtbot.waitUntil(lambda: not window.reaper.jobs, timeout=5_000)


def test_a_send_cut_short_by_closing_its_tab_is_still_in_the_history(
    window: MainWindow, qtbot: QtBot, blocked: str
) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText(blocked)
    assert tab.send()
    qtbot.waitUntil(lambda: "Receiving" in tab.response.status.status.text(), timeout=10_000)
    service = window.history_ui.service
    with qtbot.waitSignal(service.recorded, timeout=10_000) as recorded:
        window.close_current_tab()
    entry = recorded.args[0]
    assert entry.url == blocked
    assert entry.error_kind == "cancelled"
    qtbot.waitUntil(lambda: not window.reaper.jobs, timeout=5_000)


def test_closing_the_window_cancels_running_sends(qtbot: QtBot, blocked: str) -> None:
    window = create_window()
    qtbot.addWidget(window)
    tab = window.current_tab()
    tab.url_bar.url.setText(blocked)
    assert tab.send()
    qtbot.waitUntil(lambda: "Receiving" in tab.response.status.status.text(), timeout=10_000)
    window.close()
    assert next(iter(tab.jobs)).token.cancelled


def test_extension_points(window: MainWindow) -> None:
    panel = QLabel("extra")
    panel.setObjectName("extraPanel")
    window.add_sidebar_panel(panel, "Extra")
    assert window.splitter.widget(0) is window.sidebar
    assert window.sidebar.isVisibleTo(window)
    assert window.sidebar.panel("extraPanel") is panel
    picker = QLabel("profile")
    window.current_tab().editor.auth.set_profile_picker(picker)
    assert window.current_tab().editor.auth.profile_slot.isVisibleTo(
        window.current_tab().editor.auth
    )
    assert "Help" in window.menus


def test_geometry_survives_as_base64_bytes(qtbot: QtBot) -> None:
    window = create_window()
    qtbot.addWidget(window)
    state = window.state()
    assert QByteArray.fromBase64(state["geometry"].encode()).size() > 0


def test_the_window_follows_a_palette_change(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer, qapp: QApplication
) -> None:
    from PySide6.QtGui import QColor, QPalette
    from uihelpers import send

    from workbench.ui import theme

    httpserver.expect_request("/p").respond_with_data("{}", content_type="application/json")
    send(qtbot, window.current_tab(), httpserver.url_for("/p"))
    chip = window.current_tab().response.status.status
    light = theme.status_color("success").name()
    assert light in chip.styleSheet()
    original = qapp.palette()
    dark = QPalette(original)
    for role, color in (
        (QPalette.ColorRole.Window, "#202020"),
        (QPalette.ColorRole.Base, "#181818"),
    ):
        dark.setColor(role, QColor(color))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    qapp.setPalette(dark)
    try:
        qtbot.waitUntil(lambda: theme.status_color("success").name() in chip.styleSheet())
        assert theme.status_color("success").name() != light
        timeline = window.current_tab().response.timeline.browser.toHtml()
        assert theme.muted_color().name() in timeline
    finally:
        qapp.setPalette(original)
