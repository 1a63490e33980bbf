"""Wrong input is shown where it is typed: a red frame, the message as tooltip and in a line under the field."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from workbench.ui import theme


class FieldMark:
    """The error display of one field: mark it with a message, or clear it."""

    def __init__(self, field: QWidget, label: QLabel) -> None:
        self.field = field
        self.label = label
        self._help = field.toolTip()
        theme.set_role(label, "field-error")
        label.setWordWrap(True)
        label.hide()

    @property
    def message(self) -> str:
        """The message shown, '' when the field is fine."""
        return self.label.text() if not self.label.isHidden() else ""

    def show(self, message: str) -> None:
        """Mark the field as wrong, with `message` in plain words."""
        self.field.setToolTip(message)
        self.field.setAccessibleDescription(message)
        self.label.setText(message)
        self.label.show()
        theme.set_invalid(self.field, True)

    def clear(self) -> None:
        """The field is fine again."""
        if self.label.isHidden() and not self.field.property("invalid"):
            return
        self.field.setToolTip(self._help)
        self.field.setAccessibleDescription("")
        self.label.clear()
        self.label.hide()
        theme.set_invalid(self.field, False)


def error_label(parent: QWidget | None = None) -> QLabel:
    """An empty, hidden label for a field's message."""
    label = QLabel(parent)
    theme.set_role(label, "field-error")
    label.setWordWrap(True)
    label.hide()
    return label
