"""Copy as curl / Copy as Python: the request a send would make (prepared on the pool), to the clipboard."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from workbench.engine.spec import Field
from workbench.ui import export
from workbench.ui.main_window import MainWindow


def _converter(kind: str) -> None:
    """Skip, naming the module, when the converter is not written yet."""
    module = export.EXPORTERS[kind].module
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is missing (Copy as {kind} stays wired and reports it)")


def _copy(qtbot: QtBot, window: MainWindow, kind: str) -> bool:
    """Copy as `kind` and wait until the export on the pool has ended."""
    started = window.copy_as(kind)
    qtbot.waitUntil(lambda: not window.exports.jobs, timeout=10_000)
    return started


def _prepare(window: MainWindow, url: str) -> None:
    tab = window.current_tab()
    tab.url_bar.method.setCurrentText("POST")
    tab.url_bar.url.setText(url)
    tab.editor.headers.model.set_rows([Field("X-Export", "yes")])
    tab.editor.body.set_kind("raw")
    tab.editor.body.text.setPlainText('{"a": 1}')


def test_copy_as_curl(window: MainWindow, qtbot: QtBot, httpserver: HTTPServer) -> None:
    _converter("curl")
    url = httpserver.url_for("/c")
    _prepare(window, url)
    assert _copy(qtbot, window, "curl")
    text = QApplication.clipboard().text()
    assert text.startswith("curl")
    assert url in text
    assert "X-Export: yes" in text


def test_copy_as_python_runs_and_sends_the_same_request(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    _converter("python")
    httpserver.expect_request("/py", method="POST", headers={"X-Export": "yes"}).respond_with_data(
        "ok"
    )
    _prepare(window, httpserver.url_for("/py"))
    assert _copy(qtbot, window, "python")
    assert window.statusBar().currentMessage() == "Copied as a Python script."
    script = QApplication.clipboard().text()
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    request, _ = httpserver.log[0]
    assert request.get_data() == b'{"a": 1}'


@pytest.mark.parametrize("kind", ["curl", "python"])
def test_a_missing_converter_is_reported_not_raised(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    missing = export.Exporter("workbench.formats.not_there", "convert", "thing")
    monkeypatch.setitem(export.EXPORTERS, kind, missing)
    window.current_tab().url_bar.url.setText("http://127.0.0.1:9/")
    QApplication.clipboard().setText("before")
    assert _copy(qtbot, window, kind)  # started: the converter is looked up on the pool
    assert "workbench.formats.not_there is missing" in window.statusBar().currentMessage()
    assert QApplication.clipboard().text() == "before"


def test_an_invalid_request_is_not_copied(window: MainWindow) -> None:
    window.current_tab().url_bar.url.setText("example.com/no-scheme")
    QApplication.clipboard().setText("before")
    assert not window.copy_as("curl")
    assert "no scheme" in window.current_tab().url_bar.url_mark.message
    assert QApplication.clipboard().text() == "before"
