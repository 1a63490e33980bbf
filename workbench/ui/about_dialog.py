"""Help → About: the version (from the package metadata), what it runs on, and where it keeps things."""

from __future__ import annotations

import platform
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import icons, theme
from workbench.ui.playground_ui import PoolUser

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

SUMMARY = "A desktop HTTP request workbench over Python's urllib opener engine."
LICENSE = "Workbench is free software under the MIT License. Copyright the Workbench maintainers."


def versions() -> list[tuple[str, str]]:
    """(name, version) of Workbench and what it runs on, in the order shown."""
    import PySide6

    from workbench import version

    return [
        ("Workbench", version()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("System", platform.platform(terse=True)),
    ]


def folders() -> list[tuple[str, str]]:
    """(what, folder) of the data folders in use."""
    from workbench.store import paths
    from workbench.store.secret_file import display_path

    return [
        ("Settings", display_path(paths.config_dir())),
        ("Collections", display_path(paths.collections_dir())),
        ("History", display_path(paths.history_db())),
        ("Window state", display_path(paths.state_dir())),
    ]


def secret_store() -> str:
    """Where new secrets go, in words (may import keyring and ask the system: run it on the pool)."""
    from workbench.store.secrets import SecretStore

    return SecretStore().backend_name


class AboutDialog(QDialog):
    """Versions, folders, secret store and licence, as selectable plain text with a copy button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Workbench")
        self.rows: dict[str, QLabel] = {}
        header = QHBoxLayout()
        logo = QLabel(self)
        side = self.fontMetrics().height() * 4
        logo.setPixmap(icons.icon("app").pixmap(side, side))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        self.title = QLabel(f"Workbench {versions()[0][1]}", self)
        self.title.setObjectName("aboutTitle")
        theme.set_role(self.title, "title")
        titles.addWidget(self.title)
        titles.addWidget(self._wrapping(SUMMARY))
        header.addLayout(titles, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        self._section(layout, "Versions", versions())
        self._section(
            layout, "Where Workbench keeps things", [*folders(), ("Secrets", "checking…")]
        )
        layout.addSpacing(8)
        self.license = self._wrapping(LICENSE)
        self.license.setObjectName("aboutLicense")
        theme.set_role(self.license, "hint")
        layout.addWidget(self.license)
        layout.addWidget(self._buttons())

    def _section(self, layout: QVBoxLayout, title: str, rows: list[tuple[str, str]]) -> None:
        layout.addSpacing(10)
        heading = QLabel(title, self)
        theme.set_bold(heading, True)
        layout.addWidget(heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(12, 0, 0, 0)
        for name, value in rows:
            form.addRow(f"{name}:", self._value(name, value))
        layout.addLayout(form)

    def _wrapping(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _value(self, name: str, value: str) -> QLabel:
        label = QLabel(value, self)
        label.setObjectName(f"about{name.replace(' ', '')}")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rows[name] = label
        return label

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("&Copy Details", self)
        copy.setObjectName("aboutCopy")
        copy.setIcon(icons.icon("copy"))
        box.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        box.rejected.connect(self.reject)
        return box

    def text(self) -> str:
        """Every row as plain ``name: value`` lines (what Copy Details puts on the clipboard)."""
        lines = [f"{name}: {label.text()}" for name, label in self.rows.items()]
        return "\n".join(lines) + "\n"

    @Slot()
    def copy_details(self) -> None:
        """Versions and folders on the clipboard, for a bug report."""
        QGuiApplication.clipboard().setText(self.text())

    def set_secret_store(self, text: str) -> None:
        """Fill in the secret store once it is known."""
        self.rows["Secrets"].setText(text)


class AboutController(PoolUser):
    """Builds the About dialog on first use and finds out the secret store off the GUI thread."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.dialog: AboutDialog | None = None

    @Slot()
    def show(self) -> AboutDialog:
        """Show the dialog (not modal: the window and the tests carry on)."""
        if self.dialog is None:
            self.dialog = AboutDialog(self.window)
            self.run_on_pool("secrets", secret_store)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _after_secrets(self, text: object) -> None:
        if self.dialog is not None:
            self.dialog.set_secret_store(str(text))
