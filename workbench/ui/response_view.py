"""The response side of a tab: status line, then Body / Headers / Timeline, or the error panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.exchange import Exchange
from workbench.ui import icons
from workbench.ui.body_view import BodyView
from workbench.ui.error_panel import ErrorPanel
from workbench.ui.headers_view import ResponseHeadersView
from workbench.ui.status_line import StatusLine
from workbench.ui.timeline_view import TimelineView

BODY_TAB, HEADERS_TAB, TIMELINE_TAB = range(3)


class ResponseView(QWidget):
    """Everything about the last exchange of a tab.

    Signals:
        message(str): for the window's status bar.
    """

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exchange: Exchange | None = None
        self.status = StatusLine(self)
        self.banner = QFrame(self)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setAutoFillBackground(True)
        self.banner.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("responseBanner")
        self.banner_text.setWordWrap(True)
        banner_icon = QLabel(self.banner)
        side = self.fontMetrics().height()
        banner_icon.setPixmap(icons.icon("warning").pixmap(side, side))
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(banner_icon)
        row.addWidget(self.banner_text, 1)
        self.body = BodyView(self)
        self.headers = ResponseHeadersView(self)
        self.timeline = TimelineView(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("responseTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.body, "Body")
        self.tabs.addTab(self.headers, "Headers")
        self.tabs.addTab(self.timeline, "Timeline")
        self.error = ErrorPanel(self)
        self.show_timeline = QPushButton("Show the timeline", self.error)
        self.show_timeline.setObjectName("showTimelineButton")
        self.error.grid.addWidget(
            self.show_timeline, self.error.extra_row, 1, Qt.AlignmentFlag.AlignLeft
        )
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.body.message.connect(self.message)
        self.show_timeline.clicked.connect(self._on_show_timeline)
        self.clear()

    def clear(self) -> None:
        """Nothing sent yet."""
        self.exchange = None
        self.status.idle()
        self.banner.hide()
        self.stack.setCurrentWidget(self.tabs)
        self.body.show_payload(None)
        self.headers.headers_model.set_headers([])
        self.timeline.show_exchange(None)

    def running(self) -> None:
        """A send started (the previous response stays visible under the progress)."""
        self.status.running()
        self.body.text.setPlaceholderText("Waiting for the response…")

    def show_exchange(self, exchange: Exchange, typed_url: str) -> None:
        """Render a finished exchange: status and headers at once, the body as it formats."""
        self.exchange = exchange
        self.status.show_exchange(exchange, typed_url)
        self.timeline.show_exchange(exchange)
        response, error = exchange.response, exchange.error
        if response is None:
            assert error is not None
            self.error.show_failure(error, exchange.final_url)
            self.show_timeline.setVisible(bool(exchange.hops))
            self.banner.hide()
            self.headers.headers_model.set_headers([])
            self.body.show_payload(None)
            self.stack.setCurrentWidget(self.error)
            return
        self.stack.setCurrentWidget(self.tabs)
        self.headers.headers_model.set_headers(response.headers, exchange.secret_headers)
        self.banner_text.setText(error.message if error is not None else "")
        self.banner.setVisible(error is not None)
        self.body.show_payload(exchange.body, exchange.notes)

    def open_find(self) -> None:
        """Find in the body (switches to the Body tab)."""
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(BODY_TAB)
        self.body.open_find()

    @Slot()
    def _on_show_timeline(self) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(TIMELINE_TAB)
