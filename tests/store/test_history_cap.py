"""The ``history_body_cap_kib`` setting: how much of each response body the history keeps."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

from workbench.engine import send
from workbench.engine.spec import RequestSpec
from workbench.store import paths, settings
from workbench.store.history import DEFAULT_BODY_CAP, History, HistoryRecord

TEXT = "0123456789" * 300  # 3000 bytes
BINARY = bytes(range(256)) * 8  # 2048 bytes


@pytest.fixture
def bodies(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/text").respond_with_data(TEXT, content_type="text/plain")
    httpserver.expect_request("/bin").respond_with_data(
        BINARY, content_type="application/octet-stream"
    )
    return httpserver


def on_disk(data: bytes) -> bool:
    """Whether the history's files (the database and its write-ahead log) hold `data`."""
    db = paths.history_db()
    return any(data in p.read_bytes() for p in db.parent.glob(db.name + "*"))


def kept(history: History, url: str) -> HistoryRecord:
    """Send to `url`, record it in `history` and read the entry back."""
    spec = RequestSpec(url)
    exchange = send(spec)
    try:
        entry_id = history.record(spec, exchange, source="send")
    finally:
        exchange.body.close()
    assert entry_id is not None
    record = history.get(entry_id)
    assert record is not None
    return record


def kept_with_cap(bodies: HTTPServer, kib: int) -> tuple[HistoryRecord, HistoryRecord, int]:
    """With the setting at `kib`: the text and the binary body as recorded, and the cap used."""
    settings.update({settings.HISTORY_BODY_CAP_KIB: kib})
    history = History()
    try:
        text = kept(history, bodies.url_for("/text"))
        binary = kept(history, bodies.url_for("/bin"))
    finally:
        history.close()
    return text, binary, history.body_cap


def test_without_a_setting_the_cap_is_64_kib() -> None:
    history = History()
    try:
        assert history.body_cap == DEFAULT_BODY_CAP == 64 * 1024
    finally:
        history.close()


def test_a_body_over_the_cap_from_the_settings_is_kept_cut_and_marked(bodies: HTTPServer) -> None:
    text, binary, cap = kept_with_cap(bodies, 1)
    assert cap == 1024
    assert text.exchange["body"]["text"] == TEXT[:1024]
    assert text.exchange["body"]["text_truncated"] is True
    assert text.exchange["body"]["size"] == 3000  # what arrived is still said
    assert text.entry.size == 3000
    assert binary.exchange["body"]["text"] is None
    assert binary.body == BINARY[:1024]


def test_a_body_under_the_cap_is_kept_whole(bodies: HTTPServer) -> None:
    text, binary, _ = kept_with_cap(bodies, 4)
    assert text.exchange["body"]["text"] == TEXT
    assert text.exchange["body"]["text_truncated"] is False
    assert binary.body == BINARY
    assert on_disk(TEXT[-20:].encode())


def test_a_cap_of_0_keeps_no_bodies(bodies: HTTPServer) -> None:
    text, binary, _ = kept_with_cap(bodies, 0)
    assert text.exchange["body"]["text"] == ""
    assert text.exchange["body"]["text_truncated"] is True
    assert binary.body == b""
    assert not on_disk(TEXT[:20].encode())


def test_a_cap_given_by_the_caller_wins_over_the_setting() -> None:
    settings.update({settings.HISTORY_BODY_CAP_KIB: 1})
    history = History(body_cap=100)
    try:
        assert history.body_cap == 100
    finally:
        history.close()


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (-1, "history_body_cap_kib: should be from 0 to 10240, not -1"),
        (10241, "history_body_cap_kib: should be from 0 to 10240, not 10241"),
        ("64", 'history_body_cap_kib: should be a whole number from 0 to 10240, not "64"'),
        (1.5, "history_body_cap_kib: should be a whole number from 0 to 10240, not 1.5"),
        (True, "history_body_cap_kib: should be a whole number from 0 to 10240, not true"),
        (None, "history_body_cap_kib: should be a whole number from 0 to 10240, not null"),
    ],
)
def test_a_wrong_cap_in_the_file_is_said_and_the_default_used(value: object, said: str) -> None:
    path = paths.settings_file()
    text = json.dumps({"schema": "workbench.settings/1", "history_body_cap_kib": value})
    path.write_text(text, "utf-8")
    current = settings.load()
    assert said in current.problem
    assert str(path) in current.problem
    history = History()
    try:
        assert history.body_cap == DEFAULT_BODY_CAP
    finally:
        history.close()
    assert path.read_text("utf-8") == text  # left for the user to fix


@pytest.mark.parametrize("value", [0, 64, 10240])
def test_the_ends_of_the_range_are_accepted(value: int) -> None:
    settings.update({settings.HISTORY_BODY_CAP_KIB: value})
    assert settings.load().problem == ""
    assert settings.history_body_cap() == value * 1024


def test_wrong_caps_from_code_are_refused_before_writing() -> None:
    with pytest.raises(ValueError, match="should be from 0 to 10240, not 10241"):
        settings.update({settings.HISTORY_BODY_CAP_KIB: 10241})
    with pytest.raises(TypeError):
        settings.update({settings.HISTORY_BODY_CAP_KIB: "64"})
    assert not paths.settings_file().exists()
