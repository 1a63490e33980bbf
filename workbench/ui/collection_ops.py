"""What the sidebar does to collections: new, rename, duplicate, move, delete and undo, on the worker.

Each operation runs on its collection's worker; its outcome comes back here on the GUI thread. A
failure (a name the file system refuses, a name taken, a file that cannot be read) is said in words
through `problem` and nothing is changed. Tabs editing a renamed or moved request follow it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from workbench.ui.collection_jobs import Outcome
from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.store.collection_trash import TrashEntry
    from workbench.ui.collection_hub import CollectionHub


class CollectionOps(QObject):
    """The sidebar's operations.

    Signals:
        problem(str): an operation failed (nothing was changed).
        select(root, path): show and select this node (after it was created or moved).
        deleted(object, str): a `TrashEntry` and its name, for the Undo bar.
    """

    problem = Signal(str)
    select = Signal(str, str)
    deleted = Signal(object, str)

    def __init__(self, hub: CollectionHub) -> None:
        super().__init__(hub)
        self.hub = hub
        self._jobs: set[FormatJob] = set()

    def _run(self, root: str, work: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        handle = self.hub.handle(root)
        if handle is None:
            self.problem.emit("That collection is no longer open.")
            return
        handle.run(work, on_done=_Then(self, done))

    # --- creating -----------------------------------------------------------------------------
    def new_request(self, root: str, folder: str) -> None:
        """Ask for a name, save an empty request there and open it."""
        name = _dialogs().ask_name(self.hub.window, "New request", "Request name:")
        if name is None:
            return
        from workbench.engine.spec import RequestSpec
        from workbench.formats.model import SavedRequest

        saved = SavedRequest(name, RequestSpec(url=""))
        self._run(root, lambda c: c.add_request(folder, saved), _Created(self, root, opens=True))

    def new_folder(self, root: str, parent: str) -> None:
        """Ask for a name and make the folder."""
        name = _dialogs().ask_name(self.hub.window, "New folder", "Folder name:")
        if name is not None:
            self._run(root, lambda c: c.add_folder(parent, name), _Created(self, root))

    def new_collection(self) -> None:
        """Ask for a name and make a collection in the app's collections folder."""
        name = _dialogs().ask_name(self.hub.window, "New collection", "Collection name:")
        if name is None:
            return
        job = FormatJob(lambda: _create_collection(name))
        self._jobs.add(job)
        job.finished.connect(self._on_collection_created)
        job.failed.connect(self._on_failed)
        job.start()

    def open_folder(self) -> None:
        """Ask for any folder (a git checkout, say) and show it as a collection."""
        folder = _dialogs().choose_folder(self.hub.window, "Open folder as collection")
        if folder:
            self.hub.open_collection(folder)

    @Slot(object)
    def _on_collection_created(self, outcome: Outcome) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
        if outcome.error is not None:
            self.problem.emit(str(outcome.error))
        else:
            self.hub.open_collection(outcome.value)
            self.select.emit(str(outcome.value), "")

    @Slot(str)
    def _on_failed(self, details: str) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
        self.problem.emit("Workbench hit an internal error; nothing was changed.")
        import logging

        logging.getLogger(__name__).error("internal error in a collection job:\n%s", details)

    # --- changing -----------------------------------------------------------------------------
    def rename(self, root: str, path: str, name: str) -> None:
        """Rename a request or folder; tabs editing it follow."""
        self._run(root, lambda c: c.rename(path, name), _Moved(self, root, path))

    def move(self, root: str, path: str, folder: str) -> None:
        """Move a request or folder into another folder; tabs editing it follow."""
        self._run(root, lambda c: c.move(path, folder), _Moved(self, root, path))

    def duplicate(self, root: str, path: str) -> None:
        """A copy beside the original."""
        self._run(root, lambda c: c.duplicate(path), _Created(self, root))

    def delete(self, root: str, path: str) -> None:
        """Move to the trash (Undo puts it back); a file that cannot be read is refused."""
        self._run(root, lambda c: c.delete(path), _Deleted(self, root, path))

    def undo(self, root: str, entry: TrashEntry) -> None:
        """Put a deleted request or folder back (tabs that had it open are fine again)."""
        self._run(root, lambda c: c.restore(entry), _Restored(self, root))

    def follow(self, root: str, old: str, new: str) -> None:
        """Tabs editing `old` (or something inside it) now edit `new`."""
        for document in self.hub.documents(root):
            if document.path == old or document.path.startswith(old + "/"):
                document.moved(new + document.path[len(old) :])


class _Then:
    """Reports a failed outcome, hands a good one on."""

    def __init__(self, ops: CollectionOps, done: Callable[[Any], None]) -> None:
        self.ops, self.done = ops, done

    def __call__(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.ops.problem.emit(str(outcome.error))
        else:
            self.done(outcome.value)


class _Created:
    def __init__(self, ops: CollectionOps, root: str, opens: bool = False) -> None:
        self.ops, self.root, self.opens = ops, root, opens

    def __call__(self, value: Any) -> None:
        path = value if isinstance(value, str) else value.path
        self.ops.select.emit(self.root, path)
        if self.opens:
            self.ops.hub.show_loaded(self.root, Outcome(value))


class _Restored:
    def __init__(self, ops: CollectionOps, root: str) -> None:
        self.ops, self.root = ops, root

    def __call__(self, path: str) -> None:
        self.ops.select.emit(self.root, path)
        for document in self.ops.hub.documents(self.root):
            if document.path == path or document.path.startswith(path + "/"):
                document.bar.hide()
                self.ops.hub.check_document(document)


class _Moved:
    def __init__(self, ops: CollectionOps, root: str, old: str) -> None:
        self.ops, self.root, self.old = ops, root, old

    def __call__(self, new: str) -> None:
        self.ops.follow(self.root, self.old, new)
        self.ops.select.emit(self.root, new)


class _Deleted:
    def __init__(self, ops: CollectionOps, root: str, path: str) -> None:
        self.ops, self.root, self.path = ops, root, path

    def __call__(self, entry: TrashEntry) -> None:
        name = self.path.rpartition("/")[2].removesuffix(".wbreq.toml")
        for document in self.ops.hub.documents(self.root):
            if document.path == self.path or document.path.startswith(self.path + "/"):
                document.disk_problem(
                    f"{name} was deleted; your edits are kept here. Undo in the sidebar puts "
                    "the file back, Save writes it again."
                )
        self.ops.deleted.emit(entry, name)


def _create_collection(name: str) -> Outcome:
    from workbench.store.collections import create_collection
    from workbench.store.errors import StoreError

    try:
        return Outcome(create_collection(name).root)
    except StoreError as exc:
        return Outcome(error=exc)


def _dialogs() -> Any:
    """The dialogs module, loaded on first use (tests replace its functions)."""
    from workbench.ui import collection_dialogs

    return collection_dialogs
