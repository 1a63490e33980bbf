"""A rich-text view for HTML error pages that loads nothing: no remote or local images, styles or links."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget


class SafeBrowser(QTextBrowser):
    """`QTextBrowser` that never fetches a resource and never follows a link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.requested: list[str] = []
        """URLs the page asked for (all refused), for the curious and for tests."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Refuse every resource: a rendered page must not reach the network or the disk."""
        self.requested.append(name.toString() if isinstance(name, QUrl) else name)
        return None
