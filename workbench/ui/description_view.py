"""A saved request's (or folder's) description: plain text, word-wrapped, read-only, collapsible.

The tour's requests explain what to look at; this pane shows that text above the editor. It hides
itself when there is nothing to show, and remembers whether the user folded it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import theme

VISIBLE_LINES = 9
"""How many lines show before the text scrolls (the tour's longest fits in about twice that)."""


class DescriptionView(QWidget):
    """A title line with a fold button, and the text below it."""

    def __init__(self, parent: QWidget | None = None, name: str = "descriptionView") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName(f"{name}Toggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setText("Description")
        self.toggle.setToolTip("Show or hide the description")
        self.title = QLabel(self)
        theme.set_role(self.title, "hint")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName(f"{name}Text")
        self.text.setAccessibleName("Description")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        lines = QFontMetrics(self.text.font()).lineSpacing()
        self.text.setMaximumHeight(lines * VISIBLE_LINES + 12)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toggle)
        top.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.text)
        self.toggle.toggled.connect(self._on_toggled)
        self.hide()

    def set_text(self, text: str, title: str = "") -> None:
        """Show `text` (hidden when empty); `title` names where it comes from."""
        text = text.strip()
        self.text.setPlainText(text)
        self.text.verticalScrollBar().setValue(0)
        self.title.setText(title)
        self.setVisible(bool(text))

    def plain_text(self) -> str:
        """The text shown."""
        return self.text.toPlainText()

    @Slot(bool)
    def _on_toggled(self, shown: bool) -> None:
        self.text.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
