"""The send history: what is recorded, secrets masked, search, deletion, schema, threads."""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.engine import send
from workbench.engine.exchange import Exchange
from workbench.engine.spec import Auth, Field, Options, Proxy, RequestSpec
from workbench.store import paths
from workbench.store.errors import StoreError
from workbench.store.history import History, HistoryUnreadable
from workbench.store.history_db import SCHEMA_VERSION

SECRET = "Zp9-secret-value"


@pytest.fixture
def history() -> Iterator[History]:
    h = History()
    yield h
    h.close()


def echo(request: Request) -> Response:
    """Reply with the request's headers and URL, as an echo endpoint does."""
    lines = [f"{k}: {v}" for k, v in request.headers.items()] + [request.url]
    return Response("\n".join(lines), content_type="text/plain")


def sent(spec: RequestSpec) -> Exchange:
    return send(spec._replace(options=Options(timeout=10)))


def record(history: History, spec: RequestSpec, **kw: str) -> int:
    exchange = sent(spec)
    try:
        entry_id = history.record(spec, exchange, **kw)
    finally:
        exchange.body.close()
    assert entry_id is not None
    return entry_id


def test_a_send_is_recorded_with_its_summary_and_can_be_reopened(
    history: History, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=302, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data("fresh", content_type="text/plain")
    spec = RequestSpec(httpserver.url_for("/old"), headers=(Field("X-Trace", "t1"),))
    entry_id = record(history, spec, source="send", auth_profile="a", proxy_profile="p")
    record_ = history.get(entry_id)
    assert record_ is not None
    entry = record_.entry
    assert (entry.method, entry.url, entry.status, entry.reason) == ("GET", spec.url, 200, "OK")
    assert entry.final_url == httpserver.url_for("/new")
    assert entry.hops == 2
    assert entry.size == 5
    assert entry.elapsed_ms > 0
    assert (entry.error_kind, entry.source, entry.auth_profile, entry.proxy_profile) == (
        "",
        "send",
        "a",
        "p",
    )
    assert record_.spec == spec
    assert record_.masked == ()
    assert record_.exchange["schema"] == "workbench.exchange/1"
    assert record_.exchange["body"]["text"] == "fresh"
    assert [h["response"]["status"] for h in record_.exchange["hops"]] == [302, 200]
    assert record_.body is None
    assert history.get(entry_id + 1) is None


def test_a_transport_error_is_recorded(history: History) -> None:
    entry_id = record(history, RequestSpec("http://127.0.0.1:9/"))
    entry = history.search("connection-refused")[0]
    assert entry.id == entry_id
    assert entry.status is None
    assert entry.error_kind == "connection-refused"
    assert "refused" in entry.error_message.lower()


def test_the_body_is_capped_text_or_first_bytes(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/text").respond_with_data("a" * 1000, content_type="text/plain")
    httpserver.expect_request("/bin").respond_with_data(
        bytes(range(256)) * 4, content_type="application/octet-stream"
    )
    history = History(body_cap=100)
    try:
        text = history.get(record(history, RequestSpec(httpserver.url_for("/text"))))
        binary = history.get(record(history, RequestSpec(httpserver.url_for("/bin"))))
    finally:
        history.close()
    assert text is not None
    assert binary is not None
    assert text.exchange["body"]["text"] == "a" * 100
    assert text.exchange["body"]["text_truncated"] is True
    assert text.exchange["body"]["size"] == 1000
    assert binary.exchange["body"]["text"] is None
    assert binary.body == bytes(range(100))


def _secret_free(home: Path, *secrets: str) -> None:
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, f"{secret!r} found in {path.name}"


def test_basic_credentials_are_masked_everywhere_even_when_echoed(
    history: History, httpserver: HTTPServer, workbench_home: Path
) -> None:
    httpserver.expect_request("/echo").respond_with_handler(echo)
    spec = RequestSpec(
        httpserver.url_for("/echo"),
        auth=Auth("basic", username="ann", password=SECRET, preemptive=True),
    )
    record_ = history.get(record(history, spec))
    history.close()
    assert record_ is not None
    assert record_.spec.auth == Auth("basic", username="ann", password="***", preemptive=True)
    assert record_.masked == ("auth.password",)
    hop_headers = record_.exchange["hops"][0]["request"]["headers"]
    [authorization] = [v for n, v in hop_headers if n == "Authorization"]
    assert authorization == "Basic ***"
    assert "Authorization: Basic ***" in record_.exchange["body"]["text"]
    credentials = base64.b64encode(f"ann:{SECRET}".encode()).decode()
    _secret_free(workbench_home, SECRET, credentials)


def test_tokens_headers_and_url_passwords_are_masked(
    history: History, httpserver: HTTPServer, workbench_home: Path
) -> None:
    httpserver.expect_request("/echo").respond_with_handler(echo)
    url = httpserver.url_for("/echo").replace("http://", f"http://user:{SECRET}x@")
    spec = RequestSpec(
        url,
        headers=(Field("Proxy-Authorization", f"Basic {SECRET}y"), Field("X-Other", "plain")),
        auth=Auth("bearer", token=SECRET),
        proxy=Proxy("direct", password=""),
    )
    record_ = history.get(record(history, spec))
    history.close()
    assert record_ is not None
    assert record_.spec.url.startswith("http://user:***@127.0.0.1")
    assert record_.spec.headers == (
        Field("Proxy-Authorization", "Basic ***"),
        Field("X-Other", "plain"),
    )
    assert record_.spec.auth.token == "***"
    assert set(record_.masked) == {"auth.token", "headers[0].value", "url"}
    _secret_free(workbench_home, SECRET)


def test_an_api_key_in_the_query_is_masked_in_every_url(
    history: History, httpserver: HTTPServer, workbench_home: Path
) -> None:
    httpserver.expect_request("/echo").respond_with_handler(echo)
    spec = RequestSpec(
        httpserver.url_for("/echo"),
        auth=Auth("apikey", key_name="api_key", key_value="k1", key_in="query"),
    )
    entry_id = record(history, spec)
    record_ = history.get(entry_id)
    assert record_ is not None
    assert record_.entry.url.endswith("/echo?api_key=***")
    assert record_.entry.final_url.endswith("/echo?api_key=***")
    hop = record_.exchange["hops"][0]["request"]
    assert hop["url"].endswith("api_key=***")
    assert hop["target"] == "/echo?api_key=***"
    assert history.search("k1") == []
    assert "api_key=k1" not in json.dumps(record_.exchange)


def test_an_api_key_header_is_masked(
    history: History, httpserver: HTTPServer, workbench_home: Path
) -> None:
    httpserver.expect_request("/echo").respond_with_handler(echo)
    spec = RequestSpec(
        httpserver.url_for("/echo"), auth=Auth("apikey", key_name="X-Api-Key", key_value=SECRET)
    )
    record_ = history.get(record(history, spec))
    history.close()
    assert record_ is not None
    assert ["X-Api-Key", "***"] in record_.exchange["hops"][0]["request"]["headers"]
    _secret_free(workbench_home, SECRET)


def _fake_entries(history: History, count: int) -> None:
    """Rows written straight into the tables, as many sends would leave them."""
    conn = history._db.connection()
    conn.execute("BEGIN")
    for i in range(count):
        method = "POST" if i % 2 else "GET"
        status, kind = (None, "timeout") if i % 10 == 9 else (200 + i % 3, "")
        url = f"http://api.test/items/{i}"
        cur = conn.execute(
            "INSERT INTO entry (started_at, method, url, status, final_url, error_kind) VALUES (?, ?, ?, ?, ?, ?)",
            (1000.0 + i, method, url, status, url, kind),
        )
        text = " ".join(
            p for p in (method, "" if status is None else str(status), kind, url) if p
        ).lower()
        conn.execute("INSERT INTO entry_search (id, text) VALUES (?, ?)", (cur.lastrowid, text))
        conn.execute(
            "INSERT INTO entry_data (id, spec, exchange) VALUES (?, ?, ?)",
            (cur.lastrowid, json.dumps({"url": url}), "{}"),
        )
    conn.execute("COMMIT")


def test_search_by_url_method_status_and_error_kind_newest_first(history: History) -> None:
    _fake_entries(history, 30)
    assert [e.id for e in history.search(limit=3)] == [30, 29, 28]
    assert [e.url for e in history.search("items/1")][:2] == [
        "http://api.test/items/19",
        "http://api.test/items/18",
    ]
    assert {e.method for e in history.search("post")} == {"POST"}
    assert {e.status for e in history.search("202")} == {202}
    assert [e.id for e in history.search("TIMEOUT")] == [30, 20, 10]
    assert [e.id for e in history.search("post timeout")] == [30, 20, 10]
    assert [e.id for e in history.search("get timeout")] == []
    assert [e.id for e in history.search("", limit=2, before=11)] == [10, 9]
    assert history.search("nothing-like-this") == []
    assert history.count() == 30


def test_delete_and_clear(history: History) -> None:
    _fake_entries(history, 5)
    assert history.delete([2, 4, 99]) == 2
    assert [e.id for e in history.search()] == [5, 3, 1]
    assert history.get(2) is None
    assert history.clear() == 3
    assert history.search() == []
    assert history.count() == 0
    conn = history._db.connection()
    assert conn.execute("SELECT count(*) FROM entry_data").fetchone()[0] == 0


def test_the_database_uses_wal_and_a_schema_version(history: History) -> None:
    conn = sqlite3.connect(paths.history_db())
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental: clear shrinks
    finally:
        conn.close()


def test_an_old_empty_database_is_migrated() -> None:
    sqlite3.connect(paths.history_db()).close()
    history = History()
    try:
        assert history.count() == 0
    finally:
        history.close()


def test_a_newer_database_is_refused_and_left_untouched() -> None:
    conn = sqlite3.connect(paths.history_db())
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version=99")
    conn.commit()
    conn.close()
    before = paths.history_db().read_bytes()
    with pytest.raises(HistoryUnreadable, match=r"newer Workbench .* left as it is"):
        History()
    assert paths.history_db().read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched() -> None:
    paths.history_db().write_bytes(b"this is not sqlite at all" * 100)
    before = paths.history_db().read_bytes()
    with pytest.raises(HistoryUnreadable, match=r"cannot be read .* left as it is"):
        History()
    assert paths.history_db().read_bytes() == before


def test_closed_history_says_so(httpserver: HTTPServer) -> None:
    history = History()
    history.close()
    httpserver.expect_request("/x").respond_with_data("x")
    exchange = sent(RequestSpec(httpserver.url_for("/x")))
    with pytest.raises(StoreError, match="closed"):
        history.record(RequestSpec("http://x/"), exchange)
    exchange.body.close()


def test_many_threads_record_and_search_at_once(history: History) -> None:
    exchange = sent(RequestSpec("data:,hello"))
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(15):
                history.record(RequestSpec(f"data:,t{n}-{i}"), exchange)
                history.search(f"t{n}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    exchange.body.close()
    assert errors == []
    assert history.count() == 120
    assert len({e.id for e in history.search(limit=1000)}) == 120


def test_input_refused_before_sending_is_not_recorded(history: History) -> None:
    exchange = send(RequestSpec("ftp://files.test/x"))
    assert exchange.error is not None
    assert exchange.error.kind == "unsupported-scheme"
    assert history.record(RequestSpec("ftp://files.test/x"), exchange) is None
    exchange.body.close()
    assert history.count() == 0


def test_secret_variable_values_given_by_the_caller_are_masked(
    history: History, httpserver: HTTPServer, workbench_home: Path
) -> None:
    httpserver.expect_request("/echo").respond_with_handler(echo)
    spec = RequestSpec(httpserver.url_for("/echo"), headers=(Field("X-Session", SECRET),))
    exchange = sent(spec)
    entry_id = history.record(spec, exchange, secrets=[SECRET])
    exchange.body.close()
    assert entry_id is not None
    record_ = history.get(entry_id)
    history.close()
    assert record_ is not None
    assert record_.spec.headers == (Field("X-Session", "***"),)
    assert record_.masked == ("headers[0].value",)
    assert "X-Session: ***" in record_.exchange["body"]["text"]
    _secret_free(workbench_home, SECRET)


def test_a_later_schema_migrates_an_existing_database_keeping_its_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workbench.store import history_db

    first = History()
    _fake_entries(first, 3)
    first.close()
    later = (
        *history_db.MIGRATIONS,
        ("ALTER TABLE entry ADD COLUMN note TEXT NOT NULL DEFAULT ''",),
    )
    monkeypatch.setattr(history_db, "MIGRATIONS", later)
    monkeypatch.setattr(history_db, "SCHEMA_VERSION", len(later))
    second = History()
    try:
        assert second.count() == 3
        conn = second._db.connection()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(later)
        assert conn.execute("SELECT note FROM entry WHERE id = 1").fetchone() == ("",)
    finally:
        second.close()
