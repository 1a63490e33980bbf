"""The Headers tab: the typed headers, and greyed below them the ones the send adds, each overridable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.spec import Field
from workbench.ui import theme
from workbench.ui.auto_headers import AddedHeader
from workbench.ui.delegates import HeaderNameDelegate
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.row_table import RowTable
from workbench.ui.table_models import field_model, header_problem

AnyIndex = QModelIndex | QPersistentModelIndex
_ADDED_TITLES = ("Name", "Value", "Why")


class AddedHeadersModel(QAbstractTableModel):
    """Read-only rows of `AddedHeader`: greyed, struck out when a typed header replaces them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AddedHeader] = []

    def set_rows(self, rows: list[AddedHeader]) -> None:
        """Replace the rows (only when they changed, so selection survives typing)."""
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> AddedHeader:
        """One row."""
        return self._rows[number]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of added headers."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Name, value, why."""
        return 0 if parent.isValid() else len(_ADDED_TITLES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_ADDED_TITLES)
        ):
            return _ADDED_TITLES[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Greyed text; struck out when overridden."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.value, row.why)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return theme.muted_color()
        if role == Qt.ItemDataRole.FontRole and row.overridden:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.overridden:
                return f"Replaced by your {row.name} header."
            if row.overridable:
                return "Double-click to override it with your own value."
            return "urllib always sends this header."
        return None


class HeadersTab(QWidget):
    """Typed headers (table with completion) over the headers the send will add."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = field_model("Add a header…", header_problem)
        self.table = RowTable(self.model, "headersTable", self)
        self.table.setAccessibleName("Headers")
        self.table.setItemDelegateForColumn(1, HeaderNameDelegate(self.table))
        self.mark = FieldMark(self.table, error_label(self))
        self.added = AddedHeadersModel(self)
        self.added_view = QTableView(self)
        self.added_view.setObjectName("addedHeadersView")
        self.added_view.setAccessibleName("Headers added when sent")
        self.added_view.setModel(self.added)
        self.added_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.added_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.added_view.verticalHeader().hide()
        self.added_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.added_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.added_view.horizontalHeader().setStretchLastSection(True)
        caption = QLabel("Added when sent (double-click one to override it):", self)
        theme.set_role(caption, "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.mark.label)
        layout.addWidget(caption)
        layout.addWidget(self.added_view, 2)
        self.added_view.doubleClicked.connect(self._on_added_double_clicked)
        self.model.edited.connect(self._on_edited)

    @Slot(QModelIndex)
    def _on_added_double_clicked(self, index: QModelIndex) -> None:
        row = self.added.row(index.row())
        if not row.overridable:
            return
        existing = [r.name.lower() for r in self.model.rows()]
        if row.name.lower() in existing:
            target = existing.index(row.name.lower())
        else:
            value = "" if "***" in row.value or row.value.startswith("(") else row.value
            self.model.set_rows([*self.model.rows(), Field(row.name, value)])
            target = self.model.real_count() - 1
        self.table.setFocus()
        self.table.setCurrentIndex(self.model.index(target, 2))
        self.table.edit(self.model.index(target, 2))

    @Slot()
    def _on_edited(self) -> None:
        if self.mark.message:
            problems = [p for p in map(header_problem, self.model.rows()) if p]
            if not problems:
                self.mark.clear()
