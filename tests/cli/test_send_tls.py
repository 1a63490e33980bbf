"""``workbench send`` over https: --cacert replaces the system's CAs, and TLS hints name real places."""

from __future__ import annotations

import contextlib
import io
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer
from tls_helpers import https_server, pem

from workbench.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def ca_a() -> trustme.CA:
    return trustme.CA(organization_name="Workbench test CA A")


@pytest.fixture(scope="module")
def ca_b() -> trustme.CA:
    return trustme.CA(organization_name="Workbench test CA B")


@pytest.fixture
def signed_by_b(ca_b: trustme.CA) -> Iterator[HTTPServer]:
    server = https_server(ca_b)
    server.expect_request("/").respond_with_data("trusted")
    yield server
    server.clear()
    server.stop()


def test_help_says_cacert_replaces_the_systems_cas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["send", "--help"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    printed = " ".join(capsys.readouterr().out.split())  # argparse wraps the help text
    assert "--cacert FILE trust only the CAs in FILE, instead of the system's" in printed
    assert "as well" not in printed


def test_cacert_replaces_the_system_store(
    signed_by_b: HTTPServer,
    ca_a: trustme.CA,
    ca_b: trustme.CA,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CA B is the "system" store (SSL_CERT_FILE); --cacert CA A leaves B untrusted."""
    monkeypatch.setenv("SSL_CERT_FILE", pem(ca_b.cert_pem, tmp_path, "system-b.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-such-dir"))
    url = signed_by_b.url_for("/")
    code, out, err = run("send", url, "--no-history")
    assert code == 0, err  # the system store alone trusts B
    assert out.endswith("\n\ntrusted\n")
    code, out, err = run(
        "send", url, "--cacert", pem(ca_a.cert_pem, tmp_path, "a.pem"), "--no-history"
    )
    assert code == 1
    assert out == ""
    assert "tls" in err
    assert "certificate" in err
    code, _, err = run(
        "send", url, "--cacert", pem(ca_b.cert_pem, tmp_path, "b.pem"), "--no-history"
    )
    assert code == 0, err


def test_an_untrusted_certificate_hints_at_cacert_and_insecure(
    signed_by_b: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-such-dir"))
    code, _, err = run("send", signed_by_b.url_for("/"), "--no-history")
    assert code == 1
    hint = err.partition("hint: ")[2]
    assert "the Options tab in the window, --cacert on the command line" in hint
    assert "--insecure" in hint
    assert " in Options" not in hint


@contextlib.contextmanager
def demanding_client_certificates(ca: trustme.CA) -> Iterator[str]:
    """One https connection on 127.0.0.1 that fails its handshake for want of a client
    certificate, letting the client read the alert (closing at once would send an RST that hides
    it: werkzeug's server does, so the error there is sometimes a bare EOF); yields the URL."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    context.verify_mode = ssl.CERT_REQUIRED
    ca.configure_trust(context)
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        tls = context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
        with contextlib.suppress(ssl.SSLError, OSError):
            tls.do_handshake()
        with contextlib.suppress(OSError):
            socket.socket.shutdown(tls, socket.SHUT_WR)
            tls.settimeout(5.0)
            while socket.socket.recv(tls, 65536):
                pass
        tls.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        thread.join(10)
        listener.close()


def test_a_required_client_certificate_hints_at_profiles_and_cert(
    ca_a: trustme.CA, tmp_path: Path
) -> None:
    with demanding_client_certificates(ca_a) as url:
        code, _, err = run(
            "send", url, "--cacert", pem(ca_a.cert_pem, tmp_path, "a.pem"), "--no-history"
        )
    assert code == 1
    assert "requires a client certificate" in err
    hint = err.partition("hint: ")[2]
    assert "Auth and Proxy Profiles" in hint
    assert "--cert and --key" in hint
    assert "Options" not in hint
