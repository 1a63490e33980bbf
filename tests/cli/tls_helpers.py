"""TLS for the `workbench send` tests: an https pytest-httpserver and PEM files from trustme."""

from __future__ import annotations

import ssl
from pathlib import Path

import trustme
from pytest_httpserver import HTTPServer


def pem(blob: trustme.Blob, folder: Path, name: str) -> str:
    """`blob` written to `folder/name`; its path."""
    path = folder / name
    blob.write_to_path(str(path))
    return str(path)


def https_server(ca: trustme.CA, client_ca: trustme.CA | None = None) -> HTTPServer:
    """pytest-httpserver over TLS for 127.0.0.1, its certificate signed by `ca`; with `client_ca`,
    a client certificate it signed is required. Started; the caller stops it."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    if client_ca is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        client_ca.configure_trust(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    return server
