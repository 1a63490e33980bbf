"""The Profiles dialog driven as a person would: add each kind, edit, duplicate, rename, delete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from collection_helpers import open_and_wait
from profile_fixtures import (
    PASSWORD,
    MemoryKeyring,
    add_basic,
    auth_form,
    choose,
    click,
    collection_using,
    dialog_fixture,  # noqa: F401  (fixture)
    idle,
    listed,
    memory_keyring_fixture,  # noqa: F401  (fixture)
    open_dialog,
    pick,
    proxy_form,
    save,
    type_in,
)
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from workbench.engine.spec import Auth, Proxy, RequestSpec
from workbench.formats.model import SavedRequest
from workbench.store import paths
from workbench.store.collections import create_collection
from workbench.store.folder_settings import FolderSettings
from workbench.store.profiles import ProfileStore
from workbench.ui import profile_list, window_state
from workbench.ui.main_window import MainWindow
from workbench.ui.profiles_dialog import ProfilesDialog


def test_the_dialog_says_which_secret_store_is_in_use(
    dialog: ProfilesDialog, memory_keyring: MemoryKeyring
) -> None:
    assert dialog.isVisible()
    text = dialog.store_label.text()
    assert "system keyring" in text
    assert "MemoryKeyring" in text or "memory" in text.lower()


def test_without_a_keyring_the_dialog_names_the_secrets_file(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_dialog(window, qtbot)
    assert str(paths.secrets_file()) in dialog.store_label.text()
    assert "0600" in dialog.store_label.text()


def test_add_a_basic_profile(
    dialog: ProfilesDialog, qtbot: QtBot, memory_keyring: MemoryKeyring, window: MainWindow
) -> None:
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    assert "not saved yet" in dialog.title.text()
    type_in(qtbot, form.name, "Staging Basic")
    type_in(qtbot, form.username, "alice")
    type_in(qtbot, form.password, PASSWORD)
    type_in(qtbot, form.realm, "Staging")
    type_in(qtbot, form.scope, "https://staging.example/api")
    click(qtbot, form.preemptive)
    save(qtbot, dialog)
    saved = ProfileStore().auth("Staging Basic")
    assert saved.auth == Auth(
        "basic",
        username="alice",
        realm="Staging",
        scope="https://staging.example/api",
        preemptive=True,
    )
    assert list(memory_keyring.values.values()) == [PASSWORD]
    assert PASSWORD not in paths.profiles_file().read_text()
    assert dialog.list.chosen_key() == ("auth", "Staging Basic")
    assert "stored in system keyring" in form.secret_note.text()
    assert form.password.text() == ""  # never shown back
    combo = window.current_tab().editor.auth.findChild(QComboBox, "authProfileCombo")
    assert combo.findData("Staging Basic") >= 0  # the pickers follow at once


@pytest.mark.parametrize(
    ("kind", "fill", "expected", "secret"),
    [
        (
            "digest",
            {"username": "dave", "password": "dg-pw", "realm": "R", "scope": "api.test:8443"},
            Auth("digest", username="dave", realm="R", scope="api.test:8443"),
            "dg-pw",
        ),
        ("bearer", {"token": "tok-123"}, Auth("bearer"), "tok-123"),
        (
            "apikey",
            {"key_name": "X-Api-Key", "key_value": "k-9"},
            Auth("apikey", key_name="X-Api-Key"),
            "k-9",
        ),
    ],
)
def test_add_each_auth_kind(
    dialog: ProfilesDialog,
    qtbot: QtBot,
    memory_keyring: MemoryKeyring,
    kind: str,
    fill: dict[str, str],
    expected: Auth,
    secret: str,
) -> None:
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    type_in(qtbot, form.name, f"My {kind}")
    pick(form.kind, kind)
    for field, text in fill.items():
        type_in(qtbot, getattr(form, field), text)
    save(qtbot, dialog)
    assert dialog.error.text() == ""
    assert ProfileStore().auth(f"My {kind}").auth == expected
    assert list(memory_keyring.values.values()) == [secret]


def test_an_api_key_in_the_query_string(dialog: ProfilesDialog, qtbot: QtBot) -> None:
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    type_in(qtbot, form.name, "Query key")
    pick(form.kind, "apikey")
    type_in(qtbot, form.key_name, "api_key")
    type_in(qtbot, form.key_value, "k-1")
    pick(form.key_in, "query")
    save(qtbot, dialog)
    assert ProfileStore().auth("Query key").auth == Auth(
        "apikey", key_name="api_key", key_in="query"
    )


def test_values_on_another_kinds_page_are_not_saved(dialog: ProfilesDialog, qtbot: QtBot) -> None:
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    type_in(qtbot, form.name, "Token")
    type_in(qtbot, form.username, "left-over")
    pick(form.kind, "bearer")
    type_in(qtbot, form.token, "tok")
    save(qtbot, dialog)
    assert ProfileStore().auth("Token").auth == Auth("bearer")


@pytest.mark.parametrize("mode", ["system", "direct"])
def test_add_system_and_direct_proxy_profiles(
    dialog: ProfilesDialog, qtbot: QtBot, mode: str
) -> None:
    dialog.add_proxy_action.trigger()
    form = proxy_form(dialog)
    type_in(qtbot, form.name, f"{mode} proxy")
    pick(form.mode, mode)
    save(qtbot, dialog)
    assert dialog.error.text() == ""
    assert ProfileStore().proxy(f"{mode} proxy").proxy == Proxy(mode)  # type: ignore[arg-type]


def test_add_a_manual_proxy_profile(
    dialog: ProfilesDialog, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog.add_proxy_action.trigger()
    form = proxy_form(dialog)
    assert form.mode.currentData() == "manual"
    type_in(qtbot, form.name, "Corp proxy")
    type_in(qtbot, form.url, "http://127.0.0.1:3128")
    type_in(qtbot, form.https_url, "http://127.0.0.1:3129")
    type_in(qtbot, form.username, "bob")
    type_in(qtbot, form.password, "proxy-pw")
    type_in(qtbot, form.no_proxy, "localhost, .internal.example")
    save(qtbot, dialog)
    assert dialog.error.text() == ""
    assert ProfileStore().proxy("Corp proxy").proxy == Proxy(
        "manual",
        url="http://127.0.0.1:3128",
        https_url="http://127.0.0.1:3129",
        username="bob",
        no_proxy=("localhost", ".internal.example"),
    )
    assert list(memory_keyring.values.values()) == ["proxy-pw"]
    assert dialog.list.chosen_key() == ("proxy", "Corp proxy")


def test_the_system_page_shows_the_detected_proxy(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("https_proxy", "http://corp.example:3128")
    monkeypatch.setenv("no_proxy", "localhost,.corp")
    dialog = open_dialog(window, qtbot, "proxy")
    dialog.add_proxy_action.trigger()
    form = proxy_form(dialog)
    pick(form.mode, "system")
    text = form.system.text()
    assert "http://corp.example:3128" in text
    assert "localhost,.corp" in text
    assert "http_proxy" in text
    assert "(not set)" in text
    assert form.system.isVisible()


def test_the_system_page_masks_a_password_in_the_detected_proxy(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", "http://u:ENV-pw-77@127.0.0.1:3128")
    monkeypatch.setenv("https_proxy", "u:ENV-pw-77@127.0.0.1:3129")
    dialog = open_dialog(window, qtbot, "proxy")
    dialog.add_proxy_action.trigger()
    form = proxy_form(dialog)
    pick(form.mode, "system")
    text = form.system.text()
    assert "ENV-pw-77" not in text
    assert "http://u:***@127.0.0.1:3128" in text
    assert "u:***@127.0.0.1:3129" in text


def test_a_saved_proxy_url_with_a_password_is_masked_in_the_list(
    window: MainWindow, qtbot: QtBot
) -> None:
    # A profiles file from before URL passwords were refused.
    data = {
        "schema": "workbench.profiles/1",
        "proxy": [{"name": "Old", "mode": "manual", "url": "http://pu:FILE-pw-8@127.0.0.1:1"}],
    }
    paths.profiles_file().parent.mkdir(parents=True, exist_ok=True)
    paths.profiles_file().write_text(json.dumps(data))
    dialog = open_dialog(window, qtbot, "proxy")
    items = [dialog.list.item(row) for row in range(dialog.list.count())]
    tips = [item.toolTip() for item in items if item.data(profile_list.KEY) == "proxy:Old"]
    assert tips == ["Manual · http://pu:***@127.0.0.1:1"]


def test_editing_keeps_the_stored_secret_when_its_field_is_left_empty(
    dialog: ProfilesDialog, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    add_basic(qtbot, dialog)
    ref = ProfileStore().auth("Staging Basic").secret_ref
    form = auth_form(dialog)
    assert form.password.placeholderText() == "leave empty to keep the stored one"
    type_in(qtbot, form.realm, "Other realm")
    save(qtbot, dialog)
    saved = ProfileStore().auth("Staging Basic")
    assert saved.auth.realm == "Other realm"
    assert saved.secret_ref == ref
    assert list(memory_keyring.values.values()) == [PASSWORD]
    type_in(qtbot, form.password, "new-pw")
    save(qtbot, dialog)
    assert list(memory_keyring.values.values()) == ["new-pw"]  # the old one is forgotten


def test_duplicate_copies_the_secret_under_a_new_name(
    dialog: ProfilesDialog, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    add_basic(qtbot, dialog)
    click(qtbot, dialog.duplicate_button)
    idle(qtbot, dialog)
    store = ProfileStore()
    copy = store.auth("Staging Basic copy")
    assert copy.auth == store.auth("Staging Basic").auth
    assert copy.secret_ref != store.auth("Staging Basic").secret_ref
    assert store.secrets.get(copy.secret_ref) == PASSWORD
    assert dialog.list.chosen_key() == ("auth", "Staging Basic copy")
    choose(dialog, "auth", "Staging Basic")
    click(qtbot, dialog.duplicate_button)
    idle(qtbot, dialog)
    assert dialog.list.chosen_key() == ("auth", "Staging Basic copy 2")


def test_rename_warns_about_saved_requests_and_keeps_the_secret(
    dialog: ProfilesDialog,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    window: MainWindow,
) -> None:
    add_basic(qtbot, dialog)
    collection_using(auth="Staging Basic")
    tab = window.current_tab()
    tab.editor.auth.set_profile("Staging Basic")
    asked: list[tuple[str, str]] = []

    def agree(_parent: object, _title: str, text: str, details: str, _action: str) -> bool:
        asked.append((text, details))
        return True

    monkeypatch.setattr(profile_list, "ask_name", lambda *args: "Prod Basic")
    monkeypatch.setattr(profile_list, "confirm", agree)
    click(qtbot, dialog.rename_button)
    idle(qtbot, dialog)
    assert asked
    assert "1 saved request(s)" in asked[0][0]
    assert "Team API / Get user" in asked[0][1]
    assert "Health" not in asked[0][1]
    store = ProfileStore()
    assert [p.name for p in store.load().auth] == ["Prod Basic"]
    assert store.secrets.get(store.auth("Prod Basic").secret_ref) == PASSWORD
    assert dialog.list.chosen_key() == ("auth", "Prod Basic")
    assert tab.editor.auth.profile == "Prod Basic"  # the open tab follows


def test_rename_to_a_taken_name_is_refused(
    dialog: ProfilesDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_basic(qtbot, dialog)
    add_basic(qtbot, dialog, "Other")
    before = paths.profiles_file().read_bytes()
    monkeypatch.setattr(profile_list, "ask_name", lambda *args: "STAGING BASIC")
    click(qtbot, dialog.rename_button)
    idle(qtbot, dialog)
    assert "already exists" in dialog.error.text()
    assert paths.profiles_file().read_bytes() == before


def test_rename_with_the_name_field_and_save(dialog: ProfilesDialog, qtbot: QtBot) -> None:
    add_basic(qtbot, dialog)
    form = auth_form(dialog)
    type_in(qtbot, form.name, "Renamed")
    save(qtbot, dialog)
    assert [p.name for p in ProfileStore().load().auth] == ["Renamed"]
    assert listed(dialog) == ["auth:Renamed"]


def test_delete_warns_and_lists_the_saved_requests_that_use_the_profile(
    dialog: ProfilesDialog,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    add_basic(qtbot, dialog)
    collection_using(auth="Staging Basic")
    collection_using(auth="Someone else", name="Other API")
    answers = [False, True]
    asked: list[tuple[str, str, str]] = []

    def fake_confirm(_parent: object, title: str, text: str, details: str, _action: str) -> bool:
        asked.append((title, text, details))
        return answers.pop(0)

    monkeypatch.setattr(profile_list, "confirm", fake_confirm)
    click(qtbot, dialog.delete_button)
    idle(qtbot, dialog)
    title, text, details = asked[0]
    assert title == "Delete profile"
    assert "1 saved request(s) use the auth profile 'Staging Basic'" in text
    assert details.splitlines()[0] == "• Team API / Get user"
    assert "Other API" not in details
    assert "Staging Basic" in ProfileStore().load().names()  # the answer was no
    click(qtbot, dialog.delete_button)
    idle(qtbot, dialog)
    assert ProfileStore().load().names() == []
    assert memory_keyring.values == {}  # its secret went with it
    assert listed(dialog) == []
    assert dialog.stack.currentWidget() is dialog.placeholder


def test_delete_lists_requests_that_inherit_the_profile_from_their_collection(
    dialog: ProfilesDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.store.collections import Collection, default_collections

    add_basic(qtbot, dialog)
    collection_using()  # its requests name no profile themselves
    collection = Collection.open(default_collections()[0])
    collection.save_settings("", collection.settings("")._replace(auth_profile="Staging Basic"))
    asked = refused_delete(qtbot, dialog, monkeypatch)
    assert asked[0].splitlines()[:2] == [
        "• Team API / Get user (inherited from the collection)",
        "• Team API / Health (inherited from the collection)",
    ]
    assert "Staging Basic" in ProfileStore().load().names()


def test_delete_lists_requests_of_an_opened_collection_that_inherit_from_a_folder(
    dialog: ProfilesDialog,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    add_basic(qtbot, dialog)
    team = create_collection("Elsewhere", tmp_path)  # not in the app's collections folder
    team.add_folder("", "Admin")
    team.save_settings("Admin", FolderSettings(auth_profile="Staging Basic"))
    team.add_request("Admin", SavedRequest("Users", RequestSpec("http://127.0.0.1:9/u")))
    team.add_request("", SavedRequest("Health", RequestSpec("http://127.0.0.1:9/")))
    open_and_wait(qtbot, window, team.root)
    window.save_state()  # the scan reads the opened folders from the window state file
    qtbot.waitUntil(
        lambda: str(team.root.resolve()) in json.dumps(window_state.load().state), timeout=10_000
    )
    asked = refused_delete(qtbot, dialog, monkeypatch)
    assert asked[0].splitlines()[:2] == [
        "• Elsewhere / Admin/Users (inherited from folder 'Admin')",
        "",
    ]
    assert "Staging Basic" in ProfileStore().load().names()


def refused_delete(
    qtbot: QtBot, dialog: ProfilesDialog, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Press Delete and refuse at the question; the requests it listed, as the details shown."""
    asked: list[str] = []

    def refuse(_parent: object, _title: str, _text: str, details: str, _action: str) -> bool:
        asked.append(details)
        return False

    monkeypatch.setattr(profile_list, "confirm", refuse)
    click(qtbot, dialog.delete_button)
    idle(qtbot, dialog)
    return asked


def test_delete_of_an_unused_profile_just_asks(
    dialog: ProfilesDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_basic(qtbot, dialog)
    asked: list[str] = []

    def agree(_parent: object, _title: str, text: str, *_: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(profile_list, "confirm", agree)
    click(qtbot, dialog.delete_button)
    idle(qtbot, dialog)
    assert asked == ["Delete the auth profile 'Staging Basic' and its stored secret?"]
    assert ProfileStore().load().names() == []


def test_leaving_unsaved_edits_asks_first(
    dialog: ProfilesDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_basic(qtbot, dialog, "A")
    add_basic(qtbot, dialog, "B")
    form = auth_form(dialog)
    type_in(qtbot, form.username, "edited")
    answers = [False, True]
    monkeypatch.setattr(profile_list, "confirm", lambda *args: answers.pop(0))
    choose(dialog, "auth", "A")
    assert dialog.list.chosen_key() == ("auth", "B")
    assert form.username.text() == "edited"
    choose(dialog, "auth", "A")
    assert form.name.text() == "A"
    assert form.username.text() == "alice"


def test_secret_fields_are_masked_with_a_reveal_toggle(dialog: ProfilesDialog) -> None:
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    for edit in (form.password, form.token, form.key_value, proxy_form(dialog).password):
        assert edit.echoMode() == QLineEdit.EchoMode.Password
        edit.actions()[0].trigger()
        assert edit.echoMode() == QLineEdit.EchoMode.Normal
        edit.actions()[0].trigger()
        assert edit.echoMode() == QLineEdit.EchoMode.Password
