"""One open collection, worked on the pool one job at a time: the GUI thread never reads its files.

A `Collection` may be used from one thread at a time (see `workbench.store.collections`), so each
`CollectionHandle` queues its operations and starts the next only when the last has reported. Every
job may refresh the tree (an immutable `FolderNode`) and the filter snapshot the GUI thread reads.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Signal, Slot

from workbench.store.errors import StoreError
from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.store.collection_index import Changes
    from workbench.store.collection_tree import Filter, FolderNode
    from workbench.store.collections import Collection

log = logging.getLogger(__name__)

Work = Callable[["Collection"], Any]
"""What a job does with the collection, on the worker; a `StoreError` it raises is data."""


class Outcome(NamedTuple):
    """What one job gave back: its value, or the store's error in words."""

    value: Any = None
    error: StoreError | None = None


class _Result(NamedTuple):
    outcome: Outcome
    collection: Collection | None
    tree: FolderNode | None
    searcher: Filter | None


class CollectionHandle(QObject):
    """A collection folder the sidebar shows; its jobs run on the pool, in order.

    Signals:
        tree_changed: `tree` (and `searcher`) were replaced.
        changed_on_disk(Changes): a scan found files edited, added or removed outside.
    """

    tree_changed = Signal()
    changed_on_disk = Signal(object)

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.collection: Collection | None = None
        self.tree: FolderNode | None = None
        self.searcher: Filter | None = None
        self.error = ""
        """Why the collection could not be opened ('' when it could)."""
        self._queue: deque[tuple[Work, bool, Callable[[Outcome], None] | None]] = deque()
        self._jobs: set[FormatJob] = set()
        self._busy = False

    @property
    def key(self) -> str:
        """How the window names this collection (its folder, absolute)."""
        return str(self.root)

    @property
    def name(self) -> str:
        """The collection's display name (the folder's until the tree is read)."""
        return self.tree.name if self.tree is not None else self.root.name

    def is_idle(self) -> bool:
        """Nothing queued or running."""
        return not self._busy and not self._queue

    def open(self) -> None:
        """Read the folder (quick), then check every file in the background."""
        self.run(_noop, on_done=self._on_opened)

    def run(
        self, work: Work, *, refresh: bool = True, on_done: Callable[[Outcome], None] | None = None
    ) -> None:
        """Queue `work`; `on_done` gets its `Outcome` on the GUI thread after the tree is refreshed."""
        self._queue.append((work, refresh, on_done))
        self._next()

    def scan(self) -> None:
        """Look for changes made outside (only when idle: a busy handle refreshes anyway)."""
        if self.is_idle() and self.collection is not None:
            self.run(_scan, refresh=False, on_done=self._on_scanned)

    def _next(self) -> None:
        if self._busy or not self._queue:
            return
        work, refresh, on_done = self._queue.popleft()
        self._busy = True
        root, collection = self.root, self.collection
        job = FormatJob(lambda: _perform(root, collection, work, refresh), tag=on_done)
        self._jobs.add(job)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.start()

    @Slot(object)
    def _on_job_finished(self, result: _Result) -> None:
        job = self.sender()
        on_done = job.tag if isinstance(job, FormatJob) else None
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
        self._busy = False
        if result.collection is not None:
            self.collection = result.collection
        if result.tree is not None:
            self.tree, self.searcher, self.error = result.tree, result.searcher, ""
            self.tree_changed.emit()
        elif self.collection is None and result.outcome.error is not None:
            self.error = str(result.outcome.error)
            self.tree_changed.emit()
        if callable(on_done):
            on_done(result.outcome)
        self._next()

    @Slot(str)
    def _on_job_failed(self, details: str) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
        log.error("internal error in a collection job for %s:\n%s", self.root, details)
        self._busy = False
        self._next()

    def _on_opened(self, outcome: Outcome) -> None:
        if outcome.error is None:
            self.run(_check)

    def _on_scanned(self, outcome: Outcome) -> None:
        if outcome.error is not None:  # the folder vanished or cannot be read any more
            if str(outcome.error) != self.error:
                self.error = str(outcome.error)
                self.tree_changed.emit()
            return
        if self.error:
            self.error = ""
            self.tree_changed.emit()
        if outcome.value:
            self.run(_noop)  # take the tree again, so new marks and names show
            self.changed_on_disk.emit(outcome.value)


def _noop(_collection: Collection) -> None:
    return None


def _scan(collection: Collection) -> Changes:
    return collection.scan()


def _check(collection: Collection) -> Changes:
    return collection.check()


def _perform(root: Path, collection: Collection | None, work: Work, refresh: bool) -> _Result:
    """On the worker: open the collection if needed, do the work, take the tree again."""
    from workbench.store.collections import Collection

    opened = None
    try:
        if collection is None:
            collection = opened = Collection.open(root)
        outcome = Outcome(work(collection))
    except StoreError as exc:
        outcome = Outcome(error=exc)
    tree = searcher = None
    if collection is not None and (refresh or opened is not None):
        try:
            tree, searcher = collection.tree(), collection.searcher()
        except StoreError as exc:
            outcome = outcome if outcome.error else Outcome(outcome.value, exc)
    return _Result(outcome, opened, tree, searcher)
