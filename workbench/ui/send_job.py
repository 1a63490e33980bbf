"""Work off the GUI thread: one `SendJob` per send, `FormatJob` for heavy formatting (STYLE, Threads).

A job is a QObject created in the GUI thread and never moved; its `run` is the plain callable handed to
`QThreadPool.globalInstance().start`. It emits exactly one of `finished` or `failed`, as the last thing it
does. Whoever holds the job connects those to `@Slot` methods, keeps the job in a set, and in that slot
removes it and calls `deleteLater()`.
"""

from __future__ import annotations

import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

if TYPE_CHECKING:
    from workbench.engine.spec import RequestSpec

# The engine's modules are imported where used (a send, a worker), not with the window.
Preparer = Callable[["RequestSpec"], "RequestSpec"]
"""A step between the editor and the engine, run on the worker thread."""

PROGRESS_INTERVAL = 0.05
"""Seconds between progress signals: about 20 a second, whatever the chunk rate."""


_RETIRED: deque[QObject] = deque(maxlen=32)


class _Held:
    """Pool work queued while the window builds and paints its first frame (None: not holding)."""

    work: list[Callable[[], None]] | None = None


def retire(jobs: set[Any], job: QObject) -> None:
    """Forget a job that emitted its last signal: drop it from its owner's set and delete it later.

    Its Python wrapper is kept a little longer (the last few retired jobs), so that the worker's own
    reference, released just after the final emit, is never the last one: that would free the QObject
    on the pool thread instead of the GUI thread.
    """
    jobs.discard(job)
    job.deleteLater()
    _RETIRED.append(job)


def pool() -> QThreadPool:
    """The global pool, with room for several sends and formatting at once (sends mostly wait)."""
    shared = QThreadPool.globalInstance()
    if shared.maxThreadCount() < 16:
        shared.setMaxThreadCount(16)
    return shared


def hold() -> None:
    """Keep background work (`FormatJob`, `warm_up`) waiting until `release`: while the window builds
    and paints its first frame, a worker's imports would compete with it for the GIL."""
    if _Held.work is None:
        _Held.work = []


def release() -> None:
    """Start the work held since `hold`, in order, and stop holding (sends were never held)."""
    held, _Held.work = _Held.work, None
    for work in held or ():
        pool().start(work)


def start_soon(work: Callable[[], None]) -> None:
    """Run `work` on the pool, or after `release` while held."""
    if _Held.work is not None:
        _Held.work.append(work)
    else:
        pool().start(work)


def warm_up() -> None:
    """Import the sending machinery on the pool, after the window is up, so the first send is quick."""
    start_soon(_import_send)


def _import_send() -> None:
    import workbench.engine.sending  # noqa: F401


class SendJob(QObject):
    """Sends one `RequestSpec` through the engine on the thread pool.

    Signals:
        progress(received, total): body bytes so far; total is -1 when not announced.
        finished(Exchange): the send ended (transport failures and cancels included, as data).
        failed(str): a bug escaped the engine; the text is the traceback.
    """

    progress = Signal("qlonglong", "qlonglong")  # type: ignore[arg-type]  # 64-bit ints
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        spec: RequestSpec,
        parent: QObject | None = None,
        preparers: Sequence[Preparer] = (),
    ) -> None:
        from workbench.engine.cancel import CancelToken

        super().__init__(parent)
        self.spec = spec
        self.preparers = tuple(preparers)
        """Run on the worker, in order, before the engine: resolve variables, apply profiles (they
        may read the keyring). One raising `InvalidRequest` ends the send as that invalid request."""
        self.profiles: tuple[str, str] = ("", "")
        """The saved auth and proxy profile names the tab chose (for the history)."""
        self.secrets: frozenset[str] = frozenset()
        """Values the preparers filled in from secrets (their ``secrets``), set on the worker before
        `finished`: whoever records the send masks them."""
        self.token = CancelToken()
        self.started = time.perf_counter()
        self._last_progress = 0.0
        self.latest: tuple[int, int] | None = None
        """The newest (received, total) seen by the worker, also the ones not emitted; the tab's
        ticker reads it so the display catches up when the transfer pauses after a throttled burst."""

    def start(self) -> None:
        """Queue the send on the pool; returns at once."""
        self.started = time.perf_counter()
        pool().start(self.run)

    def cancel(self) -> None:
        """Stop the transfer (from the GUI thread); `finished` still follows, marked cancelled."""
        self.token.cancel()

    def run(self) -> None:
        """The worker: runs on a pool thread, emits one of finished/failed and touches nothing after."""
        # No progress signal in the first interval: a quick send needs none, and every signal
        # costs the GUI thread a slot call while the worker still wants the GIL.
        self._last_progress = time.monotonic()
        try:
            # Imported here, not at start-up: the opener machinery is most of the engine's import time.
            from workbench.engine.errors import InvalidRequest
            from workbench.engine.sending import refused, send

            spec = self.spec
            try:
                for prepare in self.preparers:
                    spec = prepare(spec)
            except InvalidRequest as problem:
                exchange = refused(spec, problem)
            else:
                exchange = send(spec, progress=self._on_engine_progress, cancel=self.token)
            finally:
                self.secrets = frozenset().union(
                    *(getattr(p, "secrets", ()) for p in self.preparers)
                )
        except Exception:
            self.failed.emit(traceback.format_exc())
            return
        self.finished.emit(exchange)

    def _on_engine_progress(self, received: int, total: int | None) -> None:
        # Called on the worker for every chunk; only about 20 a second reach the GUI thread.
        self.latest = (received, -1 if total is None else total)  # one atomic assignment
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.progress.emit(received, -1 if total is None else total)


class FormatJob(QObject):
    """Runs one formatting function (pretty JSON piece, hex dump, image decode, save) on the pool.

    Signals:
        finished(object): the function's result.
        failed(str): it raised; the text is the traceback.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], Any], tag: object = None) -> None:
        super().__init__()
        self.work = work
        self.tag = tag
        """What the result is for (the owner compares it to drop stale results)."""

    def start(self) -> None:
        """Queue the work on the pool (after the first frame while the window starts)."""
        start_soon(self.run)

    def run(self) -> None:
        """The worker: emits finished or failed, then touches nothing."""
        try:
            result = self.work()
        except Exception:
            self.failed.emit(traceback.format_exc())
            return
        self.finished.emit(result)


class JobReaper(QObject):
    """Adopts jobs whose tab closed while they ran: they finish (cancelled) and are deleted here."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: set[SendJob | FormatJob] = set()
        self.keeper: Callable[[SendJob, Any], None] | None = None
        """Given each adopted send's job and exchange (the history records it); it then owns the
        exchange's body. Without one, the body is closed here."""

    def adopt(self, job: SendJob | FormatJob) -> None:
        """Take over `job` (its old receivers must be disconnected first); a send is cancelled."""
        self.jobs.add(job)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        # Cancel only once connected: a cancelled send can finish (and emit) at once.
        if isinstance(job, SendJob):
            job.cancel()

    def cancel_all(self) -> None:
        """Cancel every adopted send."""
        for job in self.jobs:
            if isinstance(job, SendJob):
                job.cancel()

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        from workbench.engine.exchange import Exchange

        job = self.sender()
        self._drop()
        if not isinstance(result, Exchange):
            return
        if isinstance(job, SendJob) and self.keeper is not None:
            self.keeper(job, result)
        else:
            result.body.close()

    @Slot(str)
    def _on_failed(self, _details: str) -> None:
        self._drop()

    def _drop(self) -> None:
        job = self.sender()
        if isinstance(job, SendJob | FormatJob):
            retire(self.jobs, job)
