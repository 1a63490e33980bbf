"""The response headers exactly as ``info()`` gave them: in order, duplicates kept, copyable."""

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

AnyIndex = QModelIndex | QPersistentModelIndex
_TITLES = ("Name", "Value")


class ResponseHeadersModel(QAbstractTableModel):
    """Read-only (name, value) rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Header] = []

    def set_headers(self, headers: tuple[Header, ...] | list[Header]) -> None:
        """Show `headers`."""
        self.beginResetModel()
        self._rows = list(headers)
        self.endResetModel()

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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
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
        self.copy_action = QAction("Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selected)
        self.addAction(self.copy_action)

    def text_of(self, rows: list[int]) -> str:
        """``Name: value`` lines for `rows`."""
        headers = self.headers_model.headers()
        return "".join(f"{headers[r][0]}: {headers[r][1]}\n" for r in rows)

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
        menu.exec(self.viewport().mapToGlobal(point))
