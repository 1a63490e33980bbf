"""curl import and export checked against the real curl on loopback.

The same command is run by bash + curl and, parsed, by the engine; the server compares what
arrived. Exported commands are run by curl and compared with the engine sending the spec itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.engine import send
from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, Proxy, RequestSpec
from workbench.formats.curl import parse_curl, to_curl

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl program")

# Headers each client sets its own way; compared only when the request names them.
CLIENT_HEADERS = {
    "host", "user-agent", "accept", "accept-encoding", "connection", "content-length",
    "content-type", "transfer-encoding", "expect",
}  # fmt: skip

Seen = dict[str, Any]


def seen(request: Request) -> Seen:
    """What the server got, with multipart bodies read into fields (boundaries differ)."""
    content_type = request.headers.get("Content-Type", "")
    if content_type.startswith("multipart/form-data"):
        files = {
            name: (f.filename, f.content_type, f.read())
            for name, f in request.files.items(multi=True)
        }
        body: Any = (sorted(request.form.items(multi=True)), sorted(files.items()))
        content_type = "multipart/form-data"
    else:
        body = request.get_data()
    return {
        "method": request.method,
        "path": request.path,
        "query": request.query_string.decode(),
        "content_type": content_type,
        "body": body,
        "headers": {k.lower(): v for k, v in request.headers.items()},
    }


@pytest.fixture
def received(httpserver: HTTPServer) -> list[Seen]:
    """Every request the server got, in order (answered with 200)."""
    got: list[Seen] = []

    def handler(request: Request) -> Response:
        got.append(seen(request))
        return Response("ok", content_type="text/plain")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    return got


@pytest.fixture
def run_curl(tmp_path: Path) -> Callable[[str], None]:
    """Run a command line with bash; no ~/.curlrc can change it."""
    env = {**os.environ, "HOME": str(tmp_path), "CURL_HOME": str(tmp_path)}

    def run(command: str) -> None:
        done = subprocess.run(
            ["bash", "-c", command],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    return run


def compare(
    by_curl: Seen, by_engine: Seen, named: set[str], exempt: frozenset[str] = frozenset()
) -> None:
    """The two requests agree on everything but what each client adds by itself."""
    ignore = CLIENT_HEADERS - named
    for key in ("method", "path", "query", "content_type", "body"):
        if key in exempt:
            continue
        assert by_engine[key] == by_curl[key], key
    curl_headers = {k: v for k, v in by_curl["headers"].items() if k not in ignore}
    engine_headers = {k: v for k, v in by_engine["headers"].items() if k not in ignore}
    assert engine_headers == curl_headers


IMPORTED = [
    "curl -X POST {u}/charges -u sk_test_x: -d amount=2000 -d currency=usd -d 'meta[a]'=b",
    "curl -G {u}/search --data-urlencode 'q=hello world & more' -d limit=10",
    """curl {u}/v1/chat -H 'Content-Type: application/json' -H 'Authorization: Bearer tok' -d '{{"model": "m", "n": 1}}'""",
    "curl -F purpose=fine-tune -F 'file=@{tmp}/data.txt;type=text/plain' -F 'note=a b' {u}/files",
    "curl -F 'img=@{tmp}/data.txt;filename=renamed.txt' {u}/files",
    "curl --data-urlencode 'Body=Hi there' --data-urlencode 'From=+1555' -u AC1:tok {u}/Messages.json",
    "curl -X PUT {u}/doc/1 -H 'Content-Type: application/json' --data-binary @{tmp}/doc.json",
    # curl sends no Content-Type with -T; the engine always types a file body (a note says so).
    pytest.param("curl -T {tmp}/data.txt {u}/upload/", frozenset({"content_type"}), id="upload"),
    "curl -A 'MyBot/1.0' -e {u}/from -b sid=1 -b lang=en -H 'X-Empty;' -H 'X-Two: a b' {u}/page",
    """curl --json '{{"tool": "curl"}}' {u}/api""",
    "curl -I {u}/head",
    "curl --url-query 'q=a b' --url-query '+r=%41' '{u}/qs?v=1'",
    "curl -X DELETE {u}/items/42 -H 'X-Req: 1'",
    "curl --oauth2-bearer tok {u}/me",
    "curl -d @{tmp}/form.txt {u}/form",
    """curl {u}/chrome --data-raw $'{{"note":"it\\'s \\u00e9"}}' -H 'content-type: application/json'""",
]


@pytest.mark.parametrize(
    ("template", "exempt"),
    [p if isinstance(p, type(pytest.param())) else pytest.param(p, frozenset()) for p in IMPORTED],
)
def test_imported_command_sends_what_curl_sends(
    template: str,
    exempt: frozenset[str],
    tmp_path: Path,
    httpserver: HTTPServer,
    received: list[Seen],
    run_curl: Any,
) -> None:
    (tmp_path / "data.txt").write_text("line one\nline two\n")
    (tmp_path / "doc.json").write_text('{"a": [1, 2]}\n')
    (tmp_path / "form.txt").write_text("a=1&b=two%20words")
    command = template.format(u=httpserver.url_for("").rstrip("/"), tmp=tmp_path)
    run_curl(command + " -s -o /dev/null")
    spec = parse_curl(command)
    exchange = send(spec)
    assert exchange.ok, exchange.error
    assert len(received) == 2
    compare(received[0], received[1], {h.name.lower() for h in spec.headers}, exempt)


def test_compressed_asks_for_an_encoding_like_curl(
    httpserver: HTTPServer, received: list[Seen], run_curl: Any
) -> None:
    command = f"curl --compressed {httpserver.url_for('/z')}"
    run_curl(command + " -s -o /dev/null")
    send(parse_curl(command))
    assert "gzip" in received[0]["headers"]["accept-encoding"]
    assert "gzip" in received[1]["headers"]["accept-encoding"]


def test_without_compressed_no_encoding_is_asked_for(
    httpserver: HTTPServer, received: list[Seen], run_curl: Any
) -> None:
    command = f"curl {httpserver.url_for('/plain')}"
    run_curl(command + " -s -o /dev/null")
    send(parse_curl(command))
    assert "accept-encoding" not in received[0]["headers"]
    assert received[1]["headers"]["accept-encoding"] == "identity"  # http.client's way of "none"


def exported_specs(url: str, tmp: Path) -> list[RequestSpec]:
    """Specs of each body and auth kind, with awkward text for the shell and for -F."""
    upload = tmp / "my;odd,name.txt"
    upload.write_text("file body\n")
    payload = tmp / "payload.bin"
    payload.write_bytes(b"\x00\x01binary\xff")
    odd = 'it\'s "quoted" $HOME `cmd` \\ \n new line é'
    return [
        RequestSpec(
            f"{url}/get?fixed=1",
            params=(Field("q", "a b&c=d"), Field("skip", "x", enabled=False), Field("é", "ü")),
            headers=(Field("X-Odd", "it's $HOME"), Field("X-Empty", ""), Field("Accept", "text/x")),
        ),
        RequestSpec(
            f"{url}/json", "POST", body=Body(kind="raw", text=odd, content_type="application/json")
        ),
        RequestSpec(f"{url}/text", "PATCH", body=Body(kind="raw", text="plain"), options=Options()),
        RequestSpec(
            f"{url}/form",
            "POST",
            body=Body(
                kind="form",
                fields=(
                    Field("a b", "1+1=2 & more"),
                    Field("k=v", "%41"),
                    Field("off", "x", enabled=False),
                ),
            ),
        ),
        RequestSpec(
            f"{url}/multipart",
            "PUT",
            body=Body(
                kind="multipart",
                parts=(
                    Part("text", 'a;b,c "q"'),
                    Part("typed", "x;y", content_type="text/x-special"),
                    Part("at", "@not-a-file"),
                    Part(
                        "file",
                        str(upload),
                        is_file=True,
                        content_type="text/plain",
                        filename="r;n.txt",
                    ),
                ),
            ),
        ),
        RequestSpec(
            f"{url}/file",
            "POST",
            body=Body(kind="file", path=str(payload), content_type="application/octet-stream"),
        ),
        RequestSpec(
            f"{url}/basic",
            auth=Auth(kind="basic", username="al ice", password="p:w'd", preemptive=True),
        ),
        RequestSpec(f"{url}/bearer", auth=Auth(kind="bearer", token="tok en")),
        RequestSpec(
            f"{url}/key",
            auth=Auth(kind="apikey", key_name="api_key", key_value="k&1", key_in="query"),
        ),
        RequestSpec(f"{url}/key", auth=Auth(kind="apikey", key_name="X-Key", key_value="k1")),
        RequestSpec(f"{url}/head", "HEAD"),
        RequestSpec(
            f"{url}/delete", "DELETE", body=Body(kind="raw", text="why", content_type="text/x")
        ),
    ]


def test_exported_commands_send_what_the_engine_sends(
    tmp_path: Path, httpserver: HTTPServer, received: list[Seen], run_curl: Any
) -> None:
    url = httpserver.url_for("").rstrip("/")
    for spec in exported_specs(url, tmp_path):
        received.clear()
        exchange = send(spec)
        assert exchange.ok, exchange.error
        run_curl(to_curl(spec) + " -s -o /dev/null")
        named = {h.name.lower() for h in spec.headers if h.enabled}
        compare(received[1], received[0], named)


def test_multiline_export_runs_too(
    tmp_path: Path, httpserver: HTTPServer, received: list[Seen], run_curl: Any
) -> None:
    spec = exported_specs(httpserver.url_for("").rstrip("/"), tmp_path)[1]
    command = to_curl(spec, multiline=True)
    assert command.count(" \\\n  ") >= 2
    send(spec)
    run_curl(command + " -s -o /dev/null")
    compare(received[1], received[0], set())


ROUND_TRIP = [
    RequestSpec("https://e.x/a?b=1", headers=(Field("A", "1"), Field("Empty", ""))),
    RequestSpec(
        "https://e.x/",
        "POST",
        body=Body(kind="raw", text='{"a": "it\'s"}\n', content_type="application/json"),
        options=Options(
            follow_redirects=True, max_redirects=5, decode=True, timeout=12.5, total_timeout=60
        ),
    ),
    RequestSpec(
        "https://e.x/",
        "POST",
        body=Body(kind="form", fields=(Field("a b", "1+1"), Field("k=v", "%"), Field("e", ""))),
        options=Options(follow_redirects=False, decode=False, timeout=None),
    ),
    RequestSpec(
        "https://e.x/",
        "PUT",
        body=Body(
            kind="multipart",
            parts=(
                Part("t", 'x;y "q"'),
                Part("c", "v", content_type="text/x"),
                Part(
                    "f",
                    "/tmp/a;b.txt",
                    is_file=True,
                    content_type="text/plain",
                    filename='n "1".txt',
                ),
                Part("g", "rel/path.bin", is_file=True),
            ),
        ),
        options=Options(follow_redirects=False, decode=False),
    ),
    RequestSpec(
        "https://e.x/",
        "POST",
        body=Body(kind="file", path="/data/x.bin", content_type="application/octet-stream"),
        options=Options(follow_redirects=False, decode=False),
    ),
    RequestSpec(
        "https://e.x/",
        "GET",
        body=Body(kind="raw", text="q", content_type="text/x"),
        options=Options(follow_redirects=False, decode=False),
    ),
    RequestSpec("https://e.x/", "HEAD", options=Options(follow_redirects=False, decode=False)),
    RequestSpec(
        "https://e.x/",
        auth=Auth(kind="basic", username="u", password="p:w", preemptive=True),
        options=Options(follow_redirects=False, decode=False, max_redirects=3),
    ),
    RequestSpec(
        "https://e.x/",
        auth=Auth(kind="basic", username="u", password="p"),
        options=Options(decode=False),
    ),
    RequestSpec(
        "https://e.x/",
        auth=Auth(kind="digest", username="u", password="p"),
        options=Options(decode=False),
    ),
    RequestSpec(
        "https://e.x/", auth=Auth(kind="bearer", token="{{token}}"), options=Options(decode=False)
    ),
    RequestSpec(
        "https://e.x/",
        proxy=Proxy(
            mode="manual",
            url="http://p.x:3128",
            username="a",
            password="b c",
            no_proxy=("localhost", ".int"),
        ),
        options=Options(
            decode=False,
            tls=TLS(verify=False, ca_file="ca.pem", client_cert="c.pem", client_key="k.pem"),
        ),
    ),
    RequestSpec("https://e.x/", proxy=Proxy(mode="direct"), options=Options(decode=False)),
]


@pytest.mark.parametrize("spec", ROUND_TRIP)
@pytest.mark.parametrize("multiline", [False, True])
def test_export_then_import_gives_the_same_spec(spec: RequestSpec, multiline: bool) -> None:
    assert parse_curl(to_curl(spec, multiline=multiline)) == spec


def test_what_curl_cannot_say_is_left_out_but_the_wire_is_the_same() -> None:
    spec = RequestSpec(
        "https://e.x/p?x=1",
        params=(Field("q", "a b"),),
        body=Body(kind="raw", text="t"),
        options=Options(cookies=False, headers_as_typed=False),
    )
    back = parse_curl(to_curl(spec))
    assert back.url == "https://e.x/p?x=1&q=a+b"
    assert back.params == ()
    assert back.body == Body(kind="raw", text="t", content_type="text/plain; charset=utf-8")
    assert back.options.cookies is True


def test_export_is_one_line_unless_asked() -> None:
    text = to_curl(RequestSpec("https://e.x/", headers=(Field("A", "1"),)))
    assert "\n" not in text
    assert text == "curl https://e.x/ -H 'A: 1' --compressed -L --max-redirs 10"
