"""Credentials typed into a tab survive a restart without ever being written to the state file."""

from __future__ import annotations

import os
from pathlib import Path

from collection_helpers import all_text
from pytestqt.qtbot import QtBot

from workbench.app import create_window
from workbench.engine.spec import Field
from workbench.store import paths
from workbench.ui.main_window import MainWindow

URL = "http://alice:URLPASS_7781@127.0.0.1:9/get?api_key=QKEY_5521&page=2"
SECRETS = ("URLPASS_7781", "QKEY_5521", "HDRTOKEN_9911", "FORMPW_1234")


def _type_secrets(window: MainWindow) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText(URL)
    tab.editor.headers.model.set_rows([Field("Authorization", "Bearer HDRTOKEN_9911")])
    body = tab.editor.body
    body.set_kind("form")
    body.form_model.set_rows([Field("password", "FORMPW_1234"), Field("user", "alice")])


def test_typed_credentials_are_kept_in_the_secret_store_not_the_state_file(
    window: MainWindow, qtbot: QtBot
) -> None:
    _type_secrets(window)
    window.keeper.save_now()
    state = paths.window_state_file().read_text("utf-8")
    assert "page=2" in state  # the rest is there
    home = Path(os.environ["WORKBENCH_HOME"])
    text = all_text(home, skip=(paths.secrets_file(),))
    for secret in SECRETS:
        assert secret not in text
        assert secret in paths.secrets_file().read_text("utf-8")  # 0600, the keyring's stand-in
    window.close()

    again = create_window()
    qtbot.addWidget(again)
    again.show()
    tab = again.current_tab()
    qtbot.waitUntil(lambda: tab.url_bar.url.text() == URL, timeout=10_000)
    assert tab.editor.header_rows() == [Field("Authorization", "Bearer HDRTOKEN_9911")]
    assert tab.form.draft().body.fields[0] == Field("password", "FORMPW_1234")


def test_when_none_are_left_the_store_forgets_them(window: MainWindow) -> None:
    _type_secrets(window)
    window.keeper.save_now()
    tab = window.current_tab()
    tab.url_bar.url.setText("http://127.0.0.1:9/get?page=2")
    tab.editor.headers.model.set_rows([])
    tab.editor.body.form_model.set_rows([])
    window.keeper.save_now()
    kept = paths.secrets_file().read_text("utf-8") if paths.secrets_file().exists() else ""
    for secret in SECRETS:
        assert secret not in kept
