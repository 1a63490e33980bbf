"""``workbench send`` end to end, in-process: what went to the server, what was printed, the exit status."""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def test_text_output_shows_status_meaning_headers_and_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hello").respond_with_data(
        "hi there", headers={"X-Trace": "a"}, content_type="text/plain"
    )
    code, out, err = run("send", httpserver.url_for("/hello"))
    assert code == 0, err
    assert re.match(r"HTTP/1\.[01] 200 OK  — Request fulfilled, document follows\n", out)
    assert "X-Trace: a\n" in out
    assert out.endswith("\n\nhi there\n")


def test_json_output_follows_the_documented_schema(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/j", method="POST", data="a=1&b=2").respond_with_json({"ok": True})
    code, out, _ = run(
        "send", httpserver.url_for("/j"), "--form", "a=1", "--form", "b=2", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0
    assert data["schema"] == "workbench.exchange/1"
    assert data["request"]["method"] == "POST"
    assert ["Content-Type", "application/x-www-form-urlencoded"] in data["request"]["headers"]
    assert data["response"]["status"] == 200
    assert data["response"]["meaning"] == "Request fulfilled, document follows"
    assert data["response"]["is_error"] is False
    assert data["body"]["content_type"] == "application/json"
    assert json.loads(data["body"]["text"]) == {"ok": True}
    assert data["error"] is None
    [hop] = data["hops"]
    assert set(hop) >= {"request", "response", "proxy", "timing_ms", "note"}
    assert set(hop["timing_ms"]) >= {"connect", "tls", "first_byte", "total"}
    assert ["Content-Length", "7"] in hop["request"]["headers"]
    assert hop["response"]["status"] == 200


def test_http_error_is_a_response_and_fail_picks_the_exit_status(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data(
        "<h1>gone</h1>", status=404, content_type="text/html"
    )
    httpserver.expect_request("/boom").respond_with_data("oops", status=503)
    code, out, _ = run("send", httpserver.url_for("/missing"))
    assert code == 0
    assert "404 NOT FOUND" in out.upper()
    assert "Nothing matches the given URI" in out
    assert "<h1>gone</h1>" in out
    assert run("send", httpserver.url_for("/missing"), "--fail")[0] == 4
    assert run("send", httpserver.url_for("/boom"), "--fail")[0] == 5


def test_transport_error_exits_1_with_kind_message_and_hint() -> None:
    code, out, err = run("send", "http://127.0.0.1:1/")
    assert code == 1
    assert out == ""
    assert "connection-refused" in err
    assert "hint:" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["send", "example.test/x"], "no scheme"),
        (["send", "http://a b/"], "space"),
        (["send", "http://127.0.0.1:99999/"], "out of range"),
        (["send", "http://127.0.0.1:abc/"], "not a number"),
        (["send", "http://127.0.0.1/", "-H", "Bad Name: x"], "not valid"),
        (["send", "http://127.0.0.1/", "-H", "NoColon"], "Name: value"),
        (["send", "http://127.0.0.1/", "-X", "GE T"], "not a valid HTTP token"),
        (["send", "http://127.0.0.1/", "--timeout", "-1"], "positive"),
        (["send", "http://127.0.0.1/", "--timeout", "soon"], "not a number"),
        (["send", "http://127.0.0.1/", "--max-redirects", "x"], "whole number"),
        (["send", "http://127.0.0.1/", "--data", "@/no/such/file"], "does not exist"),
        (["send", "http://127.0.0.1/", "--multipart", "f=@/no/such/file"], "does not exist"),
        (["send", "http://127.0.0.1/", "--json", "{nope"], "not valid JSON"),
        (["send", "http://127.0.0.1/", "--form", "a=1", "--json", "{}"], "one kind of body"),
        (["send", "http://127.0.0.1/", "--param", "novalue"], "NAME=VALUE"),
        (["send", "gopher://127.0.0.1/"], "not supported"),
        (["send", "http://127.0.0.1/", "--proxy", "127.0.0.1:3128"], "needs a scheme"),
        (["send", "http://127.0.0.1/", "--cacert", "/no/such/ca.pem"], "CA file"),
        (["send", "--no-such-flag", "http://127.0.0.1/"], "unrecognized"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_authorization_is_masked_unless_show_secrets(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a", headers={"Authorization": "Bearer s3cret"}).respond_with_data(
        "ok"
    )
    url = httpserver.url_for("/a")
    _, out, _ = run("send", url, "--token", "s3cret", "--format", "json")
    assert "s3cret" not in out
    assert ["Authorization", "Bearer ***"] in json.loads(out)["hops"][0]["request"]["headers"]
    _, out, _ = run("send", url, "--token", "s3cret", "-v")
    assert "s3cret" not in out
    assert "Authorization: Bearer ***" in out
    _, out, _ = run("send", url, "--token", "s3cret", "--format", "json", "--show-secrets")
    assert ["Authorization", "Bearer s3cret"] in json.loads(out)["hops"][0]["request"]["headers"]


def test_basic_auth_challenge_then_retry_shows_two_hops(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") == "Basic dTpw":
            return Response("welcome")
        return Response("no", status=401, headers={"WWW-Authenticate": 'Basic realm="R"'})

    httpserver.expect_request("/basic").respond_with_handler(handler)
    code, out, _ = run("send", httpserver.url_for("/basic"), "--user", "u:p", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [h["response"]["status"] for h in data["hops"]] == [401, 200]
    assert "Server asks for Basic" in data["hops"][0]["note"]
    assert data["body"]["text"] == "welcome"


def test_out_streams_the_body_to_a_file(httpserver: HTTPServer, tmp_path: Path) -> None:
    payload = bytes(range(256)) * 1000
    httpserver.expect_request("/bin").respond_with_data(
        payload, content_type="application/octet-stream"
    )
    target = tmp_path / "body.bin"
    code, out, _ = run("send", httpserver.url_for("/bin"), "--out", str(target))
    assert code == 0
    assert target.read_bytes() == payload
    assert f"[body saved to {target}: {len(payload)} bytes]" in out


def test_binary_body_to_a_terminal_is_summarised(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/img").respond_with_data(
        b"\x89PNG\r\n\x00\x00", content_type="image/png"
    )
    _, out, _ = run("send", httpserver.url_for("/img"))
    assert "[binary body: 8 bytes of image/png" in out


def test_final_url_is_shown_after_redirects(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data("landed")
    code, out, _ = run("send", httpserver.url_for("/old"))
    assert code == 0
    assert f"Final URL (geturl): {httpserver.url_for('/new')}" in out


def test_version_and_module_entry_point() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("workbench ")
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == out


def test_send_does_not_import_qt() -> None:
    code = (
        "import sys, io; from workbench.cli import main;"
        "main(['send', 'data:,x'], stdout=io.StringIO(), stderr=io.StringIO());"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--user", "u:p", "--token", "t"], ["--user", "--token"]),
        (["--token", "t", "--auth-type", "basic"], ["--token", "--auth-type basic"]),
        (["--token", "t", "--auth-type", "digest"], ["--token", "--auth-type digest"]),
        (["--user", "u:p", "--auth-type", "bearer"], ["--user", "--auth-type bearer"]),
        (["--user", "u:p", "--auth-type", "digest", "--preemptive"], ["--preemptive", "digest"]),
        (["--token", "t", "--auth-type", "bearer", "--preemptive"], ["--preemptive", "bearer"]),
        (["--token", "t", "--preemptive"], ["--preemptive", "--token"]),
        (["--proxy", "http://127.0.0.1:9", "--no-proxy"], ["--proxy", "--no-proxy"]),
        (["--no-follow", "--max-redirects", "3"], ["--no-follow", "--max-redirects"]),
        (["--insecure", "--cacert", __file__], ["--insecure", "--cacert"]),
        (["--key", __file__], ["--key", "--cert"]),
    ],
)
def test_flags_that_would_be_ignored_are_usage_errors(
    httpserver: HTTPServer, flags: list[str], named: list[str]
) -> None:
    code, out, err = run("send", httpserver.url_for("/"), *flags)
    assert code == 2
    assert out == ""
    first = err.splitlines()[0]
    assert all(name in first for name in named), first
    assert "contradict each other" in first or "needs" in first
    assert httpserver.log == []


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--timeout", "0"], "The timeout must be a positive number of seconds, not '0'."),
        (["-H", "NoColon"], "-H 'NoColon' should look like 'Name: value'"),
        (["--user", "u:p", "--token", "t"], "--user and --token contradict each other"),
        (["--out", "/no/such/folder/body"], "--out /no/such/folder/body: /no/such/folder"),
    ],
)
def test_usage_errors_in_json_mode_print_the_documented_object(
    httpserver: HTTPServer, flags: list[str], message: str
) -> None:
    url = httpserver.url_for("/x")
    code, out, err = run("send", url, "--form", "a=1", *flags, "--format", "json")
    assert (code, err) == (2, "")
    data = json.loads(out)
    assert data["error"]["kind"] == "invalid-request"
    assert data["error"]["message"].startswith(message)
    assert data["error"]["hint"] == "Correct the field named in the message; nothing was sent."
    assert (data["response"], data["hops"]) == (None, [])
    assert (data["request"]["method"], data["request"]["url"]) == ("POST", url)
    assert httpserver.log == []
    # The same shape as the engine's own refusal of a URL it cannot send.
    code, engine, _ = run("send", "example.test/x", "--format", "json")
    assert code == 2
    assert set(json.loads(engine)) == set(data)
    assert set(json.loads(engine)["error"]) == set(data["error"])


def test_help_lists_the_exit_statuses_with_130_for_ctrl_c(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["send", "--help"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "Exit status: 0 a response arrived" in printed
    assert "with --fail, 4 for a 4xx and 5 for a 5xx response; 130 interrupted (Ctrl+C)" in printed


def test_ctrl_c_while_the_server_stalls_exits_130(httpserver: HTTPServer) -> None:
    """A real SIGINT to the main thread while it waits for the answer: what Ctrl+C does."""
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    arrived, release = threading.Event(), threading.Event()

    def stall(request: Request) -> Response:
        arrived.set()
        release.wait(30)
        return Response("too late")

    httpserver.expect_request("/slow").respond_with_handler(stall)
    main_thread = threading.main_thread().ident
    assert main_thread is not None

    def press_ctrl_c() -> None:
        if arrived.wait(30):
            signal.pthread_kill(main_thread, signal.SIGINT)

    presser = threading.Thread(target=press_ctrl_c, daemon=True)
    presser.start()
    try:
        code, out, err = run("send", httpserver.url_for("/slow"), "--no-history")
    finally:
        release.set()
        presser.join(10)
    assert (code, out, err) == (130, "", "workbench: interrupted\n")
    assert arrived.is_set()


@pytest.mark.parametrize(
    "flags",
    [["--bogus"], ["--auth-type", "nope"], ["--format=json", "--timeout"]],
)
def test_arguments_argparse_refuses_print_the_object_in_json_mode(
    httpserver: HTTPServer, flags: list[str]
) -> None:
    url = httpserver.url_for("/")
    format_flags = [] if "--format=json" in flags else ["--format", "json"]
    code, out, err = run("send", url, *format_flags, *flags)
    assert code == 2
    assert err == ""
    data = json.loads(out)
    assert data["schema"] == "workbench.exchange/1"
    assert data["error"]["kind"] == "invalid-request"
    assert data["request"]["url"] == url
    assert httpserver.log == []
