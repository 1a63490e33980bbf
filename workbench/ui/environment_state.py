"""What the window knows of environments: per collection, its environments, the active one, and the values
that hovering a ``{{name}}`` shows. Read on the pool; secret values are never read for display.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal, Slot

from workbench.ui.send_job import FormatJob, retire

log = logging.getLogger(__name__)
GLOBAL = ""
"""The key of what applies without a collection (global variables only)."""


class Preview(NamedTuple):
    """Variable values to show on hover: plain values, and the names of secret ones (masked)."""

    values: dict[str, str]
    secrets: frozenset[str] = frozenset()


class Known(NamedTuple):
    """A collection's environments as last read."""

    names: tuple[str, ...] = ()
    broken: tuple[tuple[str, str], ...] = ()
    """Environments whose file cannot be read, with the reason."""
    active: str | None = None
    preview: Preview = Preview({})
    error: str = ""
    """Why the variables could not be read ('' when they could)."""


class Environments(QObject):
    """Environments and variables per collection, refreshed on the pool.

    Signals:
        changed(str): what is known of a collection changed (``''``: the global variables).
    """

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.known: dict[str, Known] = {}
        self._jobs: set[FormatJob] = set()

    def get(self, root: str) -> Known:
        """What is known of a collection (empty until read)."""
        return self.known.get(root, Known())

    def active(self, root: str) -> str | None:
        """The active environment of a collection."""
        return self.get(root).active if root else None

    def refresh(self, root: str) -> None:
        """Read a collection's environments and values again (``''``: the globals)."""
        self._start(lambda: read(root), root)

    def refresh_all(self) -> None:
        """Read everything again (the global variables changed)."""
        for root in {GLOBAL, *self.known}:
            self.refresh(root)

    def set_active(self, root: str, name: str | None) -> None:
        """Choose the active environment of a collection (remembered by the store)."""
        if root:
            self.known[root] = self.get(root)._replace(active=name)
            self._start(lambda: choose(root, name), root)

    def _start(self, work: object, root: str) -> None:
        job = FormatJob(work, tag=root)  # type: ignore[arg-type]
        self._jobs.add(job)
        job.finished.connect(self._on_read)
        job.failed.connect(self._on_failed)
        job.start()

    @Slot(object)
    def _on_read(self, known: Known) -> None:
        job = self.sender()
        if not isinstance(job, FormatJob):
            return
        retire(self._jobs, job)
        root = str(job.tag)
        self.known[root] = known
        self.changed.emit(root)

    @Slot(str)
    def _on_failed(self, details: str) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
        log.error("internal error while reading environments:\n%s", details)


def choose(root: str, name: str | None) -> Known:
    """On the pool: remember the choice, then read everything again."""
    from workbench.store.collections import Collection
    from workbench.store.environments import set_active_environment
    from workbench.store.errors import StoreError

    try:
        set_active_environment(Collection.open(root, cache=False), name)
    except (StoreError, OSError) as exc:
        known = read(root)
        return known._replace(error=f"The environment could not be chosen: {exc}")
    return read(root)


def read(root: str) -> Known:
    """On the pool: a collection's environments, the active one, and its values for display."""
    from workbench.store import environments as envs
    from workbench.store.collection_errors import BrokenFile, NotFound
    from workbench.store.collections import Collection
    from workbench.store.errors import StoreError
    from workbench.store.variables import values

    layers, names, broken, active = [], [], [], None
    try:
        layers.append(envs.load_globals())
        if root:
            collection = Collection.open(Path(root), cache=False)
            for info in envs.list_environments(collection):
                if info.error:
                    broken.append((info.name, info.error))
                else:
                    names.append(info.name)
            active = envs.active_environment(collection)
            layers.append(collection.settings("").variables)
            if active in names:
                layers.append(envs.load_environment(collection, active).variables)
    except (BrokenFile, NotFound, StoreError, OSError) as exc:
        return Known(tuple(names), tuple(broken), active, Preview({}), str(exc))
    merged: dict[str, str] = {}
    secrets: set[str] = set()
    for layer in layers:
        for variable in layer:
            if not variable.enabled:
                continue
            if variable.secret:
                secrets.add(variable.name)
                merged.pop(variable.name, None)
            else:
                secrets.discard(variable.name)
        merged.update(values(v for v in layer if not v.secret))
    return Known(tuple(names), tuple(broken), active, Preview(merged, frozenset(secrets)))
