"""The small questions the collections ask (a name, a folder, save or discard), in one place.

Tests stand in for these modal dialogs by replacing the functions.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class Choice(Enum):
    """An answer to a question with more than two ways out."""

    SAVE = "save"
    DISCARD = "discard"
    OVERWRITE = "overwrite"
    RELOAD = "reload"
    CANCEL = "cancel"


def ask_name(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A name typed by the user; None when cancelled."""
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return name if ok else None


def choose_folder(parent: QWidget | None, title: str) -> str:
    """An existing folder picked by the user; '' when cancelled."""
    return QFileDialog.getExistingDirectory(parent, title)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something went wrong (nothing was changed)."""
    QMessageBox.warning(parent, title, text)


def ask_save_changes(parent: QWidget | None, name: str) -> Choice:
    """Closing a tab with unsaved edits: save, discard or keep the tab open."""
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes", "", parent=parent)
    box.setText(f"{name} has changes that are not saved to its file.")
    box.setInformativeText("Save them before closing the tab?")
    save = box.addButton("Save", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return (
        Choice.SAVE if clicked is save else Choice.DISCARD if clicked is discard else Choice.CANCEL
    )


def ask_conflict(parent: QWidget | None, name: str) -> Choice:
    """Saving over a file that changed on disk: overwrite it, reload it, or cancel."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed on disk", "", parent=parent)
    box.setText(f"{name} was changed outside Workbench since you opened it.")
    box.setInformativeText(
        "Overwrite replaces the version on disk with yours; Reload shows the version on disk "
        "and drops your edits."
    )
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    reload = box.addButton("Reload", QMessageBox.ButtonRole.ResetRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is overwrite:
        return Choice.OVERWRITE
    return Choice.RELOAD if clicked is reload else Choice.CANCEL


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """A yes/no question whose yes button says what it does."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes
