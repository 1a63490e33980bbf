"""The Options tab: timeouts, redirects, TLS, cookies and decoding. Typed values are checked as typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT, TLS, Options
from workbench.engine.validate import check_max_redirects, check_timeout
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.file_field import FileField, check_file

_CHECKS = (
    ("follow_redirects", "Follow redirects", True, "followRedirectsCheck"),
    ("verify", "Verify TLS certificates", True, "verifyTlsCheck"),
    ("cookies", "Keep cookies across redirects (cookie jar)", True, "cookiesCheck"),
    ("decode", "Ask for and decode compressed content (gzip, deflate)", True, "decodeCheck"),
    (
        "headers_as_typed",
        "Send header names as typed (not Title-Case)",
        True,
        "headersAsTypedCheck",
    ),
)


def _number(value: float) -> str:
    return f"{value:g}"


class OptionsTab(QWidget):
    """Options of one request; `options()` builds the engine's `Options` or raises at the wrong field."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeout = self._line("timeoutEdit", "Timeout in seconds", _number(DEFAULT_TIMEOUT))
        self.timeout.setPlaceholderText("no limit")
        self.timeout.setToolTip("Seconds each connect or read may wait; empty waits forever")
        self.total = self._line("totalTimeoutEdit", "Deadline in seconds", "")
        self.total.setPlaceholderText("none")
        self.total.setToolTip("A deadline for the whole exchange, redirects and body included")
        self.max_redirects = self._line(
            "maxRedirectsEdit", "Maximum redirects", str(DEFAULT_MAX_REDIRECTS)
        )
        self.checks = {key: self._check(text, on, name) for key, text, on, name in _CHECKS}
        self.ca_file = FileField("caFileEdit", "CA file", "Trusted CA bundle (PEM)", self)
        self.ca_file.line.setPlaceholderText("system certificates only")
        # On the field, not its line: the line's tooltip is taken over by error messages.
        self.ca_file.setToolTip(
            "A PEM bundle of CAs to trust instead of the system's: when set, only these are trusted"
        )
        self.marks = {
            "timeout": FieldMark(self.timeout, error_label(self)),
            "total_timeout": FieldMark(self.total, error_label(self)),
            "max_redirects": FieldMark(self.max_redirects, error_label(self)),
            "ca_file": self.ca_file.mark,
        }
        self._build()
        self.timeout.textEdited.connect(self._on_timeout_edited)
        self.total.textEdited.connect(self._on_total_edited)
        self.max_redirects.textEdited.connect(self._on_max_redirects_edited)
        self.ca_file.changed.connect(self.edited)
        for box in self.checks.values():
            box.toggled.connect(self._on_toggled)

    def _line(self, name: str, accessible: str, text: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * 14)
        return edit

    def _check(self, text: str, default: bool, name: str) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(name)
        box.setChecked(default)
        return box

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("Timeout (s):", self.timeout)
        form.addRow("", self.marks["timeout"].label)
        form.addRow("Deadline (s):", self.total)
        form.addRow("", self.marks["total_timeout"].label)
        form.addRow("", self.checks["follow_redirects"])
        form.addRow("Max redirects:", self.max_redirects)
        form.addRow("", self.marks["max_redirects"].label)
        form.addRow("", self.checks["verify"])
        form.addRow("CA file:", self.ca_file)
        form.addRow("", self.ca_file.mark.label)
        for key in ("cookies", "decode", "headers_as_typed"):
            form.addRow("", self.checks[key])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

    def options(self, validate: bool = True) -> Options:
        """The engine's `Options`; with `validate`, raise `InvalidRequest` (and mark the field)."""
        checked = {key: self._field(key, get, validate) for key, get in self._checks().items()}
        tls = TLS(verify=self.checks["verify"].isChecked(), ca_file=checked.pop("ca_file"))
        flags = {key: box.isChecked() for key, box in self.checks.items() if key != "verify"}
        return Options(tls=tls, **checked, **flags)

    def _checks(self) -> dict[str, Callable[[], Any]]:
        return {
            "timeout": lambda: check_timeout(self.timeout.text().strip()),
            "total_timeout": lambda: check_timeout(self.total.text().strip(), "total_timeout"),
            "max_redirects": lambda: check_max_redirects(self.max_redirects.text().strip()),
            "ca_file": self._ca_file,
        }

    def _ca_file(self) -> str:
        path = self.ca_file.path()
        return check_file(path, "CA file", "ca_file") if path else ""

    def _field(self, key: str, get: Callable[[], Any], validate: bool) -> Any:
        try:
            value = get()
        except InvalidRequest as exc:
            if validate:
                self.marks[key].show(exc.message)
                raise
            return Options()._asdict().get(key, "")
        self.marks[key].clear()
        return value

    def state(self) -> dict[str, Any]:
        """Every field as typed (even a wrong value is kept)."""
        state: dict[str, Any] = {
            "timeout": self.timeout.text(),
            "total_timeout": self.total.text(),
            "max_redirects": self.max_redirects.text(),
            "ca_file": self.ca_file.path(),
        }
        state.update({key: box.isChecked() for key, box in self.checks.items()})
        return state

    def restore(self, state: dict[str, Any]) -> None:
        """Put back a saved state."""
        self.timeout.setText(str(state.get("timeout", _number(DEFAULT_TIMEOUT))))
        self.total.setText(str(state.get("total_timeout", "")))
        self.max_redirects.setText(str(state.get("max_redirects", DEFAULT_MAX_REDIRECTS)))
        self.ca_file.set_path(str(state.get("ca_file", "")))
        for key, box in self.checks.items():
            box.setChecked(bool(state.get(key, True)))
        for key, mark in self.marks.items():
            self._recheck(key, mark)

    def _recheck(self, key: str, mark: FieldMark) -> None:
        if key == "ca_file":
            return  # a path is checked on send, not on every keystroke
        try:
            self._checks()[key]()
        except InvalidRequest as exc:
            mark.show(exc.message)
        else:
            mark.clear()

    @Slot(str)
    def _on_timeout_edited(self, _text: str) -> None:
        self._recheck("timeout", self.marks["timeout"])
        self.edited.emit()

    @Slot(str)
    def _on_total_edited(self, _text: str) -> None:
        self._recheck("total_timeout", self.marks["total_timeout"])
        self.edited.emit()

    @Slot(str)
    def _on_max_redirects_edited(self, _text: str) -> None:
        self._recheck("max_redirects", self.marks["max_redirects"])
        self.edited.emit()

    @Slot(bool)
    def _on_toggled(self, _checked: bool) -> None:
        self.max_redirects.setEnabled(self.checks["follow_redirects"].isChecked())
        self.edited.emit()
