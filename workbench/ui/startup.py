"""Start-up work that can wait: run once the window has painted its first frame.

The window is usable as soon as it is painted; reading profiles, listing collections, the first
history page and warming up the sending machinery then start on the pool. Started earlier, their
imports on the worker would compete with the first paint for the GIL.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from workbench.ui import send_job

FALLBACK_MS = 300
"""A window that is never shown (automation, some tests) runs its waiting work after this long."""


class FirstFrame(QObject):
    """Holds pool work (`send_job.hold`) and callables until the first frame is on screen, then starts
    them in order, once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        send_job.hold()
        self.waiting: list[Callable[[], object]] = []
        self.done = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.run)
        self.timer.start(FALLBACK_MS)

    def later(self, work: Callable[[], object]) -> None:
        """Run `work` after the first frame (at once when that is past)."""
        if self.done:
            work()
        else:
            self.waiting.append(work)

    def painted(self) -> None:
        """The window painted: run the waiting work as soon as this frame is finished."""
        if not self.done and self.timer.interval() != 0:
            self.timer.start(0)  # after the paint, from the event loop

    @Slot()
    def run(self) -> None:
        """Run what waits (also called directly by whoever needs it done now)."""
        self.timer.stop()
        self.done = True
        send_job.release()
        waiting, self.waiting = self.waiting, []
        for work in waiting:
            work()

    def cancel(self) -> None:
        """The window is closing: start the held pool work (its owners wait for it) and drop the rest."""
        self.waiting.clear()
        self.run()
