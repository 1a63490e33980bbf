"""``workbench run`` end to end: real requests to a loopback server, exit codes, text, JSON and JUnit."""

from __future__ import annotations

import io
import json
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.cli import main
from workbench.engine.spec import Auth, Body, Field, RequestSpec
from workbench.formats.model import Environment, SavedRequest, Variable
from workbench.playground import Playground
from workbench.store import environments, paths, settings
from workbench.store.collections import Collection
from workbench.store.folder_settings import FolderSettings
from workbench.store.history import History
from workbench.store.profiles import ProfileStore
from workbench.store.secrets import SecretStore


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """Keyring's fail backend: secrets go to the 0600 file, never to this machine's keyring."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def shop(tmp_path: Path, httpserver: HTTPServer, no_keyring: None) -> Collection:
    """A collection whose base URL is the test server: Login, then Users/{List, Create}."""
    root = tmp_path / "Shop"
    root.mkdir()
    coll = Collection.open(root)
    coll.save_settings(
        "",
        FolderSettings(
            name="Shop", base_url="{{base}}", headers=(Field("X-Suite", "shop"),), order=("Login",)
        ),
    )
    environments.save_collection_variables(
        coll, [Variable("base", httpserver.url_for("/").rstrip("/"))], SecretStore()
    )
    coll.add_request("", SavedRequest("Login", RequestSpec("/login", "POST")))
    users = coll.add_folder("", "Users")
    coll.save_settings(users, FolderSettings(order=("List", "Create")))
    coll.add_request(users, SavedRequest("List", RequestSpec("/users")))
    coll.add_request(
        users, SavedRequest("Create", RequestSpec("/users", "POST"), expect_status=(201,))
    )
    return coll


def serve_shop(httpserver: HTTPServer, create_status: int = 201) -> None:
    httpserver.expect_request("/login", method="POST").respond_with_data(
        "ok", headers={"Set-Cookie": "session=s1; Path=/"}
    )
    httpserver.expect_request("/users", method="GET").respond_with_json([])
    httpserver.expect_request("/users", method="POST").respond_with_data(
        "made", status=create_status
    )


def test_a_passing_collection_exits_0_and_says_what_ran_in_order(
    shop: Collection, httpserver: HTTPServer
) -> None:
    serve_shop(httpserver)
    code, out, err = run("run", str(shop.root))
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["PASS", "PASS", "PASS"]
    assert lines[0].endswith("Login.wbreq.toml")
    assert "200" in lines[0]
    assert lines[1].endswith("Users/List.wbreq.toml")
    assert lines[2].endswith("Users/Create.wbreq.toml")
    assert " 201 " in lines[2]
    assert lines[3] == "3 passed, 0 failed"
    sent = [
        (req.method, req.path, req.headers.get("X-Suite"), req.headers.get("Cookie"))
        for req, _ in httpserver.log
    ]
    assert sent == [
        ("POST", "/login", "shop", None),
        ("GET", "/users", "shop", "session=s1"),
        ("POST", "/users", "shop", "session=s1"),
    ]


def test_a_failing_request_makes_the_exit_status_1_and_the_json_says_why(
    shop: Collection, httpserver: HTTPServer
) -> None:
    serve_shop(httpserver, create_status=500)
    code, out, _ = run("run", str(shop.root), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["schema"] == "workbench.run/1"
    assert (data["passed"], data["failed"]) == (2, 1)
    last = data["results"][2]
    assert set(last) >= {"name", "path", "status", "error", "ok", "time_ms"}
    assert (last["name"], last["path"], last["status"], last["ok"]) == (
        "Create",
        "Users/Create.wbreq.toml",
        500,
        False,
    )
    assert last["error"] == "got status 500, expected status 201"
    assert last["error_kind"] == "unexpected-status"
    assert data["results"][0]["error"] is None
    assert data["results"][0]["time_ms"] > 0


def test_junit_output_lists_every_case_and_failure(
    shop: Collection, httpserver: HTTPServer
) -> None:
    serve_shop(httpserver, create_status=400)
    code, out, _ = run("run", str(shop.root), "--format", "junit")
    assert code == 1
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("Shop", "3", "1")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("Shop", "Login"),
        ("Shop.Users", "List"),
        ("Shop.Users", "Create"),
    ]
    failure = cases[2].find("failure")
    assert failure is not None
    assert failure.get("type") == "unexpected-status"
    assert failure.get("message") == "got status 400, expected status 201"
    assert cases[0].find("failure") is None


def test_a_single_request_or_folder_can_be_run(shop: Collection, httpserver: HTTPServer) -> None:
    serve_shop(httpserver)
    code, out, _ = run("run", str(shop.root / "Users" / "List.wbreq.toml"))
    assert code == 0
    assert out.splitlines() == [out.splitlines()[0], "1 passed, 0 failed"]
    code, out, _ = run("run", str(shop.root / "Users"), "--format", "json")
    assert [r["name"] for r in json.loads(out)["results"]] == ["List", "Create"]


def test_expected_statuses_and_expected_errors(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    coll = Collection.open(tmp_path)
    coll.add_request(
        "", SavedRequest("1 gone", RequestSpec(httpserver.url_for("/gone")), expect_status=(404,))
    )
    coll.add_request(
        "",
        SavedRequest(
            "2 refused",
            RequestSpec(f"http://127.0.0.1:{closed}/"),
            expect_error="connection-refused",
        ),
    )
    coll.add_request(
        "",
        SavedRequest(
            "3 not refused",
            RequestSpec(httpserver.url_for("/gone")),
            expect_error="connection-refused",
        ),
    )
    coll.add_request("", SavedRequest("4 gone plain", RequestSpec(httpserver.url_for("/gone"))))
    code, out, _ = run("run", str(tmp_path), "--format", "json", "--no-history")
    results = json.loads(out)["results"]
    assert code == 1
    assert [r["ok"] for r in results] == [True, True, False, False]
    assert results[1]["error_kind"] == "connection-refused"
    assert results[1]["status"] is None
    assert results[2]["error"] == "got status 404, expected the error connection-refused"
    assert results[3]["error"] == "got status 404, expected a status below 400"
    code, text, _ = run("run", str(tmp_path), "--no-history")
    assert "PASS    -" in text
    assert "(connection-refused: " in text


def test_environments_and_vars_fill_in_variables(shop: Collection, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v", query_string="who=env&x=cli").respond_with_data("ok")
    shop.add_request(
        "",
        SavedRequest(
            "Vars", RequestSpec("/v", params=(Field("who", "{{who}}"), Field("x", "{{x}}")))
        ),
    )
    environments.save_environment(
        shop, Environment("dev", (Variable("who", "env"), Variable("x", "env"))), SecretStore()
    )
    code, out, err = run(
        "run", str(shop.root / "Vars.wbreq.toml"), "--env", "dev", "--var", "x=cli"
    )
    assert code == 0, out + err


def test_an_unresolved_variable_fails_its_step_and_names_it(
    shop: Collection, httpserver: HTTPServer
) -> None:
    serve_shop(httpserver)
    shop.add_request(
        "",
        SavedRequest(
            "Needs token", RequestSpec("/users", headers=(Field("X-Token", "{{token}}"),))
        ),
    )
    code, out, _ = run("run", str(shop.root), "--format", "json")
    assert code == 1
    failed = [r for r in json.loads(out)["results"] if not r["ok"]]
    assert [(r["name"], r["error_kind"]) for r in failed] == [
        ("Needs token", "unresolved-variable")
    ]
    assert "{{token}} used in the header 'X-Token' has no value" in failed[0]["error"]
    assert len(httpserver.log) == 3  # it was not sent; the others were


def test_a_secret_variable_without_a_value_here_says_so(
    shop: Collection, httpserver: HTTPServer
) -> None:
    shop.add_request(
        "", SavedRequest("Secret", RequestSpec("/users", headers=(Field("X-Token", "{{tok}}"),)))
    )
    environments.save_environment(
        shop, Environment("dev", (Variable("tok", "", secret=True),)), SecretStore()
    )
    code, out, _ = run("run", str(shop.root / "Secret.wbreq.toml"), "--env", "dev")
    assert code == 1
    assert "secret variable with no value stored on this computer" in out


def test_an_unreadable_file_fails_its_step_and_the_run_goes_on(
    shop: Collection, httpserver: HTTPServer
) -> None:
    serve_shop(httpserver)
    (shop.root / "Users" / "Broken.wbreq.toml").write_text("schema = 'workbench.request/7'\n")
    code, out, _ = run("run", str(shop.root))
    assert code == 1
    assert "FAIL    -" in out
    assert "Broken.wbreq.toml: schema: written by a newer Workbench" in out
    assert out.endswith("3 passed, 1 failed\n")


def test_auth_profiles_are_applied(shop: Collection, httpserver: HTTPServer) -> None:
    ProfileStore().save_auth("api", Auth("bearer", token="pr0file"))
    shop.add_request("", SavedRequest("With profile", RequestSpec("/p"), auth_profile="api"))
    httpserver.expect_request("/p", headers={"Authorization": "Bearer pr0file"}).respond_with_data(
        "ok"
    )
    code, out, err = run("run", str(shop.root / "With profile.wbreq.toml"))
    assert code == 0, out + err


def test_sends_are_recorded_in_history_unless_asked_not_to(
    shop: Collection, httpserver: HTTPServer
) -> None:
    serve_shop(httpserver)
    assert run("run", str(shop.root), "--no-history")[0] == 0
    history = History()
    assert history.count() == 0
    assert run("run", str(shop.root))[0] == 0
    entries = history.search()
    assert len(entries) == 3
    assert {e.source for e in entries} == {"run"}
    assert entries[0].url.endswith("/users")
    assert entries[0].status == 201


def test_secret_variable_values_are_masked_in_the_history(
    shop: Collection, httpserver: HTTPServer
) -> None:
    sig, note = "s1g-5ecret-0285", "n0te-5ecret-7731"
    httpserver.expect_request("/signed", query_string=f"sig={sig}").respond_with_data("ok")
    shop.add_request(
        "",
        SavedRequest(
            "Signed",
            RequestSpec(
                "/signed?sig={{sig}}",
                "POST",
                headers=(Field("X-Note", "{{note}}"),),
                body=Body(kind="raw", text='{"note": "{{note}}"}', content_type="application/json"),
            ),
        ),
    )
    secret = (Variable("sig", sig, secret=True), Variable("note", note, secret=True))
    environments.save_environment(shop, Environment("dev", secret), SecretStore())
    code, out, err = run("run", str(shop.root / "Signed.wbreq.toml"), "--env", "dev")
    assert code == 0, out + err
    request, _response = httpserver.log[0]
    assert request.headers["X-Note"] == note  # sent for real
    history = History()
    (entry,) = history.search()
    record = history.get(entry.id)
    history.close()
    assert sig not in repr(record)
    assert note not in repr(record)
    stored = b"".join(p.read_bytes() for p in paths.history_db().parent.glob("history*"))
    assert sig.encode() not in stored
    assert note.encode() not in stored


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "/no/such/place"], "/no/such/place no longer exists"),
        (["run", "{root}", "--env", "prod"], "has no environment 'prod' (it has: none)"),
        (["run", "{root}", "--var", "novalue"], "--var 'novalue' should look like NAME=VALUE"),
        (["run", "{root}", "--var", "bad name=1"], "A variable name starts with a letter"),
        (["run", "{root}/Empty"], "there are no requests to run"),
        (["run", "{root}", "--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_wrong_usage_exits_2_before_sending(
    shop: Collection, httpserver: HTTPServer, argv: list[str], message: str
) -> None:
    shop.add_folder("", "Empty")
    code, out, err = run(*(a.replace("{root}", str(shop.root)) for a in argv))
    assert code == 2
    assert message in err
    assert out == ""
    assert httpserver.log == []


def test_variables_in_the_body_are_resolved(shop: Collection, httpserver: HTTPServer) -> None:
    body = Body("raw", text="base={{base}}", content_type="text/plain")
    shop.add_request("", SavedRequest("Body", RequestSpec("/b", "PUT", body=body)))
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.get_data(as_text=True))
        return Response("ok")

    httpserver.expect_request("/b", method="PUT").respond_with_handler(handler)
    code, out, _ = run("run", str(shop.root / "Body.wbreq.toml"))
    assert code == 0, out
    assert seen == [f"base={httpserver.url_for('/').rstrip('/')}"]


def test_a_broken_history_is_said_and_does_not_stop_the_run(
    shop: Collection, httpserver: HTTPServer, workbench_home: Path
) -> None:
    serve_shop(httpserver)
    (workbench_home / "data").mkdir(exist_ok=True)
    (workbench_home / "data" / "history.sqlite3").write_bytes(b"not a database" * 100)
    code, out, err = run("run", str(shop.root))
    assert code == 0
    assert out.endswith("3 passed, 0 failed\n")
    assert err.startswith("workbench: not recording history: ")
    assert err.count("\n") == 1


def test_a_missing_profile_fails_its_step_without_sending(
    shop: Collection, httpserver: HTTPServer
) -> None:
    shop.add_request("", SavedRequest("Ghost", RequestSpec("/p"), auth_profile="ghost"))
    code, out, _ = run("run", str(shop.root / "Ghost.wbreq.toml"), "--format", "json")
    assert code == 1
    [result] = json.loads(out)["results"]
    assert result["error_kind"] == "not-sent"
    assert "ghost" in result["error"]
    assert httpserver.log == []


def test_running_a_collection_without_secrets_changes_none_of_its_files(
    tmp_path: Path, no_keyring: None
) -> None:
    root = tmp_path / "Plain"
    root.mkdir()
    (root / "collection.toml").write_text('schema = "workbench.collection/1"\nname = "Plain"\n')
    coll = Collection.open(root)
    coll.add_request("", SavedRequest("Hello", RequestSpec("data:,hello")))
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, out, err = run("run", str(root), "--no-history")
    assert code == 0, out + err
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before  # no id written into collection.toml, nothing else touched


def add_corp_proxy(url: str = "{{corp_proxy}}", *more: str) -> None:
    """A manual proxy profile ``corp`` whose URL (or no-proxy list) comes from variables."""
    code, _, err = run("profiles", "add-proxy", "corp", "--kind", "manual", "--url", url, *more)
    assert code == 0, err


def test_a_proxy_url_from_a_variable_is_filled_in_for_the_run(
    shop: Collection, httpserver: HTTPServer
) -> None:
    add_corp_proxy()
    shop.add_request("", SavedRequest("Via proxy", RequestSpec("/p"), proxy_profile="corp"))
    httpserver.expect_request("/p").respond_with_data("ok")
    with Playground(proxy_port=0) as pg:
        code, out, err = run(
            "run", str(shop.root / "Via proxy.wbreq.toml"), "--var", f"corp_proxy={pg.proxy_url}"
        )
        through = [(r.method, r.target, r.status) for r in pg.proxy_log]
    assert code == 0, out + err
    assert through == [("GET", httpserver.url_for("/p"), 200)]
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(
    ("given", "kind", "said"),
    [
        (
            (),
            "unresolved-variable",
            "The variable {{corp_proxy}} used in the proxy URL has no value",
        ),
        (
            ("--var", "corp_proxy=proxy.corp:3128"),
            "invalid-request",
            "The proxy URL 'proxy.corp:3128' needs a scheme: http://proxy.corp:3128 (the proxy "
            "URL is '{{corp_proxy}}' before its variables are filled in).",
        ),
        (("--var", "corp_proxy=https://127.0.0.1:1"), "invalid-request", "must start with http://"),
        (("--var", "corp_proxy="), "invalid-request", "Manual proxy mode needs a proxy URL"),
    ],
)
def test_a_missing_or_invalid_proxy_variable_stops_the_step_before_sending(
    shop: Collection, httpserver: HTTPServer, given: tuple[str, ...], kind: str, said: str
) -> None:
    add_corp_proxy()
    shop.add_request("", SavedRequest("Via proxy", RequestSpec("/p"), proxy_profile="corp"))
    path = str(shop.root / "Via proxy.wbreq.toml")
    code, out, err = run("run", path, "--format", "json", *given)
    assert code == 1, err
    [result] = json.loads(out)["results"]
    assert (result["ok"], result["status"], result["error_kind"]) == (False, None, kind)
    assert said in result["error"]
    assert httpserver.log == []
    code, out, _ = run("run", path, *given)
    assert code == 1
    assert said in out  # the text report says it in the same words


def test_an_invalid_no_proxy_entry_from_a_variable_stops_the_step(
    shop: Collection, httpserver: HTTPServer
) -> None:
    add_corp_proxy("http://127.0.0.1:9", "--no-proxy", "{{internal}}")
    shop.add_request("", SavedRequest("Via proxy", RequestSpec("/p"), proxy_profile="corp"))
    code, out, _ = run(
        "run",
        str(shop.root / "Via proxy.wbreq.toml"),
        "--format",
        "json",
        "--var",
        "internal=corp.test/x",
    )
    assert code == 1
    [result] = json.loads(out)["results"]
    assert result["error_kind"] == "invalid-request"
    assert "The no-proxy entry 'corp.test/x' should be a host" in result["error"]
    assert "'{{internal}}' before its variables are filled in" in result["error"]


def test_an_auth_scope_from_a_variable_is_filled_in(
    shop: Collection, httpserver: HTTPServer
) -> None:
    ProfileStore().save_auth(
        "api",
        Auth("basic", username="ann", password="pw", scope="{{base}}/p", preemptive=True),
    )
    shop.add_request("", SavedRequest("In scope", RequestSpec("/p/1"), auth_profile="api"))
    shop.add_request("", SavedRequest("Outside", RequestSpec("/q"), auth_profile="api"))
    httpserver.expect_request("/p/1").respond_with_data("in")
    httpserver.expect_request("/q").respond_with_data("out")
    for name in ("In scope", "Outside"):
        code, out, err = run("run", str(shop.root / f"{name}.wbreq.toml"))
        assert code == 0, out + err
    sent = [(req.path, req.headers.get("Authorization")) for req, _ in httpserver.log]
    assert sent == [("/p/1", "Basic YW5uOnB3"), ("/q", None)]


def test_the_history_keeps_as_much_of_a_body_as_the_setting_says(
    shop: Collection, httpserver: HTTPServer
) -> None:
    settings.update({settings.HISTORY_BODY_CAP_KIB: 1})
    httpserver.expect_request("/big").respond_with_data("x" * 3000, content_type="text/plain")
    shop.add_request("", SavedRequest("Big", RequestSpec("/big")))
    code, out, err = run("run", str(shop.root / "Big.wbreq.toml"))
    assert code == 0, out + err
    history = History()
    try:
        [entry] = history.search()
        record = history.get(entry.id)
    finally:
        history.close()
    assert record is not None
    assert entry.size == 3000
    assert record.exchange["body"]["text"] == "x" * 1024
    assert record.exchange["body"]["text_truncated"] is True
