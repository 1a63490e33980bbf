"""The Auth tab, and what it shares with the Proxy tab: the engine's inline choices, with room above for
a saved-profile picker.

`set_profile_picker` puts the saved-profile picker (`profile_pickers`) in the row at the top of each
tab; `set_profile` records the chosen profile, greying the inline settings, which it then replaces.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import Auth
from workbench.engine.validate import check_auth
from workbench.ui import icons, theme
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.request_editor import SECRET_KEYS

AUTH_CHOICES = (
    ("none", "None"),
    ("basic", "Basic"),
    ("digest", "Digest"),
    ("bearer", "Bearer token"),
    ("apikey", "API key"),
)


def line(parent: QWidget, name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    """A named, accessible line edit."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


def secret_line(parent: QWidget, name: str, accessible: str) -> QLineEdit:
    """A password field with an eye button that shows what was typed."""
    edit = line(parent, name, accessible)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    reveal = QAction(icons.icon("eye"), "Show", edit)
    reveal.setCheckable(True)
    reveal.setToolTip("Show or hide what was typed")
    helper = _RevealHelper(edit)
    reveal.toggled.connect(helper.on_toggled)
    edit.addAction(reveal, QLineEdit.ActionPosition.TrailingPosition)
    return edit


class _RevealHelper(QObject):
    """Switches a password field between hidden and shown (a child of the field, so it lives as long)."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.edit = edit

    @Slot(bool)
    def on_toggled(self, shown: bool) -> None:
        """Show the text when the eye is on."""
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)


class ProfileSlot(QWidget):
    """The empty row where a saved-profile picker goes (a later issue fills it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.field: QWidget | None = None
        """The picker's input: marked, instead of the greyed inline form, when a profile fails."""
        self.hide()

    def set_picker(self, widget: QWidget) -> None:
        """Show `widget` (a profile combo) at the top of the tab."""
        self.row.addWidget(widget)
        self.field = widget.focusProxy() or widget
        self.show()


class AuthTab(QWidget):
    """How the request authenticates: none, Basic (on challenge or preemptive), Digest, Bearer, API key.

    Signals:
        edited: anything changed.
        profile_changed(str): a saved auth profile was chosen ('' for the inline settings).
    """

    edited = Signal()
    profile_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = ""
        """The saved auth profile this request uses; '' for the inline settings below."""
        self.profile_slot = ProfileSlot(self)
        self.kind = QComboBox(self)
        self.kind.setObjectName("authKindCombo")
        self.kind.setAccessibleName("Authentication")
        for key, label in AUTH_CHOICES:
            self.kind.addItem(label, key)
        self.username = line(self, "authUserEdit", "User name")
        self.password = secret_line(self, "authPasswordEdit", "Password")
        self.realm = line(self, "authRealmEdit", "Realm", "any realm")
        self.scope = line(self, "authScopeEdit", "Applies to", "this request's origin")
        self.preemptive = QCheckBox("Send credentials with the first request (preemptive)", self)
        self.preemptive.setObjectName("authPreemptiveCheck")
        self.token = secret_line(self, "authTokenEdit", "Bearer token")
        self.key_name = line(self, "authKeyNameEdit", "API key name", "X-Api-Key")
        self.key_value = secret_line(self, "authKeyValueEdit", "API key value")
        self.key_in = QComboBox(self)
        self.key_in.setObjectName("authKeyInCombo")
        self.key_in.setAccessibleName("Send the API key in")
        self.key_in.addItem("Header", "header")
        self.key_in.addItem("Query parameter", "query")
        self.mark = FieldMark(self.kind, error_label(self))
        self.pages = QStackedWidget(self)
        self._build()
        for edit in (self.username, self.password, self.realm, self.scope, self.token):
            edit.textChanged.connect(self._on_changed)
        for edit in (self.key_name, self.key_value):
            edit.textChanged.connect(self._on_changed)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.preemptive.toggled.connect(self._on_changed)
        self.key_in.currentIndexChanged.connect(self._on_changed)

    def _build(self) -> None:
        none_page = QLabel("No authentication: the request is sent as it is.", self)
        theme.set_role(none_page, "hint")
        user_page = QWidget(self)
        form = QFormLayout(user_page)
        form.addRow("User name:", self.username)
        form.addRow("Password:", self.password)
        form.addRow("Realm:", self.realm)
        form.addRow("Applies to:", self.scope)
        form.addRow("", self.preemptive)
        self.challenge_note = QLabel(self)
        theme.set_role(self.challenge_note, "hint")
        self.challenge_note.setWordWrap(True)
        form.addRow("", self.challenge_note)
        bearer_page = QWidget(self)
        QFormLayout(bearer_page).addRow("Token:", self.token)
        key_page = QWidget(self)
        key_form = QFormLayout(key_page)
        key_form.addRow("Name:", self.key_name)
        key_form.addRow("Value:", self.key_value)
        key_form.addRow("Send in:", self.key_in)
        for page in (none_page, user_page, bearer_page, key_page):
            self.pages.addWidget(page)
        top = QFormLayout()
        top.addRow("Type:", self.kind)
        layout = QVBoxLayout(self)
        layout.addWidget(self.profile_slot)
        layout.addLayout(top)
        layout.addWidget(self.mark.label)
        layout.addWidget(self.pages)
        layout.addStretch(1)
        self._on_kind_changed(0)

    def set_profile_picker(self, widget: QWidget) -> None:
        """Extension point: a saved auth profile picker above the inline settings."""
        self.profile_slot.set_picker(widget)

    def set_profile(self, name: str) -> None:
        """Use the saved auth profile `name` (the inline settings are greyed); '' for inline."""
        if name == self.profile:
            return
        self.profile = name
        self.kind.setEnabled(not name)
        self.pages.setEnabled(not name)
        self.mark.clear()
        picker = self.profile_slot.field
        self.mark.field = picker if name and picker is not None else self.kind
        self.profile_changed.emit(name)
        self.edited.emit()

    def auth(self, validate: bool = True) -> Auth:
        """The inline settings as an engine `Auth`; with `validate`, raise at a missing value."""
        kind = self.kind.currentData()
        auth = Auth(
            kind=kind,
            username=self.username.text(),
            password=self.password.text(),
            realm=self.realm.text().strip(),
            scope=self.scope.text().strip(),
            preemptive=self.preemptive.isChecked(),
            token=self.token.text().strip(),
            key_name=self.key_name.text().strip(),
            key_value=self.key_value.text(),
            key_in=self.key_in.currentData(),
        )
        # A chosen profile replaces these at send time; {{variables}} are checked once resolved.
        if validate and not self.profile and not _uses_variables(auth):
            try:
                check_auth(auth)
            except InvalidRequest as exc:
                self.mark.show(exc.message)
                raise
            self.mark.clear()
        return auth

    def state(self) -> dict[str, Any]:
        """What was typed, secrets left out."""
        data = self.auth(validate=False)._asdict()
        return {k: v for k, v in data.items() if k not in SECRET_KEYS} | {"profile": self.profile}

    def restore(self, state: dict[str, Any]) -> None:
        """Put back a saved state."""
        self.username.setText(str(state.get("username", "")))
        self.realm.setText(str(state.get("realm", "")))
        self.scope.setText(str(state.get("scope", "")))
        self.preemptive.setChecked(bool(state.get("preemptive", False)))
        self.key_name.setText(str(state.get("key_name", "")))
        self.key_in.setCurrentIndex(max(self.key_in.findData(state.get("key_in", "header")), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(state.get("kind", "none")), 0))
        self.set_profile(str(state.get("profile", "")))

    @Slot(int)
    def _on_kind_changed(self, _index: int) -> None:
        kind = self.kind.currentData()
        page = {"none": 0, "basic": 1, "digest": 1, "bearer": 2, "apikey": 3}[kind]
        self.pages.setCurrentIndex(page)
        self.preemptive.setVisible(kind == "basic")
        self._update_note()
        self.mark.clear()
        self.edited.emit()

    @Slot()
    def _on_changed(self) -> None:
        self._update_note()
        self.mark.clear()
        self.edited.emit()

    def _update_note(self) -> None:
        kind = self.kind.currentData()
        if kind == "basic" and self.preemptive.isChecked():
            note = "The Authorization header goes out with the first request."
        elif kind in ("basic", "digest"):
            note = "Credentials are sent only after the server answers 401 with a challenge."
        else:
            note = ""
        self.challenge_note.setText(note)


def _uses_variables(auth: Auth) -> bool:
    return any("{{" in value for value in (auth.username, auth.token, auth.key_name))
