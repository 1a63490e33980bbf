"""Draws one history row in two lines: method, coloured status and URL; then time, duration, size."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem

from workbench.ui import theme
from workbench.ui.history_model import DETAIL_ROLE, ENTRY_ROLE, STATUS_KIND_ROLE, STATUS_ROLE

PAD = 6
"""Pixels around the text and between its parts."""


class HistoryDelegate(QStyledItemDelegate):
    """Two-line rows; the selection and focus are drawn by the style as usual."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Two lines of text and padding."""
        line = QFontMetrics(option.font).height()
        return QSize(200, 2 * line + 3 * PAD // 2 + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """The style's background, then our text on it."""
        from PySide6.QtWidgets import QStyle  # its many enums cost start-up time: not before a row

        entry = index.data(ENTRY_ROLE)
        if entry is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        rect = option.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        metrics = QFontMetrics(option.font)
        top = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        bold = QFont(option.font)
        bold.setBold(True)
        text = option.palette.color(text_role)
        kind = str(index.data(STATUS_KIND_ROLE))
        x = _draw(painter, top, bold, entry.method, text)
        x += _draw(
            painter,
            top.adjusted(x, 0, 0, 0),
            bold,
            str(index.data(STATUS_ROLE)),
            text if selected else theme.status_color(kind),
        )
        url_rect = top.adjusted(x, 0, 0, 0)
        url = metrics.elidedText(entry.url, Qt.TextElideMode.ElideMiddle, url_rect.width())
        _draw(painter, url_rect, option.font, url, text)
        muted = text if selected else theme.muted_color()
        bottom = top.translated(0, metrics.height() + PAD // 2)
        _draw(painter, bottom, option.font, str(index.data(DETAIL_ROLE)), muted)
        painter.restore()


def _draw(painter: QPainter, rect: QRect, font: QFont, text: str, color: QColor) -> int:
    """Draw `text` at the left of `rect`; returns the width it took, plus a gap."""
    painter.setFont(font)
    painter.setPen(color)
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    return QFontMetrics(font).horizontalAdvance(text) + PAD
