"""Cancelling a send from another thread.

A blocked ``connect()`` or ``recv()`` does not wake up when its socket is closed from another thread, and
``response.close()`` blocks on the reader's lock; ``shutdown(SHUT_RDWR)`` on the live socket does wake both
(ENGINE-NOTES 2.7). The token holds the socket the connection registered and shuts it down on cancel.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class CancelToken:
    """Set from any thread to stop a send; the engine checks it and registers its live socket here."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.reason = ""
        """``"cancelled"`` when a person asked, ``"timeout"`` when the total deadline fired."""

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._event.is_set()

    def cancel(self, reason: str = "cancelled") -> None:
        """Stop the send: the blocked socket operation returns within milliseconds."""
        with self._lock:
            if self._event.is_set():
                return
            self.reason = reason
            self._event.set()
            sock = self._sock
        if sock is not None:
            _shutdown(sock)

    def register(self, sock: socket.socket | None) -> None:
        """Make `sock` the one to shut down on cancel (shut at once if already cancelled)."""
        with self._lock:
            self._sock = sock
            cancelled = self._event.is_set()
        if cancelled and sock is not None:
            _shutdown(sock)

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds unless cancelled first; True when cancelled."""
        return self._event.wait(timeout)


def _shutdown(sock: socket.socket) -> None:
    # socket.socket.shutdown also works on an SSLSocket without a TLS close_notify exchange.
    # Not connected yet or already closed: the engine sees the flag either way.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
