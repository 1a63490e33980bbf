"""A threaded HTTP server that binds 127.0.0.1 only and stops quickly, whatever its clients are doing."""

from __future__ import annotations

import contextlib
import errno
import http.server
import selectors
import socket
import socketserver
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from workbench.playground.reply import Context

LOOPBACK = "127.0.0.1"
RECENT = 200
"""How many requests each server remembers."""


class PlaygroundError(Exception):
    """The playground cannot do what was asked; the message says why in plain words."""


class PortInUseError(PlaygroundError):
    """The port is taken by another program."""

    def __init__(self, port: int, suggestion: int | None, what: str = "port") -> None:
        hint = f"; try --{what.replace(' ', '-')} {suggestion}" if suggestion else ""
        super().__init__(f"{what} {port} is in use{hint}")
        self.port = port
        self.suggestion = suggestion
        """A nearby port that was free when checked, or None."""


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server answered, for tests and a log view."""

    method: str
    path: str
    """The request-target as sent: path and query."""
    status: int


def check_host(host: str) -> str:
    """The address to bind: 127.0.0.1, nothing else."""
    if host not in (LOOPBACK, "localhost"):
        raise PlaygroundError(
            f"The playground listens on 127.0.0.1 only, so that no other machine can reach it; "
            f"{host!r} is not allowed."
        )
    return LOOPBACK


def check_port(port: object, what: str = "port") -> int:
    """A port number from 0 (any free port) to 65535."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise PlaygroundError(f"The {what} must be a whole number from 0 to 65535, not {port!r}.")
    return port


def is_free(port: int) -> bool:
    """Whether 127.0.0.1:port can be bound right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def free_port_near(port: int, tries: int = 50, avoid: Collection[int] = ()) -> int | None:
    """The first free port after `port` (skipping privileged ones and `avoid`), or None.

    `avoid` holds the ports already asked for (the proxy's, for the server): one that is free now
    would still be the wrong advice, since the next start binds it too.
    """
    for candidate in range(max(port + 1, 1024), min(port + 1 + tries, 65536)):
        if candidate not in avoid and is_free(candidate):
            return candidate
    return None


class LoopbackServer(http.server.HTTPServer):
    """One thread per connection; `stop_connections` shuts every socket so blocked threads return."""

    request_queue_size = 64
    context: Context | None = None
    """What the playground's routes need (None on the proxy)."""

    def __init__(
        self,
        port: int,
        handler: type[http.server.BaseHTTPRequestHandler],
        what: str = "port",
        avoid: Collection[int] = (),
    ) -> None:
        self.stopping = threading.Event()
        self.recent: deque[RecordedRequest] = deque(maxlen=RECENT)
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._live: dict[socket.socket, threading.Thread] = {}
        self._wake_r, self._wake_w = socket.socketpair()
        try:
            super().__init__((LOOPBACK, port), handler)
        except OSError as exc:
            self._close_wake()
            raise _bind_error(exc, port, what, avoid) from None

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the address (getfqdn)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = LOOPBACK
        self.server_port = self.server_address[1]

    @property
    def port(self) -> int:
        """The port actually bound."""
        return int(self.server_address[1])

    def remember(self, method: str, path: str, status: int) -> None:
        """Add a request to the recent list."""
        self.recent.append(RecordedRequest(method, path, status))

    def serve(self) -> None:
        """Accept connections until `wake` is called (run it on its own thread).

        Used instead of ``serve_forever``, which only notices a stop request at its next poll.
        """
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self.stopping.is_set():
                for key, _ in selector.select():
                    if key.fileobj is self and not self.stopping.is_set():
                        self._accept()

    def _accept(self) -> None:
        try:
            request, client_address = self.get_request()
        except OSError:
            return  # the client gave up before we accepted
        self.process_request(request, client_address)

    def wake(self) -> None:
        """Make `serve` return now; long waits in routes end too."""
        self.stopping.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def server_close(self) -> None:
        """Close the listening socket and the wake-up pair."""
        super().server_close()
        self._close_wake()

    def _close_wake(self) -> None:
        self._wake_r.close()
        self._wake_w.close()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection on its own daemon thread, tracked so `stop_connections` can end it."""
        thread = threading.Thread(
            target=self._serve, args=(request, client_address), daemon=True, name="playground-conn"
        )
        with self._lock:
            self._live[request] = thread
        try:
            thread.start()
        except RuntimeError:  # no more threads: refuse this connection, keep accepting
            with self._lock:
                self._live.pop(request, None)
            self.shutdown_request(request)

    def _serve(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._lock:
                self._live.pop(request, None)
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that vanish are normal; anything else is a playground bug, kept for tests."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            self.errors.append(traceback.format_exc())

    def stop_connections(self, timeout: float) -> None:
        """Shut down every open connection and wait (up to `timeout` in all) for their threads."""
        self.wake()
        with self._lock:
            live = list(self._live.items())
        for sock, _ in live:
            with contextlib.suppress(OSError):  # already closed by its own thread
                sock.shutdown(socket.SHUT_RDWR)
        end = time.monotonic() + timeout
        for _, thread in live:
            thread.join(max(0.0, end - time.monotonic()))


def _bind_error(exc: OSError, port: int, what: str, avoid: Collection[int]) -> PlaygroundError:
    if exc.errno == errno.EADDRINUSE:
        return PortInUseError(port, free_port_near(port, avoid=avoid), what)
    if exc.errno == errno.EACCES:
        return PlaygroundError(
            f"{what} {port} needs administrator rights; choose one from 1024 to 65535, or 0 for any free port"
        )
    return PlaygroundError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}")
