"""The worker objects: one signal at the end, throttled progress, bugs reported, orphans reaped."""

from __future__ import annotations

import importlib
import time

import pytest
from PySide6.QtCore import QObject, Slot
from pytestqt.qtbot import QtBot

from workbench.engine.exchange import Exchange
from workbench.engine.spec import RequestSpec
from workbench.ui import send_job
from workbench.ui.send_job import FormatJob, JobReaper, SendJob


class Recorder(QObject):
    """A GUI-thread receiver with proper slots."""

    def __init__(self) -> None:
        super().__init__()
        self.progress: list[tuple[int, int]] = []

    @Slot("qlonglong", "qlonglong")
    def on_progress(self, received: int, total: int) -> None:
        self.progress.append((received, total))


def test_send_job_finishes_with_the_exchange(qtbot: QtBot) -> None:
    job = SendJob(RequestSpec("data:text/plain,hello"))
    with qtbot.waitSignal(job.finished, timeout=10_000) as blocker:
        job.start()
    exchange = blocker.args[0]
    assert isinstance(exchange, Exchange)
    assert exchange.body.read() == b"hello"
    job.deleteLater()


def test_progress_is_throttled_on_the_worker_side() -> None:
    job = SendJob(RequestSpec("data:,x"))
    recorder = Recorder()
    job.progress.connect(recorder.on_progress)
    job._last_progress = time.monotonic()  # as run() does when the send starts
    for received in range(1000):
        job._on_engine_progress(received, 1000)  # a burst far faster than 20 a second
    assert recorder.progress == []  # nothing in the first interval: quick sends need no progress
    assert job.latest == (999, 1000)  # but the newest figure is there for the tab's ticker
    job._last_progress -= send_job.PROGRESS_INTERVAL
    job._on_engine_progress(1000, 1000)
    job._on_engine_progress(1000, 1000)
    job._on_engine_progress(5, None)
    assert recorder.progress == [(1000, 1000)]
    assert job.latest == (5, -1)


def test_a_bug_in_the_worker_is_reported_with_its_traceback(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> Exchange:
        raise RuntimeError("engine bug")

    # The module, not the function of the same name that workbench.engine exports.
    monkeypatch.setattr(importlib.import_module("workbench.engine.sending"), "send", broken)
    job = SendJob(RequestSpec("http://127.0.0.1:9/"))
    with qtbot.waitSignal(job.failed, timeout=10_000) as blocker:
        job.start()
    assert "RuntimeError: engine bug" in blocker.args[0]
    assert "Traceback" in blocker.args[0]


def test_format_job_returns_or_reports(qtbot: QtBot) -> None:
    job = FormatJob(lambda: 6 * 7)
    with qtbot.waitSignal(job.finished) as blocker:
        job.start()
    assert blocker.args == [42]
    failing = FormatJob(lambda: 1 // 0)
    with qtbot.waitSignal(failing.failed) as failed:
        failing.start()
    assert "ZeroDivisionError" in failed.args[0]


def test_reaper_cancels_and_collects_orphans(qtbot: QtBot) -> None:
    reaper = JobReaper()
    job = SendJob(RequestSpec("data:,orphan"))
    reaper.adopt(job)
    assert job.token.cancelled
    with qtbot.waitSignal(job.destroyed, timeout=10_000):
        job.start()
    assert not reaper.jobs


def test_the_pool_has_room_for_several_sends() -> None:
    assert send_job.pool().maxThreadCount() >= 16
