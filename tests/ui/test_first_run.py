"""The first-run offer (playground and tour), its remembered answer, and the Help menu's tour actions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import send

from workbench import app
from workbench.store import paths, settings, tour
from workbench.store.collections import Collection
from workbench.store.errors import StoreError
from workbench.store.runner import judge
from workbench.ui.first_run import OFFER, OfferBar
from workbench.ui.main_window import MainWindow
from workbench.ui.request_tab import RequestTab

FIRST_REQUEST = "01 Fetching URLs/1 Fetch a page.wbreq.toml"


def offer(window: MainWindow, qtbot: QtBot) -> OfferBar:
    """Start as `workbench` does on a first run and wait for the offer."""
    with qtbot.waitSignal(window.tour.offered, timeout=5000):
        window.tour.check_first_run()
    bar = window.tour.bar
    assert bar is not None
    return bar


def settle(window: MainWindow, qtbot: QtBot) -> None:
    """Wait for the pool work of the tour and playground controllers."""
    qtbot.waitUntil(lambda: not window.tour.busy() and not window.playground.busy(), timeout=15_000)


def saved() -> dict[str, object]:
    data: dict[str, object] = json.loads(paths.settings_file().read_text("utf-8"))
    return data


def test_the_first_run_offers_the_tour_without_blocking_the_window(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = offer(window, qtbot)
    assert bar.isVisible()
    assert OFFER in bar.findChild(QLabel, "firstRunText").text()
    assert QApplication.activeModalWidget() is None  # the window stays usable
    assert bar.geometry().bottom() < window.tabs.mapTo(window, window.tabs.rect().topLeft()).y()
    assert window.current_tab().isVisibleTo(window)
    assert not window.playground.is_running()
    assert not paths.settings_file().exists()  # nothing is remembered before an answer


def test_opening_the_app_makes_the_offer(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[MainWindow] = []
    real = app.create_window

    def create() -> MainWindow:
        window = real()
        qtbot.addWidget(window)
        made.append(window)
        return window

    def loop(_app: QApplication) -> int:  # stands in for the event loop: wait for the offer
        qtbot.waitUntil(lambda: made[0].tour.bar is not None, timeout=5000)
        return 0

    monkeypatch.setattr(app, "create_window", create)
    monkeypatch.setattr(QApplication, "exec", loop)
    assert app.run_window() == 0
    bar = made[0].tour.bar
    assert bar is not None
    assert bar.isVisible()


def test_declining_remembers_it_and_starts_nothing(window: MainWindow, qtbot: QtBot) -> None:
    bar = offer(window, qtbot)
    qtbot.mouseClick(bar.findChild(QPushButton, "firstRunDecline"), Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert not bar.isVisible()
    assert saved() == {
        "schema": "workbench.settings/1",
        "first_run_done": True,
        "tour_answer": "declined",
    }
    assert not window.playground.is_running()
    assert not tour.is_installed()
    assert "Help" in window.statusBar().currentMessage()


def test_accepting_starts_the_playground_installs_and_opens_the_tour(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = offer(window, qtbot)
    qtbot.mouseClick(bar.findChild(QPushButton, "firstRunAccept"), Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert not bar.isVisible()
    assert saved()["tour_answer"] == "accepted"
    assert window.playground.is_running()
    assert window.runtime_variables["playground"] == window.playground.url
    assert tour.is_installed()
    assert window.tour.path == tour.tour_dir()


def test_a_later_start_makes_no_offer(window: MainWindow, qtbot: QtBot) -> None:
    settings.update({settings.FIRST_RUN_DONE: True, settings.TOUR_ANSWER: "declined"})
    window.tour.check_first_run()
    settle(window, qtbot)
    assert window.tour.bar is None


def test_a_broken_settings_file_is_said_left_alone_and_makes_no_offer(
    window: MainWindow, qtbot: QtBot
) -> None:
    paths.settings_file().write_text("{oops", "utf-8")
    window.tour.check_first_run()
    settle(window, qtbot)
    assert window.tour.bar is None
    message = window.statusBar().currentMessage()
    assert "settings.json cannot be used" in message
    assert "not valid JSON" in message
    assert paths.settings_file().read_text("utf-8") == "{oops"


def test_an_answer_that_cannot_be_saved_is_said(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bar = offer(window, qtbot)

    def refuse(*_args: object, **_kwargs: object) -> settings.Settings:
        raise StoreError("The settings file cannot be written: disk full")

    monkeypatch.setattr(settings, "update", refuse)
    bar.decline()
    settle(window, qtbot)
    assert "disk full" in window.statusBar().currentMessage()


def test_help_open_tour_keeps_the_users_copy(window: MainWindow, qtbot: QtBot) -> None:
    installed = tour.install()
    fetch = installed / FIRST_REQUEST
    fetch.write_text(fetch.read_text("utf-8").replace("GET", "HEAD", 1), "utf-8")
    edited = fetch.read_bytes()
    window.action_map["tour_open"].trigger()
    settle(window, qtbot)
    assert window.tour.path == installed
    assert fetch.read_bytes() == edited
    assert window.playground.is_running()


def test_help_fresh_copy_goes_beside_the_users(window: MainWindow, qtbot: QtBot) -> None:
    tour.install()
    window.action_map["tour_fresh"].trigger()
    settle(window, qtbot)
    assert window.tour.path == paths.collections_dir() / "urllib HOWTO tour 2"
    assert (window.tour.path / FIRST_REQUEST).is_file()


def test_a_tour_that_cannot_be_installed_is_said(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*, fresh: bool = False) -> Path:
        raise StoreError("The tour is missing from this installation of Workbench.")

    monkeypatch.setattr(tour, "install", refuse)
    window.tour.open_tour()
    settle(window, qtbot)
    message = window.statusBar().currentMessage()
    assert message.startswith("The tour could not be installed: The tour is missing")
    assert window.tour.path is None


# --- done when: a new user, no network, accepts the tour and sends its requests -------------------------
BASIC = "07 Basic Authentication/1 Challenge, then retry.wbreq.toml"
REFUSED = "04 Handling Exceptions/1 URLError - nothing listening.wbreq.toml"
NOT_FOUND = "04 Handling Exceptions/2 HTTPError - a 404 and its page.wbreq.toml"


def tab_for(window: MainWindow, qtbot: QtBot, rel: str) -> RequestTab:
    """Open a tour request through the window and wait until its tab shows it."""
    assert window.tour.path is not None
    window.open_saved_request(window.tour.path, rel)

    def found() -> RequestTab | None:
        for tab in window.request_tabs():
            if tab.document is not None and tab.document.path == rel:
                return tab
        return None

    qtbot.waitUntil(lambda: found() is not None, timeout=10_000)
    tab = found()
    assert tab is not None
    return tab


def timeline_text(tab: RequestTab) -> str:
    return tab.response.timeline.browser.toPlainText()


def test_a_new_user_accepts_the_tour_and_sends_its_requests(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = offer(window, qtbot)
    with qtbot.waitSignal(window.tour.opened, timeout=15_000):
        qtbot.mouseClick(bar.findChild(QPushButton, "firstRunAccept"), Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert window.playground.is_running()
    first = tab_for(window, qtbot, FIRST_REQUEST)
    assert window.current_tab() is first
    assert first.url_bar.url.text().startswith("{{playground}}/")
    assert "urlopen" in first.document.description.plain_text()

    # 07 Basic Authentication: a 401 challenge, then the retry with credentials, then 200.
    tab = tab_for(window, qtbot, BASIC)
    description = tab.document.description.plain_text()
    assert "Server asks for Basic" in description
    exchange = send(qtbot, tab)
    assert exchange.response is not None
    assert exchange.response.status == 200
    assert [hop.response.status for hop in exchange.hops if hop.response] == [401, 200]
    assert "200" in tab.response.status.findChild(QLabel, "statusLabel").text()
    timeline = timeline_text(tab)
    assert "401" in timeline
    assert 'Server asks for Basic (realm "playground")' in timeline
    assert "Retry with Basic credentials of user 'user'" in timeline
    assert "Basic ***" in timeline  # masked until revealed
    body = "".join(tab.response.body.text.toPlainText().split())
    assert '"authenticated":true' in body
    assert '"user":"user"' in body

    # 04 Handling Exceptions: nothing listening (URLError), then a 404 shown as a response.
    tab = tab_for(window, qtbot, REFUSED)
    exchange = send(qtbot, tab)
    assert exchange.response is None
    assert exchange.error is not None
    assert exchange.error.kind == "connection-refused"
    panel = tab.findChild(QWidget, "errorView")
    assert panel.isVisible()
    assert "Connection refused" in panel.text()
    tab = tab_for(window, qtbot, NOT_FOUND)
    exchange = send(qtbot, tab)
    assert exchange.response is not None
    assert exchange.response.status == 404
    assert "404" in tab.response.status.findChild(QLabel, "statusLabel").text()
    assert window.playground.playground is not None
    assert window.playground.playground.errors == []


def test_every_tour_request_sent_from_the_window_does_what_its_file_expects(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The whole tour through the window's widgets, judged as ``workbench run`` judges it."""
    window.tour.open_tour()
    qtbot.waitUntil(lambda: window.tour.path is not None, timeout=15_000)
    settle(window, qtbot)
    collection = Collection.open(window.tour.path)
    requests = collection.requests("")
    assert len(requests) == 25
    for rel in requests:
        saved = collection.load(rel).saved
        exchange = send(qtbot, tab_for(window, qtbot, rel))
        passed, kind, message = judge(saved, exchange)
        assert passed, f"{rel}: {kind}: {message}"
