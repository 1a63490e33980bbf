"""The urllib HOWTO tour against a real playground: every step passes, fails as declared, shows what it says.

The descriptions tell a reader what to look at (a header, a hop, a note); `CHECKS` holds, for each
request, the facts its description promises, checked on a real exchange.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pytest

from workbench import assets
from workbench.cli import main
from workbench.engine import send
from workbench.engine.exchange import Exchange, Hop
from workbench.formats import request_file
from workbench.formats.model import SavedRequest
from workbench.playground import Playground
from workbench.store import environments, folder_settings, tour
from workbench.store.collections import Collection
from workbench.store.variables import resolve

SECTIONS = [
    "01 Fetching URLs",
    "02 Data",
    "03 Headers",
    "04 Handling Exceptions",
    "05 info and geturl",
    "06 Openers and Handlers",
    "07 Basic Authentication",
    "08 Proxies",
    "09 Sockets and Layers",
]
"""The HOWTO's sections, in its order."""
DIRECT = "Direct: no proxy, as the proxy setting says."
"""The routing note on every hop of a tour request (the tour's requests choose Direct)."""


@pytest.fixture(scope="module")
def pg() -> Iterator[Playground]:
    """The playground as the app starts it for the tour: with a proxy that needs the demo credentials."""
    with Playground(port=0, proxy_port=0, proxy_auth=tour.PROXY_AUTH) as running:
        yield running
        assert running.errors == []


@pytest.fixture
def installed() -> Path:
    """The tour installed in this test's WORKBENCH_HOME."""
    return tour.install()


def walk(node: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """Every file under a resource folder, with its relative path."""
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            yield from walk(child, rel + "/")
        else:
            yield rel, child


def shipped_requests() -> dict[str, SavedRequest]:
    """Every request file of the shipped tour, read from the installed package's resources."""
    return {
        rel: request_file.loads(node.read_text("utf-8"), name=rel.rpartition("/")[2][:-11])
        for rel, node in walk(assets.find("tour"))
        if rel.endswith(request_file.EXTENSION)
    }


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def exchange_of(folder: Path, rel: str, pg: Playground) -> Exchange:
    """Send one tour request as the app would: folder defaults, variables from the playground."""
    collection = Collection.open(folder)
    saved = collection.effective(collection.load(rel))
    overrides = tour.playground_variables(pg.url, pg.proxy_url)
    scope = environments.variables_for(collection, None, None, overrides)
    return send(resolve(saved.spec, scope.values))


# -- the files ---------------------------------------------------------------------------------


def test_every_shipped_file_reads_and_writes_back_byte_for_byte() -> None:
    files = dict(walk(assets.find("tour")))
    assert "README.md" in files
    assert "collection.toml" in files
    requests = 0
    for rel, node in files.items():
        text = node.read_text("utf-8")
        name = rel.rpartition("/")[2]
        if name.endswith(request_file.EXTENSION):
            saved = request_file.loads(text, name=name[: -len(request_file.EXTENSION)])
            assert saved.description.strip(), rel
            assert request_file.dumps(saved) == text, f"{rel} is not in the writer's own layout"
            requests += 1
        elif name in (folder_settings.FOLDER_FILE, folder_settings.COLLECTION_FILE):
            settings = folder_settings.loads(text, name)
            assert settings.description.strip(), rel
            assert folder_settings.dumps(settings, name) == text, rel
        else:
            assert rel == "README.md", f"unexpected file {rel}"
    assert requests == 25


def test_every_request_stays_on_this_computer() -> None:
    for rel, saved in shipped_requests().items():
        spec = saved.spec
        assert spec.url.startswith("{{playground}}/") or spec.url == "http://127.0.0.1:9/", rel
        if rel.startswith("08 Proxies/"):
            assert (spec.proxy.mode, spec.proxy.url) == ("manual", "{{playground_proxy}}"), rel
        else:  # a proxy from the system settings could not reach the playground
            assert spec.proxy.mode == "direct", rel


def test_the_installed_tour_follows_the_howto_in_reading_order(installed: Path) -> None:
    collection = Collection.open(installed)
    tree = collection.tree()
    assert [node.name for node in tree.children] == SECTIONS
    paths = collection.requests("")
    assert paths == sorted(shipped_requests(), key=lambda p: (p.split("/")[0], p))
    assert collection.name == tour.TOUR_NAME


def test_the_collection_holds_the_demo_values_the_app_starts_the_playground_with(
    installed: Path,
) -> None:
    variables = {v.name: v for v in Collection.open(installed).settings("").variables}
    assert variables["demo_user"].value == tour.DEMO_USER
    assert variables["demo_password"].value == tour.DEMO_PASSWORD
    assert (variables["proxy_user"].value, variables["proxy_password"].value) == tour.PROXY_AUTH
    assert variables["wrong_password"].value != tour.DEMO_PASSWORD
    assert not any(v.secret for v in variables.values())
    assert "playground" not in variables  # set by the app; a stale port here would mislead


# -- workbench run -----------------------------------------------------------------------------


def test_workbench_run_passes_every_step_of_the_tour(installed: Path, pg: Playground) -> None:
    code, out, err = run_cli(
        "run",
        str(installed),
        "--var",
        f"playground={pg.url}",
        "--var",
        f"playground_proxy={pg.proxy_url}",
        "--format",
        "json",
        "--no-history",
    )
    report = json.loads(out)
    assert [r["path"] for r in report["results"] if not r["ok"]] == [], out
    assert (code, err, report["passed"], report["failed"]) == (0, "", 25, 0)
    assert [r["path"] for r in report["results"]] == Collection.open(installed).requests("")
    requests = shipped_requests()
    for result in report["results"]:  # the failure demonstrations failed the declared way
        saved = requests[result["path"]]
        if saved.expect_error:
            assert (result["status"], result["error_kind"]) in (
                (None, saved.expect_error),
                (200, saved.expect_error),  # a deadline passed while the body arrived
            ), result
        elif saved.expect_status:
            assert result["status"] in saved.expect_status, result
    demos = [r for r in requests.values() if r.expect_error or r.expect_status]
    assert len(demos) == 9


def test_each_failure_demonstration_fails_the_way_it_declares(
    installed: Path, pg: Playground
) -> None:
    for rel, saved in shipped_requests().items():
        if not (saved.expect_error or saved.expect_status):
            continue
        exchange = exchange_of(installed, rel, pg)
        try:
            if saved.expect_error:
                assert exchange.error is not None, rel
                assert exchange.error.kind == saved.expect_error, (rel, exchange.error)
            else:
                assert exchange.error is None, (rel, exchange.error)
                assert exchange.response is not None
                assert exchange.response.status in saved.expect_status, rel
                assert exchange.response.is_error, f"{rel}: urllib raises HTTPError for it"
        finally:
            exchange.body.close()


def test_a_folder_runs_on_its_own_with_a_system_proxy_that_cannot_reach_the_playground(
    installed: Path, pg: Playground, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # refused, if it were ever used
    code, out, _ = run_cli(
        "run", str(installed / "04 Handling Exceptions"), "--var", f"playground={pg.url}"
    )
    assert code == 0, out
    assert out.endswith("5 passed, 0 failed\n")


# -- what the descriptions promise -------------------------------------------------------------


def body(exchange: Exchange) -> Any:
    return json.loads(exchange.body.read())


def header(hop: Hop, name: str, sent: bool = True) -> list[str]:
    message = hop.request if sent else hop.response
    assert message is not None
    return [v for k, v in message.headers if k.lower() == name.lower()]


def statuses(exchange: Exchange) -> list[int | None]:
    return [h.response.status if h.response else None for h in exchange.hops]


def check_page(ex: Exchange) -> None:
    assert ex.response is not None
    assert ex.response.meaning == "Request fulfilled, document follows"
    assert (
        ex.response.header(
            "Content-Type",
        )
        == "text/html; charset=utf-8"
    )
    added = ex.hops[0].request.added if ex.hops[0].request else ()
    assert {"host", "user-agent", "accept-encoding", "connection"} <= set(added)


def check_post(ex: Exchange) -> None:
    echo = body(ex)
    assert echo["form"] == {
        "name": "Michael Foord",
        "location": "Northampton",
        "language": "Python",
    }
    assert echo["body_size"] == 55
    request = ex.hops[0].request
    assert request is not None
    assert request.method == "POST"
    assert request.body_size == 55
    assert {"content-type", "content-length"} <= set(request.added)
    assert header(ex.hops[0], "Content-Type") == ["application/x-www-form-urlencoded"]


def check_query(ex: Exchange) -> None:
    request = ex.hops[0].request
    assert request is not None
    assert request.body_size == 0
    assert request.target == "/get?name=Somebody+Here&location=Northampton&language=Python"
    assert body(ex)["args"] == {
        "name": "Somebody Here",
        "location": "Northampton",
        "language": "Python",
    }


def check_default_agent(ex: Exchange) -> None:
    assert body(ex)["user-agent"].startswith("Python-urllib/3.")
    assert ex.hops[0].request is not None
    assert "user-agent" in ex.hops[0].request.added


def check_browser_agent(ex: Exchange) -> None:
    agent = "Mozilla/5.0 (Windows NT 6.1; Win64; x64)"
    assert body(ex)["headers"]["User-Agent"] == agent
    assert header(ex.hops[0], "User-Agent") == [agent]  # replaced, not sent twice
    assert ex.hops[0].request is not None
    assert "user-agent" not in ex.hops[0].request.added


def check_refused(ex: Exchange) -> None:
    assert ex.response is None
    assert ex.error is not None
    assert ex.error.detail.startswith("ConnectionRefusedError")
    assert all(h.response is None for h in ex.hops)


def check_meaning(status: int, reason: str, meaning: str) -> Callable[[Exchange], None]:
    def check(ex: Exchange) -> None:
        assert ex.response is not None
        assert ex.response.is_error
        assert (ex.response.status, ex.response.reason) == (status, reason)
        assert ex.response.meaning.rstrip(".") == meaning.rstrip(".")
        assert ex.body.size > 0  # the error page

    return check


def check_404(ex: Exchange) -> None:
    check_meaning(404, "Not Found", "Nothing matches the given URI")(ex)
    assert ex.response is not None
    assert ex.response.header("Content-Type") == "text/html; charset=utf-8"


def check_503(ex: Exchange) -> None:
    check_meaning(
        503, "Service Unavailable", "The server cannot process the request due to a high load"
    )(ex)
    assert ex.response is not None
    assert ex.response.header("Retry-After") == "1"


def check_redirects(count: int) -> Callable[[Exchange], None]:
    def check(ex: Exchange) -> None:
        assert statuses(ex) == [302] * count + [200]
        assert ex.final_url.endswith("/get")
        assert header(ex.hops[0], "Location", sent=False) == [
            f"/redirect/{count - 1}" if count > 1 else "/get"
        ]
        for hop in ex.hops[1:]:
            assert any(n.startswith("Redirected here by 302 from ") for n in hop.notes)

    return check


def check_repeats(ex: Exchange) -> None:
    assert ex.response is not None
    assert ex.response.header_all("Set-Cookie") == ["a=1", "b=2"]
    assert ex.response.header("X-Tour") == "yes"


def check_gzip(ex: Exchange) -> None:
    assert ex.response is not None
    assert ex.response.header("Content-Encoding") == "gzip"
    assert ex.body.decoded_size is not None
    assert ex.body.decoded_size > ex.body.size
    assert body(ex)["gzipped"] is True
    assert header(ex.hops[0], "Accept-Encoding") == ["gzip, deflate"]


def check_cookie(kept: bool) -> Callable[[Exchange], None]:
    def check(ex: Exchange) -> None:
        first, second = ex.hops
        assert header(first, "Set-Cookie", sent=False) == ["flavour=oatmeal; Path=/"]
        assert header(second, "Cookie") == (["flavour=oatmeal"] if kept else [])
        assert body(ex)["cookies"] == ({"flavour": "oatmeal"} if kept else {})
        assert second.request is not None
        assert ("cookie" in second.request.added) is kept  # grey: the cookie processor's

    return check


def check_not_followed(ex: Exchange) -> None:
    check_meaning(302, "Found", "Object moved temporarily -- see URI list")(ex)
    assert ex.response is not None
    assert ex.response.header("Location") == "/get"
    assert [h.notes for h in ex.hops] == [
        (DIRECT, "Not followed (follow redirects is off): Location /get")
    ]


def check_basic(ex: Exchange) -> None:
    first, second = ex.hops
    assert statuses(ex) == [401, 200]
    assert header(first, "Authorization") == []
    assert header(first, "WWW-Authenticate", sent=False) == ['Basic realm="playground"']
    assert first.notes == (DIRECT, 'Server asks for Basic (realm "playground").')
    assert header(second, "Authorization")[0].startswith("Basic ")
    assert second.notes == (
        "Retry with Basic credentials of user 'user' for realm \"playground\".",
        DIRECT,
    )
    assert body(ex) == {"authenticated": True, "user": "user"}


def check_preemptive(ex: Exchange) -> None:
    assert statuses(ex) == [200]
    assert header(ex.hops[0], "Authorization")[0].startswith("Basic ")
    assert ex.hops[0].notes == (
        "Basic credentials sent preemptively, without waiting for a 401.",
        DIRECT,
    )


def check_wrong_password(ex: Exchange) -> None:
    check_meaning(401, "Unauthorized", "No permission -- see authorization schemes")(ex)
    assert statuses(ex) == [401, 401]
    assert any("rejected the credentials of user 'user'" in n for n in ex.hops[1].notes)


def check_digest(ex: Exchange) -> None:
    first, second = ex.hops
    assert statuses(ex) == [401, 200]
    (challenge,) = header(first, "WWW-Authenticate", sent=False)
    assert challenge.startswith('Digest realm="playground"')
    assert "nonce=" in challenge
    assert 'qop="auth"' in challenge
    assert 'Server asks for Digest (realm "playground").' in first.notes
    (answer,) = header(second, "Authorization")
    assert answer.startswith("Digest ")
    assert 'response="' in answer
    without_uri = re.sub(r'uri="[^"]*"', "", answer)
    assert tour.DEMO_PASSWORD not in without_uri  # a hash of it travels, not the password
    assert "Retry with Digest credentials." in second.notes


def check_proxy(ex: Exchange) -> None:
    (hop,) = ex.hops
    assert hop.proxy is not None
    assert hop.request is not None
    assert hop.request.target.startswith("http://127.0.0.1:")
    assert hop.request.target.endswith("/get")
    assert hop.notes[0].startswith(f"Through proxy {hop.proxy} (absolute URL in the request line)")
    assert header(hop, "Proxy-Authorization")[0].startswith("Basic ")
    assert statuses(ex) == [200]


def check_proxy_refused(ex: Exchange) -> None:
    check_meaning(
        407,
        "Proxy Authentication Required",
        "You must authenticate with this proxy before proceeding.",
    )(ex)
    assert ex.response is not None
    assert ex.response.header("Proxy-Authenticate") == 'Basic realm="playground-proxy"'
    assert len(ex.hops) == 1
    assert ex.hops[0].proxy is not None


def check_timeout(ex: Exchange) -> None:
    assert ex.response is None
    assert ex.error is not None
    assert ex.error.kind == "timeout"
    assert "response headers" in ex.error.message
    assert "within 1 s" in ex.error.message
    assert ex.hops[0].request is not None
    assert ex.hops[0].response is None


def check_slow(ex: Exchange) -> None:
    assert ex.error is None
    assert statuses(ex) == [200]
    assert ex.body.read() == b"******"
    assert ex.elapsed_ms > 2000  # longer than the timeout: it limits each read, not the whole


def check_deadline(ex: Exchange) -> None:
    assert ex.response is not None
    assert ex.response.status == 200
    assert ex.error is not None
    assert ex.error.kind == "timeout"
    assert "The exchange passed its total deadline (1.5 s)" in ex.error.message


CHECKS: dict[str, Callable[[Exchange], None]] = {
    "01 Fetching URLs/1 Fetch a page": check_page,
    "02 Data/1 POST a form": check_post,
    "02 Data/2 GET with a query string": check_query,
    "03 Headers/1 The default User-Agent": check_default_agent,
    "03 Headers/2 Identify as a browser": check_browser_agent,
    "04 Handling Exceptions/1 URLError - nothing listening": check_refused,
    "04 Handling Exceptions/2 HTTPError - a 404 and its page": check_404,
    "04 Handling Exceptions/3 Error codes - 418 I'm a Teapot": check_meaning(
        418, "I'm a Teapot", "Server refuses to brew coffee because it is a teapot"
    ),
    "04 Handling Exceptions/4 Error codes - 503 Service Unavailable": check_503,
    "04 Handling Exceptions/5 Wrapping it up - a redirect is no error": check_redirects(2),
    "05 info and geturl/1 info - every header, repeats kept": check_repeats,
    "05 info and geturl/2 geturl - the URL after redirects": check_redirects(3),
    "05 info and geturl/3 info - a compressed body": check_gzip,
    "06 Openers and Handlers/1 A cookie kept across a redirect": check_cookie(kept=True),
    "06 Openers and Handlers/2 The same without a cookie handler": check_cookie(kept=False),
    "06 Openers and Handlers/3 An opener that does not follow redirects": check_not_followed,
    "07 Basic Authentication/1 Challenge, then retry": check_basic,
    "07 Basic Authentication/2 Preemptive, in one hop": check_preemptive,
    "07 Basic Authentication/3 A wrong password": check_wrong_password,
    "07 Basic Authentication/4 Digest, beyond the HOWTO": check_digest,
    "08 Proxies/1 Through the playground proxy": check_proxy,
    "08 Proxies/2 The proxy without credentials": check_proxy_refused,
    "09 Sockets and Layers/1 A timeout": check_timeout,
    "09 Sockets and Layers/2 Slow, but within the timeout": check_slow,
    "09 Sockets and Layers/3 A deadline for the whole exchange": check_deadline,
}


def test_every_request_has_its_description_checked() -> None:
    assert sorted(CHECKS) == sorted(
        p.removesuffix(request_file.EXTENSION) for p in shipped_requests()
    )


@pytest.mark.parametrize("rel", sorted(CHECKS))
def test_the_response_shows_what_the_description_points_at(
    rel: str, installed: Path, pg: Playground
) -> None:
    exchange = exchange_of(installed, rel + request_file.EXTENSION, pg)
    try:
        CHECKS[rel](exchange)
    finally:
        exchange.body.close()
