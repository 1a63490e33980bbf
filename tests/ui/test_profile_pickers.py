"""The Auth and Proxy tabs' profile pickers: choosing, managing, restoring after a restart."""

from __future__ import annotations

import pytest
from profile_fixtures import (
    WAIT_MS,
    memory_keyring_fixture,  # noqa: F401  (fixture)
    open_dialog,
    pick,
)
from profile_tab_fixtures import (
    combo,
    playground_fixture,  # noqa: F401  (fixture)
    profiles_fixture,  # noqa: F401  (fixture)
    summary,
    tab_fixture,  # noqa: F401  (fixture)
)
from pytestqt.qtbot import QtBot

from workbench.app import create_window
from workbench.ui.main_window import MainWindow
from workbench.ui.profile_pickers import MANAGE
from workbench.ui.request_tab import RequestTab


def test_the_pickers_list_inline_settings_the_profiles_and_manage(tab: RequestTab) -> None:
    auth = combo(tab, "auth")
    items = [auth.itemText(i) for i in range(auth.count())]
    assert items == [
        "Inline settings",
        "Staging Basic",
        "Token",
        "Wrong Basic",
        "",
        "Manage profiles…",
    ]
    proxy = combo(tab, "proxy")
    assert [proxy.itemText(i) for i in range(proxy.count())] == [
        "Inline settings",
        "Direct",
        "",
        "Manage profiles…",
    ]
    assert auth.currentIndex() == 0
    assert not summary(tab, "auth").isVisibleTo(tab)


def test_choosing_a_profile_greys_the_inline_form_and_shows_a_summary(tab: RequestTab) -> None:
    pick(combo(tab, "auth"), "Staging Basic")
    assert tab.editor.auth.profile == "Staging Basic"
    assert not tab.editor.auth.kind.isEnabled()
    assert not tab.editor.auth.pages.isEnabled()
    assert summary(tab, "auth").text().startswith("Basic · alice, realm Staging")
    pick(combo(tab, "proxy"), "Direct")
    assert not tab.editor.proxy.manual.isEnabled()
    assert not any(b.isEnabled() for b in tab.editor.proxy.modes.buttons())
    assert summary(tab, "proxy").text().startswith("Direct · no proxy")
    pick(combo(tab, "auth"), "")
    assert tab.editor.auth.profile == ""
    assert tab.editor.auth.kind.isEnabled()
    pick(combo(tab, "proxy"), "")
    tab.editor.proxy.set_mode("manual")
    assert tab.editor.proxy.manual.isEnabled()


def test_manage_profiles_opens_the_dialog_at_the_chosen_profile(
    tab: RequestTab, window: MainWindow, qtbot: QtBot
) -> None:
    pick(combo(tab, "auth"), "Token")
    pick(combo(tab, "auth"), MANAGE)
    dialog = window.profiles_ui.dialog
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.list.chosen_key() == ("auth", "Token"), timeout=WAIT_MS)
    assert combo(tab, "auth").currentData() == "Token"  # the choice itself did not change
    assert tab.editor.auth.profile == "Token"


def test_the_menu_opens_the_dialog(window: MainWindow, qtbot: QtBot) -> None:
    window.action_map["profiles"].trigger()
    dialog = window.profiles_ui.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert window.action_map["profiles"] in window.menus["Request"].actions()  # type: ignore[attr-defined]


def test_the_chosen_profiles_come_back_after_a_restart(
    tab: RequestTab, window: MainWindow, qtbot: QtBot
) -> None:
    pick(combo(tab, "auth"), "Token")
    pick(combo(tab, "proxy"), "Direct")
    window.close()
    again = create_window()
    qtbot.addWidget(again)
    again.build_features()  # as right after the first frame; the profiles list is read after that
    restored = again.current_tab()
    assert restored.editor.auth.profile == "Token"
    assert restored.editor.proxy.profile == "Direct"
    assert not restored.editor.auth.kind.isEnabled()
    assert combo(restored, "auth").currentData() == "Token"  # shown before the list is read
    qtbot.waitUntil(lambda: again.profiles_ui.book.profiles is not None, timeout=WAIT_MS)
    assert combo(restored, "auth").currentText() == "Token"
    assert summary(restored, "auth").text().startswith("Bearer token")
    assert combo(restored, "proxy").currentText() == "Direct"
    again.close()


def test_dialog_changes_reach_the_pickers(
    tab: RequestTab, window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.ui import profile_list

    pick(combo(tab, "auth"), "Token")
    dialog = open_dialog(window, qtbot, "auth", "Token")
    monkeypatch.setattr(profile_list, "confirm", lambda *args: True)
    dialog.delete_button.click()
    qtbot.waitUntil(
        lambda: (
            combo(tab, "auth").findData("Token") < 0
            or "missing" in combo(tab, "auth").currentText()
        ),
        timeout=WAIT_MS,
    )
    assert combo(tab, "auth").currentText() == "Token (missing)"
    assert "No saved auth profile is named 'Token'" in summary(tab, "auth").text()
    assert tab.editor.auth.profile == "Token"  # kept, so the person sees what was lost
