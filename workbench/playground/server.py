"""`Playground`: the local server (and optional forward proxy) that the window, the CLI and tests start."""

from __future__ import annotations

import secrets
import threading
import time
from types import TracebackType

from workbench.playground import endpoints
from workbench.playground.handler import PlaygroundHandler
from workbench.playground.loopback import (
    LoopbackServer,
    PlaygroundError,
    RecordedRequest,
    check_host,
    check_port,
)
from workbench.playground.proxy import ProxyRecord, ProxyServer
from workbench.playground.reply import Context


def check_auth(auth: object) -> tuple[str, str] | None:
    """Proxy credentials: None, or a (user, password) pair with a user name that has no colon."""
    if auth is None:
        return None
    if not (isinstance(auth, tuple) and len(auth) == 2 and all(isinstance(p, str) for p in auth)):
        raise PlaygroundError("Proxy credentials must be a (user, password) pair of strings.")
    user, password = auth
    if not user or ":" in user:
        raise PlaygroundError("The proxy user name must be non-empty and may not contain ':'.")
    return user, password


class Playground:
    """A local HTTP server with many test endpoints, and optionally a forward proxy, on 127.0.0.1 only.

    Args:
        port: the server's port; 0 picks a free one.
        proxy_port: start the forward proxy on this port (0: a free one); None: no proxy.
        proxy_auth: (user, password) the proxy requires, or None for an open proxy.
        host: only ``127.0.0.1`` (or ``localhost``) is accepted.
    """

    def __init__(
        self,
        port: int = 0,
        proxy_port: int | None = None,
        proxy_auth: tuple[str, str] | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        check_host(host)
        self._port = check_port(port)
        self._proxy_port = None if proxy_port is None else check_port(proxy_port, "proxy port")
        self._proxy_auth = check_auth(proxy_auth)
        self._server: LoopbackServer | None = None
        self._proxy: ProxyServer | None = None
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._last: tuple[LoopbackServer, ProxyServer | None] | None = None
        """The servers of the latest run: their logs stay readable after `stop`."""

    def start(self) -> Playground:
        """Bind and serve in the background; `PlaygroundError` (or `PortInUseError`) when it cannot."""
        with self._lock:
            if self._server is not None:
                raise PlaygroundError("The playground is already running.")
            # A port suggested when one is taken must not be the other one asked for.
            asked = (self._port, self._proxy_port or 0)
            server = LoopbackServer(self._port, PlaygroundHandler, avoid=asked)
            try:
                proxy = None
                if self._proxy_port is not None:
                    proxy = ProxyServer(self._proxy_port, self._proxy_auth, (*asked, server.port))
            except PlaygroundError:
                server.server_close()
                raise
            base_url = f"http://127.0.0.1:{server.port}"
            server.context = Context(base_url, server.stopping, secrets.token_bytes(32))
            self._server, self._proxy = server, proxy
            self._last = (server, proxy)
            for listener in (server, proxy):
                if listener is not None:
                    thread = threading.Thread(
                        target=listener.serve, daemon=True, name="playground-accept"
                    )
                    thread.start()
                    self._threads.append(thread)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting, end every open connection (long delays and downloads too), close the sockets.

        Returns within about `timeout` seconds even if a connection thread does not end. Safe to call twice.
        """
        with self._lock:
            listeners = [s for s in (self._server, self._proxy) if s is not None]
            self._server = self._proxy = None
            threads, self._threads = self._threads, []
        end = time.monotonic() + timeout
        for listener in listeners:
            listener.wake()
        for thread in threads:
            thread.join(max(0.0, end - time.monotonic()))
        for listener in listeners:
            listener.stop_connections(max(0.0, end - time.monotonic()))
            listener.server_close()

    def __enter__(self) -> Playground:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._server is not None

    @property
    def port(self) -> int:
        """The server's bound port."""
        return self._running_server().port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def proxy_port(self) -> int | None:
        """The proxy's bound port, None when no proxy runs."""
        self._running_server()
        return self._proxy.port if self._proxy is not None else None

    @property
    def proxy_url(self) -> str | None:
        """``http://127.0.0.1:PORT`` of the proxy, None when no proxy runs."""
        port = self.proxy_port
        return None if port is None else f"http://127.0.0.1:{port}"

    @property
    def proxy_user(self) -> str | None:
        """The user name the proxy requires, None when it needs no credentials."""
        return self._proxy_auth[0] if self._proxy_auth is not None else None

    @property
    def requests(self) -> list[RecordedRequest]:
        """The latest run's recent requests (method, path, status), oldest first; kept after `stop`."""
        return list(self._last[0].recent) if self._last else []

    @property
    def proxy_log(self) -> list[ProxyRecord]:
        """What the latest run's proxy saw, oldest first (empty without a proxy); kept after `stop`."""
        proxy = self._last[1] if self._last else None
        return list(proxy.seen) if proxy is not None else []

    @property
    def errors(self) -> list[str]:
        """Tracebacks of playground bugs met while answering (normally empty); kept after `stop`."""
        if self._last is None:
            return []
        server, proxy = self._last
        return list(server.errors) + (list(proxy.errors) if proxy is not None else [])

    def clear_logs(self) -> None:
        """Forget the recent requests, what the proxy saw, and recorded errors."""
        if self._last is not None:
            server, proxy = self._last
            server.recent.clear()
            server.errors.clear()
            if proxy is not None:
                proxy.seen.clear()
                proxy.errors.clear()

    @staticmethod
    def endpoints() -> list[dict[str, object]]:
        """Every endpoint: path pattern, methods, summary and an example path."""
        return endpoints.catalog()

    def _running_server(self) -> LoopbackServer:
        if self._server is None:
            raise PlaygroundError("The playground is not running: call start() first.")
        return self._server
