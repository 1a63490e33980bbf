"""Postman Collection v2.1: import of a full fixture, export to valid v2.1, and back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, RequestSpec
from workbench.formats.errors import FormatError
from workbench.formats.model import CollectionData, CollectionItem, SavedRequest, Variable
from workbench.formats.postman import SCHEMA_V21, parse_postman, to_postman

FIXTURE = Path(__file__).parent / "fixtures" / "postman_v21.json"
BASIC = "Imported basic (Shop API)"
BEARER = "Imported bearer (Shop API)"


@pytest.fixture
def imported() -> CollectionData:
    return parse_postman(FIXTURE.read_text(encoding="utf-8"))


def by_name(data: CollectionData) -> dict[str, CollectionItem]:
    return {item.request.name: item for item in data.items}


def test_collection_level_fields(imported: CollectionData) -> None:
    assert imported.name == "Shop API"
    assert imported.description == "The shop's public API.\nUse the staging base URL."
    assert imported.variables == (
        Variable("baseUrl", "https://staging.shop.example"),
        Variable("apiVersion", "v2", enabled=False),
        Variable("pageSize", "25"),
        Variable("token", "{{vaultToken}}"),
        Variable("category", "books"),
        Variable("region", "eu"),
    )


def test_folders_become_paths_in_file_order(imported: CollectionData) -> None:
    assert [(i.folder, i.request.name) for i in imported.items] == [
        (("Products",), "List products"),
        (("Products",), "Get product"),
        (("Products", "Admin"), "Create product (JSON)"),
        (("Products", "Admin"), "Import catalogue (XML)"),
        (("Products", "Admin"), "Note (text)"),
        (("Products", "Admin"), "Public ping"),
        (("Accounts",), "Sign in (form)"),
        (("Accounts",), "Upload avatar (form-data)"),
        (("Accounts",), "Upload backup (binary)"),
        (("Accounts",), "Search (GraphQL)"),
        (("Accounts",), "Partner feed (API key)"),
        (("Accounts",), "Legacy (Digest)"),
        (("Accounts",), "OAuth thing"),
        ((), "Untitled"),
    ]


def test_url_object_query_rows_and_headers(imported: CollectionData) -> None:
    saved = by_name(imported)["List products"].request
    assert saved.description == "Lists products, newest first."
    assert saved.spec.url == "{{baseUrl}}/products"
    assert saved.spec.params == (
        Field("category", "{{category}}"),
        Field("q", "hello world"),
        Field("sort", "-created"),
        Field("limit", "10", enabled=False),
    )
    assert saved.spec.headers == (
        Field("Accept", "application/json"),
        Field("X-Debug", "1", enabled=False),
    )


def test_path_variables_and_behaviour(imported: CollectionData) -> None:
    spec = by_name(imported)["Get product"].request.spec
    assert spec.url == "{{baseUrl}}/products/42/reviews"
    assert spec.options == Options(follow_redirects=False, tls=TLS(verify=False))
    note = by_name(imported)["Note (text)"].request.spec
    assert note.options == Options(max_redirects=3, cookies=False)


def test_every_body_mode(imported: CollectionData) -> None:
    bodies = {name: item.request.spec.body for name, item in by_name(imported).items()}
    assert bodies["Create product (JSON)"] == Body(
        kind="raw",
        text='{\n  "title": "Dune",\n  "price": 9.99\n}',
        content_type="application/vnd.shop+json",
    )
    assert by_name(imported)["Create product (JSON)"].request.spec.headers == ()
    assert bodies["Import catalogue (XML)"] == Body(
        kind="raw", text='<catalogue><book id="1"/></catalogue>', content_type="application/xml"
    )
    assert bodies["Note (text)"] == Body(kind="raw", text="plain words")
    assert bodies["Sign in (form)"] == Body(
        kind="form",
        fields=(
            Field("user", "alice"),
            Field("remember", "true", enabled=False),
            Field("next", "/home?a=1&b=2"),
        ),
    )
    assert bodies["Upload avatar (form-data)"] == Body(
        kind="multipart",
        parts=(
            Part("caption", "Me, on holiday"),
            Part("meta", '{"w": 10}', content_type="application/json"),
            Part("image", "/home/alice/me.png", is_file=True),
            Part("extras", "/home/alice/a.txt", is_file=True, content_type="text/plain"),
            Part("extras", "/home/alice/b.txt", is_file=True, content_type="text/plain"),
            Part("old", "x", enabled=False),
        ),
    )
    assert bodies["Upload backup (binary)"] == Body(
        kind="file", path="/home/alice/backup.tar", content_type="application/octet-stream"
    )
    graphql = bodies["Search (GraphQL)"]
    assert graphql.content_type == "application/json"
    assert json.loads(graphql.text) == {
        "query": "query ($q: String!) { search(q: $q) { id } }",
        "variables": {"q": "dune"},
    }


def test_auth_becomes_profile_references_without_secrets(imported: CollectionData) -> None:
    items = by_name(imported)
    profiles = {name: item.request.auth_profile for name, item in items.items()}
    assert profiles["List products"] == BASIC  # inherited from the collection
    assert profiles["Untitled"] == BASIC
    assert profiles["Create product (JSON)"] == BEARER  # the Admin folder's own
    assert profiles["Public ping"] == ""  # noauth
    assert profiles["Partner feed (API key)"] == "Imported apikey (Shop API)"
    assert profiles["Legacy (Digest)"] == "Imported digest (Shop API)"
    assert profiles["OAuth thing"] == ""
    assert items["List products"].request.spec.auth == Auth(
        kind="basic", username="alice", preemptive=True
    )
    assert items["Create product (JSON)"].request.spec.auth == Auth(
        kind="bearer", token="{{token}}"
    )
    assert items["Partner feed (API key)"].request.spec.auth == Auth(
        kind="apikey", key_name="api_key", key_value="{{partnerKey}}", key_in="query"
    )
    assert items["Legacy (Digest)"].request.spec.auth == Auth(
        kind="digest", username="bob", realm="legacy"
    )
    everything = repr(imported)
    assert "s3cret-not-real" not in everything
    assert "d1gest-not-real" not in everything
    assert "zzz" not in everything


def test_notes_say_which_profiles_to_create_and_what_was_left_out(imported: CollectionData) -> None:
    notes = imported.notes
    assert notes[0] == (
        "Create an auth profile named 'Imported basic (Shop API)' (Basic, user name 'alice'). "
        "Its password was not imported: enter it in the profile. 7 requests use it."
    )
    assert notes[1] == (
        "Create an auth profile named 'Imported bearer (Shop API)' (Bearer token {{token}}). "
        "3 requests use it."
    )
    text = "\n".join(notes)
    assert "1 request uses it" in text
    assert "pre-request or test script" in text
    assert "The variable pageSize is set again at item[0].variable" in text
    assert "oauth2" in text
    assert "Folder descriptions" in text
    assert "example responses" in text


def check_v21(document: dict[str, Any]) -> None:
    """The parts of the v2.1 schema a reader relies on: required keys and their types."""
    assert document["info"]["schema"] == SCHEMA_V21
    assert isinstance(document["info"]["name"], str)
    for variable in document.get("variable", []):
        assert isinstance(variable["key"], str)
        assert variable.get("type", "string") in ("string", "boolean", "any", "number")
    check_items(document["item"])


def check_items(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        assert isinstance(entry["name"], str)
        if "item" in entry:
            assert "request" not in entry
            check_items(entry["item"])
            continue
        request = entry["request"]
        assert isinstance(request["method"], str)
        assert isinstance(request["url"]["raw"], str)
        for row in request["header"] + request["url"].get("query", []):
            assert isinstance(row["key"], str)
            assert isinstance(row["value"], str)
        body = request.get("body")
        if body is not None:
            assert body["mode"] in ("raw", "urlencoded", "formdata", "file", "graphql")
            assert body["mode"] in body
        auth = request.get("auth")
        if auth is not None:
            assert auth["type"] in ("basic", "digest", "bearer", "apikey")
            assert all({"key", "value"} <= set(row) for row in auth[auth["type"]])


def test_export_is_valid_v21_without_secrets(imported: CollectionData) -> None:
    secret = imported._replace(
        items=(
            CollectionItem(
                ("A",),
                SavedRequest(
                    "literal",
                    RequestSpec("https://e.x/", auth=Auth(kind="bearer", token="tok-literal")),
                ),
            ),
        ),
        variables=(Variable("pw", "hunter2", secret=True), Variable("ref", "{{x}}", secret=True)),
    )
    for data in (imported, secret):
        document = json.loads(to_postman(data))
        check_v21(document)
    text = to_postman(secret)
    assert "tok-literal" not in text
    assert "hunter2" not in text
    assert '"{{x}}"' in text
    assert "tok-literal" in to_postman(secret, include_secrets=True)


def test_export_then_import_gives_the_same_collection(imported: CollectionData) -> None:
    back = parse_postman(to_postman(imported))
    assert back.name == imported.name
    assert back.description == imported.description
    assert back.variables == imported.variables
    assert back.items == imported.items


def test_export_keeps_folders_nested_once() -> None:
    spec = RequestSpec("https://e.x/")
    data = CollectionData(
        "c",
        items=(
            CollectionItem(("A", "B"), SavedRequest("one", spec)),
            CollectionItem(("A",), SavedRequest("two", spec)),
            CollectionItem(("A", "B"), SavedRequest("three", spec)),
            CollectionItem((), SavedRequest("four", spec)),
        ),
    )
    document = json.loads(to_postman(data))
    [folder_a, four] = document["item"]
    assert folder_a["name"] == "A"
    assert four["name"] == "four"
    [folder_b, two] = folder_a["item"]
    assert [i["name"] for i in folder_b["item"]] == ["one", "three"]
    assert two["name"] == "two"
    # A tree keeps a folder's requests together: they come back in tree order.
    back = parse_postman(to_postman(data)).items
    assert back == tuple(data.items[i] for i in (0, 2, 1, 3))


def test_export_writes_query_values_postman_reads_back() -> None:
    spec = RequestSpec(
        "https://e.x:8443/a/b",
        params=(Field("q", "1+1=2 & 50%"), Field("#", "x", enabled=False)),
    )
    document = json.loads(
        to_postman(CollectionData("c", items=(CollectionItem((), SavedRequest("r", spec)),)))
    )
    url = document["item"][0]["request"]["url"]
    assert url["raw"] == "https://e.x:8443/a/b?q=1%2B1%3D2 %26 50%25"
    assert url["protocol"] == "https"
    assert url["host"] == ["e", "x"]
    assert url["port"] == "8443"
    assert url["path"] == ["a", "b"]
    assert parse_postman(json.dumps(document)).items[0].request.spec == spec


def test_a_query_in_the_url_becomes_rows_with_the_same_meaning() -> None:
    spec = RequestSpec("https://e.x/s?a=1%20b&flag#top", params=(Field("c", "d e"),))
    data = CollectionData("c", items=(CollectionItem((), SavedRequest("r", spec)),))
    url = json.loads(to_postman(data))["item"][0]["request"]["url"]
    assert url["raw"] == "https://e.x/s?a=1%20b&flag=&c=d e"
    back = parse_postman(to_postman(data)).items[0].request.spec
    assert back.url == "https://e.x/s"
    assert back.params == (Field("a", "1 b"), Field("flag", ""), Field("c", "d e"))


def test_v20_is_accepted_with_object_style_auth() -> None:
    v20 = {
        "info": {
            "name": "Old",
            "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json",
        },
        "auth": {
            "type": "basic",
            "basic": {"username": "carol", "password": "pw", "saveHelperData": True},
        },
        "item": [{"name": "r", "request": {"method": "GET", "url": "https://e.x/"}}],
    }
    data = parse_postman(json.dumps(v20))
    [item] = data.items
    assert item.request.auth_profile == "Imported basic (Old)"
    assert item.request.spec.auth == Auth(kind="basic", username="carol", preemptive=True)
    assert "pw" not in repr(data.items)


def test_secret_variables_lose_their_values_with_a_note() -> None:
    document = {
        "info": {"name": "S", "schema": SCHEMA_V21},
        "variable": [
            {"key": "apiKey", "value": "live-key-not-real", "type": "secret"},
            {"key": "ref", "value": "{{vault}}", "type": "secret"},
        ],
        "item": [],
    }
    data = parse_postman(json.dumps(document))
    assert data.variables == (
        Variable("apiKey", "", secret=True),
        Variable("ref", "{{vault}}", secret=True),
    )
    assert data.notes == ("The secret variable apiKey was imported without its value; enter it.",)


def test_unknown_fields_and_modes_are_ignored() -> None:
    document = {
        "info": {"name": "U", "schema": SCHEMA_V21, "futureField": {"x": [1]}},
        "futureTop": True,
        "item": [
            {
                "name": "r",
                "newThing": 1,
                "request": {
                    "method": "POST",
                    "url": {"raw": "https://e.x/", "futureUrlPart": "y"},
                    "body": {"mode": "hologram", "hologram": {}},
                    "proxy": {"host": "p"},
                },
            }
        ],
    }
    data = parse_postman(json.dumps(document))
    assert data.items[0].request.spec == RequestSpec("https://e.x/", "POST")
    assert any("'hologram'" in note for note in data.notes)


@pytest.mark.parametrize(
    ("document", "where", "words"),
    [
        (
            {"id": "x", "name": "Old", "order": [], "folders": [], "requests": []},
            "",
            "Postman Collection v1 file; Workbench reads v2.1",
        ),
        (
            {
                "info": {
                    "name": "N",
                    "schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json",
                }
            },
            "info.schema",
            "v1.0 file",
        ),
        (
            {
                "info": {
                    "name": "N",
                    "schema": "https://schema.getpostman.com/json/collection/v3.0.0/collection.json",
                }
            },
            "info.schema",
            "v3.0 file",
        ),
        (
            {"info": {"name": "N", "schema": "https://example.com/other.json"}},
            "info.schema",
            "not a Postman collection schema",
        ),
        (
            {"id": "e", "name": "Env", "values": [], "_postman_variable_scope": "environment"},
            "",
            "Postman environment",
        ),
        ({"info": {"name": "N"}}, "info", "no info.schema"),
        ([1, 2], "", "JSON object"),
        (
            {"info": {"name": "N", "schema": SCHEMA_V21}, "item": "nope"},
            "item",
            "Expected a list, found text",
        ),
        (
            {"info": {"name": "N", "schema": SCHEMA_V21}, "item": [3]},
            "item[0]",
            "Expected an object, found a number",
        ),
        (
            {
                "info": {"name": "N", "schema": SCHEMA_V21},
                "item": [{"name": "r", "request": {"url": "u", "header": 5}}],
            },
            "item[0].request.header",
            "Expected a list",
        ),
        (
            {
                "info": {"name": "N", "schema": SCHEMA_V21},
                "item": [
                    {"name": "f", "item": [{"name": "r", "request": {"url": {"raw": ["x"]}}}]}
                ],
            },
            "item[0].item[0].request.url.raw",
            "Expected text, found a list",
        ),
        (
            {
                "info": {"name": "N", "schema": SCHEMA_V21},
                "item": [
                    {"name": "r", "request": {"url": "u", "body": {"mode": "raw", "raw": {"a": 1}}}}
                ],
            },
            "item[0].request.body.raw",
            "Expected text, found an object",
        ),
        (
            {"info": {"name": "N", "schema": SCHEMA_V21}, "variable": [{"key": "v", "value": [1]}]},
            "variable[0].value",
            "Expected text",
        ),
    ],
)
def test_bad_files_name_the_place(document: Any, where: str, words: str) -> None:
    with pytest.raises(FormatError) as caught:
        parse_postman(json.dumps(document))
    assert caught.value.where == where
    assert words in caught.value.message


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(FormatError) as caught:
        parse_postman('{\n  "info": {\n    "name": "x",\n  }\n}')
    assert caught.value.where == "line 4, column 3"
    assert "not valid JSON" in caught.value.message
