"""Copy as / Save as make the request a send would make: saved profiles applied, ``{{variables}}``
resolved on the pool; a refusal is shown at its field and nothing is copied or written. The Headers
tab's preview shows the header a chosen profile adds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from collection_helpers import hub_of, open_and_wait, open_request
from profile_fixtures import (
    MemoryKeyring,
    memory_keyring_fixture,  # noqa: F401  (fixture)
    pick,
)
from profile_tab_fixtures import (
    PASSWORD,
    basic,
    combo,
    profiles_fixture,  # noqa: F401  (fixture)
    reload,
    serve_staging_challenge,
    tab_fixture,  # noqa: F401  (fixture)
)
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from workbench.engine.spec import Auth, Field, Proxy, RequestSpec
from workbench.formats.curl import parse_curl
from workbench.formats.http_file import parse_http
from workbench.formats.model import Environment, SavedRequest, Variable
from workbench.store import environments as envs
from workbench.store.collections import Collection, create_collection
from workbench.store.folder_settings import FolderSettings
from workbench.store.profiles import ProfileStore
from workbench.store.secrets import SecretStore
from workbench.ui import dialogs
from workbench.ui.main_window import MainWindow
from workbench.ui.prepared_export import REQUEST_FORMATS
from workbench.ui.request_tab import RequestTab

WAIT = 10_000
BEFORE = "on the clipboard before"


def copy(qtbot: QtBot, window: MainWindow, kind: str = "curl") -> str:
    """Copy the current request as `kind`, wait for the pool; the clipboard's text."""
    QGuiApplication.clipboard().setText(BEFORE)
    assert window.copy_as(kind)
    qtbot.waitUntil(lambda: not window.exports.jobs, timeout=WAIT)
    return QGuiApplication.clipboard().text()


def save_as(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    target: Path,
    kind: str,
    answer: str | None = None,
) -> list[tuple[str, str, str]]:
    """Request > Save as `kind`, the file dialog answering `target` and the secrets question
    `answer` (None: it must not be asked); wait for the pool. The questions asked."""
    asked: list[tuple[str, str, str]] = []

    def ask(_parent: object, path: str, sources: str, unavailable: str) -> str:
        asked.append((path, sources, unavailable))
        assert answer is not None, f"asked about secrets from {sources}"
        return answer

    monkeypatch.setattr(dialogs, "save_file", lambda *args: str(target))
    monkeypatch.setattr(dialogs, "ask_secrets_in_file", ask)
    window.action_map[f"save_{kind}"].trigger()
    qtbot.waitUntil(lambda: not window.exports.jobs, timeout=WAIT)
    return asked


def mode_of(path: Path) -> int:
    """The file's permission bits."""
    return path.stat().st_mode & 0o777


def api(tmp_path: Path, url: str, secret: str = "") -> Path:
    """A collection with ``{{host}}`` = 127.0.0.1:port and one request ``Items`` at `url`."""
    collection = create_collection("Api", tmp_path)
    envs.save_collection_variables(collection, [Variable("host", "127.0.0.1:8642")], SecretStore())
    headers = (Field("Authorization", "Bearer {{token}}"),) if secret else ()
    collection.add_request("", SavedRequest("Items", RequestSpec(url, headers=headers)))
    if secret:
        env = Environment("dev", (Variable("token", secret, secret=True),))
        envs.save_environment(collection, env, SecretStore())
        envs.set_active_environment(collection, "dev")
    return collection.root


def open_items(qtbot: QtBot, window: MainWindow, root: Path) -> RequestTab:
    """Open ``Items`` in a tab (its environments read) and return the tab."""
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Items.wbreq.toml")
    environments = hub_of(window).environments
    key = str(root.resolve())
    environments.refresh(key)
    wanted = envs.active_environment(Collection.open(root))
    qtbot.waitUntil(lambda: environments.active(key) == wanted, timeout=WAIT)
    return window.current_tab()


# --- saved profiles ---------------------------------------------------------------------------
def test_copy_as_curl_carries_the_chosen_profiles_credentials(
    tab: RequestTab, window: MainWindow, qtbot: QtBot
) -> None:
    tab.url_bar.url.setText("http://127.0.0.1:9/secure")
    tab.editor.auth.restore({"kind": "bearer"})  # inline settings the profile replaces
    pick(combo(tab, "auth"), "Staging Basic")
    text = copy(qtbot, window)
    assert f"-u alice:{PASSWORD}" in text
    spec = parse_curl(text)
    assert (spec.auth.kind, spec.auth.username, spec.auth.password) == ("basic", "alice", PASSWORD)
    assert spec.url == "http://127.0.0.1:9/secure"
    assert window.statusBar().currentMessage() == (
        "Copied as a curl command; it contains secrets from profile 'Staging Basic'."
    )


def test_copy_as_python_with_a_profile_sends_what_send_sends(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    seen = serve_staging_challenge(httpserver)
    tab.url_bar.url.setText(httpserver.url_for("/secure"))
    pick(combo(tab, "auth"), "Staging Basic")
    script = copy(qtbot, window, "python")
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "welcome" in done.stdout
    assert seen == [None, basic("alice", PASSWORD)]  # challenged, then the profile's password


def test_a_profile_gone_since_it_was_chosen_is_shown_at_the_picker(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, profiles: ProfileStore
) -> None:
    tab.url_bar.url.setText("http://127.0.0.1:9/secure")
    pick(combo(tab, "auth"), "Staging Basic")
    profiles.remove("Staging Basic")  # the pickers still list it: only the send step finds out
    tab.editor.setCurrentIndex(0)
    assert copy(qtbot, window) == BEFORE
    message = tab.editor.auth.mark.message
    assert "no saved auth profile named 'Staging Basic'" in message
    assert tab.editor.currentIndex() == 3  # the Auth tab brought forward, as after a send
    assert window.statusBar().currentMessage() == message


def test_a_proxy_profiles_password_is_only_reported_where_the_format_holds_it(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, profiles: ProfileStore
) -> None:
    proxy = Proxy("manual", url="http://127.0.0.1:3128", username="u", password="px-Secret-5")
    profiles.save_proxy("Office", proxy)
    reload(window, qtbot)
    tab.url_bar.url.setText("http://127.0.0.1:9/")
    pick(combo(tab, "proxy"), "Office")
    assert "u:px-Secret-5" in copy(qtbot, window, "curl")
    assert "from profile 'Office'" in window.statusBar().currentMessage()
    text = copy(qtbot, window, "http")  # .http has no place for a proxy
    assert "px-Secret-5" not in text
    assert window.statusBar().currentMessage() == "Copied as an .http request."


def test_a_profile_inherited_from_the_folder_is_applied_and_named(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    collection = create_collection("Team", tmp_path)
    collection.add_folder("", "Admin")
    collection.save_settings("Admin", FolderSettings(auth_profile="Token", base_url="{{base}}"))
    envs.save_collection_variables(
        collection, [Variable("base", "http://127.0.0.1:9")], SecretStore()
    )
    collection.add_request("Admin", SavedRequest("Items", RequestSpec("/items")))
    open_and_wait(qtbot, window, collection.root)
    open_request(qtbot, window, collection.root, "Admin/Items.wbreq.toml")
    spec = parse_curl(copy(qtbot, window))
    assert (spec.url, spec.auth.kind, spec.auth.token) == (
        "http://127.0.0.1:9/items",
        "bearer",
        "tok-Secret-1",
    )
    assert window.statusBar().currentMessage() == (
        "Copied as a curl command; it contains secrets from profile 'Token'."
    )


# --- variables --------------------------------------------------------------------------------
def test_copy_resolves_collection_variables(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    open_items(qtbot, window, api(tmp_path, "http://{{host}}/items"))
    text = copy(qtbot, window)
    assert parse_curl(text).url == "http://127.0.0.1:8642/items"
    assert "{{" not in text
    assert window.statusBar().currentMessage() == "Copied as a curl command."


def test_a_secret_variable_in_the_copy_is_said(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    secret = "tok-5ecret-4417"
    open_items(qtbot, window, api(tmp_path, "http://{{host}}/s", secret=secret))
    text = copy(qtbot, window)
    assert parse_curl(text).headers == (Field("Authorization", f"Bearer {secret}"),)
    assert window.statusBar().currentMessage() == (
        "Copied as a curl command; it contains secrets from secret variables."
    )


@pytest.mark.parametrize("kind", ["curl", "python", "http"])
def test_a_missing_variable_is_shown_at_its_field_and_nothing_is_copied(
    window: MainWindow, qtbot: QtBot, kind: str
) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText("http://{{nowhere}}/x")
    assert copy(qtbot, window, kind) == BEFORE
    assert "{{nowhere}}" in tab.url_bar.url_mark.message
    assert "{{nowhere}}" in window.statusBar().currentMessage()
    tab.url_bar.url.setText("http://127.0.0.1:9/x")  # fixed: the copy works, the mark goes
    assert "127.0.0.1:9/x" in copy(qtbot, window, kind)
    assert not tab.url_bar.url_mark.message


def test_a_missing_header_variable_is_shown_in_the_headers_tab(
    window: MainWindow, qtbot: QtBot
) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText("http://127.0.0.1:9/x")
    tab.editor.headers.model.set_rows([Field("X-Key", "{{api_key}}")])
    assert copy(qtbot, window) == BEFORE
    assert "{{api_key}}" in tab.editor.headers.mark.message
    assert tab.editor.currentIndex() == 1


# --- save as a file ---------------------------------------------------------------------------
@pytest.fixture(name="work_tab")
def work_tab_fixture(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> RequestTab:
    """``Items`` at ``http://{{host}}/items`` with the bearer profile ``Work`` chosen."""
    ProfileStore().save_auth("Work", Auth("bearer", token="tok-Work-88"))
    reload(window, qtbot)
    tab = open_items(qtbot, window, api(tmp_path, "http://{{host}}/items"))
    pick(combo(tab, "auth"), "Work")
    return tab


def test_save_as_asks_before_writing_secrets_and_keeps_the_file_private(
    work_tab: RequestTab,
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "items.sh"
    asked = save_as(qtbot, window, monkeypatch, target, "curl", dialogs.WRITE_SECRETS)
    assert asked == [(str(target), "profile 'Work'", "")]
    spec = parse_curl(target.read_text("utf-8"))
    assert spec.url == "http://127.0.0.1:8642/items"
    assert (spec.auth.kind, spec.auth.token) == ("bearer", "tok-Work-88")
    assert mode_of(target) == 0o600
    assert window.statusBar().currentMessage() == (
        f"Saved the request as a curl command to {target}; it contains secrets from profile "
        "'Work'; only you can read the file."
    )
    target = tmp_path / "items.http"
    save_as(qtbot, window, monkeypatch, target, "http", dialogs.WRITE_SECRETS)
    written = target.read_text("utf-8")
    assert "GET http://127.0.0.1:8642/items" in written
    assert "Authorization: Bearer tok-Work-88" in written
    assert mode_of(target) == 0o600


def test_save_as_cancelled_at_the_secrets_question_writes_nothing(
    work_tab: RequestTab,
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "out" / "items.py"
    assert len(save_as(qtbot, window, monkeypatch, target, "python", "")) == 1
    assert not target.parent.exists()
    assert window.statusBar().currentMessage() == f"Not saved: nothing was written to {target}."


@pytest.mark.parametrize("kind", ["curl", "python", "http"])
def test_save_as_with_references_names_the_profile_and_writes_no_secret(
    work_tab: RequestTab,
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    kind: str,
) -> None:
    work_tab.editor.auth.restore({"kind": "basic", "username": "in", "password": "pw-Inline-1"})
    pick(combo(work_tab, "auth"), "Work")  # the inline settings the profile replaces
    target = tmp_path / f"items.{kind}"
    save_as(qtbot, window, monkeypatch, target, kind, dialogs.WRITE_REFERENCES)
    written = target.read_text("utf-8")
    assert "tok-Work-88" not in written
    assert "pw-Inline-1" not in written
    assert "http://{{host}}/items" in written
    assert "# auth: profile 'Work' (not written here)" in written.splitlines()
    assert mode_of(target) == 0o644 & ~current_umask()
    assert window.statusBar().currentMessage() == (
        f"Saved the request as a {REQUEST_FORMATS[kind].what} to {target} with references "
        "instead of secrets: profiles named in a comment, {{variables}} as typed."
    )
    if kind == "python":
        assert written.startswith("#!/usr/bin/env python3\n# auth: profile 'Work'")
        compile(written, str(target), "exec")
    if kind == "curl":
        assert parse_curl(written.split("\n", 1)[1]).auth.kind == "none"
    if kind == "http":
        [item] = parse_http(written).items
        assert item.request.spec.auth.kind == "none"


def test_save_as_with_references_keeps_secret_variables_and_folder_profiles_as_names(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = "tok-5ecret-4417"
    root = api(tmp_path, "http://{{host}}/s", secret=secret)
    collection = Collection.open(root)
    ProfileStore().save_proxy("Office", Proxy("manual", url="http://127.0.0.1:3128"))
    collection.save_settings("", collection.settings("")._replace(proxy_profile="Office"))
    reload(window, qtbot)
    open_items(qtbot, window, root)
    target = tmp_path / "s.sh"
    asked = save_as(qtbot, window, monkeypatch, target, "curl", dialogs.WRITE_REFERENCES)
    assert asked == [(str(target), "secret variables", "")]
    written = target.read_text("utf-8")
    assert secret not in written
    assert "Authorization: Bearer {{token}}" in written
    assert written.splitlines()[0] == "# proxy: profile 'Office' (not written here)"
    assert parse_curl(written.split("\n", 1)[1]).proxy.mode == "system"  # no -x: left out


def test_save_as_without_secrets_does_not_ask(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    open_items(qtbot, window, api(tmp_path, "http://{{host}}/items"))
    target = tmp_path / "items.http"
    assert save_as(qtbot, window, monkeypatch, target, "http") == []
    assert "GET http://127.0.0.1:8642/items" in target.read_text("utf-8")
    assert mode_of(target) == 0o644 & ~current_umask()
    assert window.statusBar().currentMessage() == (
        f"Saved the request as a .http file to {target}."
    )


def current_umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_save_as_with_a_missing_variable_writes_nothing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText("http://{{nowhere}}/x")
    save_as(qtbot, window, monkeypatch, tmp_path / "never.py", "python")
    assert list(tmp_path.iterdir()) == []
    assert "{{nowhere}}" in tab.url_bar.url_mark.message


# --- the Headers tab's preview ----------------------------------------------------------------
def auth_rows(tab: RequestTab) -> list[tuple[str, str, str]]:
    """The added headers that carry credentials: (name, value, why)."""
    added = tab.editor.headers.added
    rows = [added.row(n) for n in range(added.rowCount())]
    return [(r.name, r.value, r.why) for r in rows if r.name in ("Authorization", "X-Key")]


def test_the_headers_tab_shows_what_the_chosen_profile_adds(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, profiles: ProfileStore
) -> None:
    tab.url_bar.url.setText("http://127.0.0.1:9/x")
    tab.editor.auth.restore({"kind": "apikey", "key_name": "X-Key", "key_in": "header"})
    assert auth_rows(tab) == [("X-Key", "***", "API key in the Auth tab")]
    pick(combo(tab, "auth"), "Token")
    assert auth_rows(tab) == [("Authorization", "Bearer ***", "from profile 'Token'")]
    pick(combo(tab, "auth"), "Staging Basic")
    expected = (
        "Authorization",
        "Basic ***",
        "from profile 'Staging Basic', only after a 401 challenge",
    )
    assert auth_rows(tab) == [expected]
    profiles.remove("Staging Basic")
    reload(window, qtbot)  # the list changed: the preview follows (nothing is known to add)
    assert auth_rows(tab) == []
    pick(combo(tab, "auth"), "")
    assert auth_rows(tab) == [("X-Key", "***", "API key in the Auth tab")]


@pytest.mark.parametrize(
    ("button", "unavailable", "expected"),
    [
        ("Write the secrets into the file", "", dialogs.WRITE_SECRETS),
        ("Write {{references}} instead", "", dialogs.WRITE_REFERENCES),
        ("Cancel", "", ""),
        ("Write the secrets into the file", "Cannot: no way.", dialogs.WRITE_SECRETS),
    ],
)
def test_the_secrets_question_answers_what_was_clicked(
    window: MainWindow, qtbot: QtBot, button: str, unavailable: str, expected: str
) -> None:
    seen: list[list[str]] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([b.text().replace("&", "") for b in box.buttons()])
        seen.append([box.text(), box.informativeText()])
        next(b for b in box.buttons() if b.text().replace("&", "") == button).click()

    QTimer.singleShot(0, click)
    answer = dialogs.ask_secrets_in_file(window, "/tmp/x/items.sh", "profile 'Work'", unavailable)
    assert answer == expected
    assert "The request holds secrets from profile 'Work'; items.sh would hold them" in seen[1][0]
    if unavailable:
        assert "Write {{references}} instead" not in seen[0]
        assert seen[1][1].endswith("or cancel. Cannot: no way.")
    else:
        assert "Write {{references}} instead" in seen[0]
