"""Engine test fixtures: raw-socket servers, a full backlog, trustme certificates, proxy.py."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from servers import (
    PROXY_PASSWORD,
    PROXY_USER,
    FullBacklog,
    MakeRaw,
    ProxyInfo,
    RawServer,
    Script,
    server_context,
    wait_for_port,
)


@pytest.fixture
def raw_server() -> Iterator[MakeRaw]:
    """A factory: ``raw_server(script, tls=None)`` starts a scripted server, stopped at teardown."""
    servers: list[RawServer] = []

    def make(script: Script, *, tls: ssl.SSLContext | None = None) -> RawServer:
        server = RawServer(script, tls=tls)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def full_backlog() -> Iterator[FullBacklog]:
    """A listener that never completes a new TCP handshake."""
    backlog = FullBacklog()
    yield backlog
    backlog.close()


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    """A private certificate authority for the session."""
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The CA certificate as a PEM file, for Options.tls.ca_file."""
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture(scope="session")
def tls_context(ca: trustme.CA) -> ssl.SSLContext:
    """Server context for 127.0.0.1 signed by `ca`."""
    return server_context(ca, "127.0.0.1")


@pytest.fixture(scope="session")
def proxy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyInfo]:
    """proxy.py on loopback with Basic proxy auth, for the whole session."""
    folder = tmp_path_factory.mktemp("proxy")
    port_file = folder / "port"
    log = (folder / "proxy.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "proxy",
            "--hostname",
            "127.0.0.1",
            "--port",
            "0",
            "--port-file",
            str(port_file),
            "--num-workers",
            "1",
            "--num-acceptors",
            "1",
            "--basic-auth",
            f"{PROXY_USER}:{PROXY_PASSWORD}",
            "--log-level",
            "WARNING",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        port = _read_port(port_file, process)
        wait_for_port(port)
        yield ProxyInfo(port, process)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


def _read_port(port_file: Path, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"proxy.py exited with {process.returncode}")
        text = port_file.read_text().strip() if port_file.exists() else ""
        if text.isdigit():
            return int(text)
        time.sleep(0.05)
    raise RuntimeError("proxy.py did not write its port in 30 s")
