"""Helpers for the window tests: send through a tab, free ports, payloads built like the engine's."""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.engine.body import BodySink, Payload
from workbench.engine.exchange import Exchange
from workbench.store.history import History
from workbench.ui.request_tab import RequestTab

SEND_TIMEOUT_MS = 15_000


def send(qtbot: QtBot, tab: RequestTab, url: str | None = None) -> Exchange:
    """Type `url` (when given), click Send, wait until the exchange is on screen, return it."""
    if url is not None:
        tab.url_bar.url.setText(url)
    with qtbot.waitSignal(tab.exchange_shown, timeout=SEND_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(tab.url_bar.send, Qt.MouseButton.LeftButton)
    exchange: Exchange = blocker.args[0]
    return exchange


def stored_count() -> int:
    """How many sends the history database holds."""
    history = History()
    try:
        return history.count()
    finally:
        history.close()


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def make_payload(data: bytes, content_type: str = "application/octet-stream") -> Payload:
    """A finished body, built the way the engine builds one."""
    sink = BodySink(content_type=content_type, content_encoding=None, decode=True)
    sink.write(data)
    return sink.finish(complete=True)
