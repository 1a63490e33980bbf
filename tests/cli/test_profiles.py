"""``workbench profiles`` and ``workbench send --auth-profile/--proxy-profile``, in-process."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.cli import main
from workbench.store import paths

SECRET = "Kq7-very-secret"


class DictKeyring(KeyringBackend):
    """A working keyring in memory."""

    priority = -10  # never chosen by keyring's own detection

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username))


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """No test here touches the machine's keyring: the secrets file runs unless a test swaps one in."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv: str, stdin: str | io.StringIO = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    inp = stdin if isinstance(stdin, io.StringIO) else io.StringIO(stdin)
    code = main(list(argv), stdout=out, stderr=err, stdin=inp)
    return code, out.getvalue(), err.getvalue()


def add_basic(name: str = "staging", *extra: str) -> None:
    code, _, err = run(
        "profiles",
        "add-auth",
        name,
        "--kind",
        "basic",
        "--username",
        "ann",
        "--password-stdin",
        *extra,
        stdin=SECRET + "\n",
    )
    assert code == 0, err


def secret_files(home: Path) -> list[str]:
    return sorted(
        p.name for p in home.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()
    )


def test_add_list_show_never_print_the_secret(workbench_home: Path) -> None:
    add_basic("staging", "--scope", "api.test:8443", "--realm", "zone")
    code, out, _ = run(
        "profiles", "add-auth", "tok", "--kind", "bearer", "--password-stdin", stdin=SECRET + "-t"
    )
    assert code == 0
    assert out.startswith("Saved the auth profile 'tok' (stored in file ")
    code, out, _ = run(
        "profiles",
        "add-proxy",
        "corp",
        "--kind",
        "manual",
        "--url",
        "http://127.0.0.1:3128",
        "--no-proxy",
        "localhost, .internal",
    )
    assert code == 0, out
    code, listing, _ = run("profiles", "list")
    assert code == 0
    lines = listing.splitlines()
    assert lines[0].split()[:3] == ["auth", "staging", "Basic"]
    assert "ann, realm zone, for api.test:8443" in lines[0]
    assert lines[2].split()[:3] == ["proxy", "corp", "Manual"]
    assert "not for localhost, .internal" in lines[2]
    assert f"New secrets are stored in the file {paths.secrets_file()} (0600)." in listing
    code, shown, _ = run("profiles", "show", "staging")
    assert code == 0
    assert "  password:      stored in file " in shown
    assert "  mode:          challenge-then-retry" in shown
    code, as_json, _ = run("profiles", "list", "--format", "json")
    data = json.loads(as_json)
    assert data["secret_store"].endswith("secrets.json (0600)")
    assert [p["name"] for p in data["profiles"]] == ["staging", "tok", "corp"]
    assert data["profiles"][1]["token"].startswith("stored in file ")
    for text in (listing, shown, as_json):
        assert SECRET not in text
    assert secret_files(workbench_home) == ["secrets.json"]


def test_secrets_go_to_a_working_keyring(workbench_home: Path) -> None:
    backend = DictKeyring()
    keyring.set_keyring(backend)
    add_basic()
    assert list(backend.values.values()) == [SECRET]
    assert secret_files(workbench_home) == []
    _, out, _ = run("profiles", "list")
    assert "New secrets are stored in the system keyring (test profiles DictKeyring)." in out


def test_the_secret_can_come_from_a_hidden_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return "typed-pw"

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    code, _, err = run(
        "profiles", "add-auth", "p", "--kind", "digest", "--username", "bob", stdin=TTY()
    )
    assert code == 0, err
    assert prompts == ["Password for bob: "]
    code, _, err = run(
        "profiles",
        "add-proxy",
        "x",
        "--kind",
        "manual",
        "--url",
        "http://127.0.0.1:1",
        "--username",
        "u",
        stdin=TTY(),
    )
    assert code == 0, err
    assert prompts[-1] == "Proxy password for u: "
    assert "typed-pw" in paths.secrets_file().read_text()


def test_no_terminal_and_no_password_stdin_is_a_usage_error() -> None:
    code, _, err = run("profiles", "add-auth", "p", "--kind", "bearer")
    assert code == 2
    assert "no terminal to ask for the secret; pipe it in with --password-stdin" in err
    assert not paths.profiles_file().exists()


def test_there_is_no_flag_that_takes_a_secret() -> None:
    code, _, err = run("profiles", "add-auth", "p", "--kind", "bearer", "--token", "abc")
    assert code == 2
    assert "unrecognized arguments: --token abc" in err
    code, _, err = run("profiles", "add-auth", "p", "--kind", "basic", "--password", "abc")
    assert code == 2


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (
            ["add-auth", "p", "--kind", "basic", "--password-stdin"],
            "pw",
            "--username: A Basic profile needs a user name.",
        ),
        (
            [
                "add-auth",
                "p",
                "--kind",
                "basic",
                "--username",
                "u",
                "--scope",
                "api.test/v1",
                "--password-stdin",
            ],
            "pw",
            "--scope: The scope 'api.test/v1' is neither",
        ),
        (
            [
                "add-auth",
                "p",
                "--kind",
                "basic",
                "--username",
                "u",
                "--scope",
                "api.test:70000",
                "--password-stdin",
            ],
            "pw",
            "--scope: The port 70000 is out of range",
        ),
        (
            ["add-auth", "p", "--kind", "bearer", "--password-stdin"],
            "",
            "the token: A Bearer token profile needs the token.",
        ),
        (
            ["add-auth", "p", "--kind", "apikey", "--password-stdin"],
            "v",
            "--key-name: An API key profile needs the key's name.",
        ),
        (
            ["add-auth", "p", "--kind", "apikey", "--key-name", "Bad Name", "--password-stdin"],
            "v",
            "--key-name: The header name 'Bad Name' is not valid",
        ),
        (
            [
                "add-auth",
                "p",
                "--kind",
                "basic",
                "--username",
                "u",
                "--key-name",
                "k",
                "--password-stdin",
            ],
            "v",
            "--key-name and --key-in are for --kind apikey",
        ),
        (
            [
                "add-auth",
                "p",
                "--kind",
                "digest",
                "--username",
                "u",
                "--preemptive",
                "--password-stdin",
            ],
            "v",
            "--preemptive is for --kind basic",
        ),
        (["add-auth", "", "--kind", "bearer", "--password-stdin"], "t", "NAME: The name is empty."),
        (
            [
                "add-auth",
                "p",
                "--kind",
                "bearer",
                "--cacert",
                "/nonexistent/ca.pem",
                "--password-stdin",
            ],
            "t",
            "--cacert: The CA file '/nonexistent/ca.pem' cannot be used",
        ),
        (["add-auth", "p", "--kind", "ntlm"], "", "invalid choice: 'ntlm'"),
        (["add-proxy", "p", "--kind", "manual"], "", "--url: A Manual proxy needs a proxy URL"),
        (
            ["add-proxy", "p", "--kind", "manual", "--url", "proxy.test:3128"],
            "",
            "--url: The proxy URL 'proxy.test:3128' needs a scheme",
        ),
        (
            ["add-proxy", "p", "--kind", "manual", "--url", "http://proxy.test:0"],
            "",
            "--url: The port 0 is out of range",
        ),
        (
            ["add-proxy", "p", "--kind", "manual", "--url", "http://p:1", "--no-proxy", "a/b"],
            "",
            "--no-proxy: The no-proxy entry 'a/b'",
        ),
        (
            ["add-proxy", "p", "--kind", "direct", "--url", "http://p:1"],
            "",
            "--url: Direct profiles do not use the url.",
        ),
        (
            ["add-proxy", "p", "--kind", "manual", "--url", "http://pu:SECRET@127.0.0.1:3128"],
            "",
            "--url: The proxy URL holds a password: take the credentials out of the URL and put "
            "them in the User name and Password fields; the password is kept in the keyring, not "
            "in the profiles file. Here: give --username; the password is asked for (or "
            "--password-stdin).",
        ),
        (
            [
                "add-proxy",
                "p",
                "--kind",
                "manual",
                "--url",
                "http://p:1",
                "--https-url",
                "http://u@p:2",
            ],
            "",
            "--https-url: The proxy URL holds a user name",
        ),
        (
            ["add-proxy", "p", "--kind", "system", "--password-stdin"],
            "x",
            "--password-stdin needs --kind manual with --username",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message_and_saves_nothing(
    argv: list[str], stdin: str, message: str
) -> None:
    code, out, err = run("profiles", *argv, stdin=stdin)
    assert code == 2
    assert message in err, err
    assert out == ""
    assert not paths.profiles_file().exists()
    assert not paths.secrets_file().exists()


def test_a_duplicate_name_is_refused_unless_replacing() -> None:
    add_basic()
    before = paths.profiles_file().read_bytes()
    code, _, err = run(
        "profiles", "add-auth", "Staging", "--kind", "bearer", "--password-stdin", stdin="t"
    )
    assert code == 2
    assert "NAME: A profile named 'Staging' already exists." in err
    code, _, err = run("profiles", "add-proxy", "staging", "--kind", "direct", "--replace")
    assert code == 2
    assert "'staging' is already an auth profile; remove it first" in err
    assert paths.profiles_file().read_bytes() == before
    code, out, _ = run(
        "profiles",
        "add-auth",
        "staging",
        "--kind",
        "bearer",
        "--password-stdin",
        "--replace",
        stdin="new-token",
    )
    assert code == 0
    assert out.startswith("Replaced the auth profile 'staging'")
    assert SECRET not in paths.secrets_file().read_text()  # the old password went with it


def test_show_a_system_proxy_profile_shows_what_it_detects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", "http://10.1.1.1:3128")
    monkeypatch.setenv("no_proxy", "localhost")
    assert run("profiles", "add-proxy", "sys", "--kind", "system")[0] == 0
    code, out, _ = run("profiles", "show", "sys")
    assert code == 0
    assert out.splitlines() == [
        "sys  (proxy profile, System)",
        "  http proxy:    http://10.1.1.1:3128",
        "  https proxy:   (none)",
        "  no proxy:      localhost",
    ]


def test_detected_and_legacy_proxy_passwords_are_never_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("http_proxy", "http://u:ENV-pw-5@127.0.0.1:3128")
    monkeypatch.setenv("https_proxy", "u:ENV-pw-5@127.0.0.1:3129")
    assert run("profiles", "add-proxy", "sys", "--kind", "system")[0] == 0
    # A file written before URL passwords were refused: listing and showing it masks them.
    data = json.loads(paths.profiles_file().read_text())
    legacy = {"name": "old", "mode": "manual", "url": "http://pu:FILE-pw-6@127.0.0.1:1"}
    data["proxy"].append(legacy | {"https_url": "", "username": "", "no_proxy": []})
    paths.profiles_file().write_text(json.dumps(data))
    printed = ""
    for argv in (["list"], ["list", "--format", "json"], ["show", "sys"], ["show", "old"]):
        code, out, err = run("profiles", *argv)
        assert code == 0, err
        printed += out
    for argv in (["show", "sys", "--format", "json"], ["show", "old", "--format", "json"]):
        printed += run("profiles", *argv)[1]
    assert "ENV-pw-5" not in printed
    assert "FILE-pw-6" not in printed
    assert "  http proxy:    http://u:***@127.0.0.1:3128" in printed
    assert "  https proxy:   u:***@127.0.0.1:3129" in printed
    assert "http://pu:***@127.0.0.1:1" in printed


def test_remove_and_show_of_a_missing_profile() -> None:
    add_basic()
    code, out, _ = run("profiles", "remove", "staging")
    assert code == 0
    assert out == "Removed the auth profile 'staging'.\n"
    assert json.loads(paths.secrets_file().read_text())["secrets"] == {}
    for verb in ("remove", "show"):
        code, _, err = run("profiles", verb, "staging")
        assert code == 2
        assert "no profile named 'staging' (see workbench profiles list)" in err


def test_remove_warns_about_saved_requests_that_use_it() -> None:
    from workbench.engine.spec import RequestSpec
    from workbench.formats.model import SavedRequest
    from workbench.store.collections import create_collection

    add_basic()
    collection = create_collection("Shop")
    collection.add_request(
        "", SavedRequest("Login", RequestSpec("http://x.test/"), auth_profile="staging")
    )
    code, _, err = run("profiles", "remove", "staging")
    assert code == 2
    assert "1 saved request(s) use the auth profile 'staging':\n  Shop / Login\n" in err
    assert "nothing removed; add --force" in err
    assert run("profiles", "show", "staging")[0] == 0
    assert run("profiles", "remove", "staging", "--force")[0] == 0
    assert run("profiles", "show", "staging")[0] == 2


def test_remove_counts_requests_that_inherit_the_profile(tmp_path: Path) -> None:
    from workbench.engine.spec import Auth, RequestSpec
    from workbench.formats.model import SavedRequest
    from workbench.store.collections import create_collection
    from workbench.store.folder_settings import FolderSettings

    add_basic()
    assert run("profiles", "add-proxy", "corp", "--kind", "direct")[0] == 0
    shop = create_collection("Shop")  # in the app's folder: the collection names the profile
    shop.save_settings("", shop.settings("")._replace(auth_profile="staging"))
    shop.add_request("", SavedRequest("Login", RequestSpec("http://x.test/")))
    inline = RequestSpec("http://x.test/", auth=Auth("bearer", token="{{t}}"))
    shop.add_request("", SavedRequest("Own auth", inline))  # inline auth: nothing inherited
    # A folder the window opened (outside the app's folder): one of its folders names them.
    team = create_collection("Team", tmp_path)
    team.add_folder("", "Admin")
    team.save_settings("Admin", FolderSettings(auth_profile="staging", proxy_profile="corp"))
    team.add_request("Admin", SavedRequest("Users", RequestSpec("http://x.test/")))
    team.add_request("", SavedRequest("Health", RequestSpec("http://x.test/")))
    state = {
        "format": "workbench.window",
        "version": 1,
        "collections": {"opened": [str(team.root)]},
    }
    paths.window_state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.window_state_file().write_text(json.dumps(state))
    code, _, err = run("profiles", "remove", "staging")
    assert code == 2
    assert err.splitlines()[:3] == [
        "workbench: 2 saved request(s) use the auth profile 'staging':",
        "  Shop / Login (inherited from the collection)",
        "  Team / Admin/Users (inherited from folder 'Admin')",
    ]
    code, _, err = run("profiles", "remove", "corp")
    assert code == 2
    assert "  Team / Admin/Users (inherited from folder 'Admin')\n" in err
    paths.window_state_file().write_text("{ broken")  # an unreadable state: the app's folder only
    code, _, err = run("profiles", "remove", "staging")
    assert "1 saved request(s)" in err
    assert run("profiles", "show", "staging")[0] == 0


def test_an_unreadable_profiles_file_is_reported_and_untouched() -> None:
    paths.profiles_file().write_text("{ not json")
    for argv in (
        ["list"],
        ["show", "x"],
        ["add-auth", "x", "--kind", "bearer", "--password-stdin"],
    ):
        code, _, err = run("profiles", *argv, stdin="t")
        assert code == 2
        assert "profiles.json cannot be read (not valid JSON" in err
    assert paths.profiles_file().read_text() == "{ not json"


def _basic_challenge(request: Request) -> Response:
    if (
        request.headers.get("Authorization")
        == "Basic " + base64.b64encode(f"ann:{SECRET}".encode()).decode()
    ):
        return Response("hello ann", status=200)
    return Response("no", status=401, headers={"WWW-Authenticate": 'Basic realm="zone"'})


def test_send_with_an_auth_profile(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/me").respond_with_handler(_basic_challenge)
    add_basic("staging", "--scope", f"127.0.0.1:{httpserver.port}")
    code, out, err = run("send", httpserver.url_for("/me"), "--auth-profile", "staging", "-v")
    assert code == 0, err
    assert out.endswith("hello ann\n")
    assert "Authorization: Basic ***" in out
    assert SECRET not in out + err
    assert [r.headers.get("Authorization") is None for r, _ in httpserver.log] == [True, False]


def test_send_with_bearer_and_apikey_profiles(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/b", headers={"Authorization": "Bearer tok-1"}).respond_with_data(
        "b-ok"
    )
    httpserver.expect_request("/k", query_string="api_key=k-1").respond_with_data("k-ok")
    assert (
        run("profiles", "add-auth", "b", "--kind", "bearer", "--password-stdin", stdin="tok-1")[0]
        == 0
    )
    assert (
        run(
            "profiles",
            "add-auth",
            "k",
            "--kind",
            "apikey",
            "--key-name",
            "api_key",
            "--key-in",
            "query",
            "--password-stdin",
            stdin="k-1\n",
        )[0]
        == 0
    )
    assert run("send", httpserver.url_for("/b"), "--auth-profile", "b")[1].endswith("b-ok\n")
    assert run("send", httpserver.url_for("/k"), "--auth-profile", "k")[1].endswith("k-ok\n")


def test_send_with_proxy_profiles(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    httpserver.expect_request("/d").respond_with_data("direct")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    assert run("profiles", "add-proxy", "direct", "--kind", "direct")[0] == 0
    assert (
        run("profiles", "add-proxy", "dead", "--kind", "manual", "--url", "http://127.0.0.1:9")[0]
        == 0
    )
    code, out, err = run("send", httpserver.url_for("/d"), "--proxy-profile", "direct")
    assert code == 0, err
    assert out.endswith("direct\n")
    monkeypatch.delenv("http_proxy")
    code, _, err = run(
        "send", httpserver.url_for("/d"), "--proxy-profile", "dead", "--timeout", "5"
    )
    assert code == 1
    assert "127.0.0.1:9" in err
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--auth-profile", "ghost"],
            "no auth profile named 'ghost' (see workbench profiles list)",
        ),
        (
            ["--proxy-profile", "ghost"],
            "no proxy profile named 'ghost' (see workbench profiles list)",
        ),
        (
            ["--auth-profile", "staging", "--user", "a:b"],
            "--auth-profile and --user contradict each other",
        ),
        (
            ["--auth-profile", "staging", "--token", "t"],
            "--auth-profile and --token contradict each other",
        ),
        (
            ["--proxy-profile", "p", "--no-proxy"],
            "--proxy-profile and --no-proxy contradict each other",
        ),
        (
            ["--proxy-profile", "p", "--proxy", "http://x:1"],
            "--proxy-profile and --proxy contradict each other",
        ),
    ],
)
def test_send_with_a_bad_profile_flag_exits_2_and_sends_nothing(
    httpserver: HTTPServer, argv: list[str], message: str
) -> None:
    add_basic()
    code, out, err = run("send", httpserver.url_for("/x"), *argv)
    assert code == 2
    assert message in err
    assert out == ""
    assert httpserver.log == []


def test_send_with_a_lost_secret_says_what_to_do(httpserver: HTTPServer) -> None:
    add_basic()
    paths.secrets_file().write_text('{"schema": "workbench.secrets/1", "secrets": {}}')
    code, _, err = run("send", httpserver.url_for("/x"), "--auth-profile", "staging")
    assert code == 2
    assert "The password of profile 'staging' is missing from the secret store" in err
    assert httpserver.log == []
