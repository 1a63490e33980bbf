"""Editable tables over a Python list of rows (the list is the truth): params, headers, form and multipart.

The last row is always empty; typing into it adds a row. Validation is a pure engine function shown
through the tooltip and a red foreground, never by refusing what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Signal,
)

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import Field, Part
from workbench.engine.validate import check_header_name, check_header_value
from workbench.ui import theme

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
else:
    from workbench.ui.lazy_qt import Qt  # made on first use (see lazy_qt)

AnyIndex = QModelIndex | QPersistentModelIndex
DISPLAY_ROLE = 0
"""``Qt.ItemDataRole.DisplayRole``, for default arguments: they are read at import, before `Qt` is."""
EDIT_ROLE = 2
"""``Qt.ItemDataRole.EditRole``, likewise."""
Validator = Callable[[Any], tuple[str, str] | None]
"""Given a row, the attribute at fault and the message, or None when the row is fine."""


class Column(NamedTuple):
    """One column: its title, the row attribute it shows, and whether it is a check box."""

    title: str
    attr: str
    check: bool = False
    tip: str = ""


ENABLED = Column("", "enabled", check=True, tip="Send this row")
FIELD_COLUMNS = (ENABLED, Column("Name", "name"), Column("Value", "value"))
PART_COLUMNS = (
    ENABLED,
    Column("Name", "name"),
    Column("Value or file", "value", tip="Text, or the path of the file to upload"),
    Column("File", "is_file", check=True, tip="Upload the file named in Value"),
    Column("Content type", "content_type", tip="Guessed from the file name when empty"),
)


class RowTableModel(QAbstractTableModel):
    """A table of NamedTuple rows with an always-empty last row.

    Signals:
        edited: any change to the rows (typed, added, removed, moved or replaced).
    """

    edited = Signal()

    def __init__(
        self,
        columns: Sequence[Column],
        blank: Any,
        placeholder: str,
        validator: Validator | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.blank = blank
        self.placeholder = placeholder
        self.validator = validator
        self._rows: list[Any] = []

    # --- the list -------------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        """A copy of the rows (the empty last row excluded)."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.edited.emit()

    def real_count(self) -> int:
        """Rows without the empty last one."""
        return len(self._rows)

    def is_blank_row(self, row: int) -> bool:
        """Whether `row` is the always-empty last row."""
        return row == len(self._rows)

    # --- Qt's model interface -------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows plus the empty last row."""
        return 0 if parent.isValid() else len(self._rows) + 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        """Column titles and their tooltips."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Text cells are editable; check cells checkable; real rows can be dragged."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        column = self.columns[index.column()]
        if self.is_blank_row(index.row()):
            return base if column.check else base | Qt.ItemFlag.ItemIsEditable
        base |= Qt.ItemFlag.ItemIsDragEnabled
        if column.check:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = DISPLAY_ROLE) -> Any:
        """Cell values, check states, messages and colours."""
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if self.is_blank_row(index.row()):
            return self._blank_data(index.column(), role)
        row = self._rows[index.row()]
        value = getattr(row, column.attr)
        if column.check:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.tip
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        problem = self.validator(row) if self.validator else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem[1] if problem else (value or None)
        if role == Qt.ItemDataRole.ForegroundRole:
            if problem and problem[0] == column.attr:
                return theme.error_color()
            return None if row.enabled else theme.muted_color()
        return None

    def _blank_data(self, column: int, role: int) -> Any:
        if self.columns[column].check:
            return None
        first_text = next(i for i, c in enumerate(self.columns) if not c.check)
        if role == Qt.ItemDataRole.DisplayRole and column == first_text:
            return self.placeholder
        if role == Qt.ItemDataRole.EditRole:
            return ""
        if role == Qt.ItemDataRole.ForegroundRole:
            return theme.muted_color()
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Type here to add a row"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = EDIT_ROLE) -> bool:
        """Edit a cell; typing into the empty last row adds a row."""
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.check:
            if role != Qt.ItemDataRole.CheckStateRole or self.is_blank_row(index.row()):
                return False
            new_value: Any = _checked(value)
        elif role == Qt.ItemDataRole.EditRole:
            new_value = "" if value is None else str(value)
        else:
            return False
        row = index.row()
        if self.is_blank_row(row):
            if not new_value:
                return False
            self.beginInsertRows(QModelIndex(), row + 1, row + 1)
            self._rows.append(self.blank._replace(**{column.attr: new_value}))
            self.endInsertRows()
        elif getattr(self._rows[row], column.attr) == new_value:
            return True
        else:
            self._rows[row] = self._rows[row]._replace(**{column.attr: new_value})
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        self.edited.emit()
        return True

    def removeRows(self, row: int, count: int, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Delete real rows (the empty last row stays)."""
        if parent.isValid() or count <= 0 or row < 0 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self.endRemoveRows()
        self.edited.emit()
        return True

    def moveRows(
        self,
        source_parent: AnyIndex,
        source_row: int,
        count: int,
        destination_parent: AnyIndex,
        destination: int,
    ) -> bool:
        """Move `count` rows so they sit before row `destination` (counted before the move)."""
        last = source_row + count
        if source_parent.isValid() or destination_parent.isValid() or count <= 0:
            return False
        if source_row < 0 or last > len(self._rows) or not 0 <= destination <= len(self._rows):
            return False
        if source_row <= destination <= last:
            return False  # a move onto itself
        if not self.beginMoveRows(QModelIndex(), source_row, last - 1, QModelIndex(), destination):
            return False
        block = self._rows[source_row:last]
        del self._rows[source_row:last]
        at = destination - count if destination > source_row else destination
        self._rows[at:at] = block
        self.endMoveRows()
        self.edited.emit()
        return True

    def supportedDropActions(self) -> Qt.DropAction:
        """Rows are reordered by dragging them."""
        return Qt.DropAction.MoveAction


def _checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return int(value) == Qt.CheckState.Checked.value


def header_problem(row: Field) -> tuple[str, str] | None:
    """Why a header row cannot be sent, using the engine's own checks."""
    if not row.enabled or (not row.name and not row.value):
        return None
    try:
        name = check_header_name(row.name.strip())
    except InvalidRequest as exc:
        return "name", exc.message
    try:
        check_header_value(name, row.value)
    except InvalidRequest as exc:
        return "value", exc.message
    return None


def field_model(placeholder: str, validator: Validator | None = None) -> RowTableModel:
    """A name/value table (query parameters, headers, form fields)."""
    return RowTableModel(FIELD_COLUMNS, Field(""), placeholder, validator)


def part_model() -> RowTableModel:
    """The multipart table: text fields and files."""
    return RowTableModel(PART_COLUMNS, Part(""), "Add a field…")
