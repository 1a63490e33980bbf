"""Every field a person types into, given wrong values: a clear message at the field, nothing sent, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from workbench.ui.main_window import MainWindow
from workbench.ui.request_tab import RequestTab

OPTIONS_TAB, BODY_TAB, HEADERS_TAB, PROXY_TAB, AUTH_TAB = 5, 2, 1, 4, 3


@pytest.fixture
def tab(window: MainWindow, httpserver: HTTPServer) -> RequestTab:
    """The current tab, aimed at a server that must never be reached."""
    httpserver.expect_request("/never").respond_with_data("should not be sent")
    current = window.current_tab()
    current.url_bar.url.setText(httpserver.url_for("/never"))
    return current


def refused(tab: RequestTab, httpserver: HTTPServer) -> bool:
    """Send was refused: no job started, nothing reached the server."""
    return not tab.send() and not tab.is_running() and httpserver.log == []


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("abc", "not a number of seconds"),
        ("0", "positive number"),
        ("-5", "positive number"),
        ("inf", "positive number"),
    ],
)
def test_timeout(
    tab: RequestTab, qtbot: QtBot, httpserver: HTTPServer, typed: str, words: str
) -> None:
    edit = tab.editor.options.timeout
    edit.clear()
    qtbot.keyClicks(edit, typed)
    mark = tab.editor.options.marks["timeout"]
    assert words in mark.message  # shown while typing
    assert refused(tab, httpserver)
    assert words in edit.toolTip()
    assert edit.property("invalid") is True
    assert tab.editor.currentIndex() == OPTIONS_TAB
    assert edit.text() == typed


def test_deadline(tab: RequestTab, qtbot: QtBot, httpserver: HTTPServer) -> None:
    qtbot.keyClicks(tab.editor.options.total, "soon")
    assert refused(tab, httpserver)
    assert "not a number" in tab.editor.options.marks["total_timeout"].message


def test_timeout_empty_means_no_limit(tab: RequestTab) -> None:
    tab.editor.options.timeout.setText("")
    assert tab.form.spec().options.timeout is None


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("ten", "not a whole number"),
        ("101", "between 0 and 100"),
        ("-1", "between 0 and 100"),
        ("2.5", "whole"),
    ],
)
def test_max_redirects(
    tab: RequestTab, qtbot: QtBot, httpserver: HTTPServer, typed: str, words: str
) -> None:
    edit = tab.editor.options.max_redirects
    edit.clear()
    qtbot.keyClicks(edit, typed)
    assert refused(tab, httpserver)
    assert words in tab.editor.options.marks["max_redirects"].message
    assert edit.text() == typed
    edit.setText("3")
    qtbot.keyClicks(edit, "0")  # a live edit clears the mark when the value is right again
    assert tab.editor.options.marks["max_redirects"].message == ""


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("Bad Name", "v", "contains a space"),
        ("a:b", "v", "contains ':'"),
        ("", "orphan value", "has a value but no name"),
        ("X-Fine", "line\nbreak", "line feed"),
        ("X-Fine", "€uro", "Latin-1"),
    ],
)
def test_header_name_and_value(
    tab: RequestTab, httpserver: HTTPServer, name: str, value: str, words: str
) -> None:
    model = tab.editor.headers.model
    row = model.real_count()
    model.setData(model.index(row, 2), value)
    model.setData(model.index(row, 1), name)
    column = 2 if "value of header" in words or words in ("line feed", "Latin-1") else 1
    assert words in model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, column).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert refused(tab, httpserver)
    assert words in tab.editor.headers.mark.message
    assert tab.editor.currentIndex() == HEADERS_TAB
    assert [(r.name, r.value) for r in model.rows()] == [(name, value)]


def test_disabled_bad_header_does_not_block(tab: RequestTab) -> None:
    model = tab.editor.headers.model
    model.setData(model.index(0, 1), "Bad Name")
    model.setData(model.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert tab.form.spec().headers[0].enabled is False


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "The URL is empty"),
        ("example.com/x", "has no scheme"),
        ("ftp://127.0.0.1/file", "ftp: is not supported"),
        ("http://127.0.0.1:99999/", "out of range"),
        ("http://exa mple.com/", "contains a space"),
        ("http:///path", "has no host"),
    ],
)
def test_url(tab: RequestTab, qtbot: QtBot, httpserver: HTTPServer, typed: str, words: str) -> None:
    url = tab.url_bar.url
    url.clear()
    qtbot.keyClicks(url, typed)
    assert refused(tab, httpserver)
    assert words in tab.url_bar.url_mark.message
    assert url.hasFocus() or not url.isVisible()
    assert url.text() == typed


@pytest.mark.parametrize(
    ("typed", "words"), [("GE T", "a space"), ("", "The method is empty"), ("GET/1", "'/'")]
)
def test_method(
    tab: RequestTab, qtbot: QtBot, httpserver: HTTPServer, typed: str, words: str
) -> None:
    combo = tab.url_bar.method
    combo.setCurrentText("")
    qtbot.keyClicks(combo.lineEdit(), typed)
    assert refused(tab, httpserver)
    assert words in tab.url_bar.method_mark.message
    assert combo.currentText() == typed


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_ca_file(tab: RequestTab, httpserver: HTTPServer, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "nowhere.pem" if kind == "missing" else tmp_path
    tab.editor.options.ca_file.set_path(str(path))
    assert refused(tab, httpserver)
    message = tab.editor.options.ca_file.mark.message
    assert ("does not exist" if kind == "missing" else "is a folder") in message
    assert str(path) in message
    assert tab.editor.currentIndex() == OPTIONS_TAB
    field = tab.window().findChild(QLineEdit, "caFileEdit")
    assert field is not None
    assert field.text() == str(path)


def test_body_file_and_multipart_file(
    tab: RequestTab, httpserver: HTTPServer, tmp_path: Path
) -> None:
    body = tab.editor.body
    body.set_kind("file")
    body.file.set_path(str(tmp_path / "gone.bin"))
    assert refused(tab, httpserver)
    assert "does not exist" in body.file.mark.message
    assert tab.editor.currentIndex() == BODY_TAB
    body.set_kind("multipart")
    model = body.part_model
    model.setData(model.index(0, 1), "upload")
    model.setData(model.index(0, 2), str(tmp_path / "gone.txt"))
    model.setData(model.index(0, 3), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert refused(tab, httpserver)
    assert "multipart field 'upload'" in body.mark.message


def test_raw_content_type_other(tab: RequestTab, httpserver: HTTPServer) -> None:
    body = tab.editor.body
    body.set_kind("raw")
    body.raw_type.setCurrentText("Other")
    body.raw_other.setText("text/plain\r\nX-Injected: 1")
    assert refused(tab, httpserver)
    assert "carriage return" in body.mark.message


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "needs a proxy URL"),
        ("proxy.example:3128", "needs a scheme: http://proxy.example:3128"),
        ("ftp://p:21", "not supported"),
        ("http://u:pw@127.0.0.1:3128", "holds a password"),  # it has its own fields
    ],
)
def test_manual_proxy_url(tab: RequestTab, httpserver: HTTPServer, url: str, words: str) -> None:
    proxy = tab.editor.proxy
    proxy.set_mode("manual")
    proxy.url.setText(url)
    assert refused(tab, httpserver)
    assert words in proxy.mark.message
    assert tab.editor.currentIndex() == PROXY_TAB


@pytest.mark.parametrize(
    ("kind", "words"), [("basic", "needs a user name"), ("bearer", "needs a token")]
)
def test_auth_missing_values(
    tab: RequestTab, httpserver: HTTPServer, kind: str, words: str
) -> None:
    auth = tab.editor.auth
    auth.kind.setCurrentIndex(auth.kind.findData(kind))
    assert refused(tab, httpserver)
    assert words in auth.mark.message
    assert tab.editor.currentIndex() == AUTH_TAB


@pytest.mark.parametrize(
    ("kind", "field", "value", "words"),
    [
        ("digest", "username", "", "needs a user name"),
        ("apikey", "key_name", "", "needs the key's name"),
        ("apikey", "key_name", "X Api Key", "contains a space"),
        ("bearer", "token", "abc\r\nX-Injected: 1", "carriage return"),
    ],
)
def test_auth_wrong_values(
    tab: RequestTab, httpserver: HTTPServer, kind: str, field: str, value: str, words: str
) -> None:
    auth = tab.editor.auth
    auth.kind.setCurrentIndex(auth.kind.findData(kind))
    getattr(auth, field).setText(value)
    assert refused(tab, httpserver)
    assert words in auth.mark.message
    assert getattr(auth, field).text() == value.strip()  # nothing typed is lost
    assert tab.editor.currentIndex() == AUTH_TAB


def test_auth_with_variables_is_checked_once_resolved(tab: RequestTab) -> None:
    auth = tab.editor.auth
    auth.kind.setCurrentIndex(auth.kind.findData("apikey"))
    auth.key_name.setText("{{key_header}}")  # braces are not header characters; the value will be
    tab.url_bar.url.setText("http://127.0.0.1:1/")
    assert tab.form.spec().auth.key_name == "{{key_header}}"
    assert not auth.mark.message
