"""TLS with trustme certificates: success with a CA file, each verification failure, client certs."""

from __future__ import annotations

import datetime
import ssl
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer
from servers import MakeRaw, RawConn, echo, self_signed_context, server_context

from workbench.engine import TLS, RequestSpec, send
from workbench.engine.errors import CLIENT_CERT_HINT


def https_spec(url: str, **tls: object) -> RequestSpec:
    return RequestSpec(url).with_options(tls=TLS(**tls), timeout=10)  # type: ignore[arg-type]


def test_success_with_the_ca_file_records_the_handshake(
    raw_server: MakeRaw, tls_context: ssl.SSLContext, ca_file: str
) -> None:
    server = raw_server(echo, tls=tls_context)
    ex = send(https_spec(server.url("/secure"), ca_file=ca_file))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.body.read().startswith(b"GET /secure HTTP/1.1\r\n")
    [hop] = ex.hops
    assert hop.tls is not None
    assert hop.tls.version.startswith("TLSv1.")
    assert hop.tls.cipher
    assert "organizationName=trustme" in hop.tls.peer_issuer
    assert hop.timing.tls is not None
    assert hop.timing.connect is not None
    assert hop.timing.connect <= hop.timing.tls


def test_unknown_ca_fails_and_insecure_mode_does_not_leak(
    raw_server: MakeRaw, tls_context: ssl.SSLContext
) -> None:
    server = raw_server(echo, tls=tls_context)
    first = send(https_spec(server.url("/")))
    assert first.error is not None
    assert first.error.kind == "tls"
    assert first.error.message == (
        f"The certificate of 127.0.0.1:{server.port} is not trusted: unable to get local issuer certificate."
    )
    insecure = send(https_spec(server.url("/"), verify=False))
    assert insecure.error is None
    assert insecure.response is not None
    assert insecure.response.status == 200
    again = send(https_spec(server.url("/")))
    assert again.error is not None
    assert again.error.kind == "tls"


def certificate_server(raw_server: MakeRaw, ca: trustme.CA, *ids: str, **kwargs: object) -> str:
    return raw_server(echo, tls=server_context(ca, *ids, **kwargs)).url("/")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        ("self-signed", "is not trusted: self-signed certificate."),
        (
            "wrong-ip",
            "is not trusted: IP address mismatch, certificate is not valid for '127.0.0.1'.",
        ),
        ("expired", "is not trusted: certificate has expired."),
    ],
)
def test_certificate_failures_name_openssls_reason(
    raw_server: MakeRaw, ca: trustme.CA, ca_file: str, make: str, reason: str, tmp_path: Path
) -> None:
    if make == "self-signed":
        url = raw_server(echo, tls=self_signed_context(ca, tmp_path)).url("/")
        ca_file = ""  # trusting the CA would trust its certificate
    elif make == "wrong-ip":
        url = certificate_server(raw_server, ca, "localhost", "127.0.0.2")
    else:
        past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2)
        url = certificate_server(
            raw_server,
            ca,
            "127.0.0.1",
            not_before=past - datetime.timedelta(days=30),
            not_after=past,
        )
    ex = send(https_spec(url, ca_file=ca_file))
    assert ex.error is not None
    assert ex.error.kind == "tls"
    assert ex.error.message.endswith(reason)
    assert "SSLCertVerificationError" in ex.error.detail


def test_https_to_a_plain_http_port(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("plain")
    ex = send(https_spec(f"https://127.0.0.1:{httpserver.port}/"))
    assert ex.error is not None
    assert ex.error.kind == "tls"
    assert ex.error.message == (
        f"TLS failed with 127.0.0.1:{httpserver.port}: the server did not answer in TLS (is it plain http?)."
    )


@pytest.fixture(scope="module")
def client_cert(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    leaf = ca.issue_cert("client@workbench.test", common_name="wb-client")
    folder = tmp_path_factory.mktemp("client")
    cert, key = folder / "client.pem", folder / "client.key"
    cert.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    key.write_bytes(leaf.private_key_pem.bytes())
    return str(cert), str(key)


def test_server_requiring_a_client_certificate(
    raw_server: MakeRaw, ca: trustme.CA, ca_file: str, client_cert: tuple[str, str]
) -> None:
    context = server_context(ca, "127.0.0.1")
    context.verify_mode = ssl.CERT_REQUIRED
    ca.configure_trust(context)
    peers: list[object] = []

    def script(conn: RawConn) -> None:
        peers.append(conn.sock.getpeercert())  # type: ignore[attr-defined]
        echo(conn)

    server = raw_server(script, tls=context)
    without = send(https_spec(server.url("/"), ca_file=ca_file))
    assert without.error is not None
    assert without.error.kind == "tls"
    assert without.error.message == (
        f"127.0.0.1:{server.port} requires a client certificate and none was sent."
    )
    assert without.error.hint == CLIENT_CERT_HINT
    assert "TLSV13_ALERT_CERTIFICATE_REQUIRED" in without.error.detail
    cert, key = client_cert
    with_cert = send(https_spec(server.url("/"), ca_file=ca_file, client_cert=cert, client_key=key))
    assert with_cert.error is None
    assert with_cert.response is not None
    assert with_cert.response.status == 200
    [peer] = peers
    assert (("commonName", "wb-client"),) in peer["subject"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("tls", "field", "message"),
    [
        (
            {"ca_file": "/no/such/ca.pem"},
            "ca_file",
            "The CA file '/no/such/ca.pem' cannot be used: No such file or directory.",
        ),
        (
            {"client_cert": "/no/such/cert.pem"},
            "client_cert",
            "The client certificate cannot be used: No such file or directory.",
        ),
        (
            {"client_key": "/k.pem"},
            "client_cert",
            "A client key was given without its certificate.",
        ),
    ],
)
def test_unusable_tls_files_stop_the_send_before_it_starts(
    raw_server: MakeRaw, tls: dict[str, str], field: str, message: str
) -> None:
    server = raw_server(echo)
    ex = send(https_spec(server.url("/"), **tls))
    assert ex.error is not None
    assert ex.error.kind == "invalid-request"
    assert (ex.error.field, ex.error.message) == (field, message)
    assert ex.hops == ()
    assert server.accepted == 0
