"""Basic, Digest, Bearer and credentials in the URL: hops, headers sent, notes, no exceptions."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from servers import PAGE, DigestServer, Handler
from werkzeug import Request, Response

from workbench.engine import Auth, Body, Exchange, RequestSpec, send
from workbench.engine.masking import mask_head, mask_headers


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class BasicServer:
    """Answers 200 to the right Basic credentials, 401 with `challenge` otherwise; logs Authorization."""

    def __init__(
        self, challenge: str = 'Basic realm="R"', user: str = "u", password: str = "pé"
    ) -> None:
        self.challenge = challenge
        self.expected = basic(user, password)
        self.seen: list[str | None] = []

    def __call__(self, request: Request) -> Response:
        got = request.headers.get("Authorization")
        self.seen.append(got)
        if got == self.expected:
            return Response("welcome")
        return Response(PAGE, 401, {"WWW-Authenticate": self.challenge}, content_type="text/html")


def authed(
    httpserver: HTTPServer, handler: Handler, auth: Auth, path: str = "/private"
) -> Exchange:
    httpserver.expect_request(path).respond_with_handler(handler)
    return send(RequestSpec(httpserver.url_for(path), auth=auth))


def sent_auth(ex: Exchange) -> list[str | None]:
    """The Authorization value each hop sent, from the engine's own record."""
    return [dict(h.request.headers).get("Authorization") for h in ex.hops if h.request]


BASIC = Auth(kind="basic", username="u", password="pé")


def test_basic_challenge_then_retry_is_two_hops(httpserver: HTTPServer) -> None:
    server = BasicServer()
    ex = authed(httpserver, server, BASIC)
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.body.read() == b"welcome"
    assert server.seen == [None, basic("u", "pé")] == sent_auth(ex)
    assert [h.response.status for h in ex.hops if h.response] == [401, 200]
    assert 'Server asks for Basic (realm "R").' in ex.hops[0].notes
    assert "Retry with Basic credentials of user 'u' for realm \"R\"." in ex.hops[1].notes
    head = ex.hops[1].request.head  # type: ignore[union-attr]
    assert b"Authorization: Basic ***" in mask_head(head)
    assert ("Authorization", "Basic ***") in mask_headers(ex.hops[1].request.headers)  # type: ignore[union-attr]


def test_basic_wrong_password_shows_the_final_401_after_two_hops(httpserver: HTTPServer) -> None:
    server = BasicServer()
    ex = authed(httpserver, server, BASIC._replace(password="wrong"))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 401
    assert ex.body.read() == PAGE.encode()
    assert len(ex.hops) == 2
    assert server.seen == [None, basic("u", "wrong")]
    assert "The server rejected the credentials of user 'u' for realm \"R\"." in ex.hops[1].notes


def test_basic_preemptive_is_one_hop(httpserver: HTTPServer) -> None:
    server = BasicServer()
    ex = authed(httpserver, server, BASIC._replace(preemptive=True))
    assert ex.response is not None
    assert ex.response.status == 200
    assert server.seen == [basic("u", "pé")]
    assert len(ex.hops) == 1
    assert "Basic credentials sent preemptively, without waiting for a 401." in ex.hops[0].notes


def test_realmless_basic_challenge_is_answered(httpserver: HTTPServer) -> None:
    server = BasicServer(challenge="Basic")
    ex = authed(httpserver, server, BASIC)
    assert ex.response is not None
    assert ex.response.status == 200
    assert server.seen == [None, basic("u", "pé")]
    assert (
        "Retry with Basic credentials of user 'u' for this server (no realm given)."
        in ex.hops[1].notes
    )


def test_bearer_only_challenge_leaves_the_401_with_a_note(httpserver: HTTPServer) -> None:
    server = BasicServer(challenge='Bearer realm="api", error="invalid_token"')
    ex = authed(httpserver, server, BASIC)
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 401
    assert ex.body.read() == PAGE.encode()
    assert len(ex.hops) == 1
    assert ex.hops[0].notes == (
        "Direct: no proxy variable is set in the environment.",
        'Server asks for Bearer (realm "api").',
        "Challenge scheme Bearer but this request is set up for Basic.",
    )


def test_basic_realm_setting_only_answers_that_realm(httpserver: HTTPServer) -> None:
    server = BasicServer(challenge='Basic realm="Other"')
    ex = authed(httpserver, server, BASIC._replace(realm="R"))
    assert ex.response is not None
    assert ex.response.status == 401
    assert server.seen == [None]
    assert 'No saved credentials match realm "Other" at ' in ex.hops[0].notes[-1]


@pytest.mark.parametrize(
    "scope",
    ["https://127.0.0.1:{port}/", "http://127.0.0.1:1/", "http://127.0.0.1:{port}/api"],
    ids=["other-scheme", "other-port", "path-prefix-not-segment"],
)
def test_credentials_are_not_sent_outside_their_scope(httpserver: HTTPServer, scope: str) -> None:
    server = BasicServer()
    auth = BASIC._replace(scope=scope.format(port=httpserver.port))
    ex = authed(httpserver, server, auth, path="/apix")
    assert server.seen == [None]
    assert ex.response is not None
    assert ex.response.status == 401


def test_credentials_apply_below_their_scope(httpserver: HTTPServer) -> None:
    server = BasicServer()
    auth = BASIC._replace(scope=f"http://127.0.0.1:{httpserver.port}/api")
    ex = authed(httpserver, server, auth, path="/api/x")
    assert ex.response is not None
    assert ex.response.status == 200


def test_credentials_in_the_url_are_sent_as_preemptive_basic(httpserver: HTTPServer) -> None:
    server = BasicServer(user="u", password="p@ss")
    httpserver.expect_request("/in-url").respond_with_handler(server)
    ex = send(RequestSpec(f"http://u:p%40ss@127.0.0.1:{httpserver.port}/in-url"))
    assert ex.response is not None
    assert ex.response.status == 200
    assert server.seen == [basic("u", "p@ss")]
    assert ex.url == httpserver.url_for("/in-url")  # no credentials left in the URL shown


def test_bearer_token_is_sent_and_masked(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/b", headers={"Authorization": "Bearer tok.en"}).respond_with_data(
        "ok"
    )
    ex = send(RequestSpec(httpserver.url_for("/b"), auth=Auth(kind="bearer", token="tok.en")))
    assert ex.response is not None
    assert ex.response.status == 200
    assert mask_headers(ex.headers, ex.secret_headers) == [
        ("Authorization", "Bearer ***"),
        ("Accept-Encoding", "gzip, deflate"),
    ]
    hop = ex.hops[0].request
    assert hop is not None
    assert b"Authorization: Bearer ***\r\n" in mask_head(hop.head)


def test_digest_md5_is_two_hops(httpserver: HTTPServer) -> None:
    server = DigestServer()
    ex = authed(httpserver, server, Auth(kind="digest", username="u", password="p"))
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.body.read() == b"digest ok"
    assert server.seen[0] is None
    assert server.seen[1] is not None
    assert server.seen[1].startswith('Digest username="u", realm="digest@test"')
    assert len(ex.hops) == 2
    assert sent_auth(ex) == server.seen
    assert "Retry with Digest credentials." in ex.hops[1].notes


def test_digest_wrong_password_is_bounded_and_shows_the_401_page(httpserver: HTTPServer) -> None:
    server = DigestServer()
    ex = authed(httpserver, server, Auth(kind="digest", username="u", password="bad"))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 401
    assert len(ex.hops) == 2
    assert len(server.seen) == 2
    assert ex.body.read() == PAGE.encode()
    assert str(ex.response.header("WWW-Authenticate")).startswith('Digest realm="digest@test"')
    assert 'The server rejected the Digest credentials for realm "digest@test".' in ex.hops[1].notes


def test_digest_sha256_works_before_python_314(httpserver: HTTPServer) -> None:
    server = DigestServer(algorithm="SHA-256")
    ex = authed(httpserver, server, Auth(kind="digest", username="u", password="p"))
    assert ex.response is not None
    assert ex.response.status == 200


def test_digest_auth_int_only_is_explained_not_raised(httpserver: HTTPServer) -> None:
    server = DigestServer(qop="auth-int")
    ex = authed(httpserver, server, Auth(kind="digest", username="u", password="p"))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 401
    assert len(ex.hops) == 1
    assert (
        ex.hops[0].notes[-1]
        == "Digest authentication is not possible here: qop 'auth-int' is not supported."
    )


def test_basic_with_the_matching_realm_and_preemptive_with_a_realm(httpserver: HTTPServer) -> None:
    server = BasicServer()
    ex = authed(httpserver, server, BASIC._replace(realm="R"))
    assert ex.response is not None
    assert ex.response.status == 200
    assert len(server.seen) == 2
    ex = authed(httpserver, server, BASIC._replace(realm="R", preemptive=True), path="/again")
    assert ex.response is not None
    assert ex.response.status == 200
    assert len(ex.hops) == 1


def test_digest_with_a_non_ascii_password_is_explained(httpserver: HTTPServer) -> None:
    server = DigestServer()
    ex = authed(httpserver, server, Auth(kind="digest", username="u", password="pé"))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 401
    assert ex.hops[0].notes[-1] == (
        "Digest authentication is not possible here: "
        "urllib's Digest accepts only ASCII user names and passwords."
    )


@pytest.mark.parametrize("kind", ["basic", "digest"])
def test_auth_retry_resends_a_file_body_from_the_start(
    httpserver: HTTPServer, tmp_path: Path, kind: str
) -> None:
    upload = tmp_path / "body.bin"
    upload.write_bytes(b"0123456789" * 5000)
    handler = BasicServer(user="u", password="p") if kind == "basic" else DigestServer()
    bodies: list[bytes] = []

    def recording(request: Request) -> Response:
        bodies.append(request.get_data())
        return handler(request)

    httpserver.expect_request("/up", method="POST").respond_with_handler(recording)
    spec = RequestSpec(
        httpserver.url_for("/up"),
        method="POST",
        body=Body(kind="file", path=str(upload)),
        auth=Auth(kind=kind, username="u", password="p"),  # type: ignore[arg-type]
    )
    ex = send(spec)
    assert ex.response is not None
    assert ex.response.status == 200
    assert bodies == [upload.read_bytes()] * 2
