"""Cell editors: header names complete from a list, multipart file cells get a file picker."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from workbench.ui import dialogs, icons

COMMON_HEADERS = (
    "Accept",
    "Accept-Charset",
    "Accept-Encoding",
    "Accept-Language",
    "Authorization",
    "Cache-Control",
    "Connection",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Content-Length",
    "Content-MD5",
    "Content-Type",
    "Cookie",
    "DNT",
    "Date",
    "Expect",
    "Forwarded",
    "From",
    "Host",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "If-Range",
    "If-Unmodified-Since",
    "Max-Forwards",
    "Origin",
    "Pragma",
    "Prefer",
    "Proxy-Authorization",
    "Range",
    "Referer",
    "TE",
    "Upgrade",
    "User-Agent",
    "Via",
    "X-Api-Key",
    "X-Correlation-ID",
    "X-Forwarded-For",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
    "X-Request-ID",
    "X-Requested-With",
)
"""Names offered while typing a header name."""

AnyIndex = QModelIndex | QPersistentModelIndex


class HeaderNameDelegate(QStyledItemDelegate):
    """Edits header names with completion from `COMMON_HEADERS`."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        """A line edit with a case-insensitive completer."""
        editor = QLineEdit(parent)
        completer = QCompleter(list(COMMON_HEADERS), editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        editor.setCompleter(completer)
        editor.setAccessibleName("Header name")
        return editor


class FileCellEditor(QWidget):
    """A path field with a button that opens a file chooser."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName("File path")
        self.button = QToolButton(self)
        self.button.setIcon(icons.icon("folder"))
        self.button.setToolTip("Choose a file…")
        self.button.setAccessibleName("Choose a file")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self.button.clicked.connect(self._on_choose)

    @Slot()
    def _on_choose(self) -> None:
        path = dialogs.open_file(self, "File to upload", self.line.text())
        if path:
            self.line.setText(path)


class PartValueDelegate(QStyledItemDelegate):
    """Multipart values: a plain line edit for text parts, a path field with a picker for files."""

    def __init__(self, file_column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_column = file_column

    def _is_file(self, index: AnyIndex) -> bool:
        model = index.model()
        flag = model.index(index.row(), self.file_column).data(Qt.ItemDataRole.CheckStateRole)
        return bool(flag == Qt.CheckState.Checked)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        """The editor for this cell."""
        if self._is_file(index):
            return FileCellEditor(parent)
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        """Fill the editor from the model."""
        if isinstance(editor, FileCellEditor):
            editor.line.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        """Write the editor's value back."""
        if isinstance(editor, FileCellEditor):
            model.setData(index, editor.line.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
