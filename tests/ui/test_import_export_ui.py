"""Import in the window: curl pasted into the URL field, and the Import dialog writing collections."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import send

from workbench.engine.spec import Field
from workbench.formats.curl import parse_curl
from workbench.formats.http_file import parse_http
from workbench.store import paths
from workbench.store.collections import Collection, create_collection
from workbench.store.errors import StoreError
from workbench.ui import import_target
from workbench.ui.import_dialog import ImportDialog
from workbench.ui.import_target import NEW
from workbench.ui.main_window import MainWindow

WAIT = 10_000
POSTMAN = Path(__file__).parents[1] / "formats" / "fixtures" / "postman_v21.json"
COMMANDS = [
    "curl -X POST 'http://127.0.0.1:8080/users?page=2' -H 'Accept: application/json' "
    "-H 'Content-Type: application/json' --data-raw '{\"name\":\"ann\"}'",
    "$ curl -u alice:s3cret -L --max-redirs 3 http://127.0.0.1:8080/private",
    "curl http://127.0.0.1:8080/search \\\n  -H 'X-Trace: 1' \\\n"
    "  -G --data-urlencode 'q=hello world' --compressed",
    "curl -F 'name=value' -F 'file=@/tmp/report.txt;type=text/plain' http://127.0.0.1:8080/up",
    "curl -H 'Authorization: Bearer abc' -s -o out.json --max-time 7 http://127.0.0.1:8080/me",
]


def paste(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Put `text` on the clipboard and press Ctrl+V in the URL field."""
    QGuiApplication.clipboard().setText(text)
    url = window.current_tab().url_bar.url
    url.setFocus()
    qtbot.keyClick(url, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


# --- curl pasted into the URL field ---------------------------------------------------------------
@pytest.mark.parametrize("command", COMMANDS)
def test_a_pasted_curl_command_becomes_the_whole_request(
    window: MainWindow, qtbot: QtBot, command: str
) -> None:
    tab = window.current_tab()
    tab.editor.headers.model.set_rows([Field("X-Old", "gone")])
    paste(qtbot, window, command)
    assert tab.form.draft() == parse_curl(command)  # draft: the multipart file need not exist
    assert tab.url_bar.url.text().startswith("http://127.0.0.1:8080/")
    assert "Imported the curl command." in window.statusBar().currentMessage()
    assert not tab.url_bar.url_mark.message


def test_the_pasted_request_sends_what_curl_would(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/users", method="POST").respond_with_data("made", status=201)
    command = COMMANDS[0].replace("127.0.0.1:8080", f"127.0.0.1:{httpserver.port}")
    paste(qtbot, window, command)
    tab = window.current_tab()
    assert tab.url_bar.method_text() == "POST"
    assert tab.editor.headers.model.rows() == [Field("Accept", "application/json")]
    assert tab.editor.body.text.toPlainText() == '{"name":"ann"}'
    assert send(qtbot, tab).response.status == 201
    request, _ = httpserver.log[0]
    assert request.query_string == b"page=2"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert request.get_data() == b'{"name":"ann"}'


def test_basic_auth_and_notes_of_a_pasted_command(window: MainWindow, qtbot: QtBot) -> None:
    paste(qtbot, window, COMMANDS[1])
    auth = window.current_tab().editor.auth
    assert (auth.kind.currentData(), auth.username.text(), auth.password.text()) == (
        "basic",
        "alice",
        "s3cret",
    )
    assert auth.preemptive.isChecked()
    paste(qtbot, window, COMMANDS[4])
    assert "Ignored (they change only curl's output): -s, -o out.json" in (
        window.statusBar().currentMessage()
    )
    assert window.current_tab().editor.options.timeout.text() == "30"


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("curl --no-such-option http://127.0.0.1/x", "--no-such-option is not known"),
        ("curl 'http://127.0.0.1/x", "single quote is never closed"),
        ("curl -H", "-H"),
        ("$ curl http://127.0.0.1/a\n-H 'X: 1'", "backslash"),
        ("curl $(whoami) http://127.0.0.1/", "substitution"),
    ],
)
def test_a_bad_command_says_why_at_the_url_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, command: str, words: str
) -> None:
    tab = window.current_tab()
    tab.url_bar.method.setCurrentText("PATCH")
    tab.url_bar.url.setText("http://127.0.0.1/keep")
    tab.editor.headers.model.set_rows([Field("X-Keep", "1")])
    before = tab.form.state()
    paste(qtbot, window, command)
    message = tab.url_bar.url_mark.message
    assert message.startswith("This curl command cannot be imported:")
    assert words in message
    assert tab.form.state() == before
    tab.url_bar.url.setText("http://127.0.0.1/typed")  # typing goes on as usual
    qtbot.keyClick(tab.url_bar.url, Qt.Key.Key_Z)
    assert tab.url_bar.url.text() == "http://127.0.0.1/typedz"
    assert not tab.url_bar.url_mark.message


def test_other_text_is_pasted_as_usual(window: MainWindow, qtbot: QtBot) -> None:
    tab = window.current_tab()
    for text in ("http://127.0.0.1/plain?curl=1", "curl", "curlx http://127.0.0.1/"):
        tab.url_bar.url.clear()
        paste(qtbot, window, text)
        assert tab.url_bar.url.text() == text
        assert tab.url_bar.method_text() == "GET"


def test_the_context_menu_paste_imports_too(window: MainWindow, qtbot: QtBot) -> None:
    from workbench.ui.import_paste import CurlPaste

    tab = window.current_tab()
    watcher = tab.findChild(CurlPaste)
    assert watcher is not None
    QGuiApplication.clipboard().setText(COMMANDS[2])
    watcher._on_menu_paste()
    assert tab.form.spec() == parse_curl(COMMANDS[2])
    QGuiApplication.clipboard().setText("/more")
    watcher._on_menu_paste()
    assert tab.url_bar.url.text().endswith("/more")


# --- the Import dialog ----------------------------------------------------------------------------
def open_dialog(window: MainWindow, qtbot: QtBot) -> ImportDialog:
    window.action_map["import"].trigger()
    dialog = window.imports.dialog
    assert dialog is not None
    assert dialog.isVisible()
    settle(qtbot, dialog)
    return dialog


def settle(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.jobs and not dialog.picker.jobs, timeout=WAIT)


def load(qtbot: QtBot, dialog: ImportDialog, kind: str, source: str) -> None:
    """Choose the source and wait for its preview."""
    dialog.set_kind(kind)
    if kind == "curl":
        dialog.curl_text.setPlainText(source)
    else:
        dialog.file.set_path(source)
    dialog.refresh_preview()
    settle(qtbot, dialog)


def preview_rows(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    return [row[:3] for row in dialog.preview_model.rows]


def run_import(qtbot: QtBot, dialog: ImportDialog) -> None:
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    settle(qtbot, dialog)


def choose_new(dialog: ImportDialog, name: str) -> None:
    dialog.picker.combo.setCurrentIndex(dialog.picker.combo.findData(NEW))
    dialog.picker.name.setText(name)


def test_a_postman_collection_is_imported_into_a_new_collection(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_dialog(window, qtbot)
    load(qtbot, dialog, "postman", str(POSTMAN))
    rows = preview_rows(dialog)
    assert len(rows) == 14
    assert rows[0] == ("Products/List products", "GET", "{{baseUrl}}/products")
    notes = dialog.notes.toPlainText()
    assert "• Create an auth profile named 'Imported basic (Shop API)'" in notes
    assert "script(s) were not imported" in notes
    assert dialog.notes.isVisible()
    choose_new(dialog, "Shop")
    run_import(qtbot, dialog)
    assert dialog.outcome.text() == "Imported 14 requests into Shop."
    folder = paths.collections_dir() / "Shop"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.wbreq.toml"))
    assert len(files) == 14
    assert "Products/List products.wbreq.toml" in files
    loaded = Collection.open(folder).load("Products/List products.wbreq.toml").saved
    assert loaded.auth_profile == "Imported basic (Shop API)"
    assert loaded.spec.url == "{{baseUrl}}/products"
    assert not dialog.import_button.isEnabled()  # a second click would import it all again
    assert "Imported 14 requests into Shop." in window.statusBar().currentMessage()
    settle(qtbot, dialog)
    assert dialog.picker.combo.findData(str(folder)) >= 0  # now one of the app's collections


def test_an_http_file_is_imported_into_a_folder_of_an_existing_collection(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    existing = create_collection("Mine")
    source = tmp_path / "api.http"
    source.write_text(
        "@host = http://127.0.0.1:8080\n\n### List users\nGET {{host}}/users\nAccept: text/csv\n\n"
        '### Create user\nPOST {{host}}/users\nContent-Type: application/json\n\n{"n": 1}\n',
        "utf-8",
    )
    dialog = open_dialog(window, qtbot)
    load(qtbot, dialog, "http", str(source))
    assert preview_rows(dialog) == [
        ("List users", "GET", "{{host}}/users"),
        ("Create user", "POST", "{{host}}/users"),
    ]
    dialog.picker.select_folder(str(existing.root))
    dialog.folder.setText("api/v1")
    run_import(qtbot, dialog)
    assert dialog.outcome.text() == "Imported 2 requests into Mine."
    written = Collection.open(existing.root)
    create = written.load("api/v1/Create user.wbreq.toml").saved
    assert create.spec == parse_http(source.read_text("utf-8")).items[1].request.spec
    assert [v.name for v in written.settings("").variables] == ["host"]


def test_a_curl_command_is_imported_with_its_name(window: MainWindow, qtbot: QtBot) -> None:
    existing = create_collection("Cmds")
    dialog = open_dialog(window, qtbot)
    dialog.curl_name.setText("Create user")
    load(qtbot, dialog, "curl", COMMANDS[0])
    assert preview_rows(dialog) == [("Create user", "POST", "http://127.0.0.1:8080/users?page=2")]
    dialog.picker.select_folder(str(existing.root))
    run_import(qtbot, dialog)
    saved = Collection.open(existing.root).load("Create user.wbreq.toml").saved
    assert saved.spec == parse_curl(COMMANDS[0])


BAD_SOURCES = [
    ("postman", "not-json.json", b'{"info": ', "not-json.json is not a Postman collection: line 1"),
    ("postman", "v1.json", b'{"name": "old", "requests": []}', "not a Postman collection"),
    ("http", "bad.http", b"POST https://e.x/\nContent-Type: multipart/form-data; boundary=b\n\n"
     b"text first\n--b\n", "bad.http is not an .http file: line 4"),
    ("http", "empty.http", b"# only a comment\n", "empty.http holds no request to import."),
    ("http", "latin1.http", "GET http://e.x/caf\xe9".encode("latin-1"), "is not UTF-8 text"),
    ("http", "missing.http", None, "There is no file"),
    ("postman", "a-folder", "dir", "is a folder, not a file"),
    ("curl", "", "curl --no-such-option http://e.x", "This curl command cannot be imported: column 6"),
    ("curl", "", "wget http://e.x", "cannot be imported: column 1: This is not a curl command"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "name", "content", "words"), BAD_SOURCES)
def test_a_bad_source_names_the_problem_and_imports_nothing(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    kind: str,
    name: str,
    content: bytes | str | None,
    words: str,
) -> None:
    if kind == "curl":
        source = str(content)
    else:
        path = tmp_path / name
        if content == "dir":
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        source = str(path)
    dialog = open_dialog(window, qtbot)
    load(qtbot, dialog, kind, source)
    mark = dialog.source_mark if kind == "curl" else dialog.file.mark
    assert words in mark.message
    assert mark.label.isVisible()
    assert preview_rows(dialog) == []
    assert not dialog.import_button.isEnabled()
    choose_new(dialog, "Never")
    dialog.start_import()
    settle(qtbot, dialog)
    assert not (paths.collections_dir() / "Never").exists()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("a/b", "/"),
        ("Taken", "already"),
    ],
)
def test_a_wrong_new_collection_name_is_refused(
    window: MainWindow, qtbot: QtBot, name: str, words: str
) -> None:
    create_collection("Taken")
    dialog = open_dialog(window, qtbot)
    load(qtbot, dialog, "curl", COMMANDS[1])
    choose_new(dialog, name)
    dialog.import_button.click()
    settle(qtbot, dialog)
    shown = dialog.name_mark.message or dialog.outcome.text()
    assert words in shown
    taken = paths.collections_dir() / "Taken"
    assert list(taken.rglob("*.wbreq.toml")) == []
    assert sorted(p.name for p in paths.collections_dir().iterdir()) == ["Taken"]
    choose_new(dialog, "Fine")  # the mark goes on a new choice, and the import can go on
    assert not dialog.name_mark.message
    run_import(qtbot, dialog)
    assert (paths.collections_dir() / "Fine").is_dir()


@pytest.mark.parametrize("into_new", [True, False])
def test_a_failure_half_way_leaves_nothing_behind(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, into_new: bool
) -> None:
    existing = create_collection("Existing")
    calls = []
    real_add = Collection.add_request

    def failing_add(self: Collection, *args: object, **kwargs: object) -> object:
        calls.append(args)
        if len(calls) == 3:
            raise StoreError("The disk is full.")
        return real_add(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Collection, "add_request", failing_add)
    dialog = open_dialog(window, qtbot)
    load(qtbot, dialog, "postman", str(POSTMAN))
    if into_new:
        choose_new(dialog, "Half")
    else:
        dialog.picker.select_folder(str(existing.root))
    run_import(qtbot, dialog)
    assert dialog.outcome.text() == "The disk is full. Nothing was imported."
    assert len(calls) == 3
    assert not (paths.collections_dir() / "Half").exists()
    assert list(existing.root.rglob("*.wbreq.toml")) == []
    assert [p.name for p in existing.root.iterdir() if p.is_dir()] == []
    assert dialog.import_button.isEnabled()  # the user may try again


def test_other_folder_picks_any_folder_and_cancel_keeps_the_choice(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_collection("Listed")
    dialog = open_dialog(window, qtbot)
    combo = dialog.picker.combo
    before = combo.currentIndex()
    monkeypatch.setattr(import_target, "choose_folder", lambda parent, title: "")
    combo.activated.emit(combo.count() - 1)  # "Other folder…", cancelled
    assert combo.currentIndex() == before
    monkeypatch.setattr(import_target, "choose_folder", lambda parent, title: str(tmp_path))
    combo.activated.emit(combo.count() - 1)
    target = dialog.picker.target()
    assert target is not None
    assert target.path == tmp_path


@pytest.mark.parametrize(
    ("typed", "folders", "note"),
    [
        ("  api / v1  ", "api/v1", ""),
        ("/a//b/", "a/b", ""),
        ("a\\b", "a/b", ""),
        ("../../escape", "folder/folder/escape", "The folder '..' was saved as 'folder'."),
        ("con", "con-", "The folder 'con' was saved as 'con-'."),
    ],
)
def test_the_folder_field_never_leaves_the_collection(
    window: MainWindow, qtbot: QtBot, typed: str, folders: str, note: str
) -> None:
    existing = create_collection("Box")
    dialog = open_dialog(window, qtbot)
    dialog.curl_name.setText("One")
    load(qtbot, dialog, "curl", COMMANDS[1])
    dialog.picker.select_folder(str(existing.root))
    dialog.folder.setText(typed)
    run_import(qtbot, dialog)
    written = [p.relative_to(existing.root).as_posix() for p in existing.root.rglob("*.wbreq.toml")]
    assert written == [f"{folders}/One.wbreq.toml"]
    assert note in dialog.notes.toPlainText()


@pytest.mark.parametrize(
    ("typed", "saved_as"),
    [("a/b: c?", "a-b- c"), ("   ", "GET 127.0.0.1-8080-private"), ("NUL", "NUL-")],
)
def test_an_odd_request_name_is_made_safe_and_said(
    window: MainWindow, qtbot: QtBot, typed: str, saved_as: str
) -> None:
    existing = create_collection("Names")
    dialog = open_dialog(window, qtbot)
    dialog.curl_name.setText(typed)
    load(qtbot, dialog, "curl", COMMANDS[1])
    dialog.picker.select_folder(str(existing.root))
    run_import(qtbot, dialog)
    assert [p.name for p in existing.root.glob("*.wbreq.toml")] == [f"{saved_as}.wbreq.toml"]
    if typed.strip():
        assert f"{typed!r} was saved as {saved_as!r}." in dialog.notes.toPlainText()
