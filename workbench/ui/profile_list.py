"""The left side of the profiles dialog: auth and proxy profiles under two headings, and the prompts.

The prompts (confirm, ask a name) are module functions so tests can answer them without a modal loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QInputDialog, QListWidget, QListWidgetItem, QMessageBox, QWidget

from workbench.store.profile_model import ProfileKind, Profiles
from workbench.ui import profile_work

KEY = Qt.ItemDataRole.UserRole
SECTIONS: tuple[tuple[ProfileKind, str], ...] = (
    ("auth", "Auth profiles"),
    ("proxy", "Proxy profiles"),
)


def confirm(parent: QWidget, title: str, text: str, details: str = "", action: str = "OK") -> bool:
    """Ask before doing something that cannot be undone; True when the person agreed."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setInformativeText(details)
    agree = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is agree


def ask_name(parent: QWidget, title: str, label: str, text: str) -> str | None:
    """A new name typed by the person; None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def users_text(users: list[str], consequence: str) -> str:
    """The saved requests that use a profile, one a line, then what will happen to them."""
    return "\n".join(f"• {u}" for u in users) + f"\n\n{consequence}"


class ProfileList(QListWidget):
    """Profile names under an "Auth profiles" and a "Proxy profiles" heading."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileList")
        self.setAccessibleName("Saved profiles")
        self.quiet = False
        """True while the list is changed by the program, not by a click."""

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Change the list without the dialog taking it for the person's choice."""
        self.quiet = True
        try:
            yield
        finally:
            self.quiet = False

    def fill(self, profiles: Profiles) -> None:
        """Show `profiles` (nothing chosen)."""
        bold = QFont(self.font())
        bold.setBold(True)
        with self.quietly():
            self.clear()
            for kind, title in SECTIONS:
                header = QListWidgetItem(title, self)
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                header.setFont(bold)
                header.setForeground(self.palette().brush(QPalette.ColorRole.Text))
                found = profiles.auth if kind == "auth" else profiles.proxy
                for profile in found:
                    item = QListWidgetItem(profile.name, self)
                    item.setData(KEY, f"{kind}:{profile.name}")
                    item.setToolTip(profile_work.summary_line(profile))
                if not found:
                    QListWidgetItem("   none yet", self).setFlags(Qt.ItemFlag.NoItemFlags)

    def select(self, wanted: tuple[ProfileKind, str] | None) -> None:
        """Choose the profile `wanted` (kind, name), or nothing."""
        key = ":".join(wanted) if wanted is not None else None
        with self.quietly():
            self.setCurrentRow(-1)
            for row in range(self.count()):
                item = self.item(row)
                if key is not None and item.data(KEY) == key:
                    self.setCurrentItem(item)

    def restore(self, previous: QListWidgetItem | None) -> None:
        """Go back to `previous` (the person chose to keep editing)."""
        with self.quietly():
            if previous is None:
                self.setCurrentRow(-1)
            else:
                self.setCurrentItem(previous)

    def chosen_key(self) -> tuple[ProfileKind, str] | None:
        """The (kind, name) of the chosen profile, None when none is."""
        item = self.currentItem()
        data = item.data(KEY) if item is not None else None
        if not isinstance(data, str):
            return None
        kind, _, name = data.partition(":")
        return ("auth" if kind == "auth" else "proxy"), name
