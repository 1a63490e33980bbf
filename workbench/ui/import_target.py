"""Choosing a collection folder, for import (optionally a new one) and export.

The app's own collections (`default_collections`) are listed on the pool when the picker starts;
"Other folder…" opens any folder (a git checkout, say), and "New collection" asks for a name.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLineEdit, QWidget

from workbench.ui.send_job import FormatJob, retire

NEW, OTHER = "new", "other"
"""Data of the combo's special items."""


def choose_folder(parent: QWidget | None, title: str) -> str:
    """An existing folder the user picked, '' when cancelled (tests stand in for it)."""
    return QFileDialog.getExistingDirectory(parent, title)


class Target(NamedTuple):
    """Where to import into or export from."""

    path: Path | None
    """An existing folder; None for a new collection."""
    new_name: str = ""
    """The new collection's name (in the app's collections folder)."""


def list_collections() -> list[tuple[str, str]]:
    """(display name, folder) of the app's collections; runs on the pool (reads every one)."""
    from workbench.store.collections import Collection, default_collections
    from workbench.store.errors import StoreError

    found = []
    for folder in default_collections():
        try:
            name = Collection.open(folder).name
        except StoreError:
            name = folder.name
        found.append((name, str(folder)))
    return found


class CollectionPicker(QWidget):
    """A combo of collections, "Other folder…", and optionally "New collection" with its name.

    Signals:
        changed: the choice changed.
    """

    changed = Signal()

    def __init__(self, allow_new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_new = allow_new
        self.combo = QComboBox(self)
        self.combo.setObjectName("collectionCombo")
        self.combo.setAccessibleName("Collection")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(24)
        self.name = QLineEdit(self)
        self.name.setObjectName("newCollectionName")
        self.name.setAccessibleName("Name of the new collection")
        self.name.setPlaceholderText("Name of the new collection")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.name, 1)
        self.jobs: set[FormatJob] = set()
        self._previous = 0
        self._fill([])
        self.combo.activated.connect(self._on_activated)
        self.combo.currentIndexChanged.connect(self._on_index_changed)
        self.name.textChanged.connect(self._on_name_changed)

    def start(self) -> None:
        """List the app's collections again (on the pool)."""
        job = FormatJob(list_collections)
        self.jobs.add(job)
        job.finished.connect(self._on_listed)
        job.failed.connect(self._on_list_failed)
        job.start()

    def _fill(self, found: list[tuple[str, str]]) -> None:
        chosen = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        if self.allow_new:
            self.combo.addItem("New collection…", NEW)
        for name, folder in found:
            self.combo.addItem(name, folder)
            self.combo.setItemData(self.combo.count() - 1, folder, Qt.ItemDataRole.ToolTipRole)
        self.combo.addItem(
            "Other folder…" if found or self.allow_new else "Choose a folder…", OTHER
        )
        index = self.combo.findData(chosen) if chosen not in (None, OTHER) else -1
        if index < 0:
            index = 1 if self.allow_new and found else 0
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self._previous = self.combo.currentIndex()
        self._update()

    def select_folder(self, folder: str) -> None:
        """Choose `folder` (added to the list when it is not there)."""
        index = self.combo.findData(folder)
        if index < 0:
            index = self.combo.count() - 1  # before "Other folder…"
            self.combo.insertItem(index, Path(folder).name or folder, folder)
            self.combo.setItemData(index, folder, Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentIndex(index)

    def target(self) -> Target | None:
        """The choice; None while "Other folder…" is shown with nothing picked."""
        data = self.combo.currentData()
        if data == NEW:
            return Target(None, self.name.text().strip())
        if data in (None, OTHER):
            return None
        return Target(Path(str(data)))

    def _update(self) -> None:
        self.name.setVisible(self.combo.currentData() == NEW)

    @Slot(object)
    def _on_listed(self, found: object) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
        if isinstance(found, list):
            self._fill(found)

    @Slot(str)
    def _on_list_failed(self, details: str) -> None:
        import logging

        logging.getLogger(__name__).error("internal error listing collections:\n%s", details)
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        if self.combo.itemData(index) != OTHER:
            return
        folder = choose_folder(self, "Choose a collection folder")
        if folder:
            self.select_folder(folder)
        else:
            self.combo.setCurrentIndex(self._previous)

    @Slot(int)
    def _on_index_changed(self, index: int) -> None:
        if self.combo.itemData(index) != OTHER:
            self._previous = index
        self._update()
        self.changed.emit()

    @Slot(str)
    def _on_name_changed(self, _text: str) -> None:
        self.changed.emit()
