"""History in the window: the service that records every tab's sends, and the sidebar panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot

from workbench.ui.history_service import HistoryService
from workbench.ui.sidebar import HISTORY_PANEL as PANEL

if TYPE_CHECKING:
    from workbench.store.history import HistoryRecord
    from workbench.ui.history_panel import HistoryPanel
    from workbench.ui.main_window import MainWindow
    from workbench.ui.request_tab import RequestTab


class HistoryUi(QObject):
    """Owns the history service and panel of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = HistoryService(self)
        self.service.problem.connect(self._on_message)
        window.reaper.keeper = self.service.keep_abandoned  # sends of tabs closed mid-way

    @property
    def panel(self) -> HistoryPanel:
        """The History panel of the sidebar (built now if it was not)."""
        from workbench.ui.history_panel import HistoryPanel

        panel = self.window.sidebar.panel(PANEL)
        assert isinstance(panel, HistoryPanel)
        return panel

    def make_panel(self) -> HistoryPanel:
        """The panel, for the sidebar to build when it is first shown (the window registers it)."""
        from workbench.ui.history_panel import HistoryPanel

        panel = HistoryPanel(self.service)
        panel.open_requested.connect(self._on_open_requested)
        panel.message.connect(self._on_message)
        return panel

    def watch(self, tab: RequestTab) -> None:
        """Record the sends of a new tab."""
        self.service.watch(tab)

    @Slot()
    def show_panel(self) -> None:
        """View > History (Ctrl+H): bring the panel forward and focus its search field."""
        self.window.sidebar.show_panel(PANEL)
        self.panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.panel.search.selectAll()

    def close(self) -> None:
        """Close the database; call after the pool has drained."""
        self.service.close()

    @Slot(object)
    def _on_open_requested(self, record: HistoryRecord) -> None:
        from workbench.ui.history_reopen import reopen

        tab = self.window.add_tab()
        self.window.statusBar().showMessage(reopen(tab, record), 12_000)
        self.window.schedule_save()

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)


def install(window: MainWindow) -> HistoryUi:
    """Add the History panel to `window`'s sidebar and record its tabs' sends."""
    return HistoryUi(window)
