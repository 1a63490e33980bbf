"""More of the request editor end to end: body kinds, options, proxy, cross-origin redirects, headers."""

from __future__ import annotations

import base64
import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QLineEdit,
    QPushButton,
    QStyleOptionViewItem,
    QTextBrowser,
)
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import free_port, send
from werkzeug import Request, Response

from workbench.engine.spec import Field, Part
from workbench.ui import dialogs
from workbench.ui.main_window import MainWindow


def _recorder(httpserver: HTTPServer, path: str) -> list[Request]:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response("ok")

    httpserver.expect_request(path).respond_with_handler(handler)
    return seen


def test_multipart_with_a_file(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer, tmp_path: Path
) -> None:
    seen = _recorder(httpserver, "/upload")
    upload = tmp_path / "notes.txt"
    upload.write_bytes(b"line one\nline two\n")
    tab = window.current_tab()
    tab.url_bar.method.setCurrentText("POST")
    body = tab.editor.body
    body.set_kind("multipart")
    body.part_model.set_rows([Part("title", "Trip"), Part("attachment", str(upload), is_file=True)])
    send(qtbot, tab, httpserver.url_for("/upload"))
    (request,) = seen
    assert request.form["title"] == "Trip"
    assert request.files["attachment"].filename == "notes.txt"
    assert request.files["attachment"].read() == b"line one\nline two\n"


def test_add_file_button_adds_a_file_part(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picked = tmp_path / "photo.png"
    picked.write_bytes(b"\x89PNG")
    monkeypatch.setattr(dialogs, "open_file", lambda *args: str(picked))
    body = window.current_tab().editor.body
    body.set_kind("multipart")
    body.findChild(QPushButton, "addPartFileButton").click()
    assert body.part_model.rows() == [Part("photo", str(picked), is_file=True)]


def test_raw_json_and_binary_file_bodies(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer, tmp_path: Path
) -> None:
    seen = _recorder(httpserver, "/raw")
    tab = window.current_tab()
    tab.url_bar.method.setCurrentText("PUT")
    body = tab.editor.body
    body.set_kind("raw")
    body.text.setPlainText('{"name": "Ada"}')
    send(qtbot, tab, httpserver.url_for("/raw"))
    assert seen[0].headers["Content-Type"] == "application/json"
    assert json.loads(seen[0].get_data()) == {"name": "Ada"}
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)))
    body.set_kind("file")
    body.file.set_path(str(blob))
    body.file_type.setText("application/x-test")
    send(qtbot, tab)
    assert seen[1].get_data() == bytes(range(256))
    assert seen[1].headers["Content-Type"] == "application/x-test"


def test_timeout_option_applies(window: MainWindow, qtbot: QtBot, httpserver: HTTPServer) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(10)
        return Response("late")

    httpserver.expect_request("/late").respond_with_handler(slow)
    tab = window.current_tab()
    tab.editor.options.timeout.setText("0.3")
    try:
        exchange = send(qtbot, tab, httpserver.url_for("/late"))
    finally:
        release.set()
    assert exchange.error is not None
    assert exchange.error.kind == "timeout"
    assert "0.3 s" in window.current_tab().response.error.text()


def test_redirects_not_followed_show_the_redirect(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/from").respond_with_data(
        "", status=302, headers={"Location": "/to"}
    )
    tab = window.current_tab()
    tab.editor.options.checks["follow_redirects"].setChecked(False)
    assert not tab.editor.options.max_redirects.isEnabled()
    exchange = send(qtbot, tab, httpserver.url_for("/from"))
    assert exchange.response is not None
    assert exchange.response.status == 302
    assert "302" in tab.response.status.status.text()
    assert len(httpserver.log) == 1


def test_manual_proxy_that_refuses_shows_a_proxy_failure(window: MainWindow, qtbot: QtBot) -> None:
    tab = window.current_tab()
    tab.editor.proxy.set_mode("manual")
    tab.editor.proxy.url.setText(f"http://127.0.0.1:{free_port()}")
    exchange = send(qtbot, tab, "http://127.0.0.1:9/through-proxy")
    assert exchange.error is not None
    assert exchange.error.kind == "proxy"
    assert "Proxy failed" in tab.response.status.status.text()


def test_authorization_dropped_on_redirect_to_another_host_is_noted(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    other = httpserver.url_for("/landing").replace("127.0.0.1", "localhost")
    httpserver.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": other}
    )
    httpserver.expect_request("/landing").respond_with_data("landed")
    tab = window.current_tab()
    token = base64.b64encode(b"ada:secret").decode()
    tab.editor.headers.model.set_rows([Field("Authorization", f"Basic {token}")])
    send(qtbot, tab, httpserver.url_for("/start"))
    timeline = window.findChild(QTextBrowser, "timelineView").toPlainText()
    assert "Dropped on redirect to another origin" in timeline
    assert "Authorization" in timeline
    assert token not in timeline
    landing, _ = httpserver.log[1]
    assert "Authorization" not in landing.headers


def test_response_headers_are_copyable_with_duplicates(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/dup").respond_with_handler(
        lambda request: Response("x", headers=[("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
    )
    send(qtbot, window.current_tab(), httpserver.url_for("/dup"))
    view = window.current_tab().response.headers
    view.copy_all()
    copied = QApplication.clipboard().text()
    assert "Set-Cookie: a=1\nSet-Cookie: b=2\n" in copied


def test_header_names_complete_and_added_headers_can_be_overridden(window: MainWindow) -> None:
    headers = window.current_tab().editor.headers
    delegate = headers.table.itemDelegateForColumn(1)
    editor = delegate.createEditor(headers.table.viewport(), QStyleOptionViewItem(), QModelIndex())
    assert isinstance(editor, QLineEdit)
    completer = editor.completer()
    assert isinstance(completer, QCompleter)
    completer.setCompletionPrefix("content-t")
    assert completer.currentCompletion() == "Content-Type"
    added = headers.added
    row = next(i for i in range(added.rowCount()) if added.row(i).name == "User-Agent")
    headers.added_view.doubleClicked.emit(added.index(row, 0))
    assert headers.model.rows()[-1].name == "User-Agent"
    assert headers.model.rows()[-1].value.startswith("Python-urllib/")
    assert added.row(row).overridden
    fixed = next(i for i in range(added.rowCount()) if added.row(i).name == "Connection")
    headers.added_view.doubleClicked.emit(added.index(fixed, 0))
    assert [r.name for r in headers.model.rows()] == ["User-Agent"]  # urllib forces Connection


def test_save_body_shortcut_writes_the_file(
    window: MainWindow,
    qtbot: QtBot,
    httpserver: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    httpserver.expect_request("/file").respond_with_data(
        b"\x00body bytes\xff", content_type="application/octet-stream"
    )
    send(qtbot, window.current_tab(), httpserver.url_for("/file"))
    target = tmp_path / "saved.bin"
    monkeypatch.setattr(dialogs, "save_file", lambda *args: str(target))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    body = window.current_tab().response.body
    with qtbot.waitSignal(body.message, check_params_cb=lambda text: text.startswith("Saved")):
        qtbot.keyClick(
            window.current_tab().url_bar.url,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert target.read_bytes() == b"\x00body bytes\xff"
