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


WRITE_SECRETS = "secrets"
WRITE_REFERENCES = "references"


def ask_secrets_in_file(parent: QWidget | None, path: str, sources: str, unavailable: str) -> str:
    """Saving a request whose text holds secrets (from `sources`): `WRITE_SECRETS`,
    `WRITE_REFERENCES` (offered unless `unavailable` says why it cannot be), or '' to cancel."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "Secrets in the file", "", parent=parent)
    box.setObjectName("secretsInFileBox")
    name = path.replace("\\", "/").rpartition("/")[2]
    box.setText(f"The request holds secrets from {sources}; {name} would hold them in plain text.")
    choices = (
        f"or cancel. {unavailable}"
        if unavailable
        else "or write {{references}} instead: the profiles named in a comment, {{variables}} "
        "left as typed."
    )
    box.setInformativeText(f"Write them (the file is then readable by you only), {choices}")
    write = box.addButton("Write the secrets into the file", QMessageBox.ButtonRole.DestructiveRole)
    instead = None
    if not unavailable:
        instead = box.addButton("Write {{references}} instead", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(instead or cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is write:
        return WRITE_SECRETS
    return WRITE_REFERENCES if instead is not None and clicked is instead else ""
