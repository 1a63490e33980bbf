"""The proxy dance explained on each hop: why a proxy answered 407, and why a request went direct.

The proxy is the playground's real forward proxy (Basic proxy auth with a realm, and a log of what it
saw); raw-socket servers stand in for proxies that challenge with other schemes.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest
from servers import MakeRaw, RawConn, Script, echo, respond

from workbench.engine import TLS, Field, Proxy, RequestSpec, send
from workbench.engine.proxyauth import NONE_CONFIGURED
from workbench.playground import Playground

REALM_NOTE = 'Proxy asks for Basic (realm "playground-proxy").'
REJECTED = "The proxy rejected the credentials of user 'pu' for realm \"playground-proxy\"."
SYSTEM_NOTHING_SET = "Direct: no proxy variable is set in the environment."


@pytest.fixture
def pg() -> Iterator[Playground]:
    """A playground whose proxy needs pu:SECRET."""
    with Playground(proxy_port=0, proxy_auth=("pu", "SECRET")) as playground:
        yield playground
        assert playground.errors == []


def manual(pg: Playground, user: str = "", password: str = "") -> Proxy:
    assert pg.proxy_url is not None
    return Proxy(mode="manual", url=pg.proxy_url, username=user, password=password)


def through(pg: Playground) -> str:
    return f"Through proxy 127.0.0.1:{pg.proxy_port} (absolute URL in the request line); "


def test_plain_http_407_for_a_wrong_password_names_user_and_realm(pg: Playground) -> None:
    ex = send(RequestSpec(f"{pg.url}/get", proxy=manual(pg, "pu", "wrong")))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status == 407
    [hop] = ex.hops
    assert hop.notes == (
        through(pg) + "chosen by the manual proxy setting.",
        REALM_NOTE,
        REJECTED,
    )
    [seen] = pg.proxy_log
    assert (seen.status, seen.authorization) == (407, True)
    assert pg.requests == []  # the proxy forwarded nothing


def test_plain_http_407_without_credentials_says_none_are_configured(pg: Playground) -> None:
    ex = send(RequestSpec(f"{pg.url}/get", proxy=manual(pg)))
    assert ex.response is not None
    assert ex.response.status == 407
    assert ex.hops[0].notes[1:] == (REALM_NOTE, NONE_CONFIGURED)
    [seen] = pg.proxy_log
    assert seen.authorization is False


def test_connect_407_puts_the_verdict_in_the_error_and_on_the_hop(
    pg: Playground, raw_server: MakeRaw, tls_context: ssl.SSLContext
) -> None:
    origin = raw_server(echo, tls=tls_context)
    ex = send(RequestSpec(origin.url("/secure"), proxy=manual(pg, "pu", "wrong")))
    assert ex.response is None
    assert ex.error is not None
    assert ex.error.kind == "proxy"
    assert ex.error.message == (
        f"The proxy 127.0.0.1:{pg.proxy_port} refused the tunnel: "
        f"407 Proxy Authentication Required. {REJECTED}"
    )
    [hop] = ex.hops
    # Python 3.11 drops a refused CONNECT's headers unread; the engine reads them for the timeline.
    assert b'\r\nProxy-Authenticate: Basic realm="playground-proxy"\r\n' in hop.tunnel_response
    assert hop.notes[-2:] == (REALM_NOTE, REJECTED)
    [seen] = pg.proxy_log
    assert (seen.method, seen.status, seen.authorization) == ("CONNECT", 407, True)
    assert origin.accepted == 0


def test_connect_407_without_credentials(pg: Playground) -> None:
    # The proxy refuses before connecting anywhere, so the target needs no TLS server.
    ex = send(RequestSpec(f"https://127.0.0.1:{pg.port}/get", proxy=manual(pg)))
    assert ex.error is not None
    assert ex.error.kind == "proxy"
    assert ex.error.message.endswith(f"407 Proxy Authentication Required. {NONE_CONFIGURED}")
    assert ex.hops[0].notes[-1] == NONE_CONFIGURED


def test_a_typed_proxy_authorization_that_is_not_basic_is_named(pg: Playground) -> None:
    spec = RequestSpec(
        f"{pg.url}/get",
        headers=(Field("Proxy-Authorization", "Bearer abc"),),
        proxy=manual(pg),
    )
    ex = send(spec)
    assert ex.response is not None
    assert ex.response.status == 407
    assert ex.hops[0].notes[-1] == (
        'The proxy rejected the Proxy-Authorization (Bearer) that was sent for realm "playground-proxy".'
    )


def fake_proxy(challenges: list[str]) -> Script:
    """A raw-server script answering every request with a 407 carrying `challenges`."""

    def script(conn: RawConn) -> None:
        conn.read_request()
        headers = [("Proxy-Authenticate", value) for value in challenges]
        conn.send(respond("407 Proxy Authentication Required", headers, b"no"))

    return script


@pytest.mark.parametrize(
    ("challenges", "user", "notes"),
    [
        (
            ['Digest realm="corp", nonce="n1", qop="auth"', "Negotiate"],
            "pu",
            (
                'Proxy asks for Digest (realm "corp"), Negotiate.',
                "Challenge scheme Digest, Negotiate but proxy credentials can only be sent as Basic.",
            ),
        ),
        (
            ["Basic"],
            "pu",
            (
                "Proxy asks for Basic.",
                "The proxy rejected the credentials of user 'pu' for this proxy (no realm given).",
            ),
        ),
        (
            [],
            "pu",
            (
                "407 without a Proxy-Authenticate challenge: the proxy does not say what it wants.",
                "The proxy rejected the credentials of user 'pu'.",
            ),
        ),
        ([], "", (NONE_CONFIGURED,)),
    ],
)
def test_other_challenges_get_their_own_verdict(
    raw_server: MakeRaw, challenges: list[str], user: str, notes: tuple[str, ...]
) -> None:
    proxy = raw_server(fake_proxy(challenges))
    settings = Proxy(mode="manual", url=proxy.url(""), username=user, password="pw" if user else "")
    ex = send(RequestSpec("http://127.0.0.1:9/x", proxy=settings))
    assert ex.response is not None
    assert ex.response.status == 407
    assert ex.hops[0].notes[-len(notes) :] == notes
    [request] = proxy.requests
    assert request.startswith(b"GET http://127.0.0.1:9/x HTTP/1.1\r\n")
    assert (b"Proxy-Authorization: Basic " in request) == bool(user)


def test_a_407_from_the_server_itself_is_not_blamed_on_a_proxy(raw_server: MakeRaw) -> None:
    server = raw_server(fake_proxy(['Basic realm="odd"']))
    ex = send(RequestSpec(server.url("/x"), proxy=Proxy(mode="direct")))
    assert ex.response is not None
    assert ex.response.status == 407
    assert ex.hops[0].notes[-1] == (
        f"127.0.0.1:{server.port} itself answered 407, not a proxy of this request: "
        "proxy credentials cannot answer it."
    )


@pytest.mark.usefixtures("no_env_proxy")
def test_direct_mode_says_it_overrules_http_proxy(
    pg: Playground, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", f"{pg.proxy_url}")
    ex = send(RequestSpec(f"{pg.url}/get", proxy=Proxy(mode="direct")))
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.hops[0].proxy is None
    assert ex.hops[0].notes == (
        "Direct: no proxy, as the proxy setting says, even though http_proxy is set in the environment.",
    )
    assert pg.proxy_log == []


@pytest.mark.usefixtures("no_env_proxy")
def test_direct_mode_with_a_clean_environment(pg: Playground) -> None:
    ex = send(RequestSpec(f"{pg.url}/get", proxy=Proxy(mode="direct")))
    assert ex.hops[0].notes == ("Direct: no proxy, as the proxy setting says.",)


@pytest.mark.usefixtures("no_env_proxy")
def test_system_mode_with_nothing_set_says_so_on_every_hop(pg: Playground) -> None:
    ex = send(RequestSpec(f"{pg.url}/redirect/1"))
    assert [hop.response.status for hop in ex.hops if hop.response] == [302, 200]
    assert ex.hops[0].notes == (SYSTEM_NOTHING_SET,)
    assert ex.hops[1].notes[-1] == SYSTEM_NOTHING_SET


@pytest.mark.usefixtures("no_env_proxy")
def test_system_mode_ignores_http_proxy_under_cgi_and_says_why(
    pg: Playground, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"{pg.proxy_url}")
    monkeypatch.setenv("REQUEST_METHOD", "GET")
    ex = send(RequestSpec(f"{pg.url}/get"))
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.hops[0].proxy is None
    assert ex.hops[0].peer == f"127.0.0.1:{pg.port}"
    assert ex.hops[0].notes == ("Direct: HTTP_PROXY ignored because REQUEST_METHOD is set (CGI).",)
    assert pg.proxy_log == []
    assert [r.path for r in pg.requests] == ["/get"]


@pytest.mark.usefixtures("no_env_proxy")
def test_system_mode_names_the_variable_that_does_not_apply(
    pg: Playground,
    monkeypatch: pytest.MonkeyPatch,
    raw_server: MakeRaw,
    tls_context: ssl.SSLContext,
    ca_file: str,
) -> None:
    origin = raw_server(echo, tls=tls_context)
    monkeypatch.setenv("http_proxy", f"{pg.proxy_url}")
    ex = send(RequestSpec(origin.url("/s")).with_options(tls=TLS(ca_file=ca_file)))
    assert ex.error is None
    assert ex.hops[0].notes[0] == (
        "Direct: no https_proxy variable is set in the environment "
        "(http_proxy does not apply to https URLs)."
    )
    assert pg.proxy_log == []


@pytest.mark.usefixtures("no_env_proxy")
def test_an_empty_lower_case_variable_cancels_the_upper_case_one(
    pg: Playground, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"{pg.proxy_url}")
    monkeypatch.setenv("http_proxy", "")
    ex = send(RequestSpec(f"{pg.url}/get"))
    assert ex.hops[0].notes == ("Direct: http_proxy is set but empty, which cancels HTTP_PROXY.",)
    assert pg.proxy_log == []
