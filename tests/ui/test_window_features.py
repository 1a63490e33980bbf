"""History, collections, profiles, import/export, playground and tour are built after the first frame.

Until then the window shows and edits requests; whatever asks for a feature sooner (a menu action,
the environment bar, the state) builds it at once, and the tabs opened meanwhile are handed over.
"""

from __future__ import annotations

import json
from pathlib import Path

from collection_helpers import open_and_wait, open_request, wait_idle
from PySide6.QtWidgets import QComboBox
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import stored_count

from workbench.app import create_window
from workbench.engine.spec import RequestSpec
from workbench.formats.model import SavedRequest
from workbench.store import paths
from workbench.store.collections import create_collection
from workbench.ui.environment_bar import NONE
from workbench.ui.import_paste import CurlPaste
from workbench.ui.main_window import MainWindow

WAIT_MS = 5000


def open_one_request(qtbot: QtBot, window: MainWindow, tmp_path: Path, name: str) -> None:
    """A collection holding one request, `name`, opened in the window's current tab."""
    collection = create_collection("Saved", tmp_path)
    collection.add_request("", SavedRequest(name, RequestSpec(url="http://127.0.0.1:9/u")))
    open_and_wait(qtbot, window, collection.root)
    open_request(qtbot, window, collection.root, f"{name}.wbreq.toml")


def test_the_features_wait_for_the_first_frame(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    second = window.add_tab()
    assert not window.features_built
    bar = window.environment_bar
    assert bar.isVisibleTo(window)
    assert bar.combo.currentText() == NONE  # as on a first start, before anything is read
    window.show()
    qtbot.waitUntil(lambda: window.features_built, timeout=WAIT_MS)
    for tab in window.request_tabs():  # the tabs opened before were handed over
        assert tab.findChild(CurlPaste) is not None
        assert tab.form.auth_profiles is not None
        assert tab.editor.auth.findChild(QComboBox, "authProfileCombo") is not None
    assert window.collections.environment_bar is bar
    assert bar.hub is window.collections.hub
    assert second is window.current_tab()


def test_a_tab_opened_after_them_is_handed_over_at_once(window: MainWindow) -> None:
    assert window.features_built
    tab = window.add_tab()
    assert tab.findChild(CurlPaste) is not None


def test_a_menu_action_builds_its_feature_when_triggered_early(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    assert not window.features_built
    window.action_map["profiles"].trigger()
    assert window.features_built
    dialog = window.profiles_ui.dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.close()


def test_the_environment_bar_used_early_loads_the_collections(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    bar = window.environment_bar
    assert bar.hub is None
    bar.manage()
    assert window.features_built
    assert bar.hub is window.collections.hub
    dialog = window.collections.hub.environment_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.close()


def test_a_restored_tab_shows_its_requests_name_before_the_collections_load(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """No flash of "GET /draft" before "• Get user": the title comes back with the tab's state."""
    open_one_request(qtbot, window, tmp_path, "Get user")
    window.current_tab().url_bar.url.setText("http://127.0.0.1:9/draft")
    window.close()
    state = json.loads(paths.window_state_file().read_text())
    assert [t.get("title") for t in state["tabs"] if "document" in t] == ["• Get user"]

    again = create_window()
    qtbot.addWidget(again)
    assert not again.features_built
    tab = next(t for t in again.request_tabs() if t.restored_title)
    index = again.tabs.indexOf(tab)
    assert again.tabs.tabText(index) == "• Get user"
    again.show()
    qtbot.waitUntil(lambda: again.features_built, timeout=WAIT_MS)
    wait_idle(qtbot, again)
    assert tab.document is not None
    assert tab.restored_title == ""
    assert again.tabs.tabText(index) == "• Get user"


def test_an_old_state_without_titles_still_links_its_tabs(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    open_one_request(qtbot, window, tmp_path, "Ping")
    window.close()
    state_file = paths.window_state_file()
    state = json.loads(state_file.read_text())
    for tab_state in state["tabs"]:
        tab_state.pop("title", None)
    state_file.write_text(json.dumps(state))

    again = create_window()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.features_built, timeout=WAIT_MS)
    wait_idle(qtbot, again)
    titles = [again.tabs.tabText(i) for i in range(again.tabs.count())]
    assert "Ping" in titles


def test_a_send_before_the_features_are_built_gets_them(
    qtbot: QtBot, httpserver: HTTPServer
) -> None:
    """Variables filled in, profiles applied, the send recorded: as for any send, however early."""
    httpserver.expect_request("/early").respond_with_data("ok")
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.runtime_variables["server"] = httpserver.url_for("").rstrip("/")
    tab = window.current_tab()
    tab.url_bar.url.setText("{{server}}/early")
    assert not window.features_built
    with qtbot.waitSignal(tab.exchange_shown, timeout=WAIT_MS) as sent:
        assert tab.send()
    assert window.features_built
    assert sent.args[0].response.status == 200
    assert [r.path for r, _ in httpserver.log] == ["/early"]
    qtbot.waitUntil(lambda: stored_count() == 1, timeout=WAIT_MS)
