"""The response headers exactly as ``info()`` gave them: in order, duplicates kept, copyable.

Secret values (``Authorization``, ``Proxy-Authorization``...) are masked; double-click a row, or use
its context menu, to show that one value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Slot,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from workbench.engine.exchange import Header
from workbench.engine.masking import ALWAYS_SECRET, mask_value

AnyIndex = QModelIndex | QPersistentModelIndex
_TITLES = ("Name", "Value")


class ResponseHeadersModel(QAbstractTableModel):
    """Read-only (name, value) rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Header] = []
        self._secret: frozenset[str] = ALWAYS_SECRET
        self._revealed: set[int] = set()

    def set_headers(
        self, headers: tuple[Header, ...] | list[Header], secret: frozenset[str] = ALWAYS_SECRET
    ) -> None:
        """Show `headers`, the values of the `secret` names (lower case) masked."""
        self.beginResetModel()
        self._rows = list(headers)
        self._secret = secret
        self._revealed = set()
        self.endResetModel()

    def is_secret(self, row: int) -> bool:
        """Whether the row's value is a secret (masked until revealed)."""
        return 0 <= row < len(self._rows) and self._rows[row][0].lower() in self._secret

    def is_masked(self, row: int) -> bool:
        """Whether the row's value is hidden now."""
        return self.is_secret(row) and row not in self._revealed

    def set_revealed(self, row: int, shown: bool) -> None:
        """Show (or hide again) the value of a secret row."""
        if not self.is_secret(row):
            return
        if shown:
            self._revealed.add(row)
        else:
            self._revealed.discard(row)
        self.dataChanged.emit(self.index(row, 1), self.index(row, 1))

    def shown(self, row: int) -> Header:
        """The row as displayed (masked when it is hidden)."""
        name, value = self._rows[row]
        if self.is_masked(row):
            return name, mask_value(name, value, self._secret)
        return name, value

    def headers(self) -> list[Header]:
        """The headers shown."""
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of headers."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Name and value."""
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 2
        ):
            return _TITLES[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The name or the value."""
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.ToolTipRole and self.is_secret(index.row()):
            if self.is_masked(index.row()):
                return "Hidden: double-click to show this value"
            return "Double-click to hide this value again"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.shown(index.row())[index.column()]
        return None


class ResponseHeadersView(QTableView):
    """The headers table; Ctrl+C or the context menu copies ``Name: value`` lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("responseHeadersView")
        self.setAccessibleName("Response headers")
        self.headers_model = ResponseHeadersModel(self)
        self.setModel(self.headers_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        self.doubleClicked.connect(self._on_double_clicked)
        self.copy_action = QAction("Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selected)
        self.addAction(self.copy_action)

    def text_of(self, rows: list[int]) -> str:
        """``Name: value`` lines for `rows`, as shown (a hidden secret stays hidden)."""
        shown = [self.headers_model.shown(r) for r in rows]
        return "".join(f"{name}: {value}\n" for name, value in shown)

    @Slot()
    def copy_selected(self) -> None:
        """Copy the selected headers (all when none is selected)."""
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        QGuiApplication.clipboard().setText(self.text_of(rows or self._all_rows()))

    @Slot()
    def copy_all(self) -> None:
        """Copy every header."""
        QGuiApplication.clipboard().setText(self.text_of(self._all_rows()))

    def _all_rows(self) -> list[int]:
        return list(range(self.headers_model.rowCount()))

    @Slot(QPoint)
    def _on_context_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.addAction("Copy all headers", self.copy_all)
        row = self.indexAt(point).row()
        if self.headers_model.is_secret(row):
            masked = self.headers_model.is_masked(row)
            toggle = menu.addAction("Show value" if masked else "Hide value")
            toggle.setData(row)
            toggle.triggered.connect(self._on_toggle_triggered)
        menu.exec(self.viewport().mapToGlobal(point))

    @Slot()
    def _on_toggle_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            row = int(action.data())
            self.headers_model.set_revealed(row, self.headers_model.is_masked(row))

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        row = index.row()
        self.headers_model.set_revealed(row, self.headers_model.is_masked(row))
