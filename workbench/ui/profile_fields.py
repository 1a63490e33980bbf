"""Pieces shared by the auth and proxy profile forms: marked form rows, the TLS fields, the base form.

Every field has a `FieldMark` (red frame and a message line under it). Checks run as the person types,
but a field shows its problem only once it was touched (or on Save), so a fresh form is not all red.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.spec import TLS
from workbench.ui import theme
from workbench.ui.auth_proxy_tabs import line
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.file_field import FileField
from workbench.ui.profile_work import Draft

TLS_FIELDS = ("ca_file", "client_cert", "client_key")


def fit_to_page(stack: QStackedWidget) -> None:
    """Let a stack take the height of the page on show, not of its tallest page."""
    for index in range(stack.count()):
        shown = index == stack.currentIndex()
        policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
        page = stack.widget(index)
        if page is not None:
            page.setSizePolicy(QSizePolicy.Policy.Preferred, policy)
    stack.adjustSize()


class Marks:
    """The marks of one form, by the store's field names (`FieldError.field`)."""

    def __init__(self, owner: QWidget) -> None:
        self.owner = owner
        self.by_field: dict[str, FieldMark] = {}

    def add(self, form: QFormLayout, field: str, label: str, widget: QWidget) -> FieldMark:
        """A form row for `widget`, with its message line under it."""
        target = widget.line if isinstance(widget, FileField) else widget
        mark = widget.mark if isinstance(widget, FileField) else FieldMark(target, error_label())
        form.addRow(label, widget)
        form.addRow("", mark.label)
        self.by_field[field] = mark
        return mark

    def show(
        self, errors: Iterable[tuple[str, str]], fields: Iterable[str], shown: Iterable[str]
    ) -> list[str]:
        """Mark each error among `fields` whose field is in `shown`; clear the other `fields`.

        Returns the messages of errors that no field of this form can show (for the error panel).
        """
        first: dict[str, str] = {}
        loose = []
        for field, message in errors:
            if field in self.by_field:
                first.setdefault(field, message)
            else:
                loose.append(message)
        visible = set(shown)
        for field in fields:
            mark = self.by_field[field]
            if field in first and field in visible:
                mark.show(first[field])
            elif field not in first:
                mark.clear()
        return loose

    def messages(self) -> dict[str, str]:
        """The messages on display, by field."""
        return {f: m.message for f, m in self.by_field.items() if m.message}

    def clear(self) -> None:
        """No field is marked."""
        for mark in self.by_field.values():
            mark.clear()


class TlsFields(QWidget):
    """Certificate settings that travel with a profile: verification, CA file, client certificate."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("TLS (https)", self)
        theme.set_bold(heading, True)
        self.verify = QCheckBox("Verify the server's certificate", self)
        self.verify.setObjectName("profileVerifyCheck")
        self.verify.setChecked(True)
        self.ca_file = FileField("profileCaFileEdit", "CA file", "Trusted CA bundle (PEM)", self)
        self.ca_file.line.setPlaceholderText("system certificates only")
        self.client_cert = FileField(
            "profileClientCertEdit", "Client certificate", "Client certificate (PEM)", self
        )
        self.client_cert.line.setPlaceholderText("none")
        self.client_key = FileField(
            "profileClientKeyEdit", "Client key", "Client certificate key (PEM)", self
        )
        self.client_key.line.setPlaceholderText("inside the certificate file")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(heading)
        self.form = QFormLayout()
        column.addLayout(self.form)
        self.form.addRow("", self.verify)
        self.verify.toggled.connect(self.changed)
        for field in (self.ca_file, self.client_cert, self.client_key):
            field.changed.connect(self.changed)

    def add_rows(self, marks: Marks) -> None:
        """Put the file fields in, each with its mark."""
        marks.add(self.form, "ca_file", "CA file:", self.ca_file)
        marks.add(self.form, "client_cert", "Client certificate:", self.client_cert)
        marks.add(self.form, "client_key", "Client key:", self.client_key)

    def tls(self) -> TLS | None:
        """The settings; None when they are the defaults (the profile has no TLS opinion)."""
        tls = TLS(
            verify=self.verify.isChecked(),
            ca_file=self.ca_file.path(),
            client_cert=self.client_cert.path(),
            client_key=self.client_key.path(),
        )
        return None if tls == TLS() else tls

    def set_tls(self, tls: TLS | None) -> None:
        """Show a profile's settings."""
        tls = tls or TLS()
        self.verify.setChecked(tls.verify)
        self.ca_file.set_path(tls.ca_file)
        self.client_cert.set_path(tls.client_cert)
        self.client_key.set_path(tls.client_key)


class ProfileForm(QWidget):
    """The name, the secret note and the TLS fields that both kinds of profile have.

    Signals:
        edited: something was typed or chosen.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks = Marks(self)
        self.name = line(self, "profileNameEdit", "Profile name", "Staging Basic")
        self.secret_note = QLabel(self)
        self.secret_note.setObjectName("profileSecretNote")
        self.secret_note.setWordWrap(True)
        theme.set_role(self.secret_note, "hint")
        self.tls = TlsFields(self)
        self.has_secret = False
        """The profile on display has a stored secret: an empty secret field keeps it."""
        self.touched: set[str] = set()
        self._field_of: dict[QObject, str] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.top = QFormLayout()
        self.layout_.addLayout(self.top)
        self.marks.add(self.top, "name", "Name:", self.name)
        self.watch(self.name, "name")
        self.tls.changed.connect(self._on_changed)

    def finish_layout(self, body: QWidget) -> None:
        """Below the name: the kind's own fields, the secret note, then TLS."""
        self.layout_.addWidget(body)
        self.layout_.addWidget(self.secret_note)
        self.tls.add_rows(self.marks)
        self.layout_.addWidget(self.tls)
        self.layout_.addStretch(1)
        self._align_labels()

    def _align_labels(self) -> None:
        """One label column for the name, the kind's fields and TLS, though they are separate forms."""
        labels: list[QWidget] = []
        for form in self.findChildren(QFormLayout):
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                label = item.widget() if item is not None else None
                if label is not None:
                    labels.append(label)
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)

    def watch(self, widget: QWidget, field: str) -> None:
        """Re-check when `widget` changes, and count `field` as touched."""
        self._field_of[widget] = field
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._on_touched)
            widget.textChanged.connect(self._on_changed)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(self._on_touched)
            widget.currentIndexChanged.connect(self._on_changed)
        elif isinstance(widget, QCheckBox):
            widget.clicked.connect(self._on_touched)
            widget.toggled.connect(self._on_changed)

    def live_fields(self) -> list[str]:
        """Fields checked as typed (file paths are checked when saving, off the GUI thread)."""
        return [f for f in self.marks.by_field if f not in TLS_FIELDS]

    def secret_edit(self) -> QLineEdit | None:
        """The field holding the secret of the kind on display (None when it has none)."""
        raise NotImplementedError

    def draft(self, replacing: str | None) -> Draft:
        """What to hand the store; `replacing` is the saved name being edited (None: new)."""
        raise NotImplementedError

    def show_profile(self, profile: Any, name: str, status: str = "") -> None:
        """Fill the form from a saved profile (None: empty, for a new one named `name`)."""
        raise NotImplementedError

    def keeps_secret(self) -> bool:
        """Saving keeps the stored secret: there is one and its field was left empty."""
        edit = self.secret_edit()
        return self.has_secret and edit is not None and not edit.text()

    def set_secret_status(self, status: str, what: str) -> None:
        """Say where the stored secret is; an empty field then keeps it."""
        self.has_secret = bool(status) and status != "none"
        if not self.has_secret:
            self.secret_note.setText("")
            self.secret_note.hide()
            return
        self.secret_note.setText(f"The {what} is {status}. Leave its field empty to keep it.")
        self.secret_note.show()

    @Slot()
    def _on_touched(self) -> None:
        field = self._field_of.get(self.sender())
        if field:
            self.touched.add(field)

    @Slot()
    def _on_changed(self) -> None:
        self.edited.emit()
