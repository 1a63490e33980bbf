"""``workbench playground`` in-process: argument errors, a port in use, serving, Ctrl+C and goodbye."""

from __future__ import annotations

import _thread
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_helpers import body_json, fetch, occupied_before_a_free_port, status_of

from workbench.cli import main
from workbench.cli import playground as command
from workbench.cli.common import Streams
from workbench.engine import Proxy
from workbench.playground import Playground
from workbench.playground.loopback import is_free


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["playground", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def occupied() -> Iterator[int]:
    """A port some other program listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--port", "abc"],
            "--port must be a port number from 0 to 65535 (0: any free port), not 'abc'",
        ),
        (["--port", "70000"], "--port must be a port number"),
        (["--port", ""], "--port must be a port number"),
        (["--proxy-port", "-1"], "--proxy-port must be a port number"),
        (["--proxy-user", "alice"], "--proxy-user should look like USER:PASS, not 'alice'"),
        (["--proxy-user", ":pw"], "--proxy-user should look like USER:PASS"),
        (
            ["--port", "8123", "--proxy-port", "8123"],
            "--port and --proxy-port must be different ports",
        ),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_arguments_exit_2(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert code == 2
    assert out == ""
    assert err.startswith("workbench: ")
    assert message in err


def test_port_in_use_names_a_free_one(occupied: int) -> None:
    code, out, err = run("--port", str(occupied))
    assert code == 1
    match = re.fullmatch(rf"workbench: port {occupied} is in use; try --port (\d+)\n", err)
    assert match is not None, err
    assert is_free(int(match.group(1)))
    assert out == ""


def test_port_in_use_never_suggests_the_proxy_port_just_given() -> None:
    with occupied_before_a_free_port() as occupied:
        code, out, err = run("--port", str(occupied), "--proxy-port", str(occupied + 1))
    assert code == 1
    match = re.fullmatch(rf"workbench: port {occupied} is in use; try --port (\d+)\n", err)
    assert match is not None, err
    assert int(match.group(1)) != occupied + 1
    assert out == ""


def test_proxy_port_in_use_names_the_flag(occupied: int) -> None:
    code, _, err = run("--proxy-port", str(occupied))
    assert code == 1
    assert f"proxy port {occupied} is in use; try --proxy-port " in err


def test_help_describes_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playground", "--help"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    printed = capsys.readouterr().out  # argparse prints help on sys.stdout
    for option in ("--port N", "--proxy-port N", "--proxy-user USER:PASS"):
        assert option in printed


def test_serve_prints_addresses_and_stops_with_a_goodbye() -> None:
    pg = Playground(proxy_port=0, proxy_auth=("alice", "pw")).start()
    out = io.StringIO()
    until = threading.Event()
    thread = threading.Thread(
        target=command.serve, args=(pg, Streams(out, io.StringIO(), io.StringIO()), until)
    )
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while "Every endpoint" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        text = out.getvalue()
        assert f"  server: {pg.url}/\n" in text
        assert f"  proxy:  {pg.proxy_url}  " in text
        assert "needs Basic credentials for user 'alice'" in text
        assert f"{pg.url}/get?hello=world" in text
        assert status_of(fetch(f"{pg.url}/basic-auth/user/passwd")) == 401
    finally:
        until.set()
        thread.join(10)
    assert not pg.running
    assert out.getvalue().endswith("Playground stopped. Goodbye.\n")


def test_ctrl_c_stops_the_command_cleanly() -> None:
    """The real command on the main thread; another thread uses it, then presses Ctrl+C."""
    out, err = io.StringIO(), io.StringIO()
    seen: dict[str, object] = {}

    def user() -> None:
        try:
            deadline = time.monotonic() + 20
            while "Every endpoint" not in out.getvalue() and time.monotonic() < deadline:
                time.sleep(0.01)
            text = out.getvalue()
            server = re.search(r"server: (http://127\.0\.0\.1:\d+)/", text)
            proxy = re.search(r"proxy:  (http://127\.0\.0\.1:\d+)", text)
            if server and proxy:
                seen["server"] = server.group(1)
                ex = fetch(
                    server.group(1) + "/get?via=proxy",
                    proxy=Proxy(mode="manual", url=proxy.group(1)),
                )
                seen["args"] = body_json(ex)["args"]
        finally:
            _thread.interrupt_main()

    helper = threading.Thread(target=user, daemon=True)
    helper.start()
    code = main(["playground"], stdout=out, stderr=err)
    helper.join(10)
    assert code == 0
    assert err.getvalue() == ""
    assert seen["args"] == {"via": "proxy"}
    assert out.getvalue().endswith("Playground stopped. Goodbye.\n")
    port = int(str(seen["server"]).rsplit(":", 1)[1])
    assert is_free(port)  # the listening socket was closed


def test_sigterm_stops_the_command_cleanly(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "playground"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "WORKBENCH_HOME": str(tmp_path)},
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the banner: the server is up
    assert "Workbench playground" in first
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Playground stopped. Goodbye." in out
