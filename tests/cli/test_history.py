"""``workbench history`` and the recording done by ``workbench send``, in-process."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from workbench.cli import main
from workbench.store import paths

SECRET = "Hx4-history-secret"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def sends(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/users").respond_with_json({"users": []})
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    assert run("send", httpserver.url_for("/users"))[0] == 0
    assert run("send", httpserver.url_for("/missing"), "-X", "DELETE")[0] == 0
    assert run("send", "http://127.0.0.1:9/down", "--timeout", "5")[0] == 1


def test_send_records_and_list_shows_newest_first(httpserver: HTTPServer) -> None:
    sends(httpserver)
    code, out, _ = run("history", "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].split()[0] == "3"
    assert "connection-refused" in lines[0]
    assert lines[0].endswith("http://127.0.0.1:9/down")
    assert lines[1].split()[3:5] == ["DELETE", "404"]
    assert lines[1].endswith("/missing")
    assert lines[2].split()[3:5] == ["GET", "200"]


def test_search_and_json_output(httpserver: HTTPServer) -> None:
    sends(httpserver)
    for text, ids in (
        ("404", [2]),
        ("delete missing", [2]),
        ("GET", [3, 1]),
        ("refused", [3]),
        ("nope", []),
    ):
        code, out, _ = run("history", "list", "--search", text, "--format", "json")
        data = json.loads(out)
        assert code == 0
        assert data["schema"] == "workbench.history-list/1"
        assert [e["id"] for e in data["entries"]] == ids, text
    entry = json.loads(run("history", "list", "--format", "json", "--limit", "1")[1])["entries"]
    assert len(entry) == 1
    assert set(entry[0]) >= {
        "id",
        "started_at",
        "method",
        "url",
        "status",
        "reason",
        "final_url",
        "hops",
        "elapsed_ms",
        "size",
        "error_kind",
        "source",
    }
    assert entry[0]["source"] == "send"
    assert run("history", "list", "--search", "nope")[1] == "No entries match.\n"


def test_show_text_and_json(httpserver: HTTPServer) -> None:
    sends(httpserver)
    code, out, _ = run("history", "show", "1")
    assert code == 0
    assert f"GET {httpserver.url_for('/users')}\n" in out
    assert re.search(r"\nHTTP/1\.[01] 200 OK\n", out)
    assert out.endswith('\n\n{\n    "users": []\n}\n')
    code, out, _ = run("history", "show", "3")
    assert "error (connection-refused):" in out
    data = json.loads(run("history", "show", "2", "--format", "json")[1])
    assert data["schema"] == "workbench.history-entry/1"
    assert data["request"]["method"] == "DELETE"
    assert data["exchange"]["response"]["status"] == 404
    assert data["exchange"]["body"]["text"] == "gone"


def test_secrets_are_masked_in_history(httpserver: HTTPServer, workbench_home: Path) -> None:
    httpserver.expect_request("/p").respond_with_data("ok")
    assert run("send", httpserver.url_for("/p"), "--user", f"ann:{SECRET}", "--preemptive")[0] == 0
    assert run("send", httpserver.url_for("/p"), "--token", SECRET)[0] == 0
    assert run("send", httpserver.url_for("/p"), "-H", f"Authorization: Token {SECRET}")[0] == 0
    outputs = [
        run("history", "show", str(i), "--format", fmt)[1]
        for i in (1, 2, 3)
        for fmt in ("text", "json")
    ]
    assert all(SECRET not in text for text in outputs)
    assert "masked, to enter again when reopened: auth.password" in outputs[0]
    assert json.loads(outputs[3])["request"]["auth"]["token"] == "***"
    assert json.loads(outputs[5])["masked"] == ["headers[0].value"]
    for path in workbench_home.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path.name


def test_no_history_records_nothing(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data("ok")
    assert run("send", httpserver.url_for("/p"), "--no-history")[0] == 0
    assert run("history", "list")[1] == "The history is empty.\n"


def test_an_invalid_request_is_not_recorded() -> None:
    assert run("send", "http://bad host/")[0] == 2
    assert run("history", "list")[1] == "The history is empty.\n"


def test_delete_and_clear(httpserver: HTTPServer) -> None:
    sends(httpserver)
    code, out, _ = run("history", "delete", "1", "3")
    assert code == 0
    assert out == "Deleted 2 entries.\n"
    assert [
        e["id"] for e in json.loads(run("history", "list", "--format", "json")[1])["entries"]
    ] == [2]
    code, out, err = run("history", "delete", "2", "7")
    assert code == 2
    assert out == "Deleted 1 entry.\n"
    assert "did not exist" in err
    sends(httpserver)
    code, out, _ = run("history", "clear")
    assert code == 0
    assert out == "Deleted 3 entries.\n"
    assert run("history", "list")[1] == "The history is empty.\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "abc"], "ID should be a whole number, not 'abc'"),
        (["show", "0"], "ID should be 1 or more"),
        (["show", "42"], "no history entry 42 (see workbench history list)"),
        (["delete", "x"], "ID should be a whole number"),
        (["list", "--limit", "many"], "--limit should be a whole number"),
        (["list", "--limit", "-3"], "--limit should be 1 or more"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_exits_2(argv: list[str], message: str) -> None:
    code, out, err = run("history", *argv)
    assert code == 2
    assert message in err
    assert out == ""


def test_an_unreadable_history_is_reported_untouched_and_send_still_works(
    httpserver: HTTPServer,
) -> None:
    paths.history_db().write_bytes(b"garbage, not sqlite" * 50)
    code, _, err = run("history", "list")
    assert code == 2
    assert "history database" in err
    assert "left as it is" in err
    httpserver.expect_request("/p").respond_with_data("ok")
    code, out, err = run("send", httpserver.url_for("/p"))
    assert code == 0
    assert out.endswith("ok\n")
    assert "warning: not recorded in the history" in err
    assert paths.history_db().read_bytes() == b"garbage, not sqlite" * 50
