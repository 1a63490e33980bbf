""".http / .rest files: what both editors write, read faithfully; syntax errors name the line."""

from __future__ import annotations

import pytest

from workbench.engine.spec import Auth, Body, Field, Options, Part, RequestSpec
from workbench.formats.errors import FormatError
from workbench.formats.http_file import parse_http, to_http
from workbench.formats.model import CollectionData, CollectionItem, SavedRequest, Variable

VSCODE = """\
@baseUrl = https://api.example.com/v1
@token = {{$dotenv API_TOKEN}}
@contentType = application/json

### List users (paged)
# Lists the first page.
# Sorted by name.
# @name listUsers
GET {{baseUrl}}/users?page=1
    &per_page=20
    &sort=name HTTP/1.1
Accept: {{contentType}}
Authorization: Bearer {{token}}
# X-Debug: 1

### Create a user
POST {{baseUrl}}/users
Content-Type: {{contentType}}

{
    "name": "Ada",
    "roles": ["admin"]
}

###
// @name login
POST {{baseUrl}}/login
Content-Type: application/x-www-form-urlencoded
Authorization: Basic ada s3cret

name=ada
&remember=true

### Upload an avatar
POST {{baseUrl}}/avatar
Content-Type: multipart/form-data; boundary=----Boundary7MA4YWxk

------Boundary7MA4YWxk
Content-Disposition: form-data; name="caption"

Me, on holiday
------Boundary7MA4YWxk
Content-Disposition: form-data; name="image"; filename="me.png"
Content-Type: image/png

< ./images/photo.png
------Boundary7MA4YWxk--

### Bulk import
PUT {{baseUrl}}/bulk
Content-Type: application/x-ndjson

< ./bulk.ndjson

### Digest
GET https://digest.example.com/secure
Authorization: Digest ada s3cret
"""


def test_vscode_rest_client_file() -> None:
    data = parse_http(VSCODE, name="api")
    assert data.name == "api"
    assert data.variables == (
        Variable("baseUrl", "https://api.example.com/v1"),
        Variable("token", "{{$dotenv API_TOKEN}}"),
        Variable("contentType", "application/json"),
    )
    names = [item.request.name for item in data.items]
    assert names == [
        "List users (paged)",
        "Create a user",
        "login",
        "Upload an avatar",
        "Bulk import",
        "Digest",
    ]
    assert all(item.folder == () for item in data.items)
    specs = [item.request.spec for item in data.items]
    assert specs[0] == RequestSpec(
        "{{baseUrl}}/users?page=1&per_page=20&sort=name",
        headers=(
            Field("Accept", "{{contentType}}"),
            Field("Authorization", "Bearer {{token}}"),
            Field("X-Debug", "1", enabled=False),
        ),
    )
    assert data.items[0].request.description == "Lists the first page.\nSorted by name."
    assert specs[1] == RequestSpec(
        "{{baseUrl}}/users",
        "POST",
        body=Body(
            kind="raw",
            text='{\n    "name": "Ada",\n    "roles": ["admin"]\n}',
            content_type="{{contentType}}",
        ),
    )
    assert specs[2] == RequestSpec(
        "{{baseUrl}}/login",
        "POST",
        body=Body(
            kind="raw",
            text="name=ada\n&remember=true",
            content_type="application/x-www-form-urlencoded",
        ),
        auth=Auth(kind="basic", username="ada", password="s3cret", preemptive=True),
    )
    assert specs[3] == RequestSpec(
        "{{baseUrl}}/avatar",
        "POST",
        body=Body(
            kind="multipart",
            parts=(
                Part("caption", "Me, on holiday"),
                Part(
                    "image",
                    "./images/photo.png",
                    is_file=True,
                    content_type="image/png",
                    filename="me.png",
                ),
            ),
        ),
    )
    assert specs[4] == RequestSpec(
        "{{baseUrl}}/bulk",
        "PUT",
        body=Body(kind="file", path="./bulk.ndjson", content_type="application/x-ndjson"),
    )
    assert specs[5].auth == Auth(kind="digest", username="ada", password="s3cret")
    assert specs[5].headers == ()
    assert any("$dotenv" in note for note in data.notes)


JETBRAINS = """\
### Health, with settings
# @no-redirect
# @no-cookie-jar
# @timeout 7.5
GET /health
Host: localhost:8080

### Login and keep the token
< {%
    request.variables.set("n", "1");
%}
POST https://auth.example.com/token
Content-Type: application/json

{"user": "ada", "password": "{{password}}"}

> {%
    client.global.set("token", response.body.token);
%}

### Profile
GET localhost:8080/me
Authorization: Bearer {{token}}

>> ./out/profile.json
"""


def test_jetbrains_http_client_file() -> None:
    data = parse_http(JETBRAINS)
    first, second, third = (item.request for item in data.items)
    assert first.spec == RequestSpec(
        "http://localhost:8080/health",
        headers=(Field("Host", "localhost:8080"),),
        options=Options(follow_redirects=False, cookies=False, timeout=7.5),
    )
    assert second.name == "Login and keep the token"
    assert second.spec.body == Body(
        kind="raw",
        text='{"user": "ada", "password": "{{password}}"}',
        content_type="application/json",
    )
    assert third.spec.url == "http://localhost:8080/me"
    assert third.spec.body == Body()
    notes = "\n".join(data.notes)
    assert "pre-request script" in notes
    assert "Response handlers" in notes


def test_requests_without_separator_title_get_a_derived_name() -> None:
    data = parse_http("GET https://e.x/a/b\n\n###\n\nDELETE https://e.x/items/1\n")
    assert [i.request.name for i in data.items] == ["GET /a/b", "DELETE /items/1"]


def test_a_block_of_variables_only_makes_no_request() -> None:
    data = parse_http("@a = 1\n# just a comment\n\n###\n@b = two words \n")
    assert data.items == ()
    assert data.variables == (Variable("a", "1"), Variable("b", "two words"))


def test_a_variable_set_twice_keeps_the_later_value_with_a_note() -> None:
    data = parse_http("@a = 1\n@a = 2\nGET https://e.x/\n")
    assert data.variables == (Variable("a", "2"),)
    assert any("set twice" in note for note in data.notes)


def test_empty_text_is_an_empty_collection() -> None:
    assert parse_http("") == CollectionData(name="")


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("GET https://e.x/a b\n", "line 1", "Expected a request line"),
        ("Content-Type: text/plain\n", "line 1", "Expected a request line"),
        ("###\nPOST\n", "line 2", "has no URL"),
        ("GET https://e.x/\nAccept: x\nnot a header\n\nbody", "line 3", "Expected a header"),
        ("GET https://e.x/\n: value\n", "line 2", "Expected a header"),
        ("GRAPHQL https://e.x/graphql\n\nquery { a }", "line 1", "GRAPHQL requests"),
        ("WEBSOCKET ws://e.x/\n", "line 1", "WEBSOCKET"),
        ("# @timeout soon\nGET https://e.x/\n", "line 1", "# @timeout needs"),
        ("GET /relative\nAccept: x\n", "line 1", "has no host"),
        (
            "POST https://e.x/\nContent-Type: multipart/form-data\n\n--x\n",
            "line 4",
            "boundary=",
        ),
        (
            "POST https://e.x/\nContent-Type: multipart/form-data; boundary=b\n\ntext first\n--b\n",
            "line 4",
            "must start with the boundary",
        ),
        (
            "POST https://e.x/\nContent-Type: multipart/form-data; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n",
            "line 4",
            "no Content-Disposition",
        ),
    ],
)
def test_syntax_errors_name_the_line(text: str, where: str, words: str) -> None:
    with pytest.raises(FormatError) as caught:
        parse_http(text)
    assert caught.value.where == where
    assert words in caught.value.message


def collection() -> CollectionData:
    """Requests of every kind the format can hold exactly."""
    return CollectionData(
        name="demo",
        items=(
            CollectionItem(
                (),
                SavedRequest(
                    "List",
                    RequestSpec(
                        "{{base}}/users?page=2",
                        headers=(
                            Field("Accept", "application/json"),
                            Field("X-Off", "1", enabled=False),
                        ),
                        options=Options(follow_redirects=False, cookies=False, timeout=5),
                    ),
                    description="Line one.\n\nLine three.",
                ),
            ),
            CollectionItem(
                (),
                SavedRequest(
                    "Create",
                    RequestSpec(
                        "{{base}}/users",
                        "POST",
                        body=Body(
                            kind="raw", text='{\n  "a": 1\n}', content_type="application/json"
                        ),
                        auth=Auth(kind="basic", username="u", password="p", preemptive=True),
                    ),
                ),
            ),
            CollectionItem(
                (),
                SavedRequest(
                    "No password",
                    RequestSpec(
                        "https://e.x/", auth=Auth(kind="basic", username="u", preemptive=True)
                    ),
                ),
            ),
            CollectionItem(
                (),
                SavedRequest(
                    "Upload",
                    RequestSpec(
                        "https://e.x/up",
                        "PUT",
                        body=Body(
                            kind="multipart",
                            parts=(
                                Part("t", "two\nlines", content_type="text/plain"),
                                Part("f", "./a b.png", is_file=True, filename="c.png"),
                                Part("g", "./g.bin", is_file=True, content_type="application/x-g"),
                            ),
                        ),
                        auth=Auth(kind="digest", username="d", password="q"),
                    ),
                ),
            ),
            CollectionItem(
                (),
                SavedRequest(
                    "Send file",
                    RequestSpec(
                        "https://e.x/file",
                        "POST",
                        body=Body(
                            kind="file", path="./data.bin", content_type="application/octet-stream"
                        ),
                    ),
                ),
            ),
        ),
        variables=(Variable("base", "https://api.example.com"), Variable("n", "1")),
    )


def test_export_then_import_gives_the_same_collection() -> None:
    data = collection()
    back = parse_http(to_http(data), name="demo")
    assert back.items == data.items
    assert back.variables == data.variables
    assert back.notes == ()


def test_export_takes_a_plain_list_of_requests() -> None:
    requests = [item.request for item in collection().items]
    text = to_http(requests)
    assert not text.startswith("@")
    assert [i.request for i in parse_http(text).items] == requests


def test_export_writes_what_both_editors_read() -> None:
    text = to_http(collection())
    assert text.startswith("@base = https://api.example.com\n@n = 1\n\n### List\n# Line one.\n#\n")
    assert "# @no-redirect\n# @no-cookie-jar\n# @timeout 5\nGET {{base}}/users?page=2\n" in text
    assert 'Authorization: Basic u p\nContent-Type: application/json\n\n{\n  "a": 1\n}\n' in text
    assert "Authorization: Basic u:\n" in text
    assert "Content-Type: multipart/form-data; boundary=WorkbenchBoundary\n" in text
    assert 'name="f"; filename="c.png"\n\n< ./a b.png\n' in text


def test_what_the_format_cannot_hold_comes_back_equivalent() -> None:
    spec = RequestSpec(
        "https://e.x/s",
        params=(Field("q", "a b"), Field("off", "1", enabled=False), Field("t", "{{tok}}")),
        body=Body(kind="form", fields=(Field("a", "1&2"),)),
        auth=Auth(kind="apikey", key_name="key", key_value="k", key_in="query"),
    )
    [back] = [i.request.spec for i in parse_http(to_http([SavedRequest("s", spec)])).items]
    assert back.url == "https://e.x/s?q=a+b&t={{tok}}&key=k"
    assert back.body == Body(
        kind="raw", text="a=1%262", content_type="application/x-www-form-urlencoded"
    )


def test_secret_and_disabled_variables() -> None:
    data = CollectionData(
        "c", variables=(Variable("pw", "hunter2", secret=True), Variable("old", "x", enabled=False))
    )
    text = to_http(data)
    assert "hunter2" not in text
    assert "# pw is secret: its value is not written here.\n@pw =\n" in text
    assert "# (disabled) @old = x" in text
    assert parse_http(text).variables == (Variable("pw", ""),)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (RequestSpec("https://e.x/", "POST", body=Body(kind="raw", text="a\n### b")), "###"),
        (RequestSpec("https://e.x/", "POST", body=Body(kind="raw", text="< ./x")), "file name"),
        (RequestSpec("https://e.x/", headers=(Field("A", "1\n2"),)), "line break"),
    ],
)
def test_export_refuses_text_that_would_change_meaning(spec: RequestSpec, words: str) -> None:
    with pytest.raises(FormatError) as caught:
        to_http([SavedRequest("bad one", spec)])
    assert caught.value.where == "request 'bad one'"
    assert words in caught.value.message


def test_a_variable_value_with_a_line_break_is_refused() -> None:
    with pytest.raises(FormatError) as caught:
        to_http(CollectionData("c", variables=(Variable("v", "a\nb"),)))
    assert caught.value.where == "variable v"
