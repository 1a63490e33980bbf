"""The history list: entries newest first, fetched a page at a time as the list scrolls.

The model never queries the database itself (that is the pool's job): `fetchMore` asks for the next
page through `more_wanted`, and the panel hands the rows back with `add_page`. New sends go on top
with `prepend`, without a reload.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from workbench.ui.sizes import format_ms, format_size

if TYPE_CHECKING:
    from workbench.store.history import HistoryEntry

Index = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The `HistoryEntry` of a row."""
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
"""The status text: ``200``, or the error kind when no response came."""
STATUS_KIND_ROLE = Qt.ItemDataRole.UserRole + 3
"""The colour class of the status (a `theme.status_color` key)."""
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4
"""Time, duration and size in one line."""


def status_text(entry: HistoryEntry) -> str:
    """``200``, ``200 cancelled`` (the body was cut short) or the error kind."""
    if entry.status is None:
        return entry.error_kind or "no status"
    return f"{entry.status} {entry.error_kind}" if entry.error_kind else str(entry.status)


def status_kind(entry: HistoryEntry) -> str:
    """The status class (``success``, ``client-error``...) or ``failed``/``cancelled``."""
    if entry.error_kind:
        return "cancelled" if entry.error_kind == "cancelled" else "failed"
    classes = {1: "info", 2: "success", 3: "redirect", 4: "client-error", 5: "server-error"}
    return classes.get((entry.status or 0) // 100, "none")


def when(started_at: float, now: float | None = None) -> str:
    """``14:03:05`` today, ``3 Mar 14:03`` another day, ``3 Mar 2023`` another year."""
    from datetime import datetime

    moment = datetime.fromtimestamp(started_at)
    today = datetime.fromtimestamp(time.time() if now is None else now)
    if moment.date() == today.date():
        return moment.strftime("%H:%M:%S")
    if moment.year == today.year:
        return f"{moment.day} {moment.strftime('%b %H:%M')}"
    return f"{moment.day} {moment.strftime('%b %Y')}"


def detail(entry: HistoryEntry) -> str:
    """Time, duration and size: ``14:03:05 · 120 ms · 1.2 KiB``."""
    parts = [when(entry.started_at), format_ms(entry.elapsed_ms)]
    if entry.status is not None:
        parts.append(format_size(entry.size))
    return " · ".join(parts)


def matches(entry: HistoryEntry, text: str) -> bool:
    """Whether the store's search for `text` would find `entry` (every word, anywhere)."""
    status = "" if entry.status is None else str(entry.status)
    haystack = " ".join((entry.method, status, entry.error_kind, entry.url, entry.final_url))
    haystack = haystack.lower()
    return all(word in haystack for word in text.lower().split())


def tooltip(entry: HistoryEntry) -> str:
    """Everything the row knows, in lines."""
    lines = [f"{entry.method} {entry.url}"]
    reason = f" {entry.reason}" if entry.reason else ""
    result = f"{entry.status}{reason}" if entry.status is not None else ""
    if entry.error_kind:
        result = f"{result} — {entry.error_message}" if result else entry.error_message
    lines.append(result)
    if entry.final_url and entry.final_url != entry.url:
        lines.append(f"Ended at {entry.final_url} after {entry.hops} hops")
    from datetime import datetime

    stamp = datetime.fromtimestamp(entry.started_at).strftime("%Y-%m-%d %H:%M:%S")
    lines.append(f"{stamp} · {format_ms(entry.elapsed_ms)} · {format_size(entry.size)}")
    if entry.auth_profile or entry.proxy_profile:
        profiles = ", ".join(p for p in (entry.auth_profile, entry.proxy_profile) if p)
        lines.append(f"Profiles: {profiles}")
    return "\n".join(line for line in lines if line)


class HistoryModel(QAbstractListModel):
    """Rows of `HistoryEntry`, newest first; the list is the truth.

    Signals:
        more_wanted(int): the view scrolled to the end; load entries older than this id.
    """

    more_wanted = Signal("qlonglong")  # type: ignore[arg-type]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []
        self.more = False
        """Whether older entries may exist beyond the last page."""
        self.loading = False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows loaded so far."""
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The entry's parts by role (see the ``*_ROLE`` constants)."""
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{entry.method} {status_text(entry)} {entry.url}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(entry)
        if role == ENTRY_ROLE:
            return entry
        if role == STATUS_ROLE:
            return status_text(entry)
        if role == STATUS_KIND_ROLE:
            return status_kind(entry)
        if role == DETAIL_ROLE:
            return detail(entry)
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Older entries may exist and no page is on its way."""
        return not parent.isValid() and self.more and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Ask (through `more_wanted`) for the page after the last row."""
        if self.canFetchMore(parent) and self.entries:
            self.loading = True
            self.more_wanted.emit(self.entries[-1].id)

    # --- changes --------------------------------------------------------------------------------
    def reset(self, entries: list[HistoryEntry], more: bool) -> None:
        """Show a new first page (a new search)."""
        self.beginResetModel()
        self.entries = list(entries)
        self.more, self.loading = more, False
        self.endResetModel()

    def add_page(self, entries: list[HistoryEntry], more: bool) -> None:
        """Append the next page (older entries) below the rows shown."""
        last = self.entries[-1].id if self.entries else None
        fresh = [e for e in entries if last is None or e.id < last]
        if fresh:
            start = len(self.entries)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self.entries.extend(fresh)
            self.endInsertRows()
        self.more, self.loading = more, False

    def prepend(self, entry: HistoryEntry) -> bool:
        """Put a new entry on top; False when it is not newer than the top row (already shown)."""
        if self.entries and entry.id <= self.entries[0].id:
            return False
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.entries.insert(0, entry)
        self.endInsertRows()
        return True

    def remove_ids(self, ids: set[int]) -> None:
        """Drop the rows of deleted entries."""
        for row in reversed(range(len(self.entries))):
            if self.entries[row].id in ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.entries[row]
                self.endRemoveRows()

    def entry(self, row: int) -> HistoryEntry:
        """The entry shown in `row`."""
        return self.entries[row]
