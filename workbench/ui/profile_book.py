"""The window's shared list of saved profiles, and the runner that does store work on the pool.

One `ProfileBook` per window: it loads the profiles file off the GUI thread after start-up, the
profiles dialog hands it every new list, and each tab's pickers follow its `changed` signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.store.profile_model import Profile, ProfileKind, Profiles
    from workbench.ui.profile_work import Done

log = logging.getLogger(__name__)


class StoreRunner(QObject):
    """Runs store calls on the pool and reports each outcome on the GUI thread.

    Signals:
        done(tag, Done): a call ended; `tag` is what `run` was given.
    """

    done = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: set[FormatJob] = set()

    def run(self, work: Callable[[], Any], tag: object) -> None:
        """Start `work` on the pool; a `StoreError` it raises arrives as `Done.error`."""
        from workbench.ui.profile_work import guarded

        job = FormatJob(guarded(work), tag)
        self.jobs.add(job)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.start()

    def busy(self) -> bool:
        """Whether a call is still running."""
        return bool(self.jobs)

    @Slot(object)
    def _on_finished(self, done: Done) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
            self.done.emit(job.tag, done)

    @Slot(str)
    def _on_failed(self, details: str) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
            log.error("internal error in a profile task:\n%s", details)
            from workbench.ui.profile_work import Done

            self.done.emit(job.tag, Done(error="Workbench hit an internal error; see the log."))


class ProfileBook(QObject):
    """The saved profiles as the pickers know them (None until the first load ends).

    Signals:
        changed: the list changed; pickers rebuild their choices.
        renamed(old, new): a profile was renamed; pickers that chose it follow.
    """

    changed = Signal()
    renamed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profiles: Profiles | None = None
        self.problem = ""
        """Why the profiles file cannot be read, in words ('' when it can)."""
        self.runner = StoreRunner(self)
        self.runner.done.connect(self._on_done)
        self._handed = 0
        """How many lists the dialog handed over: a load started before one is stale."""
        self._loads = 0
        self._shown_load = 0

    def reload(self) -> None:
        """Read the profiles file again, on the pool."""
        from workbench.ui.profile_work import load_profiles

        self._loads += 1
        self.runner.run(load_profiles, (self._handed, self._loads))

    def set_profiles(self, profiles: Profiles, problem: str = "") -> None:
        """A newer list (from the dialog); a load started earlier will not overwrite it."""
        self._handed += 1
        self._show(profiles, problem)

    def _show(self, profiles: Profiles, problem: str) -> None:
        self.profiles = profiles
        self.problem = problem
        self.changed.emit()

    def names(self, kind: ProfileKind) -> list[str]:
        """The names of the auth or proxy profiles, in file order (by name)."""
        if self.profiles is None:
            return []
        found = self.profiles.auth if kind == "auth" else self.profiles.proxy
        return [p.name for p in found]

    def find(self, kind: ProfileKind, name: str) -> Profile | None:
        """The profile of that kind and name, None when absent (or not loaded yet)."""
        if self.profiles is None:
            return None
        if kind == "auth":
            return self.profiles.auth_named(name)
        return self.profiles.proxy_named(name)

    @Slot(object, object)
    def _on_done(self, tag: tuple[int, int], done: Done) -> None:
        handed, load = tag
        if handed != self._handed or load < self._shown_load:
            return  # the dialog handed over a newer list, or a later load already showed
        self._shown_load = load
        if done.error:
            from workbench.store.profile_model import Profiles

            self._show(Profiles(), done.error)
        else:
            self._show(done.value, "")
