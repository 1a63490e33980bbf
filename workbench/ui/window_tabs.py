"""The main window's request tabs: opened, restored, left waiting, closed, titled.

Mixed into `MainWindow`. A restored tab that is not on display stands in the tab bar as its title
(`add_waiting_tab`) until the window builds it right after its first frame, or as soon as it is shown,
closed or asked for: building and restoring a request tab costs ~2.5 ms, which a window reopening
many would otherwise spend before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTabBar, QToolButton, QWidget

from workbench.ui import icons
from workbench.ui.request_form import request_title
from workbench.ui.request_tab import RequestTab, saved_title

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMainWindow, QTabWidget

    from workbench.ui.collection_window import CollectionsUi
    from workbench.ui.send_job import JobReaper, Preparer
    from workbench.ui.window_features import WindowFeatures

    class _Window(QMainWindow):
        """What the tabs need of the window they are mixed into (`MainWindow`)."""

        tabs: QTabWidget
        reaper: JobReaper
        preparer_factories: list[Callable[[RequestTab], Preparer]]
        collections: CollectionsUi

        def build_features(self) -> WindowFeatures: ...
        def schedule_save(self) -> None: ...
        def _watch_tab(self, tab: RequestTab, state: dict[str, Any] | None) -> None: ...
        def _on_tab_edited(self) -> None: ...
        def _on_running_changed(self, running: bool) -> None: ...
        def _on_message(self, text: str) -> None: ...

else:
    _Window = object


class WindowTabs(_Window):
    """Opens, restores, closes and titles the window's request tabs."""

    def _init_tabs(self) -> None:
        self._waiting_tabs = False
        """Some tabs stand in waiting (`add_waiting_tab`)."""

    def current_tab(self) -> RequestTab:
        """The request tab on display."""
        tab = self.tabs.currentWidget()
        assert isinstance(tab, RequestTab)
        return tab

    def request_tabs(self) -> list[RequestTab]:
        """Every request tab, in tab order (those left waiting built now)."""
        self.build_waiting_tabs()
        return [
            t for i in range(self.tabs.count()) if isinstance(t := self.tabs.widget(i), RequestTab)
        ]

    def add_tab(self, state: dict[str, Any] | None = None) -> RequestTab:
        """Open a request tab (restored from `state` when given) and show it."""
        tab = self._make_tab(state)
        if not state and self.tabs.count():
            tab.splitter.setSizes(
                self.current_tab().splitter.sizes()
            )  # new tabs look like this one
        index = self.tabs.addTab(tab, tab.title())
        self.tabs.tabBar().setTabButton(
            index, QTabBar.ButtonPosition.RightSide, self._close_button()
        )
        self.tabs.setCurrentIndex(index)
        self._update_tab_title(tab)
        return tab

    def add_waiting_tab(self, state: dict[str, Any]) -> None:
        """A restored tab that is not on display: its title in the tab bar now, the tab itself
        built after the first frame (`build_waiting_tabs`), or as soon as it is shown or asked for.
        Each request tab costs ~2.5 ms to build and restore; a window reopening ten of them would
        otherwise wait that long ten times before its first frame."""
        title = saved_title(state) or request_title(
            str(state.get("method", "GET")), str(state.get("url", ""))
        )
        self._waiting_tabs = True
        self.tabs.blockSignals(True)  # a first tab becomes current by itself: no reason to build it
        try:
            index = self.tabs.addTab(WaitingTab(state, self.tabs), title)
        finally:
            self.tabs.blockSignals(False)
        self.tabs.setTabToolTip(index, str(state.get("url", "")) or title)
        self.tabs.tabBar().setTabButton(
            index, QTabBar.ButtonPosition.RightSide, self._close_button()
        )

    def build_waiting_tabs(self) -> None:
        """Build the tabs `add_waiting_tab` left waiting, in their places; the shown tab stays."""
        if not self._waiting_tabs:
            return
        self._waiting_tabs = False
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)  # the swaps are no change of tab
        try:
            for index in range(self.tabs.count()):
                stand_in = self.tabs.widget(index)
                if not isinstance(stand_in, WaitingTab):
                    continue
                tab = self._make_tab(stand_in.state)
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, tab, tab.title())
                self.tabs.tabBar().setTabButton(
                    index, QTabBar.ButtonPosition.RightSide, self._close_button()
                )
                self._update_tab_title(tab)
                stand_in.deleteLater()
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(False)

    def _make_tab(self, state: dict[str, Any] | None) -> RequestTab:
        tab = RequestTab(self.tabs)
        tab.preparer_factories = self.preparer_factories
        tab.before_send = self.build_features  # variables, profiles, history: never sent without
        if state:
            tab.restore(state)
        tab.edited.connect(self._on_tab_edited)
        tab.running_changed.connect(self._on_running_changed)
        tab.message.connect(self._on_message)
        self._watch_tab(tab, state)
        return tab

    def _close_button(self) -> QToolButton:
        button = QToolButton(self.tabs)
        button.setIcon(icons.icon("close"))
        button.setToolTip("Close tab (Ctrl+W)")
        button.setAccessibleName("Close tab")
        button.setAutoRaise(True)
        side = self.fontMetrics().height()
        button.setIconSize(QSize(side * 2 // 3, side * 2 // 3))
        button.clicked.connect(self._on_close_button_clicked)
        return button

    @Slot()
    def _on_close_button_clicked(self) -> None:
        bar = self.tabs.tabBar()
        for index in range(bar.count()):
            if bar.tabButton(index, QTabBar.ButtonPosition.RightSide) is self.sender():
                self.close_tab(index)
                return

    @Slot()
    def new_tab(self) -> None:
        """Ctrl+T: a fresh request, the URL field focused."""
        self.add_tab().url_bar.url.setFocus()
        self.schedule_save()

    @Slot(int)
    def close_tab(self, index: int) -> None:
        """Close a tab; its running sends are cancelled. The last tab is replaced by a fresh one."""
        self.build_waiting_tabs()
        tab = self.tabs.widget(index)
        if not isinstance(tab, RequestTab) or not self.collections.may_close(tab):
            return
        tab.hand_over(self.reaper)
        self.tabs.removeTab(index)
        tab.deleteLater()
        if self.tabs.count() == 0:
            self.add_tab()
        self.schedule_save()

    @Slot()
    def close_current_tab(self) -> None:
        """Ctrl+W."""
        self.close_tab(self.tabs.currentIndex())

    @Slot()
    def next_tab(self) -> None:
        """Ctrl+Tab."""
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    @Slot()
    def previous_tab(self) -> None:
        """Ctrl+Shift+Tab."""
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def _update_tab_title(self, tab: RequestTab) -> None:
        index = self.tabs.indexOf(tab)
        if index < 0:
            return
        title = tab.title()
        self.tabs.setTabText(index, title)
        self.tabs.setTabToolTip(index, tab.url_bar.url.text() or title)
        self.tabs.setTabIcon(index, icons.icon("running") if tab.is_running() else QIcon())
        if tab is self.tabs.currentWidget():
            self.setWindowTitle(f"{title} — Workbench")


class WaitingTab(QWidget):
    """Stands in the tab bar for a restored tab not on display, with its saved `state`, until the
    window builds the tab (`MainWindow.build_waiting_tabs`)."""

    def __init__(self, state: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
