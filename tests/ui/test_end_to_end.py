"""End to end through the widgets: type, send, read what the window shows, check what the server got."""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import threading
from collections.abc import Iterator
from http import HTTPStatus

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QWidget,
)
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import free_port, send
from werkzeug import Request, Response

from workbench.engine.errors import HINTS
from workbench.ui.main_window import MainWindow
from workbench.ui.table_models import RowTableModel


def _type_row(model: RowTableModel, name: str, value: str) -> None:
    """Type a row into the always-empty last row, as a person does: name first, then value."""
    row = model.real_count()
    assert model.setData(model.index(row, 1), name)
    assert model.setData(model.index(row, 2), value)


def _headers_shown(window: MainWindow) -> list[tuple[str, str]]:
    view = window.findChild(QTableView, "responseHeadersView")
    model = view.model()
    rows = range(model.rowCount())
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in rows]


def test_get_with_typed_url_and_params(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request(
        "/users", query_string={"page": "2", "q": "hello world"}
    ).respond_with_json({"users": ["ada", "alan"]}, headers={"X-Total": "2"})
    url_edit = window.findChild(QLineEdit, "urlEdit")
    qtbot.keyClicks(url_edit, httpserver.url_for("/users"))
    params = window.findChild(QTableView, "paramsTable").model()
    _type_row(params, "page", "2")
    _type_row(params, "q", "hello world")
    assert url_edit.text() == httpserver.url_for("/users") + "?page=2&q=hello%20world"

    exchange = send(qtbot, window.current_tab())

    assert exchange.ok
    status = window.findChild(QLabel, "statusLabel").text()
    assert "200" in status
    assert "OK" in status
    assert ("X-Total", "2") in _headers_shown(window)
    assert window.findChild(QLabel, "finalUrlLabel").text() == url_edit.text()
    assert not window.findChild(QLabel, "finalUrlLabel").isVisible()
    body = window.findChild(QPlainTextEdit, "responseBodyView").toPlainText()
    assert json.loads(body) == {"users": ["ada", "alan"]}
    assert '\n  "users": [' in body  # pretty-printed
    httpserver.check_assertions()


def test_pasting_a_url_with_a_query_fills_the_params_table(
    window: MainWindow, qtbot: QtBot
) -> None:
    url_edit = window.findChild(QLineEdit, "urlEdit")
    QApplication.clipboard().setText("http://127.0.0.1:9/search?q=a%2Bb&flag&lang=en")
    url_edit.setFocus()
    qtbot.keyClick(url_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = window.current_tab().editor.params_model.rows()
    assert [(r.name, r.value) for r in rows] == [("q", "a+b"), ("flag", ""), ("lang", "en")]


def test_unchecking_a_param_removes_it_from_the_url_and_keeps_the_row(window: MainWindow) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText("http://127.0.0.1:9/s?a=1&b=2")
    model = tab.editor.params_model
    model.setData(model.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert tab.url_bar.url.text() == "http://127.0.0.1:9/s?b=2"
    tab.url_bar.url.setText("http://127.0.0.1:9/s?b=3")
    assert [(r.name, r.value, r.enabled) for r in model.rows()] == [
        ("a", "1", False),
        ("b", "3", True),
    ]


def test_form_post_from_the_form_table(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    received: list[Request] = []

    def handler(request: Request) -> Response:
        received.append(request)
        return Response("created", status=201)

    httpserver.expect_request("/form", method="POST").respond_with_handler(handler)
    tab = window.current_tab()
    tab.url_bar.method.setCurrentText("POST")
    tab.editor.body.set_kind("form")
    _type_row(tab.editor.body.form_model, "name", "Ada Lovelace")
    _type_row(tab.editor.body.form_model, "lang", "en&fr")

    exchange = send(qtbot, tab, httpserver.url_for("/form"))

    assert exchange.response is not None
    assert exchange.response.status == 201
    (request,) = received
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.form.to_dict() == {"name": "Ada Lovelace", "lang": "en&fr"}
    assert "201" in window.findChild(QLabel, "statusLabel").text()


def test_custom_headers_are_sent_and_disabled_ones_are_not(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/h").respond_with_data("ok")
    tab = window.current_tab()
    model = window.findChild(QTableView, "headersTable").model()
    _type_row(model, "X-Trace", "abc-123")
    _type_row(model, "User-Agent", "workbench-test/1")
    _type_row(model, "X-Off", "never")
    model.setData(model.index(2, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)

    send(qtbot, tab, httpserver.url_for("/h"))

    request, _ = httpserver.log[0]
    assert request.headers["X-Trace"] == "abc-123"
    assert request.headers["User-Agent"] == "workbench-test/1"
    assert "X-Off" not in request.headers
    added = tab.editor.headers.added
    user_agent = next(
        added.row(i) for i in range(added.rowCount()) if added.row(i).name == "User-Agent"
    )
    assert user_agent.overridden


def test_404_shows_the_error_page_and_the_meaning(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    page = "<html><body><h1>No such thing</h1><img src='http://127.0.0.1:9/x.png'></body></html>"
    httpserver.expect_request("/missing").respond_with_data(
        page, status=404, content_type="text/html"
    )

    exchange = send(qtbot, window.current_tab(), httpserver.url_for("/missing"))

    assert exchange.error is None
    assert exchange.response is not None
    assert "404" in window.findChild(QLabel, "statusLabel").text()
    assert window.findChild(QLabel, "meaningLabel").text() == HTTPStatus(404).description
    assert "No such thing" in window.findChild(QPlainTextEdit, "responseBodyView").toPlainText()
    assert not window.findChild(QWidget, "errorView").isVisible()
    body = window.current_tab().response.body
    body.set_mode("rendered")
    rendered = window.findChild(QTextBrowser, "renderedView")
    assert "No such thing" in rendered.toPlainText()
    assert len(httpserver.log) == 1  # the rendered page fetched nothing


def test_a_large_html_page_is_rendered_only_when_asked(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    rows = "".join(f"<tr><td>{i}</td><td>row {i}</td></tr>" for i in range(3000))
    page = f"<html><body><h1>Broken</h1><table>{rows}</table></body></html>"
    httpserver.expect_request("/big").respond_with_data(page, status=500, content_type="text/html")
    send(qtbot, window.current_tab(), httpserver.url_for("/big"))
    body = window.current_tab().response.body
    body.set_mode("rendered")
    rendered = window.findChild(QTextBrowser, "renderedView")
    button = window.findChild(QPushButton, "renderAnywayButton")
    assert rendered.toPlainText() == ""  # not laid out on the GUI thread unasked
    assert button.isVisible()
    assert "hold up the window" in window.findChild(QLabel, "bodyNote").text()
    button.click()
    assert "row 2999" in rendered.toPlainText()
    assert not button.isVisible()


def test_redirect_chain_appears_hop_by_hop(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=301, headers={"Location": "/c"})
    httpserver.expect_request("/c").respond_with_data("arrived", content_type="text/plain")

    exchange = send(qtbot, window.current_tab(), httpserver.url_for("/a"))

    assert len(exchange.hops) == 3
    timeline = window.findChild(QTextBrowser, "timelineView").toPlainText()
    for number, line in ((1, "GET /a HTTP/1.1"), (2, "GET /b HTTP/1.1"), (3, "GET /c HTTP/1.1")):
        assert f"Hop {number}" in timeline
        assert line in timeline
    assert "302" in timeline
    assert "301" in timeline
    final = window.findChild(QLabel, "finalUrlLabel")
    assert final.isVisible()
    assert final.text().endswith(httpserver.url_for("/c"))


def test_basic_challenge_and_retry_are_two_hops_with_the_credentials_masked(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    secret = base64.b64encode(b"ada:s3cret").decode()

    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") != f"Basic {secret}":
            return Response("who?", status=401, headers={"WWW-Authenticate": 'Basic realm="wb"'})
        return Response("welcome")

    httpserver.expect_request("/private").respond_with_handler(handler)
    auth = window.current_tab().editor.auth
    auth.kind.setCurrentIndex(auth.kind.findData("basic"))
    auth.username.setText("ada")
    auth.password.setText("s3cret")

    exchange = send(qtbot, window.current_tab(), httpserver.url_for("/private"))

    assert [hop.response.status for hop in exchange.hops if hop.response] == [401, 200]
    timeline = window.findChild(QTextBrowser, "timelineView")
    assert "Hop 2" in timeline.toPlainText()
    assert "Authorization: Basic ***" in timeline.toPlainText()
    assert secret not in timeline.toPlainText()
    window.current_tab().response.timeline.reveal.setChecked(True)
    assert f"Authorization: Basic {secret}" in timeline.toPlainText()
    assert "welcome" in window.findChild(QPlainTextEdit, "responseBodyView").toPlainText()


def test_connection_refused_shows_the_error_panel(window: MainWindow, qtbot: QtBot) -> None:
    exchange = send(qtbot, window.current_tab(), f"http://127.0.0.1:{free_port()}/x")

    assert exchange.error is not None
    assert exchange.error.kind == "connection-refused"
    panel = window.findChild(QWidget, "errorView")
    assert panel.isVisible()
    assert "refused the connection" in panel.text()
    assert HINTS["connection-refused"] in panel.text()
    assert "Connection refused" in window.findChild(QLabel, "statusLabel").text()


@pytest.fixture
def slow_server(httpserver: HTTPServer) -> Iterator[tuple[HTTPServer, threading.Event]]:
    """/slow sends a first chunk, then waits until the test releases it (or 30 s)."""
    release = threading.Event()

    def chunks() -> Iterator[bytes]:
        yield b"first part;"
        release.wait(30)
        yield b"second part"

    httpserver.expect_request("/slow").respond_with_handler(
        lambda request: Response(chunks(), content_type="text/plain")
    )
    yield httpserver, release
    release.set()


def test_cancel_during_a_slow_response_shows_what_arrived(
    window: MainWindow, qtbot: QtBot, slow_server: tuple[HTTPServer, threading.Event]
) -> None:
    server, _ = slow_server
    tab = window.current_tab()
    tab.url_bar.url.setText(server.url_for("/slow"))
    progress = window.findChild(QWidget, "progressBar")
    qtbot.mouseClick(window.findChild(QPushButton, "sendButton"), Qt.MouseButton.LeftButton)
    cancel = window.findChild(QPushButton, "cancelButton")
    assert cancel.isVisible()
    assert not window.findChild(QPushButton, "sendButton").isVisible()
    qtbot.waitUntil(
        lambda: "Receiving" in window.findChild(QLabel, "statusLabel").text(), timeout=10_000
    )
    assert progress.isVisible()
    # The 11 bytes came right after the first (throttled) progress signal: the display catches up.
    qtbot.waitUntil(lambda: window.findChild(QLabel, "sizeLabel").text() == "11 B", timeout=5_000)

    with qtbot.waitSignal(tab.exchange_shown, timeout=5_000) as blocker:
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    exchange = blocker.args[0]
    assert exchange.error is not None
    assert exchange.error.kind == "cancelled"
    assert "cancelled" in window.findChild(QLabel, "statusLabel").text()
    assert "first part;" in window.findChild(QPlainTextEdit, "responseBodyView").toPlainText()
    assert window.findChild(QPushButton, "sendButton").isVisible()
    assert not progress.isVisible()


def test_escape_cancels_and_a_second_tab_sends_meanwhile(
    window: MainWindow, qtbot: QtBot, slow_server: tuple[HTTPServer, threading.Event]
) -> None:
    server, _ = slow_server
    slow_tab = window.current_tab()
    slow_tab.url_bar.url.setText(server.url_for("/slow"))
    assert slow_tab.send()
    qtbot.waitUntil(lambda: "Receiving" in slow_tab.response.status.status.text(), timeout=10_000)
    window.new_tab()
    fast_tab = window.current_tab()
    exchange = send(qtbot, fast_tab, "data:,fast")  # answers while the other tab still runs
    assert exchange.ok
    assert slow_tab.is_running()
    window.tabs.setCurrentWidget(slow_tab)
    with qtbot.waitSignal(slow_tab.exchange_shown, timeout=5_000) as blocker:
        qtbot.keyClick(slow_tab.url_bar.url, Qt.Key.Key_Escape)
    assert blocker.args[0].error.kind == "cancelled"


def test_gui_thread_keeps_beating_during_a_large_download(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    chunk = bytes(range(256)) * 1024
    count = 128  # 32 MiB

    httpserver.expect_request("/big").respond_with_handler(
        lambda request: Response(
            (chunk for _ in range(count)),
            content_type="application/octet-stream",
            headers={"Content-Length": str(len(chunk) * count)},
        )
    )
    beats: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    heart = QTimer(window)
    heart.setInterval(10)
    heart.timeout.connect(
        lambda: beats.append(clock.elapsed())
    )  # GUI-thread timer, not a job signal
    heart.start()
    exchange = send(qtbot, window.current_tab(), httpserver.url_for("/big"))
    heart.stop()

    assert exchange.ok
    assert exchange.body.size == len(chunk) * count
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert gaps
    assert max(gaps) < 500
    info = window.current_tab().response.body.info
    qtbot.waitUntil(lambda: info.text() == "Showing 64.0 KiB of 32.0 MiB", timeout=10_000)


def test_decoded_size_is_shown_for_compressed_bodies(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    text = b"hello " * 2000
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(text), content_type="text/plain", headers={"Content-Encoding": "gzip"}
    )
    send(qtbot, window.current_tab(), httpserver.url_for("/gz"))
    size = window.findChild(QLabel, "sizeLabel").text()
    assert "decoded" in size
    assert "11.7 KiB" in size
    assert window.findChild(QPlainTextEdit, "responseBodyView").toPlainText() == text.decode()


def test_invalid_url_shows_a_message_at_the_field_and_sends_nothing(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    url_edit = window.findChild(QLineEdit, "urlEdit")
    qtbot.keyClicks(url_edit, "http://exa mple.com/")
    qtbot.keyClick(url_edit, Qt.Key.Key_Return)
    error = window.findChild(QLabel, "urlError")
    assert error.isVisible()
    assert "space" in error.text()
    assert url_edit.toolTip() == error.text()
    assert url_edit.property("invalid") is True
    assert not window.current_tab().is_running()
    assert not window.findChild(QPushButton, "cancelButton").isVisible()
    assert httpserver.log == []
    assert url_edit.text() == "http://exa mple.com/"  # nothing typed is lost
    qtbot.keyClick(url_edit, Qt.Key.Key_Backspace)
    assert not error.isVisible()


def test_custom_method_token_is_sent(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/m", method="PURGE").respond_with_data("purged")
    combo = window.findChild(QComboBox, "methodCombo")
    combo.setCurrentText("")
    qtbot.keyClicks(combo.lineEdit(), "PURGE")
    exchange = send(qtbot, window.current_tab(), httpserver.url_for("/m"))
    assert exchange.method == "PURGE"
    httpserver.check_assertions()
