"""Pasting a curl command into the URL field turns the whole tab into that request.

The paste is caught before the line edit inserts it (a one-line field would lose the command's
line breaks): Ctrl+V / Shift+Insert, the context menu's Paste, and a dropped text. Anything that
does not start with ``curl`` (after an optional ``$`` prompt) is pasted as usual. A command that
cannot be read changes nothing: the message is shown under the URL field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtGui import QContextMenuEvent, QDropEvent, QGuiApplication, QKeyEvent, QKeySequence

if TYPE_CHECKING:
    from workbench.ui.request_tab import RequestTab

_PROMPTS = ("$ ", "% ", "> ")


def looks_like_curl(text: str) -> bool:
    """Whether pasted text is a curl command (``curl ...``, ``$ curl ...``, ``curl.exe ...``)."""
    stripped = text.lstrip()
    for prompt in _PROMPTS:
        if stripped.startswith(prompt):
            stripped = stripped[len(prompt) :].lstrip()
            break
    first = stripped.split(None, 1)[0].lower() if stripped.strip() else ""
    return first in ("curl", "curl.exe") and len(stripped.split(None, 1)) > 1


class CurlPaste(QObject):
    """Watches one tab's URL field for pasted curl commands."""

    def __init__(self, tab: RequestTab) -> None:
        super().__init__(tab)
        self.tab = tab
        tab.url_bar.url.installEventFilter(self)

    def import_text(self, text: str) -> bool:
        """Turn the tab into the command's request; False (and the message shown) when it is wrong."""
        from workbench.formats.curl import read_curl
        from workbench.formats.errors import FormatError
        from workbench.ui.import_spec import load_spec

        mark = self.tab.url_bar.url_mark
        try:
            spec, notes = read_curl(text)
        except FormatError as exc:
            mark.show(f"This curl command cannot be imported: {exc}")
            return False
        mark.clear()
        left_out = load_spec(self.tab, spec)
        said = [*notes, *(f"Not carried over: {what}." for what in left_out)]
        self.tab.message.emit(" ".join(["Imported the curl command.", *said]))
        self.tab.url_bar.url.setFocus()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take pastes and drops of curl commands; let everything else through."""
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Paste):
                return self._paste_clipboard()
        elif kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            self._context_menu(event)
            return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            text = event.mimeData().text()
            if looks_like_curl(text):
                event.acceptProposedAction()
                self.import_text(text)
                return True
        return False

    def _paste_clipboard(self) -> bool:
        text = QGuiApplication.clipboard().text()
        if not looks_like_curl(text):
            return False
        self.import_text(text)
        return True

    def _context_menu(self, event: QContextMenuEvent) -> None:
        url = self.tab.url_bar.url
        menu = url.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(self._on_menu_paste)
        menu.exec(event.globalPos())
        menu.deleteLater()

    @Slot()
    def _on_menu_paste(self) -> None:
        if not self._paste_clipboard():
            self.tab.url_bar.url.paste()


def install(tab: RequestTab) -> CurlPaste:
    """Catch curl pastes in `tab`'s URL field."""
    return CurlPaste(tab)
