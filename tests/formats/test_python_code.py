"""to_python: the generated script compiles for every shape of spec, and runs against a loopback
server, which checks what arrived."""

from __future__ import annotations

import ast
import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, Proxy, RequestSpec
from workbench.formats.python_code import to_python

NASTY = 'it\'s "q" \'\'\' """ \\ \n\r\t é \x00 {braces} %s $HOME'


def run(spec: RequestSpec, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Write the script to a file and run it with this interpreter."""
    script = tmp_path / "request.py"
    script.write_text(to_python(spec), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )


SHAPES = [
    RequestSpec("http://e.x/"),
    RequestSpec(NASTY, NASTY, params=(Field(NASTY, NASTY),), headers=(Field(NASTY, NASTY),)),
    RequestSpec("https://e.x/", "POST", body=Body(kind="raw", text=NASTY, content_type=NASTY)),
    RequestSpec("https://e.x/", "POST", body=Body(kind="form", fields=(Field(NASTY, NASTY),))),
    RequestSpec("https://e.x/", "POST", body=Body(kind="file", path=NASTY)),
    RequestSpec(
        "https://e.x/",
        "POST",
        body=Body(
            kind="multipart", parts=(Part(NASTY, NASTY, True, NASTY, NASTY), Part("t", NASTY))
        ),
    ),
    RequestSpec("https://u:p@e.x/#frag", auth=Auth()),
    RequestSpec(
        "https://e.x/", auth=Auth(kind="basic", username=NASTY, password=NASTY, realm=NASTY)
    ),
    RequestSpec(
        "https://e.x/",
        auth=Auth(kind="basic", username="u", password="p", preemptive=True, scope="e.x"),
    ),
    RequestSpec("https://e.x/", auth=Auth(kind="digest", username="u", password=NASTY)),
    RequestSpec("https://e.x/", auth=Auth(kind="bearer", token=NASTY)),
    RequestSpec(
        "https://e.x/", auth=Auth(kind="apikey", key_name="k", key_value=NASTY, key_in="query")
    ),
    RequestSpec("https://e.x/", auth=Auth(kind="apikey", key_name="X-K", key_value=NASTY)),
    RequestSpec("https://e.x/", proxy=Proxy(mode="direct")),
    RequestSpec(
        "https://e.x/",
        proxy=Proxy(
            mode="manual",
            url="http://p:1",
            https_url="http://q:2",
            username=NASTY,
            password=NASTY,
            no_proxy=("a", NASTY),
        ),
    ),
    RequestSpec(
        "https://e.x/",
        options=Options(
            timeout=None,
            total_timeout=3.5,
            follow_redirects=False,
            cookies=False,
            decode=False,
            tls=TLS(verify=False, ca_file=NASTY, client_cert=NASTY, client_key=NASTY),
        ),
    ),
    RequestSpec("https://e.x/", options=Options(max_redirects=2)),
]


@pytest.mark.parametrize("spec", SHAPES)
def test_every_shape_compiles_and_keeps_values_as_literals(spec: RequestSpec) -> None:
    code = to_python(spec)
    tree = ast.parse(code)
    compile(tree, "<generated>", "exec")
    # Nothing in the spec became code: every top-level statement is one the generator writes.
    kinds = {type(node).__name__ for node in tree.body}
    assert kinds <= {"Expr", "Import", "Assign", "FunctionDef", "ClassDef", "If"}
    constants = {
        node.targets[0].id: ast.literal_eval(node.value)  # type: ignore[attr-defined]
        for node in tree.body
        if isinstance(node, ast.Assign)
    }
    assert constants["METHOD"] == spec.method
    assert constants["URL"] == spec.url.partition("#")[0].replace("u:p@", "")


def test_get_with_params_and_headers(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(
        "/search",
        method="GET",
        query_string={"fixed": "1", "q": "a b&c", "lang": "é"},
        headers={"X-Trace": "t-1", "Accept": "application/json"},
    ).respond_with_json({"hits": 3})
    spec = RequestSpec(
        httpserver.url_for("/search?fixed=1"),
        params=(Field("q", "a b&c"), Field("off", "x", enabled=False), Field("lang", "é")),
        headers=(
            Field("X-Trace", "t-1"),
            Field("Accept", "application/json"),
            Field("X-Off", "1", enabled=False),
        ),
        options=Options(decode=False),
    )
    done = run(spec, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("200 OK\n")
    assert '"hits": 3' in done.stdout
    httpserver.check_assertions()
    request = httpserver.log[0][0]
    assert "X-Off" not in request.headers
    assert request.headers["Accept-Encoding"] == "identity"


def test_form_post(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(
        "/login",
        method="POST",
        data="user=al+ice&pass=p%26w%3D1",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    ).respond_with_data("welcome")
    body = Body(kind="form", fields=(Field("user", "al ice"), Field("pass", "p&w=1")))
    done = run(RequestSpec(httpserver.url_for("/login"), "POST", body=body), tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("200 OK\n")
    assert "welcome" in done.stdout
    httpserver.check_assertions()


def test_json_raw_body_and_gzip_answer(httpserver: HTTPServer, tmp_path: Path) -> None:
    text = '{"name": "é\\n", "n": 1}'
    httpserver.expect_request(
        "/items",
        method="PUT",
        data=text.encode(),
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip, deflate"},
    ).respond_with_response(
        Response(
            gzip.compress("créé".encode()),
            headers={"Content-Encoding": "gzip"},
            content_type="text/plain; charset=utf-8",
        )
    )
    spec = RequestSpec(
        httpserver.url_for("/items"),
        "PUT",
        body=Body(kind="raw", text=text, content_type="application/json"),
    )
    done = run(spec, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "créé" in done.stdout
    httpserver.check_assertions()


def test_basic_auth_answers_the_challenge(httpserver: HTTPServer, tmp_path: Path) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") != "Basic YWxpY2U6czNjcmV0":
            return Response("who?", status=401, headers={"WWW-Authenticate": 'Basic realm="zone"'})
        return Response("hello alice")

    httpserver.expect_request("/private").respond_with_handler(handler)
    spec = RequestSpec(
        httpserver.url_for("/private"), auth=Auth(kind="basic", username="alice", password="s3cret")
    )
    done = run(spec, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("200 OK\n")
    assert "hello alice" in done.stdout
    first, second = (entry[0] for entry in httpserver.log)
    assert "Authorization" not in first.headers  # it waited for the challenge
    assert second.headers["Authorization"] == "Basic YWxpY2U6czNjcmV0"


def test_preemptive_basic_sends_credentials_at_once(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/p", headers={"Authorization": "Basic dTpw"}).respond_with_data("in")
    spec = RequestSpec(
        httpserver.url_for("/p"),
        auth=Auth(kind="basic", username="u", password="p", preemptive=True),
    )
    done = run(spec, tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(httpserver.log) == 1
    httpserver.check_assertions()


def test_404_prints_the_error_response(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/missing").respond_with_data(
        "no such thing", status=404, headers={"X-Why": "gone"}
    )
    done = run(RequestSpec(httpserver.url_for("/missing")), tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "404 NOT FOUND"
    assert "X-Why: gone" in lines
    assert lines[-1] == "no such thing"


def test_redirect_not_followed_shows_the_3xx(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=302, headers={"Location": "/new"}
    )
    spec = RequestSpec(httpserver.url_for("/old"), options=Options(follow_redirects=False))
    done = run(spec, tmp_path)
    assert done.stdout.startswith("302 FOUND\n")
    assert "Location: /new" in done.stdout
    assert [entry[0].path for entry in httpserver.log] == ["/old"]


def test_redirect_followed_with_cookies_kept(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/start").respond_with_data(
        "", status=302, headers={"Location": "/end", "Set-Cookie": "sid=42; Path=/"}
    )
    httpserver.expect_request("/end", headers={"Cookie": "sid=42"}).respond_with_data("arrived")
    done = run(RequestSpec(httpserver.url_for("/start")), tmp_path)
    assert done.stdout.startswith("200 OK\n")
    assert "arrived" in done.stdout
    httpserver.check_assertions()


def test_multipart_with_a_file(httpserver: HTTPServer, tmp_path: Path) -> None:
    upload = tmp_path / "photo.png"
    upload.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    got: list[tuple[dict[str, str], dict[str, tuple[str | None, str | None, bytes]]]] = []

    def handler(request: Request) -> Response:
        files = {k: (f.filename, f.content_type, f.read()) for k, f in request.files.items()}
        got.append((dict(request.form), files))
        return Response("stored")

    httpserver.expect_request("/upload", method="POST").respond_with_handler(handler)
    parts = (
        Part("title", 'Holiday "pic"'),
        Part("meta", '{"a": 1}', content_type="application/json"),
        Part("image", str(upload), is_file=True, filename="renamed.png"),
    )
    spec = RequestSpec(
        httpserver.url_for("/upload"), "POST", body=Body(kind="multipart", parts=parts)
    )
    done = run(spec, tmp_path)
    assert done.returncode == 0, done.stderr
    assert got == [
        (
            {"title": 'Holiday "pic"', "meta": '{"a": 1}'},
            {"image": ("renamed.png", "image/png", b"\x89PNG\r\n\x1a\nfake")},
        )
    ]


def test_file_body_and_api_key_in_query(httpserver: HTTPServer, tmp_path: Path) -> None:
    (tmp_path / "data.bin").write_bytes(b"\x00\x01\x02")
    httpserver.expect_request(
        "/blob",
        method="POST",
        query_string={"api_key": "k&1"},
        data=b"\x00\x01\x02",
        headers={"Content-Type": "application/octet-stream"},
    ).respond_with_data("ok")
    spec = RequestSpec(
        httpserver.url_for("/blob"),
        "POST",
        body=Body(kind="file", path=str(tmp_path / "data.bin")),
        auth=Auth(kind="apikey", key_name="api_key", key_value="k&1", key_in="query"),
    )
    done = run(spec, tmp_path)
    assert done.returncode == 0, done.stderr
    httpserver.check_assertions()


def test_manual_proxy_receives_the_absolute_url(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/thing").respond_with_data("via proxy")
    spec = RequestSpec(
        "http://api.example.test/thing",
        proxy=Proxy(
            mode="manual", url=httpserver.url_for("").rstrip("/"), username="pu", password="p w"
        ),
    )
    done = run(spec, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "via proxy" in done.stdout
    request = httpserver.log[0][0]
    assert request.headers["Host"] == "api.example.test"
    assert request.headers["Proxy-Authorization"] == "Basic cHU6cCB3"


def test_connection_refused_is_a_message_and_exit_1(tmp_path: Path) -> None:
    done = run(RequestSpec("http://127.0.0.1:9/", options=Options(timeout=5)), tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("No response:")
    assert "Traceback" not in done.stderr
