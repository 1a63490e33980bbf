"""The main window: wiring only. Request tabs, menus, autosave, the sidebar and the environment bar.

What the first frame shows is built in `MainWindow.__init__`; the features behind menus and sidebar
panels (`window_features`) are built straight after that frame, or when first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolButton,
    QWidget,
)

from workbench.ui import actions, icons
from workbench.ui.environment_bar import EnvironmentBar
from workbench.ui.feature_access import FeatureAccess
from workbench.ui.request_tab import RequestTab
from workbench.ui.send_job import JobReaper, Preparer, pool, warm_up
from workbench.ui.sidebar import COLLECTIONS_PANEL, HISTORY_PANEL, Sidebar
from workbench.ui.startup import FirstFrame
from workbench.ui.state_keeper import StateKeeper
from workbench.ui.window_tabs import WaitingTab, WindowTabs

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QAction

    from workbench.ui.about_dialog import AboutController
else:
    from workbench.ui.lazy_qt import Qt  # made on first use (see lazy_qt)

CLOSE_WAIT_MS = 3000


class MainWindow(WindowTabs, FeatureAccess, QMainWindow):
    """Tabs of requests; each runs its sends independently.

    Its tabs are handled by `WindowTabs`, its features reached through `FeatureAccess`."""

    def __init__(self, restore: bool = True) -> None:
        super().__init__()
        self.first_frame = FirstFrame(self)
        """Background work waits for the first paint (`FirstFrame.later` for more)."""
        self.setObjectName("mainWindow")
        self.setWindowTitle("Workbench")
        self.setWindowIcon(icons.icon("app"))
        self.tabs = QTabWidget(self)
        self.sidebar = Sidebar(self)
        # Horizontal, Qt's default. The parent by keyword: positionally, PySide would check it
        # against the (Qt.Orientation, parent) overload and build the `Qt` namespace (see lazy_qt).
        self.splitter = QSplitter(parent=self)
        self._lay_out()
        self.reaper = JobReaper(self)
        self.preparer_factories: list[Callable[[RequestTab], Preparer]] = []
        """Extension point: steps between a tab's editor and the engine, shared by every tab."""
        self.runtime_variables: dict[str, str] = {}
        """Variables the app itself sets (``{{playground}}`` while the playground runs); they
        win over collection and environment values."""
        self.statusBar()  # made now, so the first frame has the layout of the frames after it
        self.environment_bar = EnvironmentBar(self, ready=self.build_features)
        self.addToolBar(self.environment_bar)  # at the top
        self._init_features()
        self._init_tabs()
        self.menus = actions.menu_bar(self.menuBar())
        """The menus by title (without the ``&``); their entries come with `action_map`."""
        self._action_map: dict[str, QAction] | None = None
        self.keeper = StateKeeper(self)
        self.writer = self.keeper.writer
        self.tabs.currentChanged.connect(self._on_current_changed)
        self.tabs.tabBar().tabMoved.connect(self._on_tab_moved)
        self.resize(1280, 800)
        if restore:
            problem = self.keeper.restore()
            if problem:
                self.statusBar().showMessage(problem)
        if self.tabs.count() == 0:
            self.add_tab()
        self._update_actions()
        self._after_first_frame()
        warm_up()

    def _lay_out(self) -> None:
        """The sidebar left of the request tabs."""
        self.tabs.setObjectName("requestTabWidget")
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setCornerWidget(self._new_tab_button())  # top right
        # Their panels are built after the first frame, by the features (below).
        self.sidebar.add_lazy_panel(HISTORY_PANEL, "History", self._make_history_panel)
        self.sidebar.add_lazy_panel(COLLECTIONS_PANEL, "Collections", self._make_collections_panel)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # The sidebar may be dragged shut: on a narrow screen the tabs need the room.
        self.splitter.setCollapsible(0, True)
        self.setCentralWidget(self.splitter)

    @property
    def action_map(self) -> dict[str, QAction]:
        """Every action by key (`actions.ACTIONS`), in the menus: made right after the first frame
        (only the menus' titles are in it), or now when asked for sooner."""
        if self._action_map is None:
            self._action_map = actions.build(self)
            actions.fill_menus(self.menus, self._action_map)
            self._update_actions()
        return self._action_map

    def _build_actions(self) -> None:
        _ = self.action_map

    @cached_property
    def about_box(self) -> AboutController:
        """Help > About, made on first use."""
        from workbench.ui.about_dialog import AboutController

        return AboutController(self)

    def _new_tab_button(self) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icons.icon("add"))
        button.setToolTip("New tab (Ctrl+T)")
        button.setAccessibleName("New tab")
        button.setAutoRaise(True)
        button.clicked.connect(self.new_tab)
        return button

    # --- the contract for tests and automation ------------------------------------------------------
    def findChild(self, kind: Any, name: str = "", *args: Any) -> Any:
        """Like QObject.findChild, but the current tab's widgets come first (every tab has the same names).

        Parts of a tab built on first use (the Auth page...) are built when nothing else matches."""
        if self.tabs.count():
            tab = self.current_tab()
            found = QObject.findChild(tab, kind, name, *args)
            if found is None:  # before looking elsewhere: another tab may have the part built
                tab.build_all()
                found = QObject.findChild(tab, kind, name, *args)
            if found is not None:
                return found
        found = QObject.findChild(self, kind, name, *args)
        if found is None and (self._features is None or self.sidebar.waiting()):
            self.build_features()  # parts built after the first frame, asked for sooner
            self.sidebar.build_all()
            return self.findChild(kind, name, *args)
        return found

    def findChildren(self, *args: Any) -> Any:
        """Like QObject.findChildren, with the parts built later (features, tab, sidebar) included."""
        self.build_features()
        self.build_waiting_tabs()
        if self.tabs.count():
            self.current_tab().build_all()
        self.sidebar.build_all()
        return QObject.findChildren(self, *args)

    def open_collection(self, path: str | Path) -> None:
        """Show a collection folder in the sidebar (kept open across restarts)."""
        self.collections.open_collection(path)

    def open_saved_request(self, collection: str | Path, path: str) -> None:
        """Open a saved request (`path` relative to its collection) in a tab."""
        self.collections.open_saved_request(collection, path)

    def select_first_request(self, collection: str | Path) -> None:
        """Select the first request of a collection in the sidebar."""
        self.collections.select_first_request(collection)

    def update_tab_title(self, tab: RequestTab) -> None:
        """Show a tab's title again (after its request was saved, renamed or reloaded)."""
        self._update_tab_title(tab)

    def add_sidebar_panel(self, widget: QWidget, title: str) -> None:
        """Extension point: a panel (collections, history) in the sidebar left of the tabs."""
        self.sidebar.add_panel(widget, title)

    # --- request actions ----------------------------------------------------------------------------
    @Slot()
    def send(self) -> None:
        """Ctrl+Enter: send the current tab's request."""
        self.current_tab().send()

    @Slot()
    def cancel(self) -> None:
        """Esc: cancel the current tab's send."""
        self.current_tab().cancel()

    @Slot()
    def focus_url(self) -> None:
        """Ctrl+L."""
        url = self.current_tab().url_bar.url
        url.setFocus(Qt.FocusReason.ShortcutFocusReason)
        url.selectAll()

    @Slot()
    def find_in_body(self) -> None:
        """Ctrl+F: find in the response body."""
        self.current_tab().response.open_find()

    @Slot()
    def save_body(self) -> None:
        """Ctrl+Shift+S: save the whole response body."""
        self.current_tab().response.body.save_dialog()

    @Slot()
    def copy_curl(self) -> None:
        """Copy the current request as a curl command."""
        self.copy_as("curl")

    @Slot()
    def copy_python(self) -> None:
        """Copy the current request as a runnable urllib script."""
        self.copy_as("python")

    def copy_as(self, kind: str) -> bool:
        """Copy the request as a send would make it (prepared on the pool, then on the clipboard);
        False (the field marked) when a typed value is wrong."""
        return self.exports.copy(kind)

    @Slot()
    def about(self) -> None:
        """Help > About."""
        self.about_box.show()

    # --- slots from tabs -----------------------------------------------------------------------------
    @Slot()
    def _on_tab_edited(self) -> None:
        tab = self.sender()
        if isinstance(tab, RequestTab):
            self._update_tab_title(tab)
        self.schedule_save()

    @Slot(bool)
    def _on_running_changed(self, _running: bool) -> None:
        tab = self.sender()
        if isinstance(tab, RequestTab):
            self._update_tab_title(tab)
        self._update_actions()

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        if isinstance(self.tabs.currentWidget(), WaitingTab):
            self.build_waiting_tabs()
        if self.tabs.count():
            self._update_tab_title(self.current_tab())
            # A tab shown for the first time gets its table and response: at once once the window
            # has painted, else after its first frame.
            if self.first_frame.was_painted or self.first_frame.done:
                self._build_current_tab()
        self._update_actions()
        self.schedule_save()

    @Slot(int, int)
    def _on_tab_moved(self, _from: int, _to: int) -> None:
        self.schedule_save()

    def _update_actions(self) -> None:
        if self._action_map is None:
            return  # made with the right states when they are
        running = self.tabs.count() > 0 and self.current_tab().is_running()
        # Esc only means Cancel while something runs; otherwise it reaches the focused widget.
        self.action_map["cancel"].setEnabled(running)
        self.action_map["send"].setEnabled(not running)

    # --- state ---------------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Geometry, splitters and every tab's contents."""
        return self.keeper.collect()

    def schedule_save(self) -> None:
        """Autosave soon."""
        self.keeper.schedule()

    @Slot()
    def save_state(self) -> None:
        """Write the state file now, on the pool."""
        problem = self.keeper.save()
        if problem:
            self._on_message(problem)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save, cancel every send, and wait for the pool before anything is destroyed."""
        self.keeper.save_now()
        self.first_frame.cancel()
        for tab in self.request_tabs():
            tab.cancel_all()
        self.reaper.cancel_all()
        if self._features is not None:
            self._features.playground.shutdown()
        pool().waitForDone(CLOSE_WAIT_MS)
        if self._features is not None:
            self._features.history.close()
        super().closeEvent(event)

    def _after_first_frame(self) -> None:
        """What the first frame does not wait for: the features, the current tab's Params table and
        response side (other tabs' when shown) and the sidebar's History and Collections panels."""
        self.first_frame.later(self._build_actions)
        self.first_frame.later(self.build_features)
        self.first_frame.later(self._build_current_tab)
        self.first_frame.later(self.sidebar.build_all)
        self.first_frame.later(self.build_waiting_tabs)

    def _build_current_tab(self) -> None:
        if self.tabs.count():
            self.current_tab().build_shown()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint; the first time, let the work that waited for the first frame start."""
        super().paintEvent(event)
        self.first_frame.painted()

    def changeEvent(self, event: QEvent) -> None:
        """Follow the system palette: recolour what was drawn with palette-derived colours."""
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for tab in self.request_tabs():
                if not tab.is_response_built():
                    continue  # built later with the colours of the day
                tab.response.timeline.redraw()
                tab.response.status.recolor()
                tab.response.body.highlighter.refresh()
        super().changeEvent(event)
