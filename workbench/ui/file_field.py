"""A path field with a Browse button, and the check that a file to read when sending is really there."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from workbench.engine.errors import InvalidRequest
from workbench.ui import dialogs, icons
from workbench.ui.field_marks import FieldMark, error_label


class FileField(QWidget):
    """A line edit for a path plus a button opening a file chooser.

    Signals:
        changed: the path text changed.
    """

    changed = Signal()

    def __init__(
        self, name: str, accessible: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.line = QLineEdit(self)
        self.line.setObjectName(name)
        self.line.setAccessibleName(accessible)
        self.line.setPlaceholderText("/path/to/file")
        self.browse = QToolButton(self)
        self.browse.setIcon(icons.icon("folder"))
        self.browse.setText("Browse…")
        self.browse.setToolTip(f"{title}…")
        self.browse.setAccessibleName(f"Choose the {accessible.lower()}")
        self.mark = FieldMark(self.line, error_label(parent))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.browse)
        self.setFocusProxy(self.line)
        self.browse.clicked.connect(self._on_browse)
        self.line.textChanged.connect(self._on_text_changed)

    def path(self) -> str:
        """The path as typed (surrounding spaces removed)."""
        return self.line.text().strip()

    def set_path(self, path: str) -> None:
        """Show `path`."""
        self.line.setText(path)

    @Slot()
    def _on_browse(self) -> None:
        path = dialogs.open_file(self, self.title, self.path())
        if path:
            self.line.setText(path)

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        self.mark.clear()
        self.changed.emit()


def check_file(path: str, what: str, field: str = "body") -> str:
    """A file read when sending must exist and be a file; otherwise say so in plain words."""
    if not path.strip():
        raise InvalidRequest(field, f"No {what} chosen.")
    if not os.path.exists(path):
        raise InvalidRequest(field, f"The {what} {path!r} does not exist.")
    if os.path.isdir(path):
        raise InvalidRequest(field, f"The {what} {path!r} is a folder, not a file.")
    if not os.access(path, os.R_OK):
        raise InvalidRequest(field, f"The {what} {path!r} cannot be read (permission denied).")
    return path
