"""Profile TLS files, wrong values and a failing store: a message at the field, nothing half-saved or lost."""

from __future__ import annotations

from pathlib import Path

import pytest
import trustme
from profile_fixtures import (
    PASSWORD,
    MemoryKeyring,
    add_basic,
    auth_form,
    choose,
    click,
    dialog_fixture,  # noqa: F401  (fixture)
    memory_keyring_fixture,  # noqa: F401  (fixture)
    open_dialog,
    pick,
    proxy_form,
    save,
    type_in,
)
from pytestqt.qtbot import QtBot

from workbench.engine.spec import TLS
from workbench.store import paths
from workbench.store.profiles import ProfileStore
from workbench.ui.main_window import MainWindow
from workbench.ui.profiles_dialog import ProfilesDialog


def test_tls_settings_travel_with_the_profile(
    dialog: ProfilesDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    ca = trustme.CA()
    ca_file, cert_file, key_file = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    client = ca.issue_cert("client@example")
    client.cert_chain_pems[0].write_to_path(str(cert_file))
    client.private_key_pem.write_to_path(str(key_file))
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    type_in(qtbot, form.name, "mTLS")
    pick(form.kind, "bearer")
    type_in(qtbot, form.token, "t")
    type_in(qtbot, form.tls.ca_file.line, str(ca_file))
    type_in(qtbot, form.tls.client_cert.line, str(cert_file))
    type_in(qtbot, form.tls.client_key.line, str(key_file))
    click(qtbot, form.tls.verify)
    save(qtbot, dialog)
    assert dialog.error.text() == ""
    assert ProfileStore().auth("mTLS").tls == TLS(
        False, str(ca_file), str(cert_file), str(key_file)
    )
    choose(dialog, "auth", "mTLS")
    assert form.tls.ca_file.path() == str(ca_file)
    assert not form.tls.verify.isChecked()


@pytest.mark.parametrize(
    ("field", "content", "words"),
    [
        ("ca_file", None, "cannot be used"),
        ("ca_file", b"not a certificate", "cannot be used"),
        ("client_cert", None, "client certificate cannot be used"),
        ("client_key", b"", "without its certificate"),
    ],
)
def test_unreadable_certificate_files_are_marked_and_nothing_is_saved(
    dialog: ProfilesDialog,
    qtbot: QtBot,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    field: str,
    content: bytes | None,
    words: str,
) -> None:
    path = tmp_path / "file.pem"
    if content is not None:
        path.write_bytes(content)
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    type_in(qtbot, form.name, "With TLS")
    type_in(qtbot, form.username, "alice")
    type_in(qtbot, form.password, PASSWORD)
    type_in(qtbot, getattr(form.tls, field).line, str(path))
    save(qtbot, dialog)
    mark = form.marks.by_field[field]
    assert words in mark.message
    assert getattr(form.tls, field).line.property("invalid") is True
    assert not paths.profiles_file().exists()
    assert memory_keyring.values == {}  # the secret stored first was taken back
    assert form.password.text() == PASSWORD  # what was typed is still there
    assert dialog.list.chosen_key() is None


AUTH_CASES = [
    ("basic", {"username": ""}, "username", "needs a user name"),
    ("basic", {"username": "a:b"}, "username", "cannot contain ':'"),
    ("basic", {"scope": "not a url/x"}, "scope", "neither a full URL"),
    ("basic", {"scope": "ftp://files.example"}, "scope", "starts with http"),
    ("basic", {"scope": "host:99999"}, "scope", "out of range"),
    ("digest", {"realm": 'say "hi"'}, "realm", "double quote"),
    ("bearer", {"token": ""}, "token", "needs the token"),
    ("bearer", {"token": "a\nb"}, "token", "line feed"),
    ("apikey", {"key_name": ""}, "key_name", "needs the key's name"),
    ("apikey", {"key_name": "X Key"}, "key_name", ""),
    ("apikey", {"key_value": ""}, "key_value", "needs the key's value"),
]


@pytest.mark.parametrize(("kind", "typed", "field", "words"), AUTH_CASES)
def test_wrong_auth_values_are_marked_at_their_field(
    dialog: ProfilesDialog,
    qtbot: QtBot,
    kind: str,
    typed: dict[str, str],
    field: str,
    words: str,
) -> None:
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    pick(form.kind, kind)
    good = {"username": "alice", "password": "pw", "token": "t", "key_name": "k", "key_value": "v"}
    for name, text in (good | typed).items():
        type_in(qtbot, getattr(form, name), text)
    mark = form.marks.by_field[field]
    if typed[field]:
        assert mark.message, "shown while typing"
    click(qtbot, dialog.save_button)
    assert words in mark.message
    assert mark.message
    assert mark.field.property("invalid") is True
    assert "fix the marked fields" in dialog.error.text()
    assert not paths.profiles_file().exists()
    assert getattr(form, field).text() == typed[field]
    type_in(qtbot, getattr(form, field), good.get(field, "") if field != "scope" else "")
    if field == "realm":
        type_in(qtbot, form.realm, "R")
    assert not mark.message  # fixed as typed


PROXY_CASES = [
    ({"url": ""}, "url", "needs a proxy URL"),
    ({"url": "proxy.example:3128"}, "url", "needs a scheme"),
    ({"url": "http://proxy.example:99999"}, "url", "out of range"),
    ({"url": "http://proxy.example:port"}, "url", "not a number"),
    ({"https_url": "proxy:1"}, "https_url", "needs a scheme"),
    ({"no_proxy": "a b, .ok"}, "no_proxy", "should be a host"),
    ({"no_proxy": "localhost,,x"}, "no_proxy", "entry is empty"),
    ({"username": "", "password": "pw"}, "password", "needs a user name"),
    ({"url": "http://pu:pw-Url-4@127.0.0.1:3128"}, "url", "in the User name and Password fields"),
    ({"https_url": "http://pu:pw-Url-4@127.0.0.1:1"}, "https_url", "kept in the keyring"),
    ({"url": "http://pu@127.0.0.1:3128"}, "url", "put it in the User name field"),
]


@pytest.mark.parametrize(("typed", "field", "words"), PROXY_CASES)
def test_wrong_proxy_values_are_marked_at_their_field(
    dialog: ProfilesDialog, qtbot: QtBot, typed: dict[str, str], field: str, words: str
) -> None:
    dialog.add_proxy_action.trigger()
    form = proxy_form(dialog)
    good = {"url": "http://127.0.0.1:3128", "username": "u", "password": ""}
    for name, text in (good | typed).items():
        type_in(qtbot, getattr(form, name), text)
    click(qtbot, dialog.save_button)
    mark = form.marks.by_field[field]
    assert words in mark.message
    assert mark.field.property("invalid") is True
    assert not paths.profiles_file().exists()
    assert getattr(form, field).text() == typed[field]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "The name is empty."),
        ("  padded", "starts or ends with a space"),
        ("staging basic", "already exists"),
    ],
)
def test_empty_padded_or_duplicate_names_are_refused(
    dialog: ProfilesDialog, qtbot: QtBot, typed: str, words: str
) -> None:
    add_basic(qtbot, dialog)
    before = paths.profiles_file().read_bytes()
    dialog.add_proxy_action.trigger()
    form = proxy_form(dialog)
    type_in(qtbot, form.url, "http://127.0.0.1:3128")
    type_in(qtbot, form.name, typed)
    click(qtbot, dialog.save_button)
    assert words in form.marks.by_field["name"].message
    assert paths.profiles_file().read_bytes() == before


def test_a_keyring_failing_while_saving_changes_nothing_and_loses_nothing(
    dialog: ProfilesDialog, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    add_basic(qtbot, dialog)
    before = paths.profiles_file().read_bytes()
    stored = dict(memory_keyring.values)
    form = auth_form(dialog)
    type_in(qtbot, form.username, "bob")
    type_in(qtbot, form.password, "new-password")
    memory_keyring.failing = True
    save(qtbot, dialog)
    assert "could not save the secret" in dialog.error.text()
    assert "Nothing was changed" in dialog.error.text()
    assert dialog.error.isVisible()
    assert paths.profiles_file().read_bytes() == before
    assert form.username.text() == "bob"
    assert form.password.text() == "new-password"
    memory_keyring.failing = False
    assert memory_keyring.values == stored
    save(qtbot, dialog)  # the same form, saved once the keyring works again
    assert dialog.error.text() == ""
    assert ProfileStore().auth("Staging Basic").auth.username == "bob"
    assert list(memory_keyring.values.values()) == ["new-password"]


def test_a_new_profile_is_not_written_when_the_keyring_fails(
    dialog: ProfilesDialog, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.failing = True
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    type_in(qtbot, form.name, "Token")
    pick(form.kind, "bearer")
    type_in(qtbot, form.token, "tok-1")
    save(qtbot, dialog)
    assert "keyring" in dialog.error.text()
    assert not paths.profiles_file().exists()
    assert form.token.text() == "tok-1"
    assert "not saved yet" in dialog.title.text()


def test_an_unreadable_profiles_file_is_reported_and_left_alone(
    window: MainWindow, qtbot: QtBot
) -> None:
    paths.profiles_file().write_text("{ not json")
    dialog = open_dialog(window, qtbot)
    assert "cannot be read" in dialog.error.text()
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    type_in(qtbot, form.name, "X")
    type_in(qtbot, form.username, "alice")
    save(qtbot, dialog)
    assert "cannot be read" in dialog.error.text()
    assert paths.profiles_file().read_text() == "{ not json"


def test_a_missing_secret_is_shown_on_the_form(
    dialog: ProfilesDialog, qtbot: QtBot, memory_keyring: MemoryKeyring, window: MainWindow
) -> None:
    add_basic(qtbot, dialog)
    memory_keyring.values.clear()
    dialog.hide()
    dialog = open_dialog(window, qtbot, "auth", "Staging Basic")
    assert "missing from system keyring" in auth_form(dialog).secret_note.text()
