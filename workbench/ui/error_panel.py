"""The panel shown instead of a response when the transport failed: what failed, why, what to try."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from workbench.engine.errors import HINTS
from workbench.engine.exchange import Failure
from workbench.ui import icons, theme
from workbench.ui.status_line import FAILURE_TITLES


class ErrorPanel(QFrame):
    """Title, reason text, hint and technical detail of a `Failure`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorView")
        self.setStyleSheet(theme.sheet("error-panel"))
        self.setAccessibleName("Error")
        self.icon = QLabel(self)
        self.title = self._label("errorTitle", "title")
        self.url = self._label("errorUrl", "hint")
        self.message = self._label("errorMessage", "")
        self.hint = self._label("errorHint", "")
        self.detail = self._label("errorDetail", "hint")
        self.grid = grid = QGridLayout(self)
        grid.setContentsMargins(16, 16, 16, 16)
        grid.setVerticalSpacing(10)
        grid.addWidget(self.icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.url, 1, 1)
        grid.addWidget(self.message, 2, 1)
        grid.addWidget(self.hint, 3, 1)
        grid.addWidget(self.detail, 4, 1)
        self.extra_row = 5
        """Row where the owner may add a button (Show the timeline)."""
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(6, 1)

    def _label(self, name: str, role: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if role:
            theme.set_role(label, role)
        return label

    def show_failure(self, failure: Failure, url: str) -> None:
        """Fill the panel for `failure` of a send to `url`."""
        side = self.title.fontMetrics().height() * 2
        ratio = self.devicePixelRatioF()
        self.icon.setPixmap(icons.tinted("error", theme.error_color(), side, ratio))
        self.title.setText(FAILURE_TITLES.get(failure.kind, "Failed"))
        self.url.setText(url)
        self.message.setText(failure.message)
        hint = failure.hint or HINTS.get(failure.kind, "")
        self.hint.setText(f"Hint: {hint}" if hint else "")
        self.hint.setVisible(bool(hint))
        self.detail.setText(f"Detail: {failure.detail}" if failure.detail else "")
        self.detail.setVisible(bool(failure.detail))
        self.setAccessibleDescription(f"{failure.message} {hint}")

    def text(self) -> str:
        """Everything the panel says, as plain text."""
        parts = (self.title, self.url, self.message, self.hint, self.detail)
        return "\n".join(label.text() for label in parts if label.text())
