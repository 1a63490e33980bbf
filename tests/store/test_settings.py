"""Application settings: defaults, atomic updates, and a broken file reported and never overwritten."""

from __future__ import annotations

import json
import threading

import pytest

from workbench.store import atomic, paths, settings
from workbench.store.errors import StoreError


def test_no_file_means_defaults_and_a_first_run() -> None:
    current = settings.load()
    assert not current.found
    assert current.problem == ""
    assert current.first_run
    assert current.get(settings.FIRST_RUN_DONE) is False
    assert current.get(settings.TOUR_ANSWER) == ""
    assert not paths.settings_file().exists()  # reading creates nothing


def test_update_writes_a_versioned_file_and_reads_back() -> None:
    written = settings.update({settings.FIRST_RUN_DONE: True, settings.TOUR_ANSWER: "accepted"})
    assert written.get(settings.TOUR_ANSWER) == "accepted"
    text = paths.settings_file().read_text("utf-8")
    data = json.loads(text)
    assert list(data) == ["schema", "first_run_done", "tour_answer"]
    assert data["schema"] == "workbench.settings/1"
    again = settings.load()
    assert again.found
    assert not again.problem
    assert not again.first_run
    assert again.values == {**settings.DEFAULTS, "first_run_done": True, "tour_answer": "accepted"}


def test_update_keeps_other_keys_and_unknown_ones() -> None:
    path = paths.settings_file()
    path.write_text(
        json.dumps({"schema": "workbench.settings/1", "tour_answer": "declined", "later": [1, 2]}),
        "utf-8",
    )
    settings.update({settings.FIRST_RUN_DONE: True})
    data = json.loads(path.read_text("utf-8"))
    assert data == {
        "schema": "workbench.settings/1",
        "first_run_done": True,
        "later": [1, 2],
        "tour_answer": "declined",
    }


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "a JSON object was expected"),
        ('{"first_run_done": true}', 'no "schema"'),
        ('{"schema": "workbench.settings/x"}', "unknown schema"),
        ('{"schema": "workbench.settings/9"}', "written by a newer Workbench"),
        ('{"schema": "workbench.settings/1", "first_run_done": "yes"}', "should be true or false"),
        ('{"schema": "workbench.settings/1", "tour_answer": 3}', "should be a string"),
    ],
)
def test_a_broken_file_is_reported_and_never_overwritten(text: str, said: str) -> None:
    path = paths.settings_file()
    path.write_text(text, "utf-8")
    current = settings.load()
    assert current.found
    assert said in current.problem
    assert str(path) in current.problem
    assert "leaves the file as it is" in current.problem
    assert current.values == settings.DEFAULTS
    assert not current.first_run  # someone has run Workbench here: no first-run offer over it
    with pytest.raises(StoreError, match="did not save the change") as caught:
        settings.update({settings.FIRST_RUN_DONE: True})
    assert said in str(caught.value)
    assert path.read_text("utf-8") == text
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_file_that_is_not_utf8_is_reported() -> None:
    path = paths.settings_file()
    path.write_bytes(b"\xff\xfe{")
    current = settings.load()
    assert current.problem
    assert "cannot be used" in current.problem
    assert path.read_bytes() == b"\xff\xfe{"


def test_a_valid_file_without_the_answer_is_still_a_first_run() -> None:
    paths.settings_file().write_text('{"schema": "workbench.settings/1"}', "utf-8")
    assert settings.load().first_run


def test_wrong_types_from_code_are_refused_before_writing() -> None:
    with pytest.raises(TypeError):
        settings.update({settings.FIRST_RUN_DONE: "yes"})
    assert not paths.settings_file().exists()


def test_a_failed_write_is_said_in_words_and_leaves_the_old_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.update({settings.TOUR_ANSWER: "declined"})
    before = paths.settings_file().read_bytes()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic, "write_text", refuse)
    with pytest.raises(StoreError, match=r"cannot be written: .*Permission denied"):
        settings.update({settings.FIRST_RUN_DONE: True})
    assert paths.settings_file().read_bytes() == before


def test_concurrent_updates_keep_every_change() -> None:
    keys = [f"extra_{i}" for i in range(8)]
    threads = [threading.Thread(target=settings.update, args=({k: True},)) for k in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    values = settings.load().values
    assert all(values[k] is True for k in keys)
