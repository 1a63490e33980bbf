"""The window's preparers run on the worker between the editor and the engine."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import Field, RequestSpec
from workbench.ui.main_window import MainWindow
from workbench.ui.request_tab import RequestTab
from workbench.ui.send_job import Preparer


def test_preparers_change_what_is_sent_off_the_gui_thread(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/p", headers={"X-Prepared": "yes"}).respond_with_data("ok")
    threads: list[threading.Thread] = []

    def factory(tab: RequestTab) -> Preparer:
        def prepare(spec: RequestSpec) -> RequestSpec:
            threads.append(threading.current_thread())
            return spec._replace(headers=(*spec.headers, Field("X-Prepared", "yes")))

        return prepare

    window.preparer_factories.append(factory)
    tab = window.current_tab()
    tab.url_bar.url.setText(httpserver.url_for("/p"))
    with qtbot.waitSignal(tab.running_changed, timeout=10_000, check_params_cb=lambda r: not r):
        assert tab.send()
    assert "200" in window.findChild(QWidget, "statusLabel").text()
    assert threads
    assert threads[0] is not threading.main_thread()


def test_a_preparer_refusing_the_request_shows_the_error_and_sends_nothing(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    def factory(tab: RequestTab) -> Preparer:
        def prepare(spec: RequestSpec) -> RequestSpec:
            raise InvalidRequest("url", "The variable {{base}} has no value.")

        return prepare

    window.preparer_factories.append(factory)
    tab = window.current_tab()
    tab.url_bar.url.setText(httpserver.url_for("/never"))
    with qtbot.waitSignal(tab.running_changed, timeout=10_000, check_params_cb=lambda r: not r):
        assert tab.send()
    assert len(httpserver.log) == 0
    panel = window.findChild(QWidget, "errorView")
    assert panel.isVisible()
    assert "{{base}} has no value" in panel.text()
