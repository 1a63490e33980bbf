"""``{{name}}`` highlighted where it is typed: the URL field and the tables; hovering shows the values.

A known variable is drawn in the accent colour, one with no value in the error colour. The URL field
is a `QLineEdit`, which has no highlighter: its text formats are set through an input-method event
(the way an input method colours its pre-edit text), which changes neither the text nor the undo
history. Table cells get a delegate. Secret values are never shown, only that they are set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QHelpEvent, QInputMethodEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from workbench.ui import theme
from workbench.ui.environment_state import Preview

AnyIndex = QModelIndex | QPersistentModelIndex
Lookup = Callable[[], tuple[Preview, str]]
"""The values a tab's variables have now, and where they come from (for "has no value in …")."""
SHOWN_CHARS = 80
REFERENCE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}")
"""``{{name}}``, as `workbench.formats.request_file.REFERENCE` (not imported: it loads the TOML reader)."""


def describe(text: str, preview: Preview, where: str) -> str:
    """One line per variable used in `text`: its value, masked when secret, or that it has none."""
    lines, seen = [], set()
    for name in REFERENCE.findall(text):
        if name in seen:
            continue
        seen.add(name)
        if name in preview.secrets:
            lines.append(f"{{{{{name}}}}} = •••••• (secret)")
        elif name in preview.values:
            value = preview.values[name]
            shown = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"
            lines.append(f"{{{{{name}}}}} = {shown}")
        else:
            lines.append(f"{{{{{name}}}}} has no value in {where}: the send would stop")
    return "\n".join(lines)


def _known(name: str, preview: Preview) -> bool:
    return name in preview.values or name in preview.secrets


class UrlMarks(QObject):
    """Colours the references in one URL field and explains them on hover."""

    def __init__(self, edit: QLineEdit, lookup: Lookup) -> None:
        super().__init__(edit)
        self.edit = edit
        self.lookup = lookup
        self.marked = False
        """Whether the field shows coloured references (else there is nothing to clear)."""
        edit.textChanged.connect(self.refresh)
        edit.installEventFilter(self)

    @Slot()
    def refresh(self) -> None:
        """Set the colours again (the text or the values changed)."""
        matches = list(REFERENCE.finditer(self.edit.text()))
        if not matches and not self.marked:
            return  # nothing to colour and nothing coloured: no event needed
        from PySide6.QtGui import QFont, QTextCharFormat

        preview, _where = self.lookup()
        attributes = []
        cursor = self.edit.cursorPosition()
        for match in matches:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.DemiBold)
            if _known(match.group(1), preview):
                fmt.setForeground(theme.syntax_color("keyword"))
            else:
                fmt.setForeground(theme.error_color())
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            kind = QInputMethodEvent.AttributeType.TextFormat
            start = match.start() - cursor
            attributes.append(
                QInputMethodEvent.Attribute(kind, start, match.end() - match.start(), fmt)
            )
        QCoreApplication.sendEvent(self.edit, QInputMethodEvent("", attributes))
        self.marked = bool(attributes)

    def tooltip(self) -> str:
        """What hovering the field shows ('' when it has no variable)."""
        text = self.edit.text()
        if "{{" not in text:
            return ""
        preview, where = self.lookup()
        found = describe(text, preview, where)
        if self.edit.property("invalid"):
            found = f"{self.edit.toolTip()}\n\n{found}"
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hovering a URL with variables shows their values."""
        if watched is self.edit and event.type() == QEvent.Type.ToolTip:
            text = self.tooltip()
            if text and isinstance(event, QHelpEvent):
                QToolTip.showText(event.globalPos(), text, self.edit)
                return True
        return False


class VariableDelegate(QStyledItemDelegate):
    """Draws table cells with their references coloured; hovering one shows the values."""

    def __init__(self, lookup: Lookup, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lookup = lookup

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        """The cell as usual, its text drawn in pieces when it holds a reference."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or "{{" not in text:
            super().paint(painter, option, index)
            return
        from PySide6.QtWidgets import QStyle  # its many enums cost start-up time: not before a {{

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget).adjusted(
            3, 0, -3, 0
        )
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        plain = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        preview, _where = self.lookup()
        painter.save()
        painter.setClipRect(rect)
        x, metrics = rect.left(), opt.fontMetrics
        for piece, name in _pieces(text):
            if name is None:
                painter.setPen(plain)
            else:
                painter.setPen(
                    theme.syntax_color("keyword") if _known(name, preview) else theme.error_color()
                )
            painter.drawText(
                x,
                rect.top(),
                rect.right() - x,
                rect.height(),
                int(Qt.AlignmentFlag.AlignVCenter),
                piece,
            )
            x += metrics.horizontalAdvance(piece)
            if x > rect.right():
                break
        painter.restore()

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        """Hovering a cell with variables shows their values (after any message about the row)."""
        text = index.data(Qt.ItemDataRole.DisplayRole) if index.isValid() else None
        if event.type() == QEvent.Type.ToolTip and isinstance(text, str) and "{{" in text:
            preview, where = self.lookup()
            found = describe(text, preview, where)
            problem = index.data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(problem, str) and problem != text:
                found = f"{problem}\n\n{found}"
            QToolTip.showText(event.globalPos(), found, view)
            return True
        return bool(super().helpEvent(event, view, option, index))


def _pieces(text: str) -> list[tuple[str, str | None]]:
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for match in REFERENCE.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], None))
        pieces.append((match.group(0), match.group(1)))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def install(tab: Any, lookup: Lookup) -> UrlMarks:
    """Highlight variables in a tab's URL field and its tables; returns the URL's marks."""
    marks = UrlMarks(tab.url_bar.url, lookup)
    editor = tab.editor
    editor.when_built("params", lambda table: _mark_table(table, lookup))
    editor.when_built("headers", lambda page: _mark_table(page.table, lookup))
    editor.when_built("body", lambda page: _mark_tables(page, lookup))
    marks.refresh()
    return marks


def _mark_table(table: QAbstractItemView, lookup: Lookup) -> None:
    table.setItemDelegate(VariableDelegate(lookup, table))


def _mark_tables(body: Any, lookup: Lookup) -> None:
    _mark_table(body.form_table, lookup)
    _mark_table(body.part_table, lookup)
