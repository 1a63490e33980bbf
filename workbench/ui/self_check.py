"""The packaging smoke test: a real window sends one request to a loopback server and shows the answer."""

from __future__ import annotations

import http.server
import threading

from PySide6.QtCore import QEventLoop, QTimer

from workbench.engine.exchange import Exchange
from workbench.ui.main_window import MainWindow

REPLY = b'{"self_check": "ok"}'


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a small JSON body."""

    def do_GET(self) -> None:
        """The reply."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(REPLY)))
        self.end_headers()
        self.wfile.write(REPLY)

    def log_message(self, *args: object) -> None:
        """Quiet."""


def run_self_check(timeout_ms: int) -> str:
    """'' when a send through the window worked, else what went wrong."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    window = MainWindow(restore=False)
    window.writer.enabled = False  # the check must not touch the user's window state
    try:
        return _send(window, f"http://127.0.0.1:{server.server_port}/self-check", timeout_ms)
    finally:
        window.close()
        window.deleteLater()
        server.shutdown()
        server.server_close()


def _send(window: MainWindow, url: str, timeout_ms: int) -> str:
    tab = window.current_tab()
    tab.url_bar.url.setText(url)
    loop = QEventLoop()
    shown: list[Exchange] = []
    tab.exchange_shown.connect(shown.append)
    tab.exchange_shown.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    if not tab.send():
        return "the window refused to send"
    loop.exec()
    if not shown:
        return f"no response within {timeout_ms} ms"
    exchange = shown[0]
    if exchange.error is not None or exchange.response is None:
        return f"the send failed: {exchange.error.message if exchange.error else 'no response'}"
    shown_text = "".join(tab.response.body.text.toPlainText().split())
    if "".join(REPLY.decode().split()) not in shown_text:
        return "the response body was not displayed"
    return ""
