"""File > Import…: the window's import action; the dialog module loads on first use (start-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from workbench.ui.import_dialog import ImportDialog
    from workbench.ui.main_window import MainWindow


class Importer(QObject):
    """Opens the import dialog, built on first use."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ImportDialog | None = None

    @Slot()
    def open_dialog(self) -> None:
        """Show the import dialog (window-modal, not blocking)."""
        if self.dialog is None:
            from workbench.ui.import_dialog import ImportDialog

            self.dialog = ImportDialog(self.window)
            self.dialog.message.connect(self._on_message)
        self.dialog.start()
        self.dialog.open()

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)


def install(window: MainWindow) -> Importer:
    """The import action of `window` (its menu calls ``imports.open_dialog``)."""
    return Importer(window)
