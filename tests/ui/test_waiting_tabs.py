"""Restored tabs not on display wait as titles until the first frame is painted, then are built.

Each request tab costs ~2.5 ms to build and restore; a window reopening many would spend that
before its first frame. The tab bar shows them all from the start, and anything that needs one
(showing it, closing it, saving the state, automation) builds them at once.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from workbench.app import create_window
from workbench.ui.main_window import MainWindow
from workbench.ui.request_tab import RequestTab

URLS = [f"http://127.0.0.1:9/items/{n}?page={n}" for n in range(4)]


def saved(window: MainWindow, qtbot: QtBot, current: int = 1) -> list[str]:
    """Four tabs saved with `current` shown; their titles."""
    first = window.current_tab()
    first.url_bar.url.setText(URLS[0])
    for url in URLS[1:]:
        window.add_tab().url_bar.url.setText(url)
    window.request_tabs()[2].url_bar.method.setCurrentText("POST")
    window.tabs.setCurrentIndex(current)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.close()
    return titles


def kinds(window: MainWindow) -> list[bool]:
    return [isinstance(window.tabs.widget(i), RequestTab) for i in range(window.tabs.count())]


def reopened(qtbot: QtBot) -> MainWindow:
    again = create_window()
    qtbot.addWidget(again)
    return again


def test_only_the_shown_tab_is_built_before_the_first_frame(
    window: MainWindow, qtbot: QtBot
) -> None:
    titles = saved(window, qtbot, current=1)
    again = reopened(qtbot)
    assert kinds(again) == [False, True, False, False]
    assert [again.tabs.tabText(i) for i in range(again.tabs.count())] == titles
    assert again.tabs.currentIndex() == 1
    assert again.current_tab().url_bar.url.text() == URLS[1]
    again.show()
    qtbot.waitUntil(lambda: again.first_frame.done, timeout=5000)
    assert kinds(again) == [True, True, True, True]
    assert again.tabs.currentIndex() == 1
    assert [t.url_bar.url.text() for t in again.request_tabs()] == URLS
    assert again.request_tabs()[2].url_bar.method_text() == "POST"
    assert [again.tabs.tabText(i) for i in range(again.tabs.count())] == titles


def test_showing_a_waiting_tab_builds_it(window: MainWindow, qtbot: QtBot) -> None:
    saved(window, qtbot, current=0)
    again = reopened(qtbot)
    again.tabs.setCurrentIndex(3)
    assert isinstance(again.tabs.currentWidget(), RequestTab)
    assert again.current_tab().url_bar.url.text() == URLS[3]
    assert again.tabs.currentIndex() == 3


def test_closing_a_waiting_tab_closes_that_one(window: MainWindow, qtbot: QtBot) -> None:
    saved(window, qtbot, current=0)
    again = reopened(qtbot)
    again.close_tab(2)
    assert [t.url_bar.url.text() for t in again.request_tabs()] == [URLS[0], URLS[1], URLS[3]]
    assert again.tabs.currentIndex() == 0


def test_the_state_keeps_the_waiting_tabs(window: MainWindow, qtbot: QtBot) -> None:
    saved(window, qtbot, current=3)
    again = reopened(qtbot)
    assert kinds(again).count(True) == 1
    state = again.state()
    assert [t["url"] for t in state["tabs"]] == URLS
    assert state["current"] == 3
