"""Syntax colours for JSON and XML/HTML bodies, applied only to the lines on screen.

`QSyntaxHighlighter` walks the whole document on the GUI thread whenever text is set, which stalls on a
body of megabytes. This highlighter instead colours the visible lines each time the view repaints, so the
cost is a few dozen lines per scroll, whatever the size of the body. Constructs spanning lines (an XML
comment) are coloured line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QObject, QRect, Slot
from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from workbench.ui import theme

_DONE = 1
"""Block user state meaning "coloured already"."""
_JSON = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))|(?P<string>"(?:[^"\\]|\\.)*"?)'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<keyword>\b(?:true|false|null)\b)"
)
_MARKUP = re.compile(
    r"(?P<comment><!--.*?(?:-->|$))|(?P<tag></?[\w:.-]+|/?>|<\?[\w:.-]+|\?>|<!\w+)"
    r"|(?P<string>\"[^\"]*\"|'[^']*')|(?P<attr>[\w:.-]+(?==))|(?P<keyword>&#?\w+;)"
)
LANGUAGES = {"json": _JSON, "markup": _MARKUP}
_MAX_LINE = 4000
"""Longer lines are coloured only up to here (a minified body is one huge line)."""


def spans(language: str, text: str) -> Iterator[tuple[int, int, str]]:
    """(start, length, kind) of each coloured token in one line."""
    pattern = LANGUAGES[language]
    for match in pattern.finditer(text, 0, _MAX_LINE):
        kind = match.lastgroup
        if kind is not None:
            yield match.start(), match.end() - match.start(), kind


class LazyHighlighter(QObject):
    """Colours the visible lines of a plain-text view for one language (or none)."""

    def __init__(self, view: QPlainTextEdit) -> None:
        super().__init__(view)
        self.view = view
        self.language = ""
        self._formats: dict[str, QTextCharFormat] = {}
        view.updateRequest.connect(self._on_update_request)

    def set_language(self, language: str) -> None:
        """Colour as ``json``, ``markup`` or nothing ('')."""
        self.language = language if language in LANGUAGES else ""
        self._formats = {}

    def refresh(self) -> None:
        """Colours changed (palette switch): forget what was coloured."""
        self._formats = {}
        block = self.view.document().firstBlock()
        while block.isValid():
            if block.userState() == _DONE:
                block.setUserState(-1)
                block.layout().clearFormats()
            block = block.next()
        self.view.viewport().update()

    def _format(self, kind: str) -> QTextCharFormat:
        if kind not in self._formats:
            fmt = QTextCharFormat()
            fmt.setForeground(theme.syntax_color(kind))
            self._formats[kind] = fmt
        return self._formats[kind]

    @Slot(QRect, int)
    def _on_update_request(self, _rect: QRect, _dy: int) -> None:
        if not self.language:
            return
        coloured = [b for b in self._visible_blocks() if b.userState() != _DONE]
        for block in coloured:
            ranges = []
            for start, length, kind in spans(self.language, block.text()):
                item = QTextLayout.FormatRange()
                item.start, item.length, item.format = start, length, self._format(kind)
                ranges.append(item)
            block.layout().setFormats(ranges)
            block.setUserState(_DONE)
        if coloured:
            first, last = coloured[0], coloured[-1]
            end = last.position() + last.length()
            self.view.document().markContentsDirty(first.position(), end - first.position())

    def _visible_blocks(self) -> list[QTextBlock]:
        view = self.view
        block = view.firstVisibleBlock()
        top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
        bottom = view.viewport().height()
        blocks = []
        while block.isValid() and top <= bottom:
            blocks.append(block)
            top += view.blockBoundingRect(block).height()
            block = block.next()
        return blocks
