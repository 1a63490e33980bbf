"""The Timeline tab: every hop of the last exchange, with a toggle that reveals masked secrets."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.exchange import Exchange
from workbench.ui import icons, theme
from workbench.ui.timeline_html import Colors, timeline_html


def current_colors() -> Colors:
    """Timeline colours for the palette in use."""
    return Colors(
        muted=theme.muted_color().name(),
        request=theme.syntax_color("key").name(),
        response=theme.syntax_color("string").name(),
        note=theme.syntax_color("keyword").name(),
        error=theme.error_color().name(),
    )


class TimelineView(QWidget):
    """Hops as the engine recorded them; Authorization values masked until revealed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exchange: Exchange | None = None
        self.revealed: set[int] = set()
        """Secret values shown one by one (clicked), by their number in the drawing."""
        self.reveal = QCheckBox("Reveal secrets", self)
        self.reveal.setObjectName("revealSecretsCheck")
        self.reveal.setToolTip("Show Authorization and other secret header values in full")
        self.save_har = QPushButton(icons.icon("save"), "Save as HAR…", self)
        self.save_har.setObjectName("saveHarButton")
        self.save_har.setToolTip("Save every hop of this exchange, with timings, as a HAR 1.2 file")
        self.save_har.setEnabled(False)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("timelineView")
        self.browser.setAccessibleName("Timeline")
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultFont(
            QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        )
        top = QHBoxLayout()
        top.addWidget(self.save_har)
        top.addStretch(1)
        top.addWidget(self.reveal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.reveal.toggled.connect(self._on_reveal_toggled)
        self.browser.anchorClicked.connect(self._on_anchor_clicked)

    def show_exchange(self, exchange: Exchange | None) -> None:
        """Show the hops of `exchange` (secrets masked again)."""
        self.exchange = exchange
        self.save_har.setEnabled(exchange is not None)
        self.revealed.clear()
        self.reveal.setChecked(False)
        self.redraw()

    def redraw(self) -> None:
        """Draw again (after a reveal toggle or a palette change)."""
        if self.exchange is None:
            self.browser.clear()
            return
        html = timeline_html(
            self.exchange, current_colors(), self.reveal.isChecked(), self.revealed
        )
        scroll = self.browser.verticalScrollBar()
        position = scroll.value()  # a click on one value must not jump to the top
        self.browser.setHtml(html)
        scroll.setValue(position)

    def reveal_value(self, number: int, shown: bool = True) -> None:
        """Show (or mask again) the secret value numbered `number` (a click on it does this)."""
        if shown:
            self.revealed.add(number)
        else:
            self.revealed.discard(number)
        self.redraw()

    @Slot(bool)
    def _on_reveal_toggled(self, _checked: bool) -> None:
        self.redraw()

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        action, _, number = url.toString().partition(":")
        if action in ("reveal", "hide") and number.isdigit():
            self.reveal_value(int(number), action == "reveal")
