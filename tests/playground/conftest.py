"""Fixtures for the playground tests: a running playground, an engine helper, a TLS echo server."""

from __future__ import annotations

import http.server
import json
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from workbench.playground import Playground


@pytest.fixture
def playground() -> Iterator[Playground]:
    """A running playground with an open proxy; fails the test if the playground hit a bug."""
    with Playground(proxy_port=0) as pg:
        yield pg
        assert pg.errors == []


class _TLSEcho(http.server.BaseHTTPRequestHandler):
    """Answers every GET with JSON naming the path and headers it received, over TLS."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = json.dumps({"path": self.path, "headers": dict(self.headers.items())}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def tls_echo(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """An https echo server on 127.0.0.1 with a throw-away CA: (base URL, CA file)."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TLSEcho)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", str(ca_file)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
