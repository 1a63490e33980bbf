"""``workbench send -v`` explains the proxy dance: a 407's verdict, and why a request went direct."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from workbench.cli import main
from workbench.engine.proxyauth import NONE_CONFIGURED
from workbench.playground import Playground

REALM_NOTE = 'note: Proxy asks for Basic (realm "playground-proxy").\n'
REJECTED = "The proxy rejected the credentials of user 'pu' for realm \"playground-proxy\"."


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def pg() -> Iterator[Playground]:
    """A playground whose proxy needs pu:SECRET."""
    with Playground(proxy_port=0, proxy_auth=("pu", "SECRET")) as playground:
        yield playground
        assert playground.errors == []


def add_proxy(pg: Playground, name: str, password: str | None) -> None:
    assert pg.proxy_url is not None
    argv = ["profiles", "add-proxy", name, "--kind", "manual", "--url", pg.proxy_url]
    if password is not None:
        argv += ["--username", "pu", "--password-stdin"]
    code, _, err = run(*argv, stdin=f"{password}\n" if password is not None else "")
    assert code == 0, err


def test_plain_http_407_shows_the_parsed_challenge_and_the_verdict(pg: Playground) -> None:
    add_proxy(pg, "Bad proxy", "wrong")
    code, out, err = run("send", f"{pg.url}/get", "--proxy-profile", "Bad proxy", "-v")
    assert code == 0, err
    assert "HTTP/1.1 407 Proxy Authentication Required" in out
    assert REALM_NOTE + f"note: {REJECTED}\n" in out
    assert "SECRET" not in out + err
    assert [r.status for r in pg.proxy_log] == [407]


def test_https_connect_407_carries_the_verdict_in_the_error(pg: Playground) -> None:
    add_proxy(pg, "Bad proxy", "wrong")
    url = f"https://127.0.0.1:{pg.port}/get"  # refused at the CONNECT: no TLS server is reached
    code, out, err = run("send", url, "--proxy-profile", "Bad proxy", "-v")
    assert code == 1
    assert f"CONNECT 127.0.0.1:{pg.port} HTTP/1." in out
    assert 'Proxy-Authenticate: Basic realm="playground-proxy"\n' in out
    assert REALM_NOTE + f"note: {REJECTED}\n" in out
    assert (
        f"workbench: proxy: The proxy 127.0.0.1:{pg.proxy_port} refused the tunnel: "
        f"407 Proxy Authentication Required. {REJECTED}\n"
    ) in err


def test_a_profile_without_credentials_says_none_are_configured(pg: Playground) -> None:
    add_proxy(pg, "Open door", None)
    code, out, _ = run("send", f"{pg.url}/get", "--proxy-profile", "Open door", "-v")
    assert code == 0
    assert REALM_NOTE + f"note: {NONE_CONFIGURED}\n" in out
    code, _, err = run(
        "send", f"https://127.0.0.1:{pg.port}/", "--proxy-profile", "Open door", "-v"
    )
    assert code == 1
    assert f"407 Proxy Authentication Required. {NONE_CONFIGURED}\n" in err


@pytest.mark.usefixtures("no_env_proxy")
@pytest.mark.parametrize(
    ("env", "flags", "note"),
    [
        (
            {"http_proxy": "PROXY"},
            ["--no-proxy"],
            "Direct: no proxy, as the proxy setting says, even though http_proxy is set in the "
            "environment.",
        ),
        ({}, [], "Direct: no proxy variable is set in the environment."),
        (
            {"HTTP_PROXY": "PROXY", "REQUEST_METHOD": "GET"},
            [],
            "Direct: HTTP_PROXY ignored because REQUEST_METHOD is set (CGI).",
        ),
    ],
)
def test_direct_hops_say_why(
    pg: Playground,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    flags: list[str],
    note: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, str(pg.proxy_url) if value == "PROXY" else value)
    code, out, err = run("send", f"{pg.url}/get", *flags, "-v")
    assert code == 0, err
    assert f"note: {note}\n" in out
    assert "via proxy" not in out
    assert pg.proxy_log == []
    assert [r.path for r in pg.requests] == ["/get"]
