"""The Proxy tab: the system's proxy settings, none, or one typed here; room above for a profile picker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QRadioButton, QVBoxLayout, QWidget

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import PROXY_MODES, Proxy
from workbench.ui.auth_proxy_tabs import ProfileSlot, line, secret_line
from workbench.ui.field_marks import FieldMark, error_label

PROXY_LABELS = {
    "system": "System settings (proxy environment variables)",
    "direct": "Direct (no proxy)",
    "manual": "Manual",
}


class ProxyTab(QWidget):
    """Which proxy carries the request: the system's, none, or one typed here.

    Signals:
        edited: anything changed.
        profile_changed(str): a saved proxy profile was chosen ('' for the inline settings).
    """

    edited = Signal()
    profile_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = ""
        """The saved proxy profile this request uses; '' for the inline settings below."""
        self.profile_slot = ProfileSlot(self)
        self.modes = QButtonGroup(self)
        self.url = line(self, "proxyUrlEdit", "Proxy URL", "http://proxy.example:3128")
        self.https_url = line(self, "proxyHttpsUrlEdit", "Proxy for https", "same as above")
        self.username = line(self, "proxyUserEdit", "Proxy user name")
        self.password = secret_line(self, "proxyPasswordEdit", "Proxy password")
        self.no_proxy = line(self, "noProxyEdit", "No proxy for", "localhost, .internal.example")
        self.mark = FieldMark(self.url, error_label(self))
        self.manual = QWidget(self)
        self._build()
        self.modes.idToggled.connect(self._on_mode_toggled)
        for edit in (self.url, self.https_url, self.username, self.password, self.no_proxy):
            edit.textChanged.connect(self._on_changed)
        self.set_mode("system")

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.profile_slot)
        for number, mode in enumerate(PROXY_MODES):
            button = QRadioButton(PROXY_LABELS[mode], self)
            button.setObjectName(f"proxy_{mode}")
            self.modes.addButton(button, number)
            layout.addWidget(button)
        form = QFormLayout(self.manual)
        form.addRow("Proxy URL:", self.url)
        form.addRow("", self.mark.label)
        form.addRow("For https:", self.https_url)
        form.addRow("User name:", self.username)
        form.addRow("Password:", self.password)
        form.addRow("No proxy for:", self.no_proxy)
        layout.addWidget(self.manual)
        layout.addStretch(1)

    def set_profile_picker(self, widget: QWidget) -> None:
        """Extension point: a saved proxy profile picker above the inline settings."""
        self.profile_slot.set_picker(widget)

    def set_profile(self, name: str) -> None:
        """Use the saved proxy profile `name` (the inline settings are greyed); '' for inline."""
        if name == self.profile:
            return
        self.profile = name
        for button in self.modes.buttons():
            button.setEnabled(not name)
        self.manual.setEnabled(not name and self.mode() == "manual")
        self.mark.clear()
        picker = self.profile_slot.field
        self.mark.field = picker if name and picker is not None else self.url
        self.profile_changed.emit(name)
        self.edited.emit()

    def mode(self) -> str:
        """system, direct or manual."""
        return PROXY_MODES[max(self.modes.checkedId(), 0)]

    def set_mode(self, mode: str) -> None:
        """Choose a mode."""
        self.modes.button(PROXY_MODES.index(mode)).setChecked(True)
        self.manual.setEnabled(mode == "manual" and not self.profile)

    def proxy(self, validate: bool = True) -> Proxy:
        """The settings as an engine `Proxy`; with `validate`, raise at a wrong proxy URL."""
        proxy = Proxy(
            mode=self.mode(),  # type: ignore[arg-type]
            url=self.url.text().strip(),
            https_url=self.https_url.text().strip(),
            username=self.username.text(),
            password=self.password.text(),
            no_proxy=tuple(h.strip() for h in self.no_proxy.text().split(",") if h.strip()),
        )
        if validate and proxy.mode == "manual" and not self.profile:
            try:
                _check_proxy(proxy)
            except InvalidRequest as exc:
                self.mark.show(exc.message)
                raise
        return proxy

    def state(self) -> dict[str, Any]:
        """What was typed, the password left out."""
        proxy = self.proxy(validate=False)
        return {
            "mode": proxy.mode,
            "url": proxy.url,
            "https_url": proxy.https_url,
            "username": proxy.username,
            "no_proxy": self.no_proxy.text(),
            "profile": self.profile,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Put back a saved state."""
        self.url.setText(str(state.get("url", "")))
        self.https_url.setText(str(state.get("https_url", "")))
        self.username.setText(str(state.get("username", "")))
        self.no_proxy.setText(str(state.get("no_proxy", "")))
        mode = state.get("mode", "system")
        self.set_mode(mode if mode in PROXY_MODES else "system")
        self.set_profile(str(state.get("profile", "")))

    @Slot(int, bool)
    def _on_mode_toggled(self, _number: int, checked: bool) -> None:
        if checked:
            self.manual.setEnabled(self.mode() == "manual" and not self.profile)
            self.mark.clear()
            self.edited.emit()

    @Slot()
    def _on_changed(self) -> None:
        self.mark.clear()
        self.edited.emit()


def _check_proxy(proxy: Proxy) -> None:
    """The store's rules for a manual proxy, the same as for a saved proxy profile: the engine's URL
    checks, no password inside the URL, {{variables}} checked once filled in."""
    from workbench.store.profile_check import check_proxy

    problems = check_proxy(proxy)
    if problems:
        raise InvalidRequest("proxy", problems[0].message)
