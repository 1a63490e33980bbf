"""File > Export Collection…: a collection (or a folder of one) as Postman v2.1 JSON or an ``.http`` file.

Requests are written with their folders' defaults filled in and variables left as ``{{name}}``;
secret variables lose their values. Requests holding literal credentials are refused (and listed)
unless the user ticks the box, as ``workbench export --allow-literal-secrets`` does. Reading the
collection and writing the file run on the pool.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import dialogs, icons
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.import_target import CollectionPicker, Target
from workbench.ui.send_job import FormatJob, retire

log = logging.getLogger(__name__)
FORMATS = {
    "postman": ("Postman Collection v2.1", ".postman_collection.json"),
    "http": (".http file", ".http"),
}


class Exported(NamedTuple):
    """What an export wrote, or why not."""

    text: str
    """What to tell the user."""
    ok: bool = False
    secrets: tuple[str, ...] = ()
    """Literal credentials that stopped the export (``request: what``)."""


def export_collection(target: Target, kind: str, path: str, allow_secrets: bool) -> Exported:
    """Read the collection, convert it and write `path` (runs on the pool)."""
    from workbench.formats.errors import FormatError
    from workbench.store import atomic
    from workbench.store.collection_transfer import export_data, literal_secrets, profiles_left_out
    from workbench.store.collections import locate
    from workbench.store.errors import StoreError

    assert target.path is not None
    try:
        collection, rel = locate(target.path)
        data, skipped = export_data(collection, rel)
    except StoreError as exc:
        return Exported(str(exc))
    if not data.items:
        return Exported(f"{data.name} holds no request that can be exported.")
    findings = literal_secrets(data)
    if findings and not allow_secrets:
        return Exported(
            "Nothing exported: these requests hold literal credentials.", secrets=tuple(findings)
        )
    try:
        if kind == "postman":
            from workbench.formats.postman import to_postman

            text = to_postman(data)
        else:
            from workbench.formats.http_export import to_http

            text = to_http(data)
        atomic.write_text(path, text)
    except FormatError as exc:
        return Exported(f"Cannot write {data.name} as {FORMATS[kind][0]}: {exc}")
    except OSError as exc:
        return Exported(f"Could not write {path}: {exc.strerror or exc}.")
    count = len(data.items)
    said = f"Exported {count} request{'s' if count != 1 else ''} of {data.name} to {path}."
    if skipped:
        said += f" Left out, unreadable: {'; '.join(skipped)}."
    with_profiles = len(profiles_left_out(data))
    if with_profiles:
        said += (
            f" {with_profiles} request{'s' if with_profiles != 1 else ''} use saved profiles, "
            "left out (their secrets are never exported); each description names them."
        )
    return Exported(said, ok=True)


class ExportDialog(QDialog):
    """Choose the collection, the format and the file; Export.

    Signals:
        message(str): for the window's status bar.
    """

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export a collection")
        self.picker = CollectionPicker(allow_new=False, parent=self)
        self.kinds = QButtonGroup(self)
        self.path = QLineEdit(self)
        self.path.setObjectName("exportPathEdit")
        self.path.setAccessibleName("File to write")
        self.path.setPlaceholderText("/path/to/collection.postman_collection.json")
        self.path_mark = FieldMark(self.path, error_label(self))
        self.browse = QToolButton(self)
        self.browse.setIcon(icons.icon("folder"))
        self.browse.setText("Browse…")
        self.browse.setAccessibleName("Choose the file to write")
        self.allow = QCheckBox(
            "Export literal credentials too (they are written in the file)", self
        )
        self.allow.setObjectName("exportAllowSecrets")
        self.allow.hide()
        self.outcome = QLabel(self)
        self.outcome.setObjectName("exportResult")
        self.outcome.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton("Export", self)
        self.export_button.setObjectName("exportButton")
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.jobs: set[FormatJob] = set()
        self._lay_out()
        self.browse.clicked.connect(self._on_browse)
        self.path.textEdited.connect(self._on_path_edited)
        self.picker.changed.connect(self._on_changed)
        self.kinds.idToggled.connect(self._on_kind_toggled)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self.resize(640, 220)

    def _lay_out(self) -> None:
        kinds = QHBoxLayout()
        for number, (kind, (title, _)) in enumerate(FORMATS.items()):
            radio = QRadioButton(title, self)
            radio.setObjectName(f"export_{kind}")
            self.kinds.addButton(radio, number)
            kinds.addWidget(radio)
        kinds.addStretch(1)
        self.kinds.button(0).setChecked(True)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow("Collection:", self.picker)
        form.addRow("Format:", kinds)
        form.addRow("Save to:", path_row)
        form.addRow(self.path_mark.label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(self.allow)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def kind(self) -> str:
        """``postman`` or ``http``."""
        return list(FORMATS)[max(self.kinds.checkedId(), 0)]

    def set_kind(self, kind: str) -> None:
        """Choose the format."""
        self.kinds.button(list(FORMATS).index(kind)).setChecked(True)

    def start(self) -> None:
        """The dialog opens: list the collections again."""
        self.picker.start()
        self.outcome.clear()

    def _suggested(self) -> str:
        target = self.picker.target()
        stem = target.path.name if target is not None and target.path is not None else "collection"
        return stem + FORMATS[self.kind()][1]

    @Slot()
    def _on_browse(self) -> None:
        path = dialogs.save_file(
            self, "Export the collection to", self.path.text() or self._suggested()
        )
        if path:
            self.path.setText(path)
            self.path_mark.clear()

    @Slot(str)
    def _on_path_edited(self, _text: str) -> None:
        self.path_mark.clear()

    @Slot()
    def _on_changed(self) -> None:
        self.allow.setChecked(False)
        self.allow.hide()
        self.outcome.clear()

    @Slot(int, bool)
    def _on_kind_toggled(self, _number: int, checked: bool) -> None:
        if checked:
            self._on_changed()

    def check_path(self) -> str | None:
        """The file to write, or None with the reason shown at the field."""
        text = self.path.text().strip()
        if not text:
            self.path_mark.show("Choose the file to write the collection to.")
            return None
        path = Path(text).expanduser()
        if path.is_dir():
            self.path_mark.show(f"{path} is a folder: give a file name inside it.")
            return None
        if not path.parent.is_dir():
            self.path_mark.show(f"The folder {path.parent} does not exist.")
            return None
        return str(path)

    @Slot()
    def start_export(self) -> None:
        """Check the choices, then read, convert and write on the pool."""
        target = self.picker.target()
        if target is None or target.path is None:
            self.outcome.setText("Choose the collection to export.")
            return
        path = self.check_path()
        if path is None:
            return
        self.export_button.setEnabled(False)
        self.outcome.setText("Exporting…")
        work = partial(export_collection, target, self.kind(), path, self.allow.isChecked())
        job = FormatJob(work)
        self.jobs.add(job)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.start()

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        self._retire()
        if not isinstance(result, Exported):
            return
        text = result.text
        if result.secrets:
            text += "\n" + "\n".join(f"• {finding}" for finding in result.secrets)
            text += "\nMove them into secret variables, or tick the box to export them anyway."
            self.allow.show()
        self.outcome.setText(text)
        if result.ok:
            self.message.emit(result.text)

    @Slot(str)
    def _on_job_failed(self, details: str) -> None:
        log.error("internal error while exporting a collection:\n%s", details)
        self._retire()
        self.outcome.setText("Workbench hit an internal error; nothing was written.")

    def _retire(self) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
        self.export_button.setEnabled(True)
