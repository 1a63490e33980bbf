"""The request pages after Params are built on first use: until then the editor answers for them.

Each test compares a tab whose pages were never built with one whose pages were, so the shortcut
cannot drift from what the pages themselves give.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from workbench.engine.spec import Field
from workbench.ui.main_window import MainWindow
from workbench.ui.request_editor import PAGES
from workbench.ui.request_tab import RequestTab
from workbench.ui.startup import FirstFrame

LATER = list(PAGES)


def _fresh_tab(window: MainWindow) -> RequestTab:
    tab = window.add_tab()
    assert not any(tab.editor.is_built(name) for name in LATER)
    return tab


def test_a_new_tab_builds_only_params(window: MainWindow) -> None:
    tab = _fresh_tab(window)
    assert tab.editor.currentIndex() == 0


def test_unbuilt_pages_give_what_built_pages_give(window: MainWindow) -> None:
    lazy, built = _fresh_tab(window), _fresh_tab(window)
    for tab in (lazy, built):
        tab.url_bar.url.setText("http://127.0.0.1:1/x?a=1")
    built.build_all()
    assert all(built.editor.is_built(name) for name in LATER)
    assert lazy.form.spec() == built.form.spec()
    assert lazy.form.draft() == built.form.draft()
    assert lazy.form.state() == built.form.state()
    assert not any(lazy.editor.is_built(name) for name in LATER)  # answering built nothing


def test_a_restored_state_waits_in_the_editor_and_reaches_the_page(window: MainWindow) -> None:
    source = _fresh_tab(window)
    source.url_bar.url.setText("http://127.0.0.1:1/")
    source.editor.headers.model.set_rows([Field("X-Trace", "abc")])
    source.editor.auth.kind.setCurrentIndex(source.editor.auth.kind.findData("basic"))
    source.editor.auth.username.setText("alice")
    source.editor.options.timeout.setText("7")
    state: dict[str, Any] = source.form.state()

    target = _fresh_tab(window)
    target.form.restore(state)
    assert target.form.state() == state  # kept while unbuilt, secrets never stored
    assert not target.editor.is_built("auth")
    assert target.editor.header_rows() == [Field("X-Trace", "abc")]
    spec = target.form.draft()
    assert spec.auth.kind == "basic"
    assert spec.auth.username == "alice"
    assert spec.options.timeout == 7
    assert target.editor.auth.username.text() == "alice"  # building it applies the restore


def test_choosing_a_tab_builds_its_page(window: MainWindow, qtbot: QtBot) -> None:
    tab = _fresh_tab(window)
    window.tabs.setCurrentWidget(tab)
    tab.editor.setCurrentIndex(list(PAGES).index("auth") + 1)
    qtbot.waitUntil(lambda: tab.editor.is_built("auth"), timeout=5000)
    assert tab.editor.auth.isVisible()
    assert not tab.editor.is_built("body")


def test_restoring_is_not_an_edit_but_typing_on_a_late_page_is(window: MainWindow) -> None:
    tab = _fresh_tab(window)
    tab.form.restore({"url": "http://127.0.0.1:1/", "auth": {"kind": "basic", "username": "bob"}})
    edits: list[bool] = []
    tab.editor.edited.connect(lambda: edits.append(True))
    tab.editor.build_all()
    assert edits == [], "building a page with a restored state counted as an edit"
    tab.editor.auth.username.setText("carol")
    assert edits


def test_pickers_and_marks_arrive_when_the_page_is_built(window: MainWindow) -> None:
    tab = _fresh_tab(window)
    from workbench.ui.profile_pickers import ProfilePicker
    from workbench.ui.variable_marks import VariableDelegate

    auth = tab.editor.auth
    assert auth.findChildren(ProfilePicker), "the profile picker was not added to a late Auth page"
    assert isinstance(tab.editor.headers.table.itemDelegate(), VariableDelegate)
    assert isinstance(tab.editor.body.form_table.itemDelegate(), VariableDelegate)


def test_first_frame_holds_work_until_painted_or_the_fallback(qtbot: QtBot) -> None:
    frame = FirstFrame()
    ran: list[str] = []
    frame.later(lambda: ran.append("a"))
    assert ran == []
    frame.painted()
    qtbot.waitUntil(lambda: ran == ["a"], timeout=2000)
    frame.later(lambda: ran.append("b"))  # past the first frame: at once
    assert ran == ["a", "b"]

    unpainted = FirstFrame()
    unpainted.later(lambda: ran.append("c"))
    qtbot.waitUntil(lambda: "c" in ran, timeout=2000)  # never shown: the fallback timer runs it


def test_the_waiting_work_runs_a_piece_per_turn_of_the_event_loop(qtbot: QtBot) -> None:
    """What the user does right after the window appears waits for one piece, not for all."""
    from PySide6.QtCore import QTimer

    frame = FirstFrame()
    order: list[str] = []

    def first() -> None:
        order.append("first")
        QTimer.singleShot(0, lambda: order.append("an event"))

    frame.later(first)
    frame.later(lambda: order.append("second"))
    frame.painted()
    qtbot.waitUntil(lambda: frame.done, timeout=2000)
    assert order == ["first", "an event", "second"]

    at_once = FirstFrame()
    order.clear()
    at_once.later(first)
    at_once.later(lambda: order.append("second"))
    at_once.run()  # everything now, for whoever needs it done
    assert order == ["first", "second"]
    assert at_once.done


def test_a_failing_piece_does_not_strand_the_others(qtbot: QtBot) -> None:
    frame = FirstFrame()
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("a bug in one piece")

    frame.later(broken)
    frame.later(lambda: ran.append("after"))
    with qtbot.captureExceptions() as raised:
        frame.painted()
        qtbot.waitUntil(lambda: frame.done, timeout=2000)
    assert ran == ["after"]
    assert [str(e[1]) for e in raised] == ["a bug in one piece"]


def test_the_response_side_is_built_after_the_first_frame(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    tab = window.current_tab()
    assert not tab.is_response_built()
    placeholder = tab.splitter.widget(1)
    assert placeholder.objectName() == "responsePlaceholder"
    window.show()
    qtbot.waitUntil(tab.is_response_built, timeout=5000)
    assert tab.splitter.widget(1) is tab.response
    assert tab.splitter.count() == 2
    assert tab.response.isVisible()


def test_a_tab_opened_later_builds_its_response_at_once(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.first_frame.done, timeout=5000)
    assert window.add_tab().is_response_built()


def test_a_request_opened_from_a_file_stays_clean_when_its_pages_are_built(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from collection_helpers import open_and_wait, open_request

    from workbench.engine.spec import Auth, Body, Options, RequestSpec
    from workbench.formats.model import SavedRequest
    from workbench.store.collections import create_collection

    collection = create_collection("Lazy", tmp_path)
    spec = RequestSpec(
        url="http://127.0.0.1:9/x",
        method="POST",
        headers=(Field("X-Trace", "1"),),
        body=Body(kind="raw", text='{"a": 1}', content_type="application/json"),
        auth=Auth(kind="basic", username="alice", preemptive=True),
        options=Options(timeout=5.0, max_redirects=3),
    )
    collection.add_request("", SavedRequest("Full", spec))
    open_and_wait(qtbot, window, collection.root)
    open_request(qtbot, window, collection.root, "Full.wbreq.toml")
    tab = window.current_tab()
    document = tab.document
    assert document is not None
    assert not document.is_dirty()
    tab.build_all()
    assert not document.is_dirty()
    assert tab.form.spec() == spec


def test_closing_a_tab_whose_response_was_never_built_does_not_build_it(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    tab = window.current_tab()
    tab.hand_over(window.reaper)
    assert not tab.is_response_built()


def test_a_tab_closed_before_the_first_frame_is_left_alone(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.add_tab()
    window.close_tab(window.tabs.currentIndex())
    window.show()
    qtbot.waitUntil(lambda: window.first_frame.done, timeout=5000)
    qtbot.wait(10)  # the deleteLater of the closed tab and the waiting work both ran
    assert window.current_tab().is_response_built()


def test_only_the_shown_tab_builds_its_response_side(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    first = window.current_tab()
    second = window.add_tab()
    window.show()
    qtbot.waitUntil(second.is_response_built, timeout=5000)
    assert not first.is_response_built()  # in the background: built when shown
    window.tabs.setCurrentWidget(first)
    assert first.is_response_built()


def test_find_child_gives_the_current_tabs_part_even_when_another_tab_built_it(
    window: MainWindow,
) -> None:
    from PySide6.QtWidgets import QTableView

    other = window.current_tab()
    other.editor.build_all()
    current = window.add_tab()
    window.tabs.setCurrentWidget(current)
    assert not current.editor.is_built("headers")
    found = window.findChild(QTableView, "headersTable")
    assert found is current.editor.headers.table
    assert found is not other.editor.headers.table
    names = {w.objectName() for w in window.findChildren(QTableView)}
    assert "headersTable" in names


def test_building_the_response_side_keeps_the_split(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    tab = window.current_tab()
    window.first_frame.done = True  # hold the deferred build back: this test builds it itself
    window.show()
    qtbot.waitExposed(window)
    before = tab.splitter.sizes()
    assert not tab.is_response_built()
    assert abs(before[0] - before[1]) <= 2  # halves
    tab.build_response()
    qtbot.wait(50)  # the splitter lays the new side out from the event loop
    assert tab.splitter.sizes() == before


def test_the_sidebar_panels_are_built_after_the_first_frame(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    sidebar = window.sidebar
    assert sidebar.waiting()
    assert [sidebar.tabText(i) for i in range(sidebar.count())] == ["History", "Collections"]
    window.show()
    qtbot.waitUntil(lambda: not sidebar.waiting(), timeout=5000)
    assert [sidebar.widget(i).objectName() for i in range(sidebar.count())] == [
        "historyPanel",
        "collectionsPanel",
    ]
    assert sidebar.currentIndex() == 0  # the swap kept the page on show


def test_a_sidebar_panel_asked_for_early_is_built_at_once(qtbot: QtBot) -> None:
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    sidebar = window.sidebar
    sidebar.setCurrentIndex(1)  # choosing its tab builds it
    assert sidebar.widget(1).objectName() == "collectionsPanel"
    assert sidebar.currentIndex() == 1
    assert window.history_ui.panel.objectName() == "historyPanel"  # as does asking for it
    assert not sidebar.waiting()
