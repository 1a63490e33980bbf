"""The window's side of the history database: every query and write runs on the pool.

The database is opened on the first job (on a worker: opening may migrate it), never on the GUI
thread. Each job's result comes back through a `FormatJob` signal to a slot here, which hands it to
the callback its caller gave (a bound method of a GUI-thread object, called from that slot).
Failures the store reports (`StoreError`: an unreadable or locked database) are results with a
message, never exceptions in the GUI.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Signal, Slot

from workbench.engine.exchange import Exchange
from workbench.engine.spec import RequestSpec
from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.store.history import History
    from workbench.ui.request_tab import RequestTab
    from workbench.ui.send_job import SendJob

log = logging.getLogger(__name__)


class Outcome(NamedTuple):
    """What a history job gave: its value, or the problem in words."""

    value: Any = None
    problem: str = ""


Done = Callable[[Outcome], None]


class HistoryService(QObject):
    """Runs history work on the pool; records every send of the tabs it watches.

    Signals:
        recorded(HistoryEntry): a send was added (newest first lists put it on top).
        problem(str): the history could not be used; for the status bar.
    """

    recorded = Signal(object)
    problem = Signal(str)

    def __init__(self, parent: QObject | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.path = path
        """The database file; None for the app's own (`paths.history_db`)."""
        self.body_cap: int | None = None
        """Bytes of each response body kept; None for the store's default."""
        self.enabled = True
        """Record sends (the panel still shows what is there when off)."""
        self.jobs: set[FormatJob] = set()
        self._done: dict[FormatJob, Done] = {}
        self._history: History | None = None
        self._lock = threading.Lock()
        self._closed = False

    # --- on the worker ----------------------------------------------------------------------------
    def history(self) -> History:
        """The open database (opened here on first use); call it on a worker only."""
        with self._lock:
            if self._closed:
                from workbench.store.errors import StoreError

                raise StoreError("The history is closed.")
            if self._history is None:
                from workbench.store.history import History

                # None: the cap from the settings (history_body_cap_kib).
                self._history = History(self.path, body_cap=self.body_cap)
            return self._history

    def _guarded(self, work: Callable[[History], Any]) -> Outcome:
        from workbench.formats.errors import FormatError
        from workbench.store.errors import StoreError

        try:
            return Outcome(work(self.history()))
        except (StoreError, FormatError) as exc:
            return Outcome(problem=str(exc))
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            return Outcome(problem=f"Could not write{where}: {exc.strerror or exc}.")

    # --- on the GUI thread ------------------------------------------------------------------------
    def run(self, work: Callable[[History], Any], done: Done | None = None) -> FormatJob:
        """Run `work(history)` on the pool; `done(Outcome)` is called on the GUI thread after."""
        job = FormatJob(partial(self._guarded, work))
        self.jobs.add(job)
        if done is not None:
            self._done[job] = done
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.start()
        return job

    def watch(self, tab: RequestTab) -> None:
        """Record every send `tab` finishes."""
        tab.sent.connect(self._on_sent)

    def keep_abandoned(self, job: SendJob, exchange: Exchange) -> None:
        """A send whose tab closed while it ran (`JobReaper.keeper`): it went over the wire, so it
        is recorded too (cancelled, as a rule); this closes the exchange's body when done."""
        if not self.enabled:
            exchange.body.close()
            return
        work = partial(_record, job.spec, exchange, *job.profiles, job.secrets)
        self.run(work, partial(self._on_abandoned_recorded, exchange))

    def _on_abandoned_recorded(self, exchange: Exchange, outcome: Outcome) -> None:
        exchange.body.close()  # also when the history could not be opened
        self._on_recorded(outcome)

    def record(
        self,
        spec: RequestSpec,
        exchange: Exchange,
        auth_profile: str = "",
        proxy_profile: str = "",
        secrets: frozenset[str] = frozenset(),
    ) -> FormatJob:
        """Add one send on the pool; `recorded` follows with its entry.

        `secrets` are values filled in from secret variables: masked wherever they appear. The
        exchange's body must stay open until the job ends: the job holds the exchange, and the tab
        only closes bodies it never showed.
        """
        work = partial(_record, spec, exchange, auth_profile, proxy_profile, secrets)
        return self.run(work, self._on_recorded)

    def close(self) -> None:
        """Close the database (after the pool is drained); later jobs report it closed."""
        with self._lock:
            self._closed = True
            history, self._history = self._history, None
        if history is not None:
            history.close()

    @Slot(object, object, object)
    def _on_sent(self, spec: RequestSpec, exchange: Exchange, secrets: frozenset[str]) -> None:
        if not self.enabled:
            return
        # The profiles chosen now: the send that just finished ran with them (changing one
        # while a send runs is rare, and the entry then names the newer choice).
        editor = getattr(self.sender(), "editor", None)
        if editor is None:
            self.record(spec, exchange, secrets=secrets)
        else:
            auth, proxy = editor.profile("auth"), editor.profile("proxy")
            self.record(spec, exchange, auth, proxy, secrets)

    def _on_recorded(self, outcome: Outcome) -> None:
        if outcome.problem:
            self.problem.emit(f"Not recorded in the history: {outcome.problem}")
        elif outcome.value is not None:
            self.recorded.emit(outcome.value)

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        done = self._finish()
        if done is not None and isinstance(result, Outcome):
            done(result)

    @Slot(str)
    def _on_job_failed(self, details: str) -> None:
        log.error("internal error in a history job:\n%s", details)
        done = self._finish()
        if done is not None:
            done(Outcome(problem="Workbench hit an internal error while using the history."))

    def _finish(self) -> Done | None:
        job = self.sender()
        if not isinstance(job, FormatJob):
            return None
        retire(self.jobs, job)
        return self._done.pop(job, None)


def _record(
    spec: RequestSpec,
    exchange: Exchange,
    auth_profile: str,
    proxy_profile: str,
    secrets: frozenset[str],
    history: History,
) -> Any:
    """Record on the worker; the new entry's row (None for input refused before sending)."""
    entry_id = history.record(
        spec,
        exchange,
        source="window",
        auth_profile=auth_profile,
        proxy_profile=proxy_profile,
        secrets=secrets,
    )
    if entry_id is None:
        return None
    record = history.get(entry_id)
    return record.entry if record is not None else None
