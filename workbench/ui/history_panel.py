"""The History panel in the sidebar: every send newest first, searched as you type.

Searches, pages, deletes and exports run on the pool (`HistoryService`); a search result that
arrives after the text changed again is dropped. New sends appear on top without a reload.
"""

from __future__ import annotations

from collections import deque
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import dialogs, icons, theme
from workbench.ui.history_delegate import HistoryDelegate
from workbench.ui.history_model import HistoryModel, matches
from workbench.ui.history_service import HistoryService, Outcome

if TYPE_CHECKING:
    from workbench.store.history import History, HistoryEntry

PAGE = 200
"""Entries per query: the first screen, then one more page each time the list reaches its end."""


def confirm_clear(parent: QWidget) -> bool:
    """Ask before deleting every entry (tests stand in for this dialog)."""
    answer = QMessageBox.question(
        parent,
        "Clear the history",
        "Delete every entry of the history? This cannot be undone.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class HistoryPanel(QWidget):
    """Search field, the list, and Open / Export as HAR / Delete / Clear all.

    Signals:
        open_requested(HistoryRecord): open this entry's request in a new tab.
        message(str): for the window's status bar.
    """

    open_requested = Signal(object)
    message = Signal(str)

    def __init__(self, service: HistoryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.service = service
        self.model = HistoryModel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("historySearch")
        self.search.setAccessibleName("Search the history")
        self.search.setPlaceholderText("Search: method, status, URL…")
        self.search.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setObjectName("historyList")
        self.list.setAccessibleName("History")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HistoryDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.note = QLabel(self)
        self.note.setObjectName("historyNote")
        self.note.setWordWrap(True)
        theme.set_role(self.note, "hint")
        self.open_button = self._button("historyOpen", "tab-new", "Open in a new tab (Enter)")
        self.har_button = self._button("historyExportHar", "save", "Save the selected as HAR…")
        self.delete_button = self._button("historyDelete", "remove", "Delete the selected (Del)")
        self.clear_button = self._button("historyClear", "close", "Clear the whole history…")
        self._lay_out()
        self.generation = 0
        """Bumped by every new search; older results are stale and dropped."""
        self.loaded = False
        self.recent: deque[HistoryEntry] = deque(maxlen=64)
        """Entries recorded lately, put back on top when a search that missed them lands."""
        self._connect()

    def _button(self, name: str, icon: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(icons.icon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(tip.partition(" (")[0].rstrip("…"))
        button.setAutoRaise(True)
        return button

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.open_button, self.har_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        # The list's context menu holds its actions; Delete works while the list has focus.
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, icon, slot, key in (
            ("Open in a New Tab", "tab-new", self.open_selected, None),
            ("Save as HAR…", "save", self.export_selected, None),
            ("Delete", "remove", self.delete_selected, QKeySequence.StandardKey.Delete),
        ):
            action = QAction(icons.icon(icon), text, self.list)
            if key is not None:
                action.setShortcut(QKeySequence(key))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.list.addAction(action)
        self.search.textChanged.connect(self._on_search_changed)
        self.list.activated.connect(self._on_activated)
        self.model.more_wanted.connect(self._on_more_wanted)
        self.service.recorded.connect(self._on_recorded)
        self.open_button.clicked.connect(self.open_selected)
        self.har_button.clicked.connect(self.export_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.clear_button.clicked.connect(self.clear_all)

    # --- searching --------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        """Load the newest entries each time the panel shows (others, like the CLI, may add)."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        """Search again for the text in the field (the first page)."""
        self.loaded = True
        self.generation += 1
        text = self.search.text()
        done = partial(self._on_first_page, self.generation, text)
        self.service.run(partial(_search, text, None), done)

    @Slot(str)
    def _on_search_changed(self, _text: str) -> None:
        self.refresh()

    def _on_first_page(self, generation: int, text: str, outcome: Outcome) -> None:
        if generation != self.generation:
            return  # the text changed meanwhile: a newer search is on its way
        if outcome.problem:
            self.model.reset([], False)
            self._say(outcome.problem)
            return
        entries: list[HistoryEntry] = outcome.value
        self.model.reset(entries[:PAGE], len(entries) > PAGE)
        for entry in self.recent:  # recorded while the search ran
            if matches(entry, text):
                self.model.prepend(entry)
        self._show_empty(text)

    @Slot("qlonglong")
    def _on_more_wanted(self, before: int) -> None:
        done = partial(self._on_page, self.generation)
        self.service.run(partial(_search, self.search.text(), before), done)

    def _on_page(self, generation: int, outcome: Outcome) -> None:
        if generation != self.generation:
            return
        if outcome.problem:
            self.model.loading = False
            self._say(outcome.problem)
            return
        entries: list[HistoryEntry] = outcome.value
        self.model.add_page(entries[:PAGE], len(entries) > PAGE)

    @Slot(object)
    def _on_recorded(self, entry: HistoryEntry) -> None:
        self.recent.append(entry)
        if self.loaded and matches(entry, self.search.text()):
            self.model.prepend(entry)
            self._show_empty(self.search.text())

    def _show_empty(self, text: str) -> None:
        if self.model.rowCount():
            self._say("")
        elif text.strip():
            self._say("No entry matches every word.")
        else:
            self._say("Nothing sent yet: every send is recorded here.")

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # --- acting on entries ------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """Ids of the selected entries, oldest first."""
        rows = sorted({index.row() for index in self.list.selectionModel().selectedIndexes()})
        return sorted(self.model.entry(row).id for row in rows)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        self._open(self.model.entry(index.row()).id)

    @Slot()
    def open_selected(self) -> None:
        """Open the current entry's request in a new tab."""
        index = self.list.currentIndex()
        if index.isValid():
            self._open(self.model.entry(index.row()).id)
        else:
            self.message.emit("Choose an entry of the history to open.")

    def _open(self, entry_id: int) -> None:
        self.service.run(partial(_get, entry_id), self._on_record)

    def _on_record(self, outcome: Outcome) -> None:
        if outcome.problem:
            self.message.emit(outcome.problem)
        elif outcome.value is None:
            self.message.emit("That entry is no longer in the history.")
        else:
            self.open_requested.emit(outcome.value)

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected entries (Delete key)."""
        ids = self.selected_ids()
        if not ids:
            self.message.emit("Choose the entries to delete first.")
            return
        self.service.run(partial(_delete, ids), partial(self._on_deleted, set(ids)))

    def _on_deleted(self, ids: set[int], outcome: Outcome) -> None:
        if outcome.problem:
            self.message.emit(outcome.problem)
            return
        self.recent = deque((e for e in self.recent if e.id not in ids), maxlen=64)
        self.model.remove_ids(ids)
        self._show_empty(self.search.text())
        self.message.emit(f"Deleted {_entries(len(ids))} from the history.")

    @Slot()
    def clear_all(self) -> None:
        """Delete every entry, after asking."""
        if confirm_clear(self):
            self.service.run(_clear, self._on_cleared)

    def _on_cleared(self, outcome: Outcome) -> None:
        if outcome.problem:
            self.message.emit(outcome.problem)
            return
        self.recent.clear()
        self.model.reset([], False)
        self._show_empty("")
        self.message.emit(f"Cleared the history ({_entries(outcome.value)}).")

    @Slot()
    def export_selected(self) -> None:
        """Save the selected entries' exchanges as one HAR 1.2 file."""
        ids = self.selected_ids()
        if not ids:
            self.message.emit("Choose the entries to save as HAR first.")
            return
        path = dialogs.save_file(self, "Save the exchanges as HAR", "history.har")
        if path:
            self.service.run(partial(_export_har, ids, path), self._on_exported)

    def _on_exported(self, outcome: Outcome) -> None:
        self.message.emit(outcome.problem or str(outcome.value))


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"


# --- work run on the pool -------------------------------------------------------------------------
def _search(text: str, before: int | None, history: History) -> list[HistoryEntry]:
    return history.search(text, limit=PAGE + 1, before=before)


def _get(entry_id: int, history: History) -> Any:
    return history.get(entry_id)


def _delete(ids: list[int], history: History) -> int:
    return history.delete(ids)


def _clear(history: History) -> int:
    return history.clear()


def _export_har(ids: list[int], path: str, history: History) -> str:
    from workbench.formats.har import to_har
    from workbench.store import atomic

    records = [r for r in (history.get(i) for i in ids) if r is not None]
    if not records:
        return "Those entries are no longer in the history."
    atomic.write_text(path, to_har([r.exchange for r in records]))
    return f"Saved {_entries(len(records))} as HAR to {path}."
