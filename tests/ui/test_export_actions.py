"""Export from the window: a request as curl / Python / .http, an exchange as HAR, a collection."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import free_port, send

from workbench.engine.spec import Field, RequestSpec
from workbench.formats.curl import parse_curl
from workbench.formats.http_file import parse_http
from workbench.formats.model import SavedRequest
from workbench.formats.postman import parse_postman
from workbench.store.collections import Collection, create_collection
from workbench.ui import dialogs
from workbench.ui.export_dialog import ExportDialog
from workbench.ui.main_window import MainWindow

WAIT = 10_000


def check_har(document: dict[str, Any]) -> list[dict[str, Any]]:
    """tests/formats/test_har.py's checker of every field HAR 1.2 requires."""
    path = Path(__file__).parents[1] / "formats" / "test_har.py"
    spec = importlib.util.spec_from_file_location("har_checks", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entries: list[dict[str, Any]] = module.check_har(document)
    return entries


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.exports.jobs, timeout=WAIT)


def prepare(window: MainWindow, url: str) -> None:
    tab = window.current_tab()
    tab.url_bar.method.setCurrentText("POST")
    tab.url_bar.url.setText(url + "?page=2")
    tab.editor.headers.model.set_rows([Field("X-Export", "yes"), Field("Accept", "text/plain")])
    tab.editor.body.restore({"kind": "raw", "text": '{"a": 1}', "raw_type": "JSON"})


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Stand in for the save dialog; returns the names it suggested."""
    suggested: list[str] = []

    def chooser(parent: object, title: str, name: str = "") -> str:
        suggested.append(name)
        return str(path)

    monkeypatch.setattr(dialogs, "save_file", chooser)
    return suggested


def test_copy_as_http_reads_back_as_the_same_request(window: MainWindow, qtbot: QtBot) -> None:
    prepare(window, "http://127.0.0.1:8080/items")
    window.action_map["copy_http"].trigger()
    settle(qtbot, window)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("### POST /items")
    assert parse_http(text).items[0].request.spec == window.current_tab().form.spec()
    assert window.statusBar().currentMessage() == "Copied as an .http request."


def test_copy_as_http_says_what_the_format_cannot_hold(window: MainWindow, qtbot: QtBot) -> None:
    QGuiApplication.clipboard().setText("before")
    tab = window.current_tab()
    tab.url_bar.url.setText("http://127.0.0.1:8080/x")
    tab.editor.body.restore({"kind": "raw", "text": "a\n### b", "raw_type": "Text"})
    window.action_map["copy_http"].trigger()
    settle(qtbot, window)
    assert QGuiApplication.clipboard().text() == "before"
    assert "Cannot write this request as a .http file" in window.statusBar().currentMessage()
    assert "###" in window.statusBar().currentMessage()


@pytest.mark.parametrize("action", ["save_curl", "save_python", "save_http", "copy_http"])
def test_a_wrong_value_is_marked_and_nothing_is_written(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, action: str
) -> None:
    asked = save_to(monkeypatch, tmp_path / "never")
    window.current_tab().url_bar.url.setText("not a url")
    window.action_map[action].trigger()
    assert window.current_tab().url_bar.url_mark.message
    assert asked == []
    assert list(tmp_path.iterdir()) == []


def test_save_as_curl_and_http_read_back(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    prepare(window, "http://127.0.0.1:8080/items")
    spec = window.current_tab().form.spec()
    for action, name, read in (
        ("save_curl", "request.sh", parse_curl),
        ("save_http", "request.http", lambda text: parse_http(text).items[0].request.spec),
    ):
        target = tmp_path / name
        suggested = save_to(monkeypatch, target)
        window.action_map[action].trigger()
        qtbot.waitUntil(target.exists, timeout=WAIT)
        settle(qtbot, window)
        assert suggested == ["POST -items" + Path(name).suffix]
        written = read(target.read_text("utf-8"))
        if action == "save_curl":  # curl follows no redirect and decodes nothing unless told
            written = written.with_options(follow_redirects=True, decode=True)
        assert written == spec
        assert str(target) in window.statusBar().currentMessage()


def test_save_as_python_writes_a_script_that_sends_the_request(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(
        "/py", method="POST", query_string="page=2", headers={"X-Export": "yes"}
    ).respond_with_data("from python")
    prepare(window, httpserver.url_for("/py"))
    target = tmp_path / "send.py"
    save_to(monkeypatch, target)
    window.action_map["save_python"].trigger()
    qtbot.waitUntil(target.exists, timeout=WAIT)
    settle(qtbot, window)
    done = subprocess.run(
        [sys.executable, str(target)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("200 OK")
    assert "from python" in done.stdout
    request, _ = httpserver.log[0]
    assert request.get_data() == b'{"a": 1}'


def test_saving_into_a_missing_folder_says_so(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    prepare(window, "http://127.0.0.1:8080/items")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    save_to(monkeypatch, blocker / "inside.sh")
    window.action_map["save_curl"].trigger()
    settle(qtbot, window)
    assert "Could not write" in window.statusBar().currentMessage()
    assert blocker.read_text() == "x"


def test_save_the_shown_exchange_as_har_from_the_timeline(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": "/end"}
    )
    httpserver.expect_request("/end").respond_with_json({"done": True})
    tab = window.current_tab()
    button = tab.response.timeline.save_har
    assert not button.isEnabled()
    send(qtbot, tab, httpserver.url_for("/start"))
    assert button.isEnabled()
    target = tmp_path / "exchange.har"
    save_to(monkeypatch, target)
    button.click()
    qtbot.waitUntil(target.exists, timeout=WAIT)
    settle(qtbot, window)
    entries = check_har(json.loads(target.read_text("utf-8")))
    assert [e["response"]["status"] for e in entries] == [302, 200]
    assert json.loads(entries[1]["response"]["content"]["text"]) == {"done": True}
    assert all(e["timings"]["wait"] >= 0 for e in entries)
    assert "Saved the exchange as HAR" in window.statusBar().currentMessage()


def test_har_of_a_failed_send_and_with_nothing_sent(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked = save_to(monkeypatch, tmp_path / "x.har")
    window.action_map["save_har"].trigger()
    assert asked == []
    assert "send the request first" in window.statusBar().currentMessage()
    send(qtbot, window.current_tab(), f"http://127.0.0.1:{free_port()}/down")
    window.action_map["save_har"].trigger()
    qtbot.waitUntil((tmp_path / "x.har").exists, timeout=WAIT)
    settle(qtbot, window)
    entries = check_har(json.loads((tmp_path / "x.har").read_text("utf-8")))
    assert len(entries) == 1
    assert entries[0]["response"]["status"] == 0


# --- a collection -----------------------------------------------------------------------------
def shop(secret: bool = False) -> Path:
    collection = create_collection("Shop")
    headers = (Field("Authorization", "Bearer hunter2-literal"),) if secret else ()
    collection.add_request(
        "", SavedRequest("List", RequestSpec("{{base}}/items", headers=(Field("A", "1"),)))
    )
    folder = collection.add_folder("", "Admin")
    collection.add_request(
        folder,
        SavedRequest("Create", RequestSpec("{{base}}/items", "POST", headers=headers)),
        allow_literal_secrets=True,
    )
    return collection.root


def export_dialog(window: MainWindow, qtbot: QtBot) -> ExportDialog:
    window.action_map["export_collection"].trigger()
    dialog = window.exports.dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog_settle(qtbot, dialog)
    return dialog


def dialog_settle(qtbot: QtBot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.jobs and not dialog.picker.jobs, timeout=WAIT)


def run_export(qtbot: QtBot, dialog: ExportDialog) -> None:
    dialog.export_button.click()
    dialog_settle(qtbot, dialog)


def test_a_collection_exports_as_postman_and_http_that_read_back(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = shop()
    dialog = export_dialog(window, qtbot)
    assert dialog.picker.target() is not None
    assert dialog.picker.target().path == root  # the app's only collection is chosen
    for kind, name in (("postman", "shop.json"), ("http", "shop.http")):
        dialog.set_kind(kind)
        dialog.path.setText(str(tmp_path / name))
        run_export(qtbot, dialog)
        text = (tmp_path / name).read_text("utf-8")
        data = parse_postman(text) if kind == "postman" else parse_http(text)
        got = sorted((i.folder, i.request.name, i.request.spec.url) for i in data.items)
        expected = [((), "List", "{{base}}/items"), (("Admin",), "Create", "{{base}}/items")]
        if kind == "http":  # .http has no folders
            expected = sorted(((), n, u) for _, n, u in expected)
        assert got == sorted(expected)
        assert dialog.outcome.text().startswith("Exported 2 requests of Shop to")


def test_the_export_says_which_requests_use_saved_profiles(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = shop()
    collection = Collection.open(root)
    loaded = collection.load("List.wbreq.toml")
    collection.save(loaded, loaded.saved._replace(auth_profile="Work"))
    dialog = export_dialog(window, qtbot)
    dialog.set_kind("http")
    dialog.path.setText(str(tmp_path / "shop.http"))
    run_export(qtbot, dialog)
    assert "1 request use saved profiles, left out" in dialog.outcome.text()
    assert "'Work'" in (tmp_path / "shop.http").read_text("utf-8")


def test_literal_credentials_stop_the_export_unless_allowed(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    shop(secret=True)
    dialog = export_dialog(window, qtbot)
    target = tmp_path / "shop.json"
    dialog.path.setText(str(target))
    run_export(qtbot, dialog)
    assert not target.exists()
    assert "Nothing exported" in dialog.outcome.text()
    assert "Create:" in dialog.outcome.text()
    assert dialog.allow.isVisible()
    dialog.allow.setChecked(True)
    run_export(qtbot, dialog)
    assert "Bearer hunter2-literal" in target.read_text("utf-8")  # as the user confirmed
    dialog.set_kind("http")  # a new choice asks again
    assert not dialog.allow.isChecked()
    assert not dialog.allow.isVisible()


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("", "Choose the file"),
        ("   ", "Choose the file"),
        ("{tmp}", "is a folder"),
        ("{tmp}/missing/out.json", "does not exist"),
    ],
)
def test_a_wrong_file_to_write_is_marked(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, path: str, words: str
) -> None:
    shop()
    dialog = export_dialog(window, qtbot)
    dialog.path.setText(path.format(tmp=tmp_path))
    run_export(qtbot, dialog)
    assert words in dialog.path_mark.message
    assert list(tmp_path.iterdir()) == []
    dialog.path.setText(str(tmp_path / "ok.json"))
    dialog.path.textEdited.emit(dialog.path.text())
    assert not dialog.path_mark.message


def test_export_without_a_collection_or_from_an_empty_folder(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = export_dialog(window, qtbot)
    assert dialog.picker.target() is None  # no collection yet: only "Other folder…"
    dialog.path.setText(str(tmp_path / "out.json"))
    run_export(qtbot, dialog)
    assert dialog.outcome.text() == "Choose the collection to export."
    empty = tmp_path / "empty"
    empty.mkdir()
    dialog.picker.select_folder(str(empty))
    run_export(qtbot, dialog)
    assert "holds no request" in dialog.outcome.text()
    assert not (tmp_path / "out.json").exists()
