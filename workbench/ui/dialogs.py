"""File choosers in one place, so tests can stand in for the modal dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget


def open_file(parent: QWidget | None, title: str, start: str = "") -> str:
    """The path of an existing file the user picked, '' when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, start)
    return path


def save_file(parent: QWidget | None, title: str, suggested: str = "") -> str:
    """The path to save to, '' when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested)
    return path
