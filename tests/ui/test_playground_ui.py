"""Help → Playground: start, stop, copy the address, open the index page; failures said in words."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import send

from workbench.playground import Playground, PortInUseError
from workbench.store import tour
from workbench.store.profile_model import AuthProfile, ProxyProfile
from workbench.store.profiles import ProfileStore
from workbench.ui.main_window import MainWindow
from workbench.ui.playground_ui import PlaygroundController


def start(window: MainWindow, qtbot: QtBot) -> PlaygroundController:
    """Help → Playground → Start, and wait for the demo profiles to be saved (on the pool)."""
    controller = window.playground
    with qtbot.waitSignal(controller.started, timeout=5000):
        window.action_map["playground_start"].trigger()
    qtbot.waitUntil(lambda: not controller.busy(), timeout=10_000)
    return controller


def refuses(url: str) -> bool:
    """Whether nothing listens at the http://127.0.0.1:PORT address any more."""
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_the_help_menu_has_the_playground_and_the_tour(window: MainWindow) -> None:
    playground = window.findChild(QMenu, "menu_playground")
    assert playground is not None
    names = [a.objectName() for a in playground.actions() if not a.isSeparator()]
    assert names == [
        "action_playground_start",
        "action_playground_stop",
        "action_playground_copy",
        "action_playground_index",
    ]
    help_menu = window.findChild(QMenu, "menu_help")
    entries = [a.menu().objectName() if a.menu() else a.objectName() for a in help_menu.actions()]
    assert entries[0] == "menu_playground"
    assert {"action_tour_open", "action_tour_fresh", "action_about"} <= set(entries)
    # Stopped: only Start and the index page (which starts it) can be chosen.
    actions = window.action_map
    assert actions["playground_start"].isEnabled()
    assert not actions["playground_stop"].isEnabled()
    assert not actions["playground_copy"].isEnabled()
    assert window.findChild(QLabel, "playgroundAddress") is None


def test_start_sets_the_variables_shows_the_address_and_serves(
    window: MainWindow, qtbot: QtBot
) -> None:
    controller = start(window, qtbot)
    playground = controller.playground
    assert playground is not None
    assert playground.running
    assert window.runtime_variables == tour.playground_variables(
        playground.url, playground.proxy_url
    )
    assert window.runtime_variables["playground"] == playground.url
    label = window.findChild(QLabel, "playgroundAddress")
    assert label.isVisible()
    assert label.text() == f"Playground: {playground.url}"
    assert playground.proxy_url in label.toolTip()
    assert not window.action_map["playground_start"].isEnabled()
    assert window.action_map["playground_stop"].isEnabled()
    assert playground.url in window.action_map["playground_copy"].text()
    exchange = send(qtbot, window.current_tab(), f"{playground.url}/get?from=window")
    assert exchange.response is not None
    assert exchange.response.status == 200
    assert playground.proxy_user == tour.PROXY_USER


def test_start_saves_the_demo_profiles_off_the_gui_thread(window: MainWindow, qtbot: QtBot) -> None:
    playground = start(window, qtbot).playground
    assert playground is not None
    profiles = ProfileStore().load()
    basic = profiles.find(tour.AUTH_PROFILE)
    proxy = profiles.find(tour.PROXY_PROFILE)
    assert isinstance(basic, AuthProfile)
    assert basic.auth.username == tour.DEMO_USER
    assert isinstance(proxy, ProxyProfile)
    assert proxy.proxy.url == playground.proxy_url


def test_stop_removes_the_variables_and_closes_the_port(window: MainWindow, qtbot: QtBot) -> None:
    controller = start(window, qtbot)
    url = controller.url
    window.runtime_variables["mine"] = "kept"  # set by someone else: stop leaves it alone
    with qtbot.waitSignal(controller.stopped, timeout=5000):
        window.action_map["playground_stop"].trigger()
    assert window.runtime_variables == {"mine": "kept"}
    assert not controller.is_running()
    assert not window.findChild(QLabel, "playgroundAddress").isVisible()
    assert not window.action_map["playground_copy"].isEnabled()
    assert window.action_map["playground_start"].isEnabled()
    qtbot.waitUntil(lambda: not controller.busy(), timeout=10_000)
    assert refuses(url)
    assert "stopped" in window.statusBar().currentMessage()


def test_start_again_after_stop_gets_new_variables(window: MainWindow, qtbot: QtBot) -> None:
    controller = start(window, qtbot)
    first = controller.url
    controller.stop()
    second = start(window, qtbot).url
    assert second
    assert window.runtime_variables["playground"] == second
    assert refuses(first) or first == second


def test_copy_address_puts_it_on_the_clipboard(window: MainWindow, qtbot: QtBot) -> None:
    controller = start(window, qtbot)
    window.action_map["playground_copy"].trigger()
    assert QGuiApplication.clipboard().text() == controller.url
    assert controller.url in window.statusBar().currentMessage()


def test_copy_address_while_stopped_says_how_to_start(window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("before")
    window.playground.copy_address()
    assert QGuiApplication.clipboard().text() == "before"
    assert "not running" in window.statusBar().currentMessage()


def test_open_index_starts_the_playground_and_opens_a_tab_for_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    before = len(window.request_tabs())
    window.action_map["playground_index"].trigger()
    assert window.playground.is_running()
    tab = window.current_tab()
    assert len(window.request_tabs()) == before + 1
    assert tab.url_bar.url.text() == "{{playground}}/"
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.playground.busy(), timeout=10_000)
    status = window.findChild(QLabel, "statusLabel")
    assert "200" in status.text()  # {{playground}} was resolved to the running playground


def test_open_index_goes_direct_whatever_the_system_proxy_says(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy from the environment (nothing listens on port 9) that does not exempt 127.0.0.1."""
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("no_proxy", "")
    window.action_map["playground_index"].trigger()
    tab = window.current_tab()
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.playground.busy(), timeout=10_000)
    assert "200" in window.findChild(QLabel, "statusLabel").text()
    playground = window.playground.playground
    assert playground is not None
    assert [(r.method, r.path) for r in playground.requests] == [("GET", "/")]
    assert tab.editor.proxy.mode() == "direct"  # and the tab says so


def test_a_playground_url_while_it_is_stopped_says_how_to_start_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    """As a tour tab restored at the next launch, before the playground was started again."""
    exchange = send(qtbot, window.current_tab(), "{{playground}}/get")
    assert exchange.error is not None
    assert exchange.error.kind == "invalid-request"
    assert exchange.error.message.startswith(
        "The variable {{playground}} used in the URL has no value: it is set only while the "
        "playground runs; start it with Help → Playground → Start in the window"
    )
    assert "define it in the environment" not in exchange.error.message


def test_a_port_in_use_is_said_in_a_message_and_nothing_runs(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def taken(self: Playground) -> Playground:
        raise PortInUseError(8080, 8081)

    monkeypatch.setattr(Playground, "start", taken)
    with qtbot.waitSignal(window.playground.failed, timeout=5000) as blocker:
        window.action_map["playground_start"].trigger()
    message = blocker.args[0]
    assert (
        message == "The playground could not start: port 8080 is already in use by another program."
    )
    box = window.findChild(QMessageBox, "playgroundError")
    assert box is not None
    assert box.isVisible()
    assert box.text() == message
    assert window.statusBar().currentMessage() == message
    assert not window.playground.is_running()
    assert "playground" not in window.runtime_variables
    assert window.action_map["playground_start"].isEnabled()
    box.close()


def test_closing_the_window_stops_the_playground(qtbot: QtBot) -> None:
    from workbench.app import create_window

    window = create_window()
    qtbot.addWidget(window)
    window.show()
    controller = start(window, qtbot)
    playground = controller.playground
    assert playground is not None
    url = playground.url
    window.close()  # closeEvent stops it on the pool and waits for the pool
    assert not playground.running
    assert refuses(url)
