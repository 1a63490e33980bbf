"""The top line of a request: method, URL, and the Send button that turns into Cancel while sending."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from workbench.engine.errors import InvalidRequest
from workbench.engine.validate import check_method
from workbench.ui import icons
from workbench.ui.field_marks import FieldMark, error_label

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
else:
    from workbench.ui.lazy_qt import Qt  # made on first use (see lazy_qt)

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class UrlBar(QWidget):
    """Method combo (any token may be typed), URL field, Send and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = QComboBox(self)
        self.method.setObjectName("methodCombo")
        self.method.setAccessibleName("Method")
        self.method.setEditable(True)
        self.method.addItems(METHODS)
        self.method.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.method.setToolTip("The request method: pick one or type any HTTP token")
        self.method.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.method.setMinimumContentsLength(8)
        self.url = QLineEdit(self)
        self.url.setObjectName("urlEdit")
        self.url.setAccessibleName("URL")
        self.url.setPlaceholderText("https://example.com/path?name=value")
        self.url.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.send = self._button("sendButton", "Send", "send", "Send the request (Ctrl+Enter)")
        self.cancel = self._button("cancelButton", "Cancel", "cancel", "Stop the transfer (Esc)")
        self.cancel.hide()
        self.send.setDefault(True)
        self.method_mark = FieldMark(self.method, error_label(self))
        self.url_mark = FieldMark(self.url, error_label(self))
        self.url_mark.label.setObjectName("urlError")
        self._lay_out()
        self.method.editTextChanged.connect(self._on_method_edited)
        self.url.textEdited.connect(self._on_url_edited)

    def _button(self, name: str, text: str, icon: str, tip: str) -> QPushButton:
        button = QPushButton(icons.icon(icon), text, self)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setToolTip(tip)
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        width = max(
            button.sizeHint().width(), button.fontMetrics().horizontalAdvance("Cancel") + 48
        )
        button.setMinimumWidth(width)
        return button

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.method, 0, 0)
        grid.addWidget(self.url, 0, 1)
        grid.addWidget(self.send, 0, 2)
        grid.addWidget(self.cancel, 0, 2)
        grid.addWidget(self.method_mark.label, 1, 0, 1, 3)
        grid.addWidget(self.url_mark.label, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.setFocusProxy(self.url)

    def set_running(self, running: bool) -> None:
        """Show Cancel instead of Send while a request of this tab runs."""
        focus = self.send.hasFocus() or self.cancel.hasFocus()
        self.send.setVisible(not running)
        self.cancel.setVisible(running)
        if focus:
            (self.cancel if running else self.send).setFocus(Qt.FocusReason.OtherFocusReason)

    def method_text(self) -> str:
        """The method as typed."""
        return self.method.currentText()

    def check_method(self) -> str:
        """The method, or raise `InvalidRequest` (and mark the field)."""
        try:
            return check_method(self.method_text())
        except InvalidRequest as exc:
            self.method_mark.show(exc.message)
            raise

    @Slot(str)
    def _on_method_edited(self, text: str) -> None:
        try:
            check_method(text)
        except InvalidRequest as exc:
            self.method_mark.show(exc.message)
        else:
            self.method_mark.clear()

    @Slot(str)
    def _on_url_edited(self, _text: str) -> None:
        # A half-typed URL is not an error yet: the mark goes away on typing, comes back on send.
        self.url_mark.clear()
