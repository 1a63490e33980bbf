"""Fixtures for the window tests: a real main window offscreen, and helpers to send through it."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from workbench.app import create_window
from workbench.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def no_internal_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A bug caught on a worker (SendJob.failed) must fail the test, not just show a panel."""
    caplog.set_level(logging.ERROR, logger="workbench")
    yield
    internal = [r for r in caplog.records if "internal error" in r.getMessage()]
    assert not internal, internal[0].getMessage()


@pytest.fixture(autouse=True)
def pool_drained() -> Iterator[None]:
    """No worker of one test may outlive it."""
    yield
    assert QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    """The main window as `workbench` opens it (state restored from the test's WORKBENCH_HOME)."""
    win = create_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # As a user finds it: nothing they do is handled before the work queued after the first frame.
    qtbot.waitUntil(lambda: win.first_frame.done)
    return win
