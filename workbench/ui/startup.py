"""Start-up work that can wait: run once the window has painted its first frame.

The first frame shows what a user acts on first: the menus, the environment bar, the sidebar's tabs
and each request tab's URL bar and page tabs; typing a URL and sending work from it. Then, from the
event loop, the rest is built (the window's features, the current tab's Params table and response
side, the sidebar panels) and the background work starts on the pool (reading profiles, listing
collections, the first history page, warming up the sending machinery). Started earlier, their
imports on the worker would compete with the first paint for the GIL.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from workbench.ui import send_job

FALLBACK_MS = 300
"""A window that is never shown (automation, some tests) runs its waiting work after this long."""


class FirstFrame(QObject):
    """Holds pool work (`send_job.hold`) and callables until the first frame is on screen, then runs
    the callables in order, once, one per turn of the event loop (a key press or click right after
    the window appears waits for one of them, not for all), and releases the pool work last (its
    imports would compete for the GIL with the building)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        send_job.hold()
        self.waiting: list[Callable[[], object]] = []
        self.done = False
        """Every waiting callable ran and the pool work is released."""
        self.was_painted = False
        """The window painted its first frame."""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._step)
        self.timer.start(FALLBACK_MS)

    def later(self, work: Callable[[], object]) -> None:
        """Run `work` after the first frame, after what already waits (at once when all that is past)."""
        if self.done:
            work()
        else:
            self.waiting.append(work)

    def painted(self) -> None:
        """The window painted: start on the waiting work as soon as this frame is finished."""
        self.was_painted = True
        if not self.done and self.timer.interval() != 0:
            self.timer.start(0)  # after the paint, from the event loop

    @Slot()
    def _step(self) -> None:
        try:
            if self.waiting:
                self.waiting.pop(0)()
        finally:  # a piece that fails (a bug, logged by Qt) must not strand the others
            self._next()

    @Slot()
    def run(self) -> None:
        """Run all that waits now (for whoever needs it done: a test, a benchmark, closing)."""
        self.timer.stop()
        try:
            while self.waiting:
                self.waiting.pop(0)()
        finally:
            self._next()

    def _next(self) -> None:
        if self.waiting:
            self.timer.start(0)
        else:
            self._finish()

    def _finish(self) -> None:
        if not self.done:
            self.done = True
            send_job.release()

    def cancel(self) -> None:
        """The window is closing: start the held pool work (its owners wait for it) and drop the rest."""
        self.waiting.clear()
        self.run()
