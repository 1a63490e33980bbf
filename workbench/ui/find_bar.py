"""Find in the body (Ctrl+F): a bar under the text with next, previous and match case."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from workbench.ui import icons, theme

TextView = QPlainTextEdit | QTextEdit


class FindBar(QWidget):
    """Searches one text view, wrapping around at either end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: TextView | None = None
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setAccessibleName("Find in body")
        self.edit.setPlaceholderText("Find in body")
        self.case = QCheckBox("Match case", self)
        self.result = QLabel(self)
        self.result.setObjectName("findResult")
        theme.set_role(self.result, "hint")
        previous = self._button("up", "Previous match (Shift+Enter)")
        following = self._button("down", "Next match (Enter)")
        close = self._button("close", "Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.case)
        layout.addWidget(self.result)
        layout.addWidget(close)
        self.edit.returnPressed.connect(self._on_return_pressed)
        self.edit.textEdited.connect(self._on_text_edited)
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        close.clicked.connect(self.close_bar)
        self.hide()

    def _button(self, icon: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icons.icon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (", maxsplit=1)[0])
        button.setAutoRaise(True)
        return button

    def open(self, target: TextView, note: str = "") -> None:
        """Show the bar for `target` with the focus in the search field."""
        self.target = target
        self.result.setText(note)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    @Slot()
    def close_bar(self) -> None:
        """Hide the bar and give the focus back to the text."""
        self.hide()
        if self.target is not None:
            self.target.setFocus()

    @Slot()
    def find_next(self) -> bool:
        """Select the next match; True when one was found."""
        return self._find(backward=False)

    @Slot()
    def find_previous(self) -> bool:
        """Select the previous match; True when one was found."""
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        text = self.edit.text()
        if self.target is None or not text:
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        found = self.target.find(text, flags)
        if not found:
            # Wrap around: start again from the other end.
            cursor = self.target.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            self.target.setTextCursor(cursor)
            found = self.target.find(text, flags)
        self.result.setText("" if found else "No matches")
        return found

    @Slot(str)
    def _on_text_edited(self, _text: str) -> None:
        if self.target is not None:
            # Search again from the start of the current match, so typing refines it in place.
            cursor = self.target.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.target.setTextCursor(cursor)
        self.find_next()

    @Slot()
    def _on_return_pressed(self) -> None:
        if QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find_previous()
        else:
            self.find_next()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the bar."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)
