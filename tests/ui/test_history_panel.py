"""The History panel: sends recorded off the GUI thread, search, paging, reopen, delete, clear, HAR."""

from __future__ import annotations

import importlib.util
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import send, stored_count

from workbench.engine import send as engine_send
from workbench.engine.spec import Body, Field, RequestSpec
from workbench.store import paths
from workbench.store.history import History
from workbench.ui import dialogs, history_panel
from workbench.ui.history_model import status_kind, status_text
from workbench.ui.history_panel import PAGE, HistoryPanel
from workbench.ui.main_window import MainWindow

WAIT = 10_000
SECRET = "hunter2-very-secret"


def panel_of(window: MainWindow, qtbot: QtBot) -> HistoryPanel:
    """The History panel, shown and loaded."""
    window.action_map["history"].trigger()
    panel = window.history_ui.panel
    assert window.sidebar.panel("historyPanel") is panel
    assert panel.isVisible()
    panel.refresh()  # entries written behind the window's back (as the CLI does) show up
    settle(qtbot, panel)
    return panel


def settle(qtbot: QtBot, panel: HistoryPanel) -> None:
    """Wait until no history job is running."""
    qtbot.waitUntil(lambda: not panel.service.jobs, timeout=WAIT)


def rows(panel: HistoryPanel) -> list[str]:
    model = panel.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def record_sends(httpserver: HTTPServer, *specs: RequestSpec) -> None:
    """Real sends recorded before the window opens (as earlier sessions or the CLI leave them)."""
    history = History()
    try:
        for spec in specs:
            exchange = engine_send(spec)
            history.record(spec, exchange, source="send")
            exchange.body.close()
    finally:
        history.close()


def fake_entries(count: int) -> None:
    """Rows written straight into the tables, as many sends would leave them (fast)."""
    history = History()
    conn = history._db.connection()
    conn.execute("BEGIN")
    for i in range(count):
        url = f"http://api.test/items/{i}"
        cur = conn.execute(
            "INSERT INTO entry (started_at, method, url, status, final_url) VALUES (?, ?, ?, ?, ?)",
            (1000.0 + i, "GET", url, 200, url),
        )
        conn.execute(
            "INSERT INTO entry_search (id, text) VALUES (?, ?)", (cur.lastrowid, f"get 200 {url}")
        )
        conn.execute(
            "INSERT INTO entry_data (id, spec, exchange) VALUES (?, ?, ?)",
            (cur.lastrowid, json.dumps({"url": url}), "{}"),
        )
    conn.execute("COMMIT")
    history.close()


def test_a_send_is_recorded_off_the_gui_thread_and_appears_on_top(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/first").respond_with_data("one")
    httpserver.expect_request("/second").respond_with_data("missing", status=404)
    threads: list[threading.Thread] = []
    real_record = History.record

    def spy(self: History, *args: Any, **kwargs: Any) -> int | None:
        threads.append(threading.current_thread())
        return real_record(self, *args, **kwargs)

    monkeypatch.setattr(History, "record", spy)
    panel = panel_of(window, qtbot)
    assert rows(panel) == []
    assert "Nothing sent yet" in panel.note.text()
    send(qtbot, window.current_tab(), httpserver.url_for("/first"))
    qtbot.waitUntil(lambda: len(rows(panel)) == 1, timeout=WAIT)
    send(qtbot, window.current_tab(), httpserver.url_for("/second"))
    qtbot.waitUntil(lambda: len(rows(panel)) == 2, timeout=WAIT)

    assert rows(panel)[0] == f"GET 404 {httpserver.url_for('/second')}"
    assert rows(panel)[1] == f"GET 200 {httpserver.url_for('/first')}"
    top = panel.model.entry(0)
    assert (status_text(top), status_kind(top)) == ("404", "client-error")
    assert threads
    assert all(t is not threading.main_thread() for t in threads)
    assert not panel.note.isVisible()
    settle(qtbot, panel)
    assert stored_count() == 2


def test_a_transport_error_is_recorded_with_its_kind(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    from uihelpers import free_port

    panel = panel_of(window, qtbot)
    url = f"http://127.0.0.1:{free_port()}/down"
    send(qtbot, window.current_tab(), url)
    qtbot.waitUntil(lambda: len(rows(panel)) == 1, timeout=WAIT)
    entry = panel.model.entry(0)
    assert (status_text(entry), status_kind(entry)) == ("connection-refused", "failed")
    assert rows(panel) == [f"GET connection-refused {url}"]


def test_search_filters_as_you_type_and_drops_stale_results(
    qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/alpha").respond_with_data("a")
    httpserver.expect_request("/beta").respond_with_data("b", status=500)
    alpha, beta = httpserver.url_for("/alpha"), httpserver.url_for("/beta")
    record_sends(
        httpserver,
        RequestSpec(alpha),
        RequestSpec(beta),
        RequestSpec(alpha, "POST", body=Body("raw", text="x")),
    )
    from workbench.app import create_window

    window = create_window()
    qtbot.addWidget(window)
    window.show()
    panel = panel_of(window, qtbot)
    assert rows(panel) == [f"POST 200 {alpha}", f"GET 500 {beta}", f"GET 200 {alpha}"]

    qtbot.keyClicks(panel.search, "alpha")  # one search per keystroke; only the last counts
    settle(qtbot, panel)
    assert rows(panel) == [f"POST 200 {alpha}", f"GET 200 {alpha}"]
    panel.search.setText("post ALPHA")
    settle(qtbot, panel)
    assert rows(panel) == [f"POST 200 {alpha}"]
    panel.search.setText("500")
    settle(qtbot, panel)
    assert rows(panel) == [f"GET 500 {beta}"]
    panel.search.setText("nothing-like-this")
    settle(qtbot, panel)
    assert rows(panel) == []
    assert panel.note.text() == "No entry matches every word."
    panel.search.clear()
    settle(qtbot, panel)
    assert len(rows(panel)) == 3


@pytest.mark.parametrize("text", ["%", "_", "'", '"', "\\", "a' OR 1=1 --", "   ", "é€"])
def test_odd_search_text_is_taken_literally(qtbot: QtBot, window: MainWindow, text: str) -> None:
    fake_entries(5)
    panel = panel_of(window, qtbot)
    panel.search.setText(text)
    settle(qtbot, panel)
    expected = 5 if not text.strip() else 0
    assert len(rows(panel)) == expected
    assert panel.note.isVisible() == (expected == 0)


def test_a_new_send_matching_the_search_appears_and_others_do_not(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/wanted").respond_with_data("w")
    httpserver.expect_request("/other").respond_with_data("o")
    panel = panel_of(window, qtbot)
    panel.search.setText("wanted")
    settle(qtbot, panel)
    send(qtbot, window.current_tab(), httpserver.url_for("/other"))
    settle(qtbot, panel)
    assert rows(panel) == []
    send(qtbot, window.current_tab(), httpserver.url_for("/wanted"))
    qtbot.waitUntil(lambda: len(rows(panel)) == 1, timeout=WAIT)
    panel.search.clear()
    settle(qtbot, panel)
    assert len(rows(panel)) == 2


def test_pages_load_as_the_list_scrolls(qtbot: QtBot, window: MainWindow) -> None:
    fake_entries(PAGE * 2 + 50)
    panel = panel_of(window, qtbot)
    assert len(rows(panel)) == PAGE
    assert rows(panel)[0] == f"GET 200 http://api.test/items/{PAGE * 2 + 49}"
    for expected in (PAGE * 2, PAGE * 2 + 50):
        panel.list.scrollToBottom()
        qtbot.waitUntil(lambda n=expected: len(rows(panel)) == n, timeout=WAIT)
    settle(qtbot, panel)
    assert not panel.model.canFetchMore()
    ids = [panel.model.entry(r).id for r in range(panel.model.rowCount())]
    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == len(ids)


def test_search_stays_quick_on_100_000_entries(qtbot: QtBot, window: MainWindow) -> None:
    fake_entries(100_000)
    panel = panel_of(window, qtbot)
    started = time.perf_counter()
    panel.search.setText("items/99999")
    settle(qtbot, panel)
    took = time.perf_counter() - started
    assert rows(panel) == ["GET 200 http://api.test/items/99999"]
    assert took < 5  # generous: the store's budget is 50 ms, the machine is shared


def test_reopen_fills_a_new_tab_and_sends_what_was_recorded(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/orders", method="PUT").respond_with_data("ok")
    tab = window.current_tab()
    tab.url_bar.method.setCurrentText("PUT")
    tab.url_bar.url.setText(httpserver.url_for("/orders") + "?id=7&fast")
    tab.editor.headers.model.set_rows([Field("X-Trace", "abc"), Field("Accept", "text/plain")])
    tab.editor.body.restore({"kind": "raw", "text": '{"qty": 2}', "raw_type": "JSON"})
    tab.editor.auth.restore({"kind": "basic", "username": "ann", "preemptive": True})
    tab.editor.auth.password.setText(SECRET)
    panel = panel_of(window, qtbot)
    send(qtbot, tab)
    qtbot.waitUntil(lambda: len(rows(panel)) == 1, timeout=WAIT)
    settle(qtbot, panel)
    assert SECRET not in Path(paths.history_db()).read_bytes().decode("latin-1")

    before = len(window.request_tabs())
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.request_tabs()) == before + 1, timeout=WAIT)
    reopened = window.current_tab()
    assert reopened is not tab
    assert reopened.url_bar.method_text() == "PUT"
    assert reopened.url_bar.url.text() == httpserver.url_for("/orders") + "?id=7&fast"
    assert reopened.editor.headers.model.rows() == [
        Field("X-Trace", "abc"),
        Field("Accept", "text/plain"),
    ]
    assert reopened.editor.body.text.toPlainText() == '{"qty": 2}'
    auth = reopened.editor.auth
    assert (auth.kind.currentData(), auth.username.text(), auth.password.text()) == (
        "basic",
        "ann",
        "",
    )
    assert "fill in the password" in auth.mark.message
    assert "Fill in the password" in window.statusBar().currentMessage()

    auth.password.setText(SECRET)
    send(qtbot, reopened)
    first, second = (request for request, _ in httpserver.log)
    for request in (first, second):
        assert request.method == "PUT"
        assert request.path == "/orders"
        assert request.query_string == b"id=7&fast"
        assert request.headers["X-Trace"] == "abc"
        assert request.get_data() == b'{"qty": 2}'
        assert request.headers["Content-Type"] == "application/json"
    assert first.headers["Authorization"] == second.headers["Authorization"]


def test_reopen_by_double_click_with_a_token_left_to_fill(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/me").respond_with_data("me")
    tab = window.current_tab()
    tab.editor.auth.restore({"kind": "bearer"})
    tab.editor.auth.token.setText(SECRET)
    panel = panel_of(window, qtbot)
    send(qtbot, tab, httpserver.url_for("/me"))
    qtbot.waitUntil(lambda: len(rows(panel)) == 1, timeout=WAIT)
    rect = panel.list.visualRect(panel.model.index(0, 0))
    # A real double click presses first: the view only acts on the item it saw pressed.
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_tab() is not tab, timeout=WAIT)
    auth = window.current_tab().editor.auth
    assert auth.kind.currentData() == "bearer"
    assert auth.token.text() == ""
    assert "bearer token" in auth.mark.message


def test_reopen_reattaches_the_profiles_the_send_used(qtbot: QtBot, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data("p")
    spec = RequestSpec(httpserver.url_for("/p"))
    exchange = engine_send(spec)
    history = History()
    history.record(spec, exchange, source="send", auth_profile="Work", proxy_profile="Office")
    history.close()
    exchange.body.close()
    from workbench.app import create_window

    window = create_window()
    qtbot.addWidget(window)
    window.show()
    panel = panel_of(window, qtbot)
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    panel.open_button.click()
    qtbot.waitUntil(lambda: len(window.request_tabs()) == 2, timeout=WAIT)
    editor = window.current_tab().editor
    assert (editor.auth.profile, editor.proxy.profile) == ("Work", "Office")
    message = window.statusBar().currentMessage()
    assert "the auth profile 'Work' and the proxy profile 'Office'" in message


def test_delete_the_selected_entries_with_the_delete_key(window: MainWindow, qtbot: QtBot) -> None:
    fake_entries(4)
    panel = panel_of(window, qtbot)
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.model.index(1, 0))
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(rows(panel)) == 3, timeout=WAIT)
    assert "http://api.test/items/2" not in " ".join(rows(panel))
    settle(qtbot, panel)
    assert stored_count() == 3
    assert "Deleted 1 entry" in window.statusBar().currentMessage()
    panel.search.setText("items/2")  # gone from the database, not just the list
    settle(qtbot, panel)
    assert rows(panel) == []


def test_the_list_context_menu_offers_open_har_and_delete(window: MainWindow) -> None:
    panel = window.history_ui.panel
    assert panel.list.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    actions = panel.list.actions()
    assert [a.text() for a in actions] == ["Open in a New Tab", "Save as HAR…", "Delete"]
    assert actions[2].shortcut().toString() == "Del"


def test_delete_with_nothing_selected_says_so(window: MainWindow, qtbot: QtBot) -> None:
    fake_entries(2)
    panel = panel_of(window, qtbot)
    panel.list.clearSelection()
    panel.delete_button.click()
    assert "Choose the entries to delete" in window.statusBar().currentMessage()
    settle(qtbot, panel)
    assert stored_count() == 2


def test_clear_all_asks_first(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_entries(6)
    panel = panel_of(window, qtbot)
    monkeypatch.setattr(history_panel, "confirm_clear", lambda parent: False)
    panel.clear_button.click()
    settle(qtbot, panel)
    assert len(rows(panel)) == 6
    assert stored_count() == 6
    monkeypatch.setattr(history_panel, "confirm_clear", lambda parent: True)
    panel.clear_button.click()
    qtbot.waitUntil(lambda: rows(panel) == [], timeout=WAIT)
    settle(qtbot, panel)
    assert stored_count() == 0
    assert "Cleared the history (6 entries)" in window.statusBar().currentMessage()


def _load_har_checker() -> Any:
    path = Path(__file__).parents[1] / "formats" / "test_har.py"
    spec = importlib.util.spec_from_file_location("har_checks", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check_har


def test_export_selected_entries_as_har(
    window: MainWindow,
    qtbot: QtBot,
    httpserver: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    httpserver.expect_request("/a").respond_with_json({"a": 1})
    httpserver.expect_request("/b").respond_with_data("b", status=201)
    panel = panel_of(window, qtbot)
    send(qtbot, window.current_tab(), httpserver.url_for("/a"))
    send(qtbot, window.current_tab(), httpserver.url_for("/b"))
    qtbot.waitUntil(lambda: len(rows(panel)) == 2, timeout=WAIT)
    target = tmp_path / "two.har"
    monkeypatch.setattr(dialogs, "save_file", lambda *args: str(target))
    panel.list.selectAll()
    panel.har_button.click()
    qtbot.waitUntil(target.exists, timeout=WAIT)
    settle(qtbot, panel)
    entries = _load_har_checker()(json.loads(target.read_text("utf-8")))
    assert [e["request"]["url"] for e in entries] == [
        httpserver.url_for("/a"),
        httpserver.url_for("/b"),
    ]
    assert [e["response"]["status"] for e in entries] == [200, 201]
    assert json.loads(entries[0]["response"]["content"]["text"]) == {"a": 1}
    assert "Saved 2 entries as HAR" in window.statusBar().currentMessage()


def test_an_unreadable_history_is_said_and_sends_still_work(
    qtbot: QtBot, httpserver: HTTPServer
) -> None:
    db = paths.history_db()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"this is not a database, and it must stay as it is" * 100)
    before = db.read_bytes()
    httpserver.expect_request("/still").respond_with_data("works")
    from workbench.app import create_window

    window = create_window()
    qtbot.addWidget(window)
    window.show()
    panel = panel_of(window, qtbot)
    assert "cannot be read" in panel.note.text()
    exchange = send(qtbot, window.current_tab(), httpserver.url_for("/still"))
    assert exchange.ok
    settle(qtbot, panel)
    assert "Not recorded in the history" in window.statusBar().currentMessage()
    assert db.read_bytes() == before
    assert window.findChild(QLabel, "statusLabel").text().startswith("200")


def test_the_model_passes_the_qt_model_tester(
    qtmodeltester: Any, window: MainWindow, qtbot: QtBot
) -> None:
    fake_entries(30)
    panel = panel_of(window, qtbot)
    qtmodeltester.check(panel.model)
