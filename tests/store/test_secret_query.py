"""Credentials typed in the URL's own query (``?api_key=abc``): found, refused, moved, never written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import test_collections_fixtures as fixtures
from memory_keyring import no_keyring

from workbench.cli import main
from workbench.engine.spec import Field, RequestSpec
from workbench.formats.model import SavedRequest, Variable
from workbench.store import environments, paths
from workbench.store.collections import Collection
from workbench.store.secret_guard import (
    LiteralSecrets,
    find_literal_secrets,
    move_to_secret_variable,
)
from workbench.store.secrets import SecretStore

coll = fixtures.coll
keyring_fixtures = (no_keyring,)
URL = "https://127.0.0.1:9/x?api_key=abc123&page=2#frag"


def found(url: str) -> list[tuple[str, str, str]]:
    saved = SavedRequest("r", RequestSpec(url))
    return [(f.field, f.name, f.suggestion) for f in find_literal_secrets(saved)]


def moved(url: str, number: int = 0) -> tuple[str, Variable]:
    saved = SavedRequest("r", RequestSpec(url))
    finding = [f for f in find_literal_secrets(saved) if f.field.startswith("url.query")][number]
    after, variable = move_to_secret_variable(saved, finding)
    return after.spec.url, variable


def test_a_secret_named_item_of_the_urls_query_is_found() -> None:
    assert found(URL) == [("url.query[0]", "query parameter api_key", "api_key")]
    (finding,) = find_literal_secrets(SavedRequest("r", RequestSpec(URL)))
    assert "query parameter api_key holds a literal credential" in finding.message


def test_items_are_counted_without_empty_ones_and_names_are_decoded() -> None:
    url = "http://127.0.0.1/x?&page=2&&token=t1&sig={{sig}}&x%2Dapi%5Fkey=k+1&flag"
    assert found(url) == [
        ("url.query[1]", "query parameter token", "token"),
        ("url.query[3]", "query parameter x-api_key", "x_api_key"),
    ]
    assert moved(url, 1) == (
        "http://127.0.0.1/x?&page=2&&token=t1&sig={{sig}}&x%2Dapi%5Fkey={{x_api_key}}&flag",
        Variable("x_api_key", "k 1", secret=True),
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x?api_key={{api_key}}&page=2",
        "http://127.0.0.1/x?access_token=%7B%7Btoken%7D%7D",
        "http://127.0.0.1/x?page=2&q=token&next=password",
        "http://127.0.0.1/x?token=&api_key&secret=%20",
        "http://127.0.0.1/x#api_key=abc123",
        "http://127.0.0.1/x?",
        "{{base}}/x?{{query}}",
    ],
)
def test_references_blank_values_and_other_names_pass(url: str) -> None:
    assert found(url) == []


@pytest.mark.parametrize(
    ("url", "after"),
    [
        (URL, "https://127.0.0.1:9/x?api_key={{api_key}}&page=2#frag"),
        (
            "HTTPS://Ann@H:9/a%20b?page=2&api_key=abc123#",
            "HTTPS://Ann@H:9/a%20b?page=2&api_key={{api_key}}#",
        ),
        ("http://h/x?api_key=abc123=x#f?token=1", "http://h/x?api_key={{api_key}}#f?token=1"),
        ("http://[::1/x?api_key=abc123", "http://[::1/x?api_key={{api_key}}"),
    ],
)
def test_moving_rewrites_only_that_value_and_keeps_the_rest_as_typed(url: str, after: str) -> None:
    new_url, variable = moved(url)
    assert new_url == after
    assert variable.value in ("abc123", "abc123=x")
    assert variable.secret


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("k3y-v4lue%21", "k3y-v4lue!"),
        ("a+b%C3%A9", "a bé"),
        # Decoded, these would change the query once the value is put back into the URL:
        ("a%26b", "a%26b"),
        ("sig%2Babc%3D", "sig%2Babc%3D"),
        ("50%25", "50%25"),
        ("x%23y", "x%23y"),
        ("%FF%FE", "%FF%FE"),
    ],
)
def test_the_secret_is_the_decoded_value_unless_that_would_change_the_request(
    raw: str, value: str
) -> None:
    assert moved(f"http://h/x?token={raw}")[1] == Variable("token", value, secret=True)


def test_the_store_refuses_the_literal_and_writes_the_moved_request(
    coll: Collection, no_keyring: None
) -> None:
    leaky = SavedRequest("Keyed", RequestSpec(URL, params=(Field("token", "t-9", enabled=False),)))
    with pytest.raises(
        LiteralSecrets, match=r"query parameter api_key; query parameter token"
    ) as caught:
        coll.add_request("", leaky)
    assert not (coll.root / "Keyed.wbreq.toml").exists()
    assert [f.field for f in caught.value.findings] == ["url.query[0]", "params[0]"]
    assert caught.value.may_allow
    saved = leaky
    variables = []
    for finding in caught.value.findings:
        saved, variable = move_to_secret_variable(saved, finding)
        variables.append(variable)
    environments.save_collection_variables(coll, variables, SecretStore())
    coll.add_request("", saved)
    text = (coll.root / "Keyed.wbreq.toml").read_text()
    assert 'url = "https://127.0.0.1:9/x?api_key={{api_key}}&page=2#frag"' in text
    assert "abc123" not in text
    assert "t-9" not in text
    assert "abc123" not in (coll.root / "collection.toml").read_text()
    secrets = paths.secrets_file().read_text()
    assert "abc123" in secrets
    assert "t-9" in secrets
    assert coll.load("Keyed.wbreq.toml").saved.spec.url == saved.spec.url


def test_the_store_writes_the_literal_only_when_confirmed(coll: Collection) -> None:
    coll.add_request("", SavedRequest("Keyed", RequestSpec(URL)), allow_literal_secrets=True)
    assert "api_key=abc123" in (coll.root / "Keyed.wbreq.toml").read_text()


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


POSTMAN = {
    "info": {
        "name": "P",
        "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
    },
    "item": [{"name": "Keyed", "request": {"method": "GET", "url": URL}}],
}


@pytest.mark.parametrize(
    ("kind", "source", "url"),
    [
        ("curl", f"curl '{URL}'", "https://127.0.0.1:9/x?api_key={{api_key}}&page=2#frag"),
        (
            "http",
            f"### Keyed\nGET {URL}\n",
            "https://127.0.0.1:9/x?api_key={{api_key}}&page=2#frag",
        ),
        ("postman", json.dumps(POSTMAN), "https://127.0.0.1:9/x"),
    ],
)
def test_an_import_moves_a_key_in_the_urls_query_and_never_writes_it(
    tmp_path: Path, no_keyring: None, kind: str, source: str, url: str
) -> None:
    into = tmp_path / "C"
    argv = ["import", kind, "-", "--into", str(into)] + (
        ["--name", "Keyed"] if kind == "curl" else []
    )
    code, out, err = run(*argv, stdin=source)
    assert code == 0, err
    assert "the query parameter api_key was moved into the secret variable {{api_key}}" in err
    written = "".join(p.read_text() for p in into.rglob("*.toml"))
    assert "abc123" not in written
    path = Path(out.strip())
    spec = Collection.open(into).load(path.name).saved.spec
    assert spec.url == url
    assert find_literal_secrets(SavedRequest("k", spec)) == []
    assert "abc123" in paths.secrets_file().read_text()
    names = {v.name: v.secret for v in Collection.open(into).settings("").variables}
    assert names == {"api_key": True}


def test_an_export_refuses_a_key_in_the_urls_query_unless_allowed(coll: Collection) -> None:
    coll.add_request("", SavedRequest("Keyed", RequestSpec(URL)), allow_literal_secrets=True)
    path = str(coll.root / "Keyed.wbreq.toml")
    code, out, err = run("export", "curl", path)
    assert code == 2
    assert out == ""
    assert "Keyed: The query parameter api_key holds a literal credential" in err
    assert "nothing exported" in err
    code, out, err = run("export", "curl", path, "--allow-literal-secrets")
    assert code == 0, err
    assert "api_key=abc123" in out
    assert "note: Keyed: The query parameter api_key" in err
