"""Icons from ``resources/icons``: SVG drawn at the exact size and pixel ratio asked, in the palette's colours.

The line icons use ``currentColor``; it is replaced at paint time by the palette's text colour, so the same
file looks right on light and dark palettes, greyed when disabled, and sharp at any HiDPI scale.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from workbench import assets

TRANSPARENT = QColor(0, 0, 0, 0)
"""``Qt.GlobalColor.transparent``, without reading `Qt` (see `lazy_qt`): icons are drawn in the first frame."""

NAMES = (
    "add",
    "app",
    "cancel",
    "close",
    "copy",
    "down",
    "error",
    "eye",
    "find",
    "folder",
    "info",
    "more",
    "redirect",
    "remove",
    "running",
    "save",
    "send",
    "tab-new",
    "up",
    "warning",
)


class SvgIconEngine(QIconEngine):
    """Renders one SVG, recoloured for the current palette and icon mode."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        palette = QGuiApplication.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if mode == QIcon.Mode.Disabled
            else QPalette.ColorGroup.Active
        )
        role = (
            QPalette.ColorRole.HighlightedText
            if mode == QIcon.Mode.Selected
            else QPalette.ColorRole.WindowText
        )
        return _renderer(self._svg, palette.color(group, role).name())

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Draw into `rect`."""
        self._renderer(mode).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """A pixmap of `size` device-independent pixels at ratio 1."""
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        """A pixmap drawn at `scale` device pixels per logical pixel (HiDPI)."""
        pixmap = QPixmap(size * scale)
        pixmap.fill(TRANSPARENT)
        painter = QPainter(pixmap)
        self._renderer(mode).render(painter, QRectF(pixmap.rect()))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        """A copy (QIcon detaches engines when modified)."""
        return SvgIconEngine(self._svg)

    def key(self) -> str:
        """Engine identifier."""
        return "workbench-svg"


@cache
def _renderer(svg: bytes, color: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(svg.replace(b"currentColor", color.encode("ascii"))))


@cache
def icon(name: str) -> QIcon:
    """The icon called `name` (a file ``resources/icons/<name>.svg``)."""
    return QIcon(SvgIconEngine(assets.read_bytes(f"icons/{name}.svg")))


def tinted(name: str, color: QColor, side: int, ratio: float = 1.0) -> QPixmap:
    """A line icon drawn in `color` (an error sign in red), `side` logical pixels square."""
    svg = assets.read_bytes(f"icons/{name}.svg")
    pixmap = QPixmap(QSize(side, side) * ratio)
    pixmap.fill(TRANSPARENT)
    painter = QPainter(pixmap)
    _renderer(svg, color.name()).render(painter, QRectF(pixmap.rect()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def check_all() -> list[str]:
    """Names of icons that fail to load or render (the self-check expects none)."""
    broken = []
    for name in NAMES:
        svg = assets.read_bytes(f"icons/{name}.svg")
        if not QSvgRenderer(QByteArray(svg)).isValid():
            broken.append(name)
    return broken
