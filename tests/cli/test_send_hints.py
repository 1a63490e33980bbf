"""The hint under a failed ``workbench send`` names the flag to use, and the window's place for it."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from workbench.cli import main
from workbench.engine.errors import HINTS


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def hint_of(err: str) -> str:
    assert "hint: " in err, err
    return err.partition("hint: ")[2].strip()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_a_timeout_hints_at_the_options_tab_and_timeout(silent_port: int) -> None:
    code, _, err = run(
        "send", f"http://127.0.0.1:{silent_port}/", "--timeout", "0.3", "--no-history"
    )
    assert code == 1
    hint = hint_of(err)
    assert hint == HINTS["timeout"]
    assert "the Options tab in the window, --timeout on the command line" in hint


def test_a_dead_proxy_hints_at_direct_and_no_proxy() -> None:
    code, _, err = run(
        "send", "http://127.0.0.1:9/", "--proxy", "http://127.0.0.1:9", "--no-history"
    )
    assert code == 1
    hint = hint_of(err)
    assert "Direct in the Proxy tab, --no-proxy on the command line" in hint


def test_a_redirect_loop_hints_at_both_redirect_settings(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    code, _, err = run("send", httpserver.url_for("/loop"), "--max-redirects", "2", "--no-history")
    assert code == 1
    hint = hint_of(err)
    assert "Max redirects and Follow redirects in the Options tab" in hint
    assert "--max-redirects and --no-follow on the command line" in hint


@pytest.mark.parametrize("kind", sorted(HINTS))
def test_no_hint_points_at_options_loosely(kind: str) -> None:
    """'in Options' once sent people to the Options tab for things it does not hold."""
    assert " in Options" not in HINTS[kind]
