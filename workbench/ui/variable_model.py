"""The variables table of the environment editor: name, value, secret, enabled; secret values masked.

A row's name is checked as typed (red, with the reason as tooltip). A secret's value is shown as dots;
a secret row with no value typed keeps the value already in the secret store when saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from workbench.formats.model import Variable
from workbench.ui import theme
from workbench.ui.table_models import ENABLED, Column, RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
VALUE_COLUMN = 2
SECRET_COLUMN = 3
VARIABLE_COLUMNS = (
    ENABLED,
    Column("Name", "name"),
    Column("Value", "value"),
    Column("Secret", "secret", check=True, tip="Keep the value in the keyring, never in a file"),
)
MASK = "•" * 8
KEPT = "secret: type to set or replace"


def name_problem(row: Variable) -> tuple[str, str] | None:
    """Why a row's name cannot be a variable name."""
    if not row.name and not row.value:
        return None
    from workbench.store.errors import StoreError
    from workbench.store.variables import check_variable_name

    try:
        check_variable_name(row.name)
    except StoreError as exc:
        return "name", str(exc)
    return None


class VariableTableModel(RowTableModel):
    """Rows of `Variable`; secret values are never displayed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(VARIABLE_COLUMNS, Variable(""), "Add a variable…", name_problem, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """As the plain table, but a secret's value shows as dots (or a note when none was typed)."""
        if (
            index.isValid()
            and index.column() == VALUE_COLUMN
            and not self.is_blank_row(index.row())
            and self.rows_ref()[index.row()].secret
        ):
            value = self.rows_ref()[index.row()].value
            if role == Qt.ItemDataRole.DisplayRole:
                return MASK if value else KEPT
            if role == Qt.ItemDataRole.ToolTipRole:
                return "A secret value: kept in the keyring (or the private secrets file)"
            if role == Qt.ItemDataRole.ForegroundRole and not value:
                return theme.muted_color()
        return super().data(index, role)

    def rows_ref(self) -> list[Variable]:
        """The rows without copying (read-only use)."""
        return self._rows

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """As the plain table; the row of a changed secret flag is repainted (the value's mask)."""
        changed = super().setData(index, value, role)
        if changed and index.column() == SECRET_COLUMN:
            self.dataChanged.emit(
                self.index(index.row(), VALUE_COLUMN), self.index(index.row(), VALUE_COLUMN)
            )
        return changed


class SecretValueDelegate(QStyledItemDelegate):
    """Edits a secret's value in a password field (starting empty: the stored value is never read)."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        """A password field for secret rows, a plain one otherwise."""
        editor = QLineEdit(parent)
        if _is_secret(index):
            editor.setEchoMode(QLineEdit.EchoMode.Password)
            editor.setPlaceholderText("new secret value")
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        """The value typed so far."""
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        """Write the value back."""
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


def _is_secret(index: AnyIndex) -> bool:
    flag = index.model().index(index.row(), SECRET_COLUMN).data(Qt.ItemDataRole.CheckStateRole)
    return bool(flag == Qt.CheckState.Checked)
