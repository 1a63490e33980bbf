"""The small pictures left of each sidebar row: a folder, an error sign, or the request's method.

All are pixmaps of one size, so names line up whatever the row holds; they are drawn once per palette.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPixmap

from workbench.ui import icons, theme

METHOD_KINDS = {
    "GET": "success",
    "POST": "client-error",
    "PUT": "redirect",
    "PATCH": "cancelled",
    "DELETE": "server-error",
}
"""The colour of each common method (the status palette, so it follows light and dark)."""
SHORT = {"DELETE": "DEL", "OPTIONS": "OPT", "CONNECT": "CONN"}


def size() -> QSize:
    """The size of every badge (logical pixels): room for ``PATCH`` in the small method font."""
    height = QFontMetrics(QGuiApplication.font()).height()
    width = QFontMetrics(_method_font()).horizontalAdvance("PATCH") + 4
    return QSize(max(width, height), height)


def _method_font() -> QFont:
    font = QFont(QGuiApplication.font())
    font.setBold(True)
    font.setPointSizeF(max(font.pointSizeF() * 0.72, 6.0))
    return font


def badge(kind: str, method: str = "") -> QPixmap:
    """The badge of a ``collection``, ``folder``, ``request`` (by method) or ``error`` row."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    return _draw(kind, method.upper() if kind == "request" else "", theme.is_dark(), ratio)


@cache
def _draw(kind: str, method: str, _dark: bool, ratio: float) -> QPixmap:
    box = size()
    pixmap = QPixmap(box * ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    pixmap.setDevicePixelRatio(ratio)
    side = box.height()
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if kind == "error":
        painter.drawPixmap(0, 0, icons.tinted("error", theme.error_color(), side, ratio))
    elif kind in ("folder", "collection"):
        icons.icon("folder").paint(painter, QRect(0, 0, side, side))
    else:
        _method(painter, method, box)
    painter.end()
    return pixmap


def _method(painter: QPainter, method: str, box: QSize) -> None:
    painter.setFont(_method_font())
    kind = METHOD_KINDS.get(method)
    painter.setPen(theme.status_color(kind) if kind else QColor(theme.muted_color()))
    text = SHORT.get(method, method[:5])
    painter.drawText(
        QRect(0, 0, box.width(), box.height()),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        text,
    )
