"""``workbench import`` and ``workbench export``: what lands in the collection, what is printed, what is refused."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from workbench.cli import main
from workbench.engine.spec import Field, RequestSpec
from workbench.formats.curl import parse_curl
from workbench.formats.model import SavedRequest
from workbench.store.collections import Collection
from workbench.store.folder_settings import FolderSettings

CURL = "curl -X POST 'http://127.0.0.1:8080/users?page=2' -H 'Accept: application/json' --data-raw 'name=ann'"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """Keyring's fail backend: moved secrets go to the 0600 file, never to this machine's keyring."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_import_a_curl_command_line_into_a_new_collection(tmp_path: Path) -> None:
    into = tmp_path / "Imported"
    code, out, err = run("import", "curl", CURL, "--into", str(into))
    assert code == 0, err
    path = into / "POST 127.0.0.1-8080-users.wbreq.toml"
    assert out == f"{path}\n"
    coll = Collection.open(into)
    loaded = coll.load(path.name)
    assert loaded.saved.spec == parse_curl(CURL)
    assert (into / "collection.toml").exists()


def test_import_curl_from_a_file_and_from_standard_input_with_names(tmp_path: Path) -> None:
    source = tmp_path / "cmd.sh"
    source.write_text(CURL + "\n")
    into = tmp_path / "C"
    assert run("import", "curl", str(source), "--into", str(into), "--name", "Create")[0] == 0
    code, out, err = run("import", "curl", "-", "--into", str(into), "--name", "Create", stdin=CURL)
    assert code == 0
    assert out.strip().endswith("Create 2.wbreq.toml")
    assert "note: 'Create' was saved as 'Create 2'." in err
    assert sorted(p.name for p in into.glob("*.wbreq.toml")) == [
        "Create 2.wbreq.toml",
        "Create.wbreq.toml",
    ]


def test_a_literal_credential_is_moved_into_a_secret_variable_and_said(
    tmp_path: Path, workbench_home: Path
) -> None:
    into = tmp_path / "C"
    cmd = "curl -u ann:hunter2 -H 'X-Api-Key: k-123' http://127.0.0.1:9/x"
    code, _, err = run("import", "curl", cmd, "--into", str(into), "--name", "Secret")
    assert code == 0, err
    assert "the auth password was moved into the secret variable {{password}}" in err
    assert "the header X-Api-Key was moved into the secret variable {{x_api_key}}" in err
    written = "".join(p.read_text() for p in into.rglob("*.toml"))
    assert "hunter2" not in written
    assert "k-123" not in written
    coll = Collection.open(into)
    spec = coll.load("Secret.wbreq.toml").saved.spec
    assert spec.auth.password == "{{password}}"
    assert Field("X-Api-Key", "{{x_api_key}}") in spec.headers
    secrets = (workbench_home / "config" / "secrets.json").read_text()
    assert "hunter2" in secrets
    assert "k-123" in secrets
    names = {v.name: v.secret for v in coll.settings("").variables}
    assert names == {"password": True, "x_api_key": True}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["import", "curl", "curl --no-such-option http://x", "--into", "{tmp}/C"],
            "is not curl input",
        ),
        (["import", "curl", "{tmp}/missing.sh", "--into", "{tmp}/C"], "missing.sh: no such file"),
        (["import", "curl", CURL], "the following arguments are required: --into"),
        (["import", "curl", CURL, "--into", "{tmp}/file.txt"], "is a file, not a folder"),
        (["import", "yaml", "x", "--into", "{tmp}/C"], "invalid choice: 'yaml'"),
    ],
)
def test_wrong_imports_exit_2_and_write_nothing(
    tmp_path: Path, argv: list[str], message: str
) -> None:
    (tmp_path / "file.txt").write_text("x")
    code, out, err = run(*(a.replace("{tmp}", str(tmp_path)) for a in argv))
    assert code == 2
    assert message in err
    assert out == ""
    assert not (tmp_path / "C").exists()


def test_a_format_this_build_lacks_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "workbench.formats.postman", None)
    code, _, err = run("import", "postman", "x.json", "--into", str(tmp_path / "C"))
    assert code == 2
    assert "import postman is not available yet" in err
    monkeypatch.setitem(sys.modules, "workbench.formats.har", None)
    code, _, err = run("export", "har", "1")
    assert (code, err) == (
        2,
        "workbench: export har is not available yet in this version of Workbench\n",
    )


@pytest.fixture
def shop(tmp_path: Path) -> Collection:
    root = tmp_path / "Shop"
    root.mkdir()
    coll = Collection.open(root)
    coll.save_settings(
        "", FolderSettings(base_url="http://127.0.0.1:8000", headers=(Field("X-Suite", "shop"),))
    )
    users = coll.add_folder("", "Users")
    coll.add_request(users, SavedRequest("List", RequestSpec("/users")))
    coll.add_request(users, SavedRequest("Create", RequestSpec("/users", "POST")))
    return coll


def test_export_a_request_as_curl_with_its_folders_defaults(shop: Collection) -> None:
    code, out, err = run("export", "curl", str(shop.root / "Users" / "List.wbreq.toml"))
    assert code == 0, err
    spec = parse_curl(out)
    assert spec.url == "http://127.0.0.1:8000/users"
    assert Field("X-Suite", "shop") in spec.headers
    assert not out.startswith("#")


def test_export_a_folder_prints_each_request_under_its_name_or_writes_a_file(
    shop: Collection, tmp_path: Path
) -> None:
    code, out, _ = run("export", "curl", str(shop.root / "Users"))
    assert code == 0
    chunks = out.strip().split("\n\n")
    assert [c.splitlines()[0] for c in chunks] == ["# Create", "# List"]
    assert parse_curl(chunks[0].split("\n", 1)[1]).method == "POST"
    target = tmp_path / "out.sh"
    code, out, _ = run("export", "curl", str(shop.root), "--out", str(target))
    assert (code, out) == (0, "")
    assert target.read_text().splitlines()[0] == "# Users/Create"


def test_export_refuses_literal_credentials_unless_allowed(shop: Collection) -> None:
    spec = RequestSpec("/me", headers=(Field("Authorization", "Bearer abc123"),))
    shop.add_request("", SavedRequest("Me", spec), allow_literal_secrets=True)
    code, out, err = run("export", "curl", str(shop.root))
    assert code == 2
    assert out == ""
    assert "Me: The header Authorization holds a literal credential" in err
    assert "nothing exported" in err
    code, out, err = run("export", "curl", str(shop.root), "--allow-literal-secrets")
    assert code == 0
    assert "abc123" in out
    assert "note: Me: The header Authorization" in err


def test_export_names_what_it_cannot_read_and_refuses_wrong_paths(
    shop: Collection, tmp_path: Path
) -> None:
    (shop.root / "Users" / "Broken.wbreq.toml").write_text("nonsense")
    code, out, err = run("export", "curl", str(shop.root / "Users"))
    assert code == 0
    assert "workbench: skipped" in err
    assert "Broken.wbreq.toml" in err
    assert out.count("# ") == 2
    code, _, err = run("export", "curl", str(tmp_path / "nowhere"))
    assert code == 2
    assert "nowhere no longer exists" in err


POSTMAN = """{
  "info": {"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "item": [
    {"name": "Users", "item": [
      {"name": "List users", "request": {"method": "GET", "url": "{{base}}/users",
       "header": [{"key": "Accept", "value": "application/json"}]}},
      {"name": "GET /users/:id", "request": {"method": "GET", "url": "{{base}}/users/1"}}
    ]},
    {"name": "Health", "request": {"method": "GET", "url": "{{base}}/health"}}
  ],
  "variable": [{"key": "base", "value": "http://127.0.0.1:8000"}]
}"""

HTTP = """@base = http://127.0.0.1:8000

### Get item
GET {{base}}/items/1
Accept: application/json

### Create item
POST {{base}}/items
Content-Type: application/json

{"name": "x"}
"""


def test_import_a_postman_collection_with_its_folders_and_variables(tmp_path: Path) -> None:
    source = tmp_path / "shop.postman_collection.json"
    source.write_text(POSTMAN)
    into = tmp_path / "Shop"
    code, out, err = run("import", "postman", str(source), "--into", str(into))
    assert code == 0, err
    coll = Collection.open(into)
    assert [n.path for n in coll.tree().walk()] == [
        "Users",
        "Users/GET -users-id.wbreq.toml",
        "Users/List users.wbreq.toml",
        "Health.wbreq.toml",
    ]
    assert "note: 'GET /users/:id' was saved as 'GET -users-id'." in err
    assert len(out.splitlines()) == 3
    listed = coll.load("Users/List users.wbreq.toml").saved.spec
    assert (listed.url, listed.headers) == (
        "{{base}}/users",
        (Field("Accept", "application/json"),),
    )
    assert [(v.name, v.value) for v in coll.settings("").variables] == [
        ("base", "http://127.0.0.1:8000")
    ]


def test_import_an_http_file_from_standard_input_into_a_folder(tmp_path: Path) -> None:
    into = tmp_path / "C"
    code, out, err = run("import", "http", "-", "--into", str(into), stdin=HTTP)
    assert code == 0, err
    code, out, err = run(
        "import", "http", "-", "--into", str(into), "--folder", "Again/Sub", stdin=HTTP
    )
    assert code == 0, err
    sub = into / "Again" / "Sub"
    assert out.splitlines() == [str(sub / f"{n}.wbreq.toml") for n in ("Get item", "Create item")]
    coll = Collection.open(into)
    assert [(v.name, v.value) for v in coll.settings("").variables] == [
        ("base", "http://127.0.0.1:8000")
    ]
    assert "already has a variable 'base'" in err
    create = coll.load("Create item.wbreq.toml").saved.spec
    assert (create.method, create.url, create.body.text) == (
        "POST",
        "{{base}}/items",
        '{"name": "x"}',
    )


def test_export_http_postman_and_urllib(shop: Collection) -> None:
    from workbench.formats.http_file import parse_http
    from workbench.formats.postman import parse_postman

    code, out, _ = run("export", "http", str(shop.root))
    assert code == 0
    assert [(i.request.name, i.request.spec.url) for i in parse_http(out).items] == [
        ("Create", "http://127.0.0.1:8000/users"),
        ("List", "http://127.0.0.1:8000/users"),
    ]
    code, out, _ = run("export", "postman", str(shop.root / "Users"))
    assert code == 0
    data = parse_postman(out)
    assert data.name == "Users"
    assert [i.request.name for i in data.items] == ["Create", "List"]
    code, out, _ = run("export", "urllib", str(shop.root / "Users" / "List.wbreq.toml"))
    assert code == 0
    compile(out, "exported.py", "exec")
    assert "http://127.0.0.1:8000/users" in out
    assert "X-Suite" in out


def test_export_names_the_profiles_it_leaves_out(shop: Collection) -> None:
    from workbench.formats.http_file import parse_http
    from workbench.formats.postman import parse_postman

    shop.save_settings("Users", FolderSettings(auth_profile="work"))  # inherited by both
    spec = RequestSpec("/me")
    shop.add_request("", SavedRequest("Me", spec, "Mine.", proxy_profile="office"))
    left_out = "left out (profiles and their secrets are never exported)"
    code, out, err = run("export", "curl", str(shop.root))
    assert code == 0, err
    assert err.splitlines() == [
        f"note: Users/Create: sent with the auth profile 'work', {left_out}",
        f"note: Users/List: sent with the auth profile 'work', {left_out}",
        f"note: Me: sent with the proxy profile 'office', {left_out}",
    ]
    chunks = out.strip().split("\n\n")
    assert chunks[2].splitlines()[:2] == [
        "# Me",
        "# Workbench sends this request with the proxy profile 'office', left out of this export "
        "(profiles and their secrets are never exported).",
    ]
    assert parse_curl(chunks[2].split("\n", 2)[2]).proxy.mode == "system"  # no -x: left out
    code, out, err = run("export", "urllib", str(shop.root / "Users" / "List.wbreq.toml"))
    assert code == 0
    assert out.startswith("# Workbench sends this request with the auth profile 'work'")
    compile(out, "exported.py", "exec")
    assert len(err.splitlines()) == 1
    code, out, _ = run("export", "http", str(shop.root))
    assert code == 0
    described = {i.request.name: i.request.description for i in parse_http(out).items}
    assert described["Me"].startswith("Mine.\n")
    assert "with the proxy profile 'office', left out" in described["Me"]
    assert "with the auth profile 'work', left out" in described["List"]
    code, out, _ = run("export", "postman", str(shop.root))
    assert code == 0
    items = {i.request.name: i.request for i in parse_postman(out).items}
    assert "with the auth profile 'work', left out" in items["Create"].description
    assert items["Create"].spec.auth.kind == "none"
    shop.save_settings("Users", FolderSettings())
    code, out, err = run("export", "curl", str(shop.root / "Users"))
    assert (code, err) == (0, "")
    assert "profile" not in out


def test_export_har_of_a_history_entry(shop: Collection, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/users").respond_with_json([1, 2])
    shop.save_settings("", FolderSettings(base_url=httpserver.url_for("/").rstrip("/")))
    assert run("run", str(shop.root / "Users" / "List.wbreq.toml"))[0] == 0
    code, out, err = run("export", "har", "1")
    assert code == 0, err
    [entry] = json.loads(out)["log"]["entries"]
    assert entry["request"]["url"].endswith("/users")
    assert entry["response"]["status"] == 200
    for wrong, message in (
        ("9999", "there is no history entry 9999"),
        ("abc", "is not a history id"),
    ):
        code, _, err = run("export", "har", wrong)
        assert code == 2
        assert message in err
