"""File > Import…: a curl command, a Postman v2.1 collection or an ``.http`` file into a collection.

The source is parsed on the pool as it is typed or chosen, and the preview lists every request and
the importer's notes (secrets dropped, profiles to create). Import writes everything or nothing
(`import_work`), into an existing collection or a new one.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import theme
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.file_field import FileField
from workbench.ui.import_preview import PreviewModel
from workbench.ui.import_target import CollectionPicker
from workbench.ui.import_work import KINDS, Imported, Preview, import_into, preview
from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.formats.model import CollectionData

log = logging.getLogger(__name__)
PREVIEW_DELAY_MS = 250
"""Typing pauses this long before the source is parsed again."""
TITLES = {
    "curl": "curl command",
    "postman": "Postman collection (v2.1)",
    "http": ".http / .rest file",
}


class ImportDialog(QDialog):
    """Pick a source, see what it holds, choose the collection, import.

    Signals:
        imported(str): requests were written into the collection in this folder.
        message(str): for the window's status bar.
    """

    imported = Signal(str)
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle("Import requests")
        self.kinds = QButtonGroup(self)
        self._build_source()
        self.preview_model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("importPreview")
        self.table.setAccessibleName("Requests to import")
        self.table.setModel(self.preview_model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().resizeSection(0, 240)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("importNotes")
        self.notes.setAccessibleName("Notes on the import")
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(self.fontMetrics().height() * 8)
        self.notes.hide()
        self.picker = CollectionPicker(allow_new=True, parent=self)
        self.name_mark = FieldMark(self.picker.name, error_label(self))
        self.folder = QLineEdit(self)
        self.folder.setObjectName("importFolderEdit")
        self.folder.setAccessibleName("Folder inside the collection")
        self.folder.setPlaceholderText("the top level (or a/b for folders)")
        self.outcome = QLabel(self)
        self.outcome.setObjectName("importResult")
        self.outcome.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = QPushButton("Import", self)
        self.import_button.setObjectName("importButton")
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.jobs: set[FormatJob] = set()
        self.generation = 0
        self.data: CollectionData | None = None
        self._lay_out()
        self._connect()
        self._update_button()
        self.resize(760, 620)

    def _build_source(self) -> None:
        self.curl_text = QPlainTextEdit(self)
        self.curl_text.setObjectName("importCurlText")
        self.curl_text.setAccessibleName("curl command")
        self.curl_text.setPlaceholderText(
            "curl -X POST https://example.com/api -H 'Accept: application/json' …"
        )
        self.curl_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.curl_name = QLineEdit(self)
        self.curl_name.setObjectName("importNameEdit")
        self.curl_name.setAccessibleName("Request name")
        self.curl_name.setPlaceholderText("method and URL")
        self.file = FileField("importFileEdit", "File to import", "Choose the file to import", self)
        self.source_mark = FieldMark(self.curl_text, error_label(self))
        self.source_mark.label.setObjectName("importError")
        self.file.mark.label.setObjectName("importFileError")

    def _lay_out(self) -> None:
        kinds = QHBoxLayout()
        for number, kind in enumerate(KINDS):
            radio = QRadioButton(TITLES[kind], self)
            radio.setObjectName(f"import_{kind}")
            self.kinds.addButton(radio, number)
            kinds.addWidget(radio)
        kinds.addStretch(1)
        self.kinds.button(0).setChecked(True)
        self.curl_page = curl_page = QWidget(self)
        curl_form = QFormLayout(curl_page)
        curl_form.setContentsMargins(0, 0, 0, 0)
        curl_form.addRow(self.curl_text)
        curl_form.addRow("Request name:", self.curl_name)
        self.file_page = file_page = QWidget(self)
        file_page.hide()
        file_form = QFormLayout(file_page)
        file_form.setContentsMargins(0, 0, 0, 0)
        file_form.addRow("File:", self.file)
        file_form.addRow(self.file.mark.label)
        target = QFormLayout()
        target.addRow("Into:", self.picker)
        target.addRow(self.name_mark.label)
        target.addRow("Folder:", self.folder)
        layout = QVBoxLayout(self)
        layout.addLayout(kinds)
        layout.addWidget(self.curl_page, 1)
        layout.addWidget(self.file_page)
        layout.addWidget(self.source_mark.label)
        heading = QLabel("Preview", self)
        theme.set_bold(heading, True)
        layout.addWidget(heading)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.notes, 1)
        layout.addLayout(target)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.kinds.idToggled.connect(self._on_kind_toggled)
        self.curl_text.textChanged.connect(self._on_source_changed)
        self.curl_name.textChanged.connect(self._on_source_changed)
        self.file.changed.connect(self._on_source_changed)
        self.timer.timeout.connect(self.refresh_preview)
        self.picker.changed.connect(self._on_target_changed)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

    # --- the source -------------------------------------------------------------------------------
    def kind(self) -> str:
        """``curl``, ``postman`` or ``http``."""
        return KINDS[max(self.kinds.checkedId(), 0)]

    def set_kind(self, kind: str) -> None:
        """Choose what the source is."""
        self.kinds.button(KINDS.index(kind)).setChecked(True)

    def start(self) -> None:
        """The dialog opens: list the collections again."""
        self.picker.start()
        self.outcome.clear()

    def _source(self) -> str:
        return self.curl_text.toPlainText() if self.kind() == "curl" else self.file.path()

    @Slot(int, bool)
    def _on_kind_toggled(self, number: int, checked: bool) -> None:
        if checked:
            self.curl_page.setVisible(KINDS[number] == "curl")
            self.file_page.setVisible(KINDS[number] != "curl")
            self._on_source_changed()

    @Slot()
    def _on_source_changed(self) -> None:
        self.generation += 1  # a preview on its way is stale from now on
        self.data = None
        self.outcome.clear()
        self._update_button()
        self.timer.start()

    @Slot()
    def refresh_preview(self) -> None:
        """Parse the source now (on the pool)."""
        self.timer.stop()
        self.generation += 1
        source = self._source()
        if not source.strip():
            self._show_preview(Preview())
            return
        work = partial(preview, self.kind(), source, self.curl_name.text().strip())
        self._run(work, partial(self._on_preview, self.generation))

    def _on_preview(self, generation: int, result: Any) -> None:
        if generation == self.generation and isinstance(result, Preview):
            self._show_preview(result)

    def _show_preview(self, result: Preview) -> None:
        self.data = result.data
        self.preview_model.set_data(result.data)
        mark = self.source_mark if self.kind() == "curl" else self.file.mark
        other = self.file.mark if self.kind() == "curl" else self.source_mark
        other.clear()
        if result.problem:
            mark.show(result.problem)
        else:
            mark.clear()
        notes = result.data.notes if result.data is not None else ()
        self.notes.setPlainText("\n".join(f"• {note}" for note in notes))
        self.notes.setVisible(bool(notes))
        self._update_button()

    # --- the target and the import ------------------------------------------------------------------
    @Slot()
    def _on_target_changed(self) -> None:
        self.name_mark.clear()
        self._update_button()

    def _update_button(self) -> None:
        self.import_button.setEnabled(self.data is not None and self.picker.target() is not None)

    @Slot()
    def start_import(self) -> None:
        """Check the target, then write everything on the pool."""
        from workbench.store.collection_names import check_name
        from workbench.store.errors import StoreError

        target = self.picker.target()
        if self.data is None or target is None:
            self.outcome.setText("Choose what to import and where first.")
            return
        if target.path is None:
            try:
                check_name(target.new_name, "collection")
            except StoreError as exc:
                self.name_mark.show(str(exc))
                return
        self.import_button.setEnabled(False)
        self.outcome.setText("Importing…")
        work = partial(import_into, self.data, target, self.folder_path())
        self._run(work, self._on_imported)

    def folder_path(self) -> str:
        """The folder typed, as ``a/b`` (empty parts and outer spaces dropped; ``\\`` is ``/``)."""
        parts = self.folder.text().replace("\\", "/").split("/")
        return "/".join(part.strip() for part in parts if part.strip())

    def _on_imported(self, result: Any) -> None:
        if not isinstance(result, Imported):
            return
        if result.problem:
            self.outcome.setText(result.problem)
            self._update_button()
            return
        count = len(result.paths)
        said = f"Imported {count} request{'s' if count != 1 else ''} into {result.collection}."
        self.outcome.setText(said)
        self.notes.setPlainText("\n".join(f"• {note}" for note in result.notes))
        self.notes.setVisible(bool(result.notes))
        self.data = None  # imported: a second click would import it all again
        self._update_button()
        self.picker.start()  # a new collection is now one of the app's
        self.message.emit(said)
        self.imported.emit(result.folder)

    # --- jobs ---------------------------------------------------------------------------------------
    def _run(self, work: Any, done: Any) -> None:
        job = FormatJob(work, tag=done)
        self.jobs.add(job)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.start()

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
            if callable(job.tag):
                job.tag(result)

    @Slot(str)
    def _on_job_failed(self, details: str) -> None:
        log.error("internal error while importing:\n%s", details)
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
        self.outcome.setText("Workbench hit an internal error; nothing was imported.")
        self._update_button()
