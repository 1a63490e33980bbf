"""The Body tab: none, form-urlencoded table, multipart table with files, raw text, or a binary file."""

from __future__ import annotations

import json
import os
from typing import Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import BODY_KINDS, Body, Field, Part
from workbench.engine.validate import check_header_value
from workbench.ui import dialogs, icons, theme
from workbench.ui.delegates import PartValueDelegate
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.file_field import FileField, check_file
from workbench.ui.row_table import RowTable
from workbench.ui.table_models import field_model, part_model

KIND_LABELS = {
    "none": "None",
    "form": "Form (urlencoded)",
    "multipart": "Multipart",
    "raw": "Raw text",
    "file": "Binary file",
}
RAW_TYPES = {
    "JSON": "application/json",
    "XML": "application/xml",
    "Text": "text/plain; charset=utf-8",
    "Other": "",
}


class BodyEditor(QWidget):
    """Edits a `Body`; `edited` fires on any change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds = QButtonGroup(self)
        self.pages = QStackedWidget(self)
        self.form_model = field_model("Add a field…")
        self.form_table = RowTable(self.form_model, "formTable", self)
        self.form_table.setAccessibleName("Form fields")
        self.part_model = part_model()
        self.part_table = RowTable(self.part_model, "multipartTable", self)
        self.part_table.setAccessibleName("Multipart fields")
        self.part_table.setItemDelegateForColumn(2, PartValueDelegate(3, self.part_table))
        self.raw_type = QComboBox(self)
        self.raw_type.setObjectName("rawTypeCombo")
        self.raw_type.setAccessibleName("Content type of the raw body")
        self.raw_type.addItems(list(RAW_TYPES))
        self.raw_other = QLineEdit(self)
        self.raw_other.setObjectName("rawTypeEdit")
        self.raw_other.setAccessibleName("Other content type")
        self.raw_other.setPlaceholderText("type/subtype; charset=…")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("bodyEditor")
        self.text.setAccessibleName("Request body")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlaceholderText('{"name": "value"}')
        self.raw_warning = QLabel(self)
        theme.set_role(self.raw_warning, "hint")
        self.file = FileField("bodyFileEdit", "Body file", "File to send as the body", self)
        self.file_type = QLineEdit(self)
        self.file_type.setObjectName("bodyFileTypeEdit")
        self.file_type.setAccessibleName("Content type of the file")
        self.file_type.setPlaceholderText("guessed from the file name")
        self.mark = FieldMark(self.pages, error_label(self))
        self._json_check = QTimer(self, singleShot=True, interval=300)
        self._build()
        self._connect()
        self.set_kind("none")

    def _build(self) -> None:
        row = QHBoxLayout()
        for number, kind in enumerate(BODY_KINDS):
            button = QRadioButton(KIND_LABELS[kind], self)
            button.setObjectName(f"body_{kind}")
            self.kinds.addButton(button, number)
            row.addWidget(button)
        row.addStretch(1)
        none_page = QLabel("This request has no body.", self)
        theme.set_role(none_page, "hint")
        self.pages.addWidget(none_page)
        self.pages.addWidget(self.form_table)
        self.pages.addWidget(self._multipart_page())
        self.pages.addWidget(self._raw_page())
        self.pages.addWidget(self._file_page())
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.mark.label)

    def _multipart_page(self) -> QWidget:
        page = QWidget(self)
        add_file = QPushButton(icons.icon("add"), "Add file…", page)
        add_file.setObjectName("addPartFileButton")
        add_file.clicked.connect(self._on_add_file)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(add_file)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.part_table)
        layout.addLayout(buttons)
        return page

    def _raw_page(self) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Content type:", page))
        row.addWidget(self.raw_type)
        row.addWidget(self.raw_other, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.raw_warning)
        return page

    def _file_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("File sent as the body, read when sending:", page))
        layout.addWidget(self.file)
        layout.addWidget(self.file.mark.label)
        type_row = QHBoxLayout()
        type_row.addWidget(QLabel("Content type:", page))
        type_row.addWidget(self.file_type, 1)
        layout.addLayout(type_row)
        layout.addStretch(1)
        return page

    def _connect(self) -> None:
        self.kinds.idToggled.connect(self._on_kind_toggled)
        self.form_model.edited.connect(self.edited)
        self.part_model.edited.connect(self.edited)
        self.raw_type.currentIndexChanged.connect(self._on_raw_type_changed)
        self.raw_other.textChanged.connect(self.edited)
        self.text.textChanged.connect(self._on_text_changed)
        self.file.changed.connect(self.edited)
        self.file_type.textChanged.connect(self.edited)
        self._json_check.timeout.connect(self._on_json_check)

    # --- reading and writing ----------------------------------------------------------------------
    def kind(self) -> str:
        """The chosen body kind (an engine ``BodyKind``)."""
        return BODY_KINDS[max(self.kinds.checkedId(), 0)]

    def set_kind(self, kind: str) -> None:
        """Choose a body kind."""
        self.kinds.button(BODY_KINDS.index(kind)).setChecked(True)
        self.pages.setCurrentIndex(BODY_KINDS.index(kind))

    def raw_content_type(self) -> str:
        """The content type the raw body declares."""
        choice = self.raw_type.currentText()
        return RAW_TYPES[choice] or self.raw_other.text().strip()

    def body(self, validate: bool = True) -> Body:
        """The body as the engine takes it; with `validate`, raise `InvalidRequest` at a wrong value."""
        kind = self.kind()
        body = Body(
            kind=kind,  # type: ignore[arg-type]
            fields=tuple(self.form_model.rows()),
            parts=tuple(self.part_model.rows()),
            text=self.text.toPlainText(),
            content_type=self.raw_content_type()
            if kind == "raw"
            else self.file_type.text().strip(),
            path=self.file.path(),
        )
        if validate:
            self.mark.clear()
            self.file.mark.clear()
            try:
                self._check(body)
            except InvalidRequest as exc:
                (self.file.mark if kind == "file" else self.mark).show(exc.message)
                raise
        return body

    def _check(self, body: Body) -> None:
        if body.kind == "raw" and body.content_type:
            check_header_value("Content-Type", body.content_type)
        if body.kind == "file":
            check_file(body.path, "body file")
            if body.content_type:
                check_header_value("Content-Type", body.content_type)
        if body.kind == "multipart":
            for part in body.parts:
                if part.enabled and part.is_file:
                    check_file(part.value, f"file for the multipart field {part.name!r}")

    def state(self) -> dict[str, Any]:
        """Everything typed here, for the window state file."""
        return {
            "kind": self.kind(),
            "form": [list(f) for f in self.form_model.rows()],
            "parts": [list(p) for p in self.part_model.rows()],
            "text": self.text.toPlainText(),
            "raw_type": self.raw_type.currentText(),
            "raw_other": self.raw_other.text(),
            "file": self.file.path(),
            "file_type": self.file_type.text(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Put back what `state` recorded."""
        self.form_model.set_rows([Field(*f) for f in state.get("form", [])])
        self.part_model.set_rows([Part(*p) for p in state.get("parts", [])])
        self.text.setPlainText(str(state.get("text", "")))
        self.raw_type.setCurrentText(str(state.get("raw_type", "JSON")))
        self.raw_other.setText(str(state.get("raw_other", "")))
        self.file.set_path(str(state.get("file", "")))
        self.file_type.setText(str(state.get("file_type", "")))
        kind = state.get("kind", "none")
        self.set_kind(kind if kind in BODY_KINDS else "none")

    # --- slots --------------------------------------------------------------------------------------
    @Slot(int, bool)
    def _on_kind_toggled(self, number: int, checked: bool) -> None:
        if checked:
            self.pages.setCurrentIndex(number)
            self.mark.clear()
            self.edited.emit()

    @Slot(int)
    def _on_raw_type_changed(self, _index: int) -> None:
        self.raw_other.setEnabled(self.raw_type.currentText() == "Other")
        self._json_check.start()
        self.edited.emit()

    @Slot()
    def _on_text_changed(self) -> None:
        self._json_check.start()
        self.edited.emit()

    @Slot()
    def _on_json_check(self) -> None:
        text = self.text.toPlainText()
        problem = ""
        if self.raw_type.currentText() == "JSON" and text.strip() and len(text) < 1_000_000:
            try:
                json.loads(text)
            except ValueError as exc:
                problem = f"Not valid JSON ({exc}); it will be sent as typed."
        self.raw_warning.setText(problem)
        self.raw_warning.setVisible(bool(problem))

    @Slot()
    def _on_add_file(self) -> None:
        path = dialogs.open_file(self, "File to upload")
        if path:
            name = os.path.splitext(os.path.basename(path))[0] or "file"
            self.part_model.set_rows([*self.part_model.rows(), Part(name, path, is_file=True)])
