"""``workbench send`` flags end to end against loopback servers: what the server received, what printed."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import io
import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from pytest_httpserver import HTTPServer
from tls_helpers import https_server, pem
from werkzeug import Request, Response

from workbench.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--no-history"], stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def run_json(*argv: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(*argv, "--format", "json")
    assert err == "", err
    return code, json.loads(out)


def paths(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


# Bodies


def test_multipart_sends_text_fields_and_files_with_name_and_bytes(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    upload = tmp_path / "report.csv"
    upload.write_bytes(b"a,b\r\n1,\xff\x00\r\n")  # not UTF-8, with a NUL: sent as bytes
    seen: dict[str, Any] = {}

    def handler(request: Request) -> Response:
        part = request.files["upload"]
        seen.update(
            method=request.method,
            mimetype=request.mimetype,
            form=request.form.to_dict(),
            file=(part.filename, part.mimetype, part.read()),
            files=list(request.files),
        )
        return Response("got it")

    httpserver.expect_request("/up").respond_with_handler(handler)
    code, out, err = run(
        "send",
        httpserver.url_for("/up"),
        "--multipart",
        "note=hello wörld",
        "--multipart",
        f"upload=@{upload}",
    )
    assert code == 0, err
    assert out.endswith("\n\ngot it\n")
    assert seen == {
        "method": "POST",
        "mimetype": "multipart/form-data",
        "form": {"note": "hello wörld"},
        "file": ("report.csv", "text/csv", upload.read_bytes()),
        "files": ["upload"],
    }


def test_data_from_a_file_sends_its_exact_bytes(httpserver: HTTPServer, tmp_path: Path) -> None:
    payload = bytes(range(256)) * 40
    source = tmp_path / "blob.bin"
    source.write_bytes(payload)
    httpserver.expect_request(
        "/raw",
        method="PUT",
        data=payload,
        headers={"Content-Type": "application/octet-stream", "Content-Length": "10240"},
    ).respond_with_data("stored")
    code, out, err = run("send", httpserver.url_for("/raw"), "-X", "PUT", "--data", f"@{source}")
    assert code == 0, err
    assert out.endswith("\n\nstored\n")
    assert paths(httpserver) == ["/raw"]


def test_json_is_sent_as_typed_with_its_content_type(httpserver: HTTPServer) -> None:
    typed = '{"b": 2,  "a": [1, "é"]}'  # spacing and key order kept, not re-serialised
    httpserver.expect_request(
        "/j", method="POST", data=typed.encode(), headers={"Content-Type": "application/json"}
    ).respond_with_json({"ok": True})
    code, data = run_json("send", httpserver.url_for("/j"), "--json", typed)
    assert code == 0
    assert data["response"]["status"] == 200
    assert ["Content-Type", "application/json"] in data["request"]["headers"]


# Auth

REALM, NONCE = "workbench-test", "4f2d9c1b7a"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # Digest's own algorithm


def digest_handler(user: str, password: str) -> Any:
    """A server that checks RFC 7616 Digest (MD5, qop=auth) itself, answering 401 until right."""

    def handler(request: Request) -> Response:
        auth = request.authorization
        if auth is not None and auth.type == "digest" and auth.username == user:
            ha1 = md5(f"{user}:{REALM}:{password}")
            ha2 = md5(f"{request.method}:{auth.uri}")
            expected = md5(f"{ha1}:{NONCE}:{auth.nc}:{auth.cnonce}:{auth.qop}:{ha2}")
            right = (auth.realm, auth.nonce, auth.qop, auth.uri) == (REALM, NONCE, "auth", "/dg")
            if right and hmac.compare_digest(auth.response or "", expected):
                return Response(f"welcome {user}")
        challenge = f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm=MD5'
        return Response("who?", status=401, headers={"WWW-Authenticate": challenge})

    return handler


def test_digest_answers_the_challenge_then_gets_in(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/dg").respond_with_handler(digest_handler("ann", "s3cret"))
    url = httpserver.url_for("/dg")
    code, data = run_json("send", url, "--auth-type", "digest", "--user", "ann:s3cret")
    assert code == 0
    assert [hop["response"]["status"] for hop in data["hops"]] == [401, 200]
    first, second = (dict(hop["request"]["headers"]) for hop in data["hops"])
    assert "Authorization" not in first
    assert second["Authorization"].startswith("Digest ")
    assert "s3cret" not in json.dumps(data)
    assert data["body"]["text"] == "welcome ann"
    code, data = run_json("send", url, "--auth-type", "digest", "--user", "ann:wrong")
    assert code == 0  # the final 401 is the answer
    assert data["response"]["status"] == 401
    assert data["body"]["text"] == "who?"


# Redirects


def test_no_follow_answers_with_the_redirect_itself(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/go").respond_with_data(
        "moved", status=302, headers={"Location": "/there"}
    )
    httpserver.expect_request("/there").respond_with_data("arrived")
    code, data = run_json("send", httpserver.url_for("/go"), "--no-follow")
    assert code == 0
    assert data["response"]["status"] == 302
    assert ["Location", "/there"] in data["response"]["headers"]
    assert data["body"]["text"] == "moved"
    assert len(data["hops"]) == 1
    assert paths(httpserver) == ["/go"]
    code, out, _ = run("send", httpserver.url_for("/go"))  # the same without it: followed
    assert out.endswith("\n\narrived\n")
    assert paths(httpserver) == ["/go", "/go", "/there"]


@pytest.fixture
def three_redirects(httpserver: HTTPServer) -> str:
    for i in range(3):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": f"/r{i + 1}"}
        )
    httpserver.expect_request("/r3").respond_with_data("the end")
    return httpserver.url_for("/r0")


def test_max_redirects_exceeded_is_a_redirect_error_exit_1(
    httpserver: HTTPServer, three_redirects: str
) -> None:
    code, data = run_json("send", three_redirects, "--max-redirects", "2")
    assert code == 1
    assert data["error"]["kind"] == "redirect"
    assert "more than 2" in data["error"]["message"]
    assert data["response"] is None
    assert paths(httpserver) == ["/r0", "/r1", "/r2"]  # the third redirect is not followed
    code, out, err = run("send", three_redirects, "--max-redirects", "2")
    assert (code, out) == (1, "")
    assert "workbench: redirect: Too many redirects" in err
    code, out, err = run("send", three_redirects, "--max-redirects", "3")
    assert code == 0, err
    assert out.endswith("\n\nthe end\n")


# Decoding


def test_no_decode_neither_asks_for_nor_decodes_gzip(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    text = "compressible line\n" * 200
    packed = gzip.compress(text.encode())
    asked: list[str | None] = []

    def handler(request: Request) -> Response:
        asked.append(request.headers.get("Accept-Encoding"))
        return Response(packed, headers={"Content-Encoding": "gzip"}, content_type="text/plain")

    httpserver.expect_request("/gz").respond_with_handler(handler)
    url = httpserver.url_for("/gz")
    code, data = run_json("send", url)
    assert code == 0
    assert (data["body"]["size"], data["body"]["decoded_size"]) == (len(packed), len(text))
    assert data["body"]["text"] == text
    raw = tmp_path / "raw.gz"
    code, data = run_json("send", url, "--no-decode", "--out", str(raw))
    assert code == 0
    assert raw.read_bytes() == packed  # the bytes as they came, still compressed
    assert (data["body"]["size"], data["body"]["decoded_size"]) == (len(packed), None)
    assert ["Content-Encoding", "gzip"] in data["response"]["headers"]
    assert asked == ["gzip, deflate", "identity"]  # http.client's own default


# TLS


@pytest.fixture(scope="module")
def server_ca() -> trustme.CA:
    return trustme.CA(organization_name="Workbench flags server CA")


@pytest.fixture(scope="module")
def client_ca() -> trustme.CA:
    return trustme.CA(organization_name="Workbench flags client CA")


@pytest.fixture
def untrusted(
    server_ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An https URL whose CA is in no store the client reads."""
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-such-dir"))
    server = https_server(server_ca)
    server.expect_request("/").respond_with_data("inside")
    yield server.url_for("/")
    server.clear()
    server.stop()


def test_insecure_reaches_an_untrusted_server_that_fails_without_it(untrusted: str) -> None:
    code, data = run_json("send", untrusted)
    assert code == 1
    assert data["error"]["kind"] == "tls"
    assert data["response"] is None
    code, data = run_json("send", untrusted, "--insecure")
    assert code == 0
    assert data["body"]["text"] == "inside"


@pytest.fixture
def wants_client_cert(server_ca: trustme.CA, client_ca: trustme.CA) -> Iterator[HTTPServer]:
    server = https_server(server_ca, client_ca)
    yield server
    server.clear()
    server.stop()


def test_client_certificate_with_its_key_or_inside_one_file(
    wants_client_cert: HTTPServer, server_ca: trustme.CA, client_ca: trustme.CA, tmp_path: Path
) -> None:
    leaf = client_ca.issue_cert("client.workbench.test")
    presented: list[bytes] = []

    def handler(request: Request) -> Response:
        presented.append(ssl.PEM_cert_to_DER_cert(request.environ["SSL_CLIENT_CERT"]))
        return Response("hello client")

    wants_client_cert.expect_request("/me").respond_with_handler(handler)
    url = wants_client_cert.url_for("/me")
    trust = ("--cacert", pem(server_ca.cert_pem, tmp_path, "server-ca.pem"))
    cert = pem(leaf.cert_chain_pems[0], tmp_path, "cert.pem")
    key = pem(leaf.private_key_pem, tmp_path, "key.pem")
    both = pem(leaf.private_key_and_cert_chain_pem, tmp_path, "both.pem")
    code, out, err = run("send", url, *trust, "--cert", cert, "--key", key)
    assert code == 0, err
    assert out.endswith("\n\nhello client\n")
    code, out, err = run("send", url, *trust, "--cert", both)  # the key inside: --cert alone
    assert code == 0, err
    mine = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())
    assert presented == [mine, mine]


def test_a_certificate_without_its_key_is_refused_before_sending(
    wants_client_cert: HTTPServer, client_ca: trustme.CA, tmp_path: Path
) -> None:
    leaf = client_ca.issue_cert("client.workbench.test")
    cert = pem(leaf.cert_chain_pems[0], tmp_path, "cert.pem")
    key = pem(leaf.private_key_pem, tmp_path, "key.pem")
    url = wants_client_cert.url_for("/")
    code, out, err = run("send", url, "--cert", cert)
    assert (code, out) == (2, "")
    assert f"workbench: --cert {cert}: The client certificate cannot be used" in err
    assert "give it with --key" in err
    code, _, err = run("send", url, "--cert", key, "--key", cert)  # swapped
    assert code == 2
    assert f"--cert {key} with --key {cert}:" in err
    code, _, err = run("send", url, "--key", key)
    assert code == 2
    assert "--key needs --cert" in err
    assert wants_client_cert.log == []


def test_flags_a_profile_would_override_are_refused(
    httpserver: HTTPServer, client_ca: trustme.CA, server_ca: trustme.CA, tmp_path: Path
) -> None:
    leaf = client_ca.issue_cert("client.workbench.test")
    mine = pem(leaf.private_key_and_cert_chain_pem, tmp_path, "mine.pem")
    theirs = pem(
        client_ca.issue_cert("other.test").private_key_and_cert_chain_pem, tmp_path, "p.pem"
    )
    ca = pem(server_ca.cert_pem, tmp_path, "ca.pem")
    profile = ("profiles", "add-proxy", "office", "--kind", "direct")
    assert main([*profile, "--cert", theirs, "--cacert", ca], stdout=io.StringIO()) == 0
    url = httpserver.url_for("/")
    code, _, err = run("send", url, "--proxy-profile", "office", "--cert", mine)
    assert code == 2
    assert "--cert and --proxy-profile office contradict each other" in err
    code, _, err = run("send", url, "--proxy-profile", "office", "--cacert", mine)
    assert code == 2
    assert "--cacert and --proxy-profile office contradict each other" in err
    assert httpserver.log == []
    httpserver.expect_request("/").respond_with_data("same files: no conflict")
    code, _, err = run("send", url, "--proxy-profile", "office", "--cert", theirs, "--cacert", ca)
    assert code == 0, err
