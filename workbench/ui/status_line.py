"""The status line over a response: code and reason coloured by class, meaning, time, size, final URL,
and while sending a progress bar with the elapsed time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from workbench.engine.exchange import Exchange
from workbench.engine.status import phrase, status_class
from workbench.ui import theme
from workbench.ui.sizes import format_ms, format_size

SHOW_PROGRESS_AFTER_MS = 150
"""A send that ends sooner never shows the progress bar."""
FAILURE_TITLES = {
    "invalid-request": "Invalid request",
    "dns": "Host not found",
    "connection-refused": "Connection refused",
    "connection": "Connection failed",
    "timeout": "Timed out",
    "tls": "TLS failed",
    "proxy": "Proxy failed",
    "protocol": "Broken response",
    "redirect": "Too many redirects",
    "unsupported-scheme": "Unsupported URL",
    "cancelled": "Cancelled",
    "file": "Not saved",
}


def _label(parent: QWidget, name: str, accessible: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class StatusLine(QWidget):
    """Shows where a send is: idle, running (progress), or its outcome."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = _label(self, "statusLabel", "Status")
        self.chip_kind = ""
        self.meaning = _label(self, "meaningLabel", "Meaning of the status")
        self.meaning.setWordWrap(True)
        self.meaning.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.timing = _label(self, "timeLabel", "Time")
        self.size_label = _label(self, "sizeLabel", "Size")
        self.final_url = _label(self, "finalUrlLabel", "Final URL")
        self.final_url.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progressBar")
        self.progress.setAccessibleName("Download progress")
        metrics = self.progress.fontMetrics()
        self.progress.setMinimumWidth(metrics.horizontalAdvance("000.0 MiB of 000.0 MiB") + 32)
        self.progress.setTextVisible(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.addWidget(self.status, 0, 0)
        grid.addWidget(self.meaning, 0, 1)
        grid.addWidget(self.progress, 0, 2)
        grid.addWidget(self.timing, 0, 3)
        grid.addWidget(self.size_label, 0, 4)
        grid.addWidget(self.final_url, 1, 0, 1, 5)
        grid.setColumnStretch(1, 1)
        self.idle()

    def _chip(self, text: str, kind: str) -> None:
        self.chip_kind = kind
        self.status.setText(text)
        self.recolor()

    def recolor(self) -> None:
        """Colour the status chip for its class (again, after a palette change)."""
        if not self.chip_kind:
            self.status.setStyleSheet("")
            return
        color = theme.status_color(self.chip_kind).name()
        self.status.setStyleSheet(theme.sheet("status-chip").replace("@background@", color))

    def idle(self) -> None:
        """Nothing sent yet."""
        self.status.setText("No response yet")
        self.chip_kind = ""
        self.status.setStyleSheet("")
        theme.set_bold(self.status, True)
        self.meaning.clear()
        self.timing.clear()
        self.size_label.clear()
        self.final_url.clear()
        self.final_url.hide()
        self.progress.hide()

    def running(self) -> None:
        """A send started: busy progress, elapsed time from zero."""
        self._chip("Sending…", "info")
        self.meaning.setText("Waiting for the response…")
        self.size_label.clear()
        self.final_url.hide()
        self.progress.setRange(0, 0)
        self.progress.setFormat("")
        self.progress.hide()  # shown once the send takes long enough to need it: no flicker
        self.set_elapsed(0.0)

    def set_elapsed(self, ms: float) -> None:
        """Tick the elapsed time while running."""
        self.timing.setText(format_ms(ms))
        if ms >= SHOW_PROGRESS_AFTER_MS and self.progress.isHidden():
            self.progress.show()

    def set_progress(self, received: int, total: int) -> None:
        """Body bytes received so far; `total` is -1 when the server did not announce it."""
        if self.status.text() != "Receiving…":
            self._chip("Receiving…", "info")
            self.meaning.clear()
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(min(1000, received * 1000 // total))
            self.progress.setFormat(f"{format_size(received)} of {format_size(total)}")
        else:
            self.progress.setRange(0, 0)
            self.progress.setFormat(format_size(received))
        self.size_label.setText(format_size(received))
        self.progress.show()

    def show_exchange(self, exchange: Exchange, typed_url: str) -> None:
        """The outcome: status (or failure), meaning, time, sizes and the final URL."""
        self.progress.hide()
        self.timing.setText(format_ms(exchange.elapsed_ms))
        self.timing.setToolTip("Total time, redirects and body included")
        response, error = exchange.response, exchange.error
        if response is None:
            kind = error.kind if error else "failed"
            self._chip(
                FAILURE_TITLES.get(kind, "Failed"), "cancelled" if kind == "cancelled" else "failed"
            )
            self.meaning.clear()  # the error panel below says it all
            self.size_label.clear()
        else:
            reason = response.reason or (phrase(response.status) if response.status else "")
            code = (
                f"{response.status} {reason}"
                if response.status is not None
                else "OK (no HTTP status)"
            )
            if error is not None:
                self._chip(
                    f"{code} · {FAILURE_TITLES.get(error.kind, 'failed').lower()}", "cancelled"
                )
            else:
                self._chip(code, status_class(response.status))
            self.meaning.setText(response.meaning)
            self.size_label.setText(_size_text(exchange))
        self._show_final_url(exchange, typed_url)

    def _show_final_url(self, exchange: Exchange, typed_url: str) -> None:
        final = exchange.final_url
        moved = bool(exchange.response) and _differs(final, typed_url, exchange.url)
        self.final_url.setText(f"Final URL: {final}" if moved else final)
        self.final_url.setToolTip("Where the response came from (geturl())")
        self.final_url.setProperty("moved", moved)
        theme.set_bold(self.final_url, moved)
        self.final_url.setVisible(moved)


def _differs(final: str, typed: str, prepared: str) -> bool:
    """Whether the response came from somewhere other than the URL typed (after normalising)."""
    return final not in (typed, prepared, typed.rstrip("/"), typed + "/")


def _size_text(exchange: Exchange) -> str:
    body = exchange.body
    text = format_size(body.size)
    if body.decoded_size is not None:
        text += f" ({format_size(body.decoded_size)} decoded)"
    if not body.complete:
        text += ", incomplete"
    return text
