"""Colours that follow the palette (light or dark), and the few per-widget style sheets.

There is no application-wide style sheet: Qt then styles every widget through QStyleSheetStyle, which
made building the window three times slower. The few rules live in ``resources/styles`` and are set on
the one widget each concerns.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from workbench import assets

# (on a light palette, on a dark palette)
_STATUS = {
    "success": ("#1a7f37", "#2ea043"),
    "redirect": ("#0969da", "#388bfd"),
    "client-error": ("#bc4c00", "#db6d28"),
    "server-error": ("#cf222e", "#f85149"),
    "info": ("#6e7781", "#8b949e"),
    "none": ("#6e7781", "#8b949e"),
    "cancelled": ("#8250df", "#a371f7"),
    "failed": ("#cf222e", "#f85149"),
}
_SYNTAX = {
    "key": ("#0550ae", "#79c0ff"),
    "string": ("#1a7f37", "#7ee787"),
    "number": ("#953800", "#ffa657"),
    "keyword": ("#8250df", "#d2a8ff"),
    "tag": ("#0550ae", "#79c0ff"),
    "attr": ("#953800", "#ffa657"),
    "comment": ("#6e7781", "#8b949e"),
    "secret": ("#cf222e", "#ff7b72"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette is a dark one (light text on a dark window)."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _pick(pair: tuple[str, str]) -> QColor:
    return QColor(pair[1] if is_dark() else pair[0])


def status_color(kind: str) -> QColor:
    """Background of the status chip for a status class (``success``, ``client-error``...)."""
    return _pick(_STATUS.get(kind, _STATUS["none"]))


def syntax_color(kind: str) -> QColor:
    """Foreground for a kind of token in highlighted bodies."""
    return _pick(_SYNTAX[kind])


def muted_color() -> QColor:
    """Text colour for greyed rows and secondary text (opaque, so it also works in HTML)."""
    palette = QGuiApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    mix = 0.45  # how far from the text colour towards the background
    return QColor(
        round(text.red() + (base.red() - text.red()) * mix),
        round(text.green() + (base.green() - text.green()) * mix),
        round(text.blue() + (base.blue() - text.blue()) * mix),
    )


def error_color() -> QColor:
    """Text colour for invalid values."""
    return _pick(("#cf222e", "#ff7b72"))


@cache
def sheet(name: str) -> str:
    """The style sheet ``resources/styles/<name>.qss``."""
    return assets.read_text(f"styles/{name}.qss")


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Frame a field in red (or not); the ``invalid`` property says which, for tests and tools."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet(sheet("invalid") if invalid else "")


def set_role(widget: QWidget, role: str) -> None:
    """Style a label by its role: ``hint`` (greyed), ``field-error`` (red), ``title`` (large, bold)."""
    widget.setProperty("role", role)
    if role == "hint":
        widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    elif role == "field-error":
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#d93025"))
        widget.setPalette(palette)
    elif role == "title":
        font = QFont(widget.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        widget.setFont(font)


def set_bold(widget: QWidget, bold: bool) -> None:
    """Make a widget's text bold (or not)."""
    font = QFont(widget.font())
    font.setBold(bold)
    widget.setFont(font)
