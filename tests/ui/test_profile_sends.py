"""Sends that use saved profiles: what the server got, the hop notes in the timeline, masking."""

from __future__ import annotations

import pytest
from profile_fixtures import (
    MemoryKeyring,
    files_containing,
    memory_keyring_fixture,  # noqa: F401  (fixture)
    open_dialog,
    pick,
    save,
    type_in,
)
from profile_tab_fixtures import (
    PASSWORD,
    PROXY_PASSWORD,
    basic,
    combo,
    playground_fixture,  # noqa: F401  (fixture)
    profiles_fixture,  # noqa: F401  (fixture)
    reload,
    serve_staging_challenge,
    tab_fixture,  # noqa: F401  (fixture)
    timeline_text,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView, QTextBrowser, QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import send
from werkzeug import Request, Response

from workbench.engine.spec import Proxy
from workbench.playground import Playground
from workbench.store.profiles import ProfileStore
from workbench.ui.main_window import MainWindow
from workbench.ui.request_tab import RequestTab


def test_send_with_a_basic_profile_answers_the_challenge(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    seen = serve_staging_challenge(httpserver)
    pick(combo(tab, "auth"), "Staging Basic")
    exchange = send(qtbot, tab, httpserver.url_for("/secure"))
    assert exchange.response is not None
    assert exchange.response.status == 200
    assert seen == [None, basic("alice", PASSWORD)]  # challenge, then retry
    text = timeline_text(window)
    assert 'Server asks for Basic (realm "Staging").' in text
    assert "Retry with Basic credentials of user 'alice'" in text
    assert "Authorization: Basic ***" in text
    assert basic("alice", PASSWORD) not in text
    reveal = window.findChild(QWidget, "revealSecretsCheck")
    reveal.setChecked(True)
    assert basic("alice", PASSWORD) in timeline_text(window)


def test_a_wrong_password_gets_a_plain_verdict(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") == basic("alice", PASSWORD):
            return Response("welcome", 200)
        return Response("who?", 401, headers={"WWW-Authenticate": 'Basic realm="Staging"'})

    httpserver.expect_request("/secure").respond_with_handler(handler)
    pick(combo(tab, "auth"), "Wrong Basic")
    exchange = send(qtbot, tab, httpserver.url_for("/secure"))
    assert exchange.response is not None
    assert exchange.response.status == 401
    assert len(httpserver.log) == 2  # asked once, retried once, then gave up
    assert "The server rejected the credentials of user 'alice'" in timeline_text(window)


@pytest.mark.parametrize(
    ("challenge", "note"),
    [
        (
            'Digest realm="Staging", nonce="n1"',
            "Challenge scheme Digest but this request is set up for Basic.",
        ),
        ('Basic realm="Elsewhere"', 'No saved credentials match realm "Elsewhere" at http://'),
    ],
)
def test_challenges_the_profile_cannot_answer_are_explained(
    tab: RequestTab,
    window: MainWindow,
    qtbot: QtBot,
    httpserver: HTTPServer,
    challenge: str,
    note: str,
) -> None:
    httpserver.expect_request("/secure").respond_with_data(
        "who?", 401, headers={"WWW-Authenticate": challenge}
    )
    pick(combo(tab, "auth"), "Staging Basic")  # realm "Staging", Basic
    exchange = send(qtbot, tab, httpserver.url_for("/secure"))
    assert exchange.response is not None
    assert exchange.response.status == 401
    assert len(httpserver.log) == 1  # nothing to retry with
    assert note in timeline_text(window)


def test_the_inline_settings_are_not_checked_while_a_profile_is_chosen(
    tab: RequestTab, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request(
        "/t", headers={"Authorization": "Bearer tok-Secret-1"}
    ).respond_with_data("ok")
    tab.editor.auth.kind.setCurrentIndex(tab.editor.auth.kind.findData("basic"))  # no user name
    pick(combo(tab, "auth"), "Token")
    exchange = send(qtbot, tab, httpserver.url_for("/t"))
    assert exchange.response is not None
    assert exchange.response.status == 200


@pytest.mark.parametrize(("password", "status"), [(PROXY_PASSWORD, 200), ("wrong", 407)])
def test_send_through_a_proxy_profile(
    window: MainWindow,
    qtbot: QtBot,
    profiles: ProfileStore,
    playground: Playground,
    password: str,
    status: int,
) -> None:
    assert playground.proxy_url is not None
    proxy = Proxy("manual", url=playground.proxy_url, username="u", password=password)
    profiles.save_proxy("Loopback proxy", proxy)
    reload(window, qtbot)
    tab = window.current_tab()
    pick(combo(tab, "proxy"), "Loopback proxy")
    exchange = send(qtbot, tab, playground.url + "/get")
    assert exchange.response is not None
    assert exchange.response.status == status
    assert playground.proxy_log, "the request went through the proxy"
    text = timeline_text(window)
    port = playground.proxy_url.rsplit(":", 1)[1]
    assert f"Through proxy 127.0.0.1:{port}" in text
    assert "Proxy-Authorization: Basic ***" in text or "Proxy-authorization: Basic ***" in text
    assert basic("u", password) not in text


def test_a_missing_profile_stops_the_send_and_says_what_to_do(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/never").respond_with_data("no")
    tab.editor.auth.set_profile("Gone")
    assert combo(tab, "auth").currentText() == "Gone (missing)"
    exchange = send(qtbot, tab, httpserver.url_for("/never"))
    assert exchange.error is not None
    assert exchange.error.kind == "invalid-request"
    assert httpserver.log == []
    panel = window.findChild(QWidget, "errorView")
    assert "no saved auth profile named 'Gone'" in panel.text()
    assert "Inline settings" in panel.text()


def test_a_missing_secret_stops_the_send_and_says_what_to_do(
    tab: RequestTab,
    window: MainWindow,
    qtbot: QtBot,
    httpserver: HTTPServer,
    memory_keyring: MemoryKeyring,
) -> None:
    httpserver.expect_request("/never").respond_with_data("no")
    memory_keyring.values.clear()
    pick(combo(tab, "auth"), "Token")
    exchange = send(qtbot, tab, httpserver.url_for("/never"))
    assert exchange.error is not None
    assert httpserver.log == []
    text = window.findChild(QWidget, "errorView").text()
    assert "token of profile 'Token' is missing" in text
    assert "enter it again" in text


def test_a_locked_keyring_at_send_time_is_an_error_not_a_crash(
    tab: RequestTab,
    window: MainWindow,
    qtbot: QtBot,
    httpserver: HTTPServer,
    memory_keyring: MemoryKeyring,
) -> None:
    httpserver.expect_request("/never").respond_with_data("no")
    memory_keyring.failing = True
    pick(combo(tab, "auth"), "Token")
    send(qtbot, tab, httpserver.url_for("/never"))
    assert httpserver.log == []
    assert "unlock the keyring" in window.findChild(QWidget, "errorView").text()


def test_no_file_the_app_writes_holds_a_secret(
    window: MainWindow,
    qtbot: QtBot,
    memory_keyring: MemoryKeyring,
    httpserver: HTTPServer,
    workbench_home: object,
) -> None:
    from pathlib import Path

    httpserver.expect_request("/t").respond_with_data("ok")
    dialog = open_dialog(window, qtbot)
    dialog.add_auth_action.trigger()
    form = dialog.forms["auth"]
    type_in(qtbot, form.name, "Token")
    pick(form.kind, "bearer")  # type: ignore[attr-defined]
    type_in(qtbot, form.token, "tok-Unique-991")  # type: ignore[attr-defined]
    save(qtbot, dialog)
    dialog.add_proxy_action.trigger()
    pform = dialog.forms["proxy"]
    type_in(qtbot, pform.name, "Proxy")
    type_in(qtbot, pform.url, "http://127.0.0.1:9")  # type: ignore[attr-defined]
    type_in(qtbot, pform.username, "u")  # type: ignore[attr-defined]
    type_in(qtbot, pform.password, "proxy-Unique-773")  # type: ignore[attr-defined]
    save(qtbot, dialog)
    tab = window.current_tab()
    pick(combo(tab, "auth"), "Token")
    send(qtbot, tab, httpserver.url_for("/t"))
    window.close()
    home = Path(str(workbench_home))
    written = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "profiles.json" for p in written)
    assert any(p.name == "window.json" for p in written)
    for secret in ("tok-Unique-991", "proxy-Unique-773"):
        assert files_containing(home, secret) == []
        assert secret in memory_keyring.values.values()


def click_text(qtbot: QtBot, browser: QTextBrowser, text: str, occurrence: int = 0) -> None:
    """Click on the `occurrence`-th place where `text` is drawn in the browser."""
    cursor = browser.document().find(text)
    for _ in range(occurrence):
        cursor = browser.document().find(text, cursor)
    assert not cursor.isNull(), f"{text!r} is not shown"
    rect = browser.cursorRect(cursor)
    qtbot.mouseClick(
        browser.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() - QPoint(4, 0)
    )


def test_secret_headers_in_the_timeline_are_revealed_one_at_a_time(
    window: MainWindow,
    qtbot: QtBot,
    profiles: ProfileStore,
    playground: Playground,
) -> None:
    assert playground.proxy_url is not None
    profiles.save_proxy(
        "Loopback proxy", Proxy("manual", url=playground.proxy_url, username="u", password="p")
    )
    reload(window, qtbot)
    tab = window.current_tab()
    pick(combo(tab, "auth"), "Token")
    pick(combo(tab, "proxy"), "Loopback proxy")
    exchange = send(qtbot, tab, playground.url + "/get")
    assert exchange.response is not None
    assert exchange.response.status == 200
    browser = window.findChild(QTextBrowser, "timelineView")
    text = timeline_text(window)
    assert "Authorization: Bearer ***" in text
    assert "tok-Secret-1" not in text
    assert basic("u", "p") not in text
    tab.response.tabs.setCurrentWidget(tab.response.timeline)
    click_text(qtbot, browser, "***", 0)
    text = timeline_text(window)
    assert "Bearer tok-Secret-1" in text  # this one value, shown
    assert basic("u", "p") not in text  # the other still masked
    click_text(qtbot, browser, "tok-Secret-1")
    assert "tok-Secret-1" not in timeline_text(window)  # and hidden again


def test_secret_response_headers_are_masked_with_a_reveal_per_row(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/echo").respond_with_data(
        "ok", headers={"Authorization": "Bearer echoed-Secret", "X-Plain": "visible"}
    )
    tab = window.current_tab()
    send(qtbot, tab, httpserver.url_for("/echo"))
    view = window.findChild(QTableView, "responseHeadersView")
    model = view.model()
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    secret = model.index(rows["Authorization"], 1)
    assert secret.data() == "Bearer ***"
    assert model.index(rows["X-Plain"], 1).data() == "visible"
    assert "echoed-Secret" not in view.text_of(list(rows.values()))  # copying keeps it hidden
    view.doubleClicked.emit(secret)
    assert secret.data() == "Bearer echoed-Secret"
    view.doubleClicked.emit(secret)
    assert secret.data() == "Bearer ***"
    assert "echoed-Secret" not in timeline_text(window)
