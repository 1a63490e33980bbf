"""Ctrl+S and Save As: the tab's request written to its file through the collection's worker.

Saving checks that the file did not change on disk since it was loaded (Conflict: overwrite, reload or
cancel), that no literal credential is written silently (the guard offers to move it into a secret
variable) and that a file that cannot be read is never overwritten (Save As keeps the edits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Signal

from workbench.ui import collection_dialogs, collection_guard, collection_save_dialog
from workbench.ui.collection_dialogs import Choice
from workbench.ui.collection_document import TabDocument
from workbench.ui.collection_form import edited_spec, put_spec
from workbench.ui.collection_jobs import Outcome

if TYPE_CHECKING:
    from workbench.formats.model import SavedRequest
    from workbench.store.collection_files import Loaded
    from workbench.ui.collection_hub import CollectionHub
    from workbench.ui.request_tab import RequestTab

Then = Callable[[], None] | None


class SaveFlow(QObject):
    """Saves tabs to request files.

    Signals:
        saved(object): a tab's request was written (the `RequestTab`).
    """

    saved = Signal(object)

    def __init__(self, hub: CollectionHub) -> None:
        super().__init__(hub)
        self.hub = hub

    def save(self, tab: RequestTab, then: Then = None) -> None:
        """Write the tab to its file (Save As when it has none); `then` runs after a good save."""
        document = tab.document
        if not isinstance(document, TabDocument):
            self.save_as(tab, then)
            return
        self.submit(Write(tab, document.current(), then, document.root))

    def save_as(self, tab: RequestTab, then: Then = None) -> None:
        """Ask for a collection, a folder and a name; the tab then edits the new file."""
        document = tab.document if isinstance(tab.document, TabDocument) else None
        place = collection_save_dialog.ask_save_as(
            self.hub.window,
            self.hub,
            document.name if document else tab.form.title(),
            document.root if document else self.hub.current_root(),
            document.path.rpartition("/")[0] if document else "",
        )
        if place is None:
            return
        root, folder, name = place
        if document is not None:
            saved = document.current()._replace(name=name)
        else:
            from workbench.formats.model import SavedRequest

            saved = SavedRequest(name, edited_spec(tab, None))
        self.submit(Write(tab, saved, then, root, folder, adding=True))

    # --- writing ------------------------------------------------------------------------------
    def submit(self, write: Write) -> None:
        """Write on the collection's worker; the store refuses literal credentials (the guard)."""
        from shiboken6 import isValid

        if not isValid(write.tab):
            return  # the tab was closed meanwhile
        handle = self.hub.handle(write.root) or self.hub.open_collection(write.root, remember=False)
        saved, force, allow, folder = write.saved, write.force, write.allow, write.folder
        if write.adding:
            handle.run(
                lambda c: c.add_request(folder, saved, allow_literal_secrets=allow),
                on_done=_Done(self, write),
            )
            return
        document = write.tab.document
        assert isinstance(document, TabDocument)
        from workbench.store.collection_files import Loaded

        loaded = Loaded(document.path, document.saved, document.stamp)
        handle.run(
            lambda c: c.save(loaded, saved, force=force, allow_literal_secrets=allow),
            on_done=_Done(self, write),
        )

    def done(self, write: Write, outcome: Outcome) -> None:
        """A save or Save As came back: link the tab, or deal with what stopped it."""
        from shiboken6 import isValid

        from workbench.store.collection_errors import BrokenFile, Conflict, NotFound
        from workbench.store.secret_guard import LiteralSecrets

        error = outcome.error
        if not isValid(write.tab):
            return  # the tab was closed meanwhile
        if error is None:
            self._linked(write, outcome.value)
        elif isinstance(error, Conflict):
            self._conflict(write)
        elif isinstance(error, LiteralSecrets):
            self._guard(write, error)
        elif isinstance(error, BrokenFile):
            collection_dialogs.warn(
                self.hub.window,
                "File cannot be read",
                f"{error}\n\nWorkbench never overwrites a file it cannot read. Your edits are "
                "kept in the tab; use Save As to keep them under another name.",
            )
        elif isinstance(error, NotFound) and not write.adding:
            if collection_dialogs.confirm(
                self.hub.window, "File removed", f"{error}\n\nWrite the file again?", "Save"
            ):
                self.submit(write._replace(force=True))
        else:
            collection_dialogs.warn(
                self.hub.window, "Not saved", f"{error}\n\nNothing was written."
            )

    def _linked(self, write: Write, loaded: Loaded) -> None:
        tab, document = write.tab, write.tab.document
        if not isinstance(document, TabDocument):
            document = self.hub.link(tab, write.root, loaded)
        document.root = write.root
        document.saved_as(loaded, write.saved)
        self.hub.message.emit(f"Saved {write.saved.name}.")
        self.hub.current_collection_changed.emit(self.hub.current_root())
        self.saved.emit(tab)
        if write.then is not None:
            write.then()

    def _conflict(self, write: Write) -> None:
        document = write.tab.document
        assert isinstance(document, TabDocument)
        choice = collection_dialogs.ask_conflict(self.hub.window, document.name)
        if choice is Choice.OVERWRITE:
            self.submit(write._replace(force=True))
        elif choice is Choice.RELOAD:
            self.hub.check_document(document, force=True)

    # --- the guard ----------------------------------------------------------------------------
    def _guard(self, write: Write, error: Any) -> None:
        answer = collection_guard.ask_guard(
            self.hub.window, error, self.hub.environments_of(write.root)
        )
        if answer is None:
            return
        saved, variables = collection_guard.apply(write.saved, answer)
        # The store's check is skipped only once the user allowed what was left unmoved.
        after = write._replace(saved=saved, allow=write.allow or answer.allow_rest)
        if not variables:
            self.submit(after)
            return
        from workbench.ui.environment_work import store_secret_variables

        target = answer.target
        handle = self.hub.handle(write.root) or self.hub.open_collection(write.root)
        handle.run(
            lambda c: store_secret_variables(c, target, variables),
            refresh=False,
            on_done=_Stored(self, after),
        )

    def stored(self, write: Write, outcome: Outcome) -> None:
        """The secret values are in the secret store: the request now uses references; save it."""
        from shiboken6 import isValid

        if outcome.error is not None:
            collection_dialogs.warn(
                self.hub.window,
                "Secret not stored",
                f"{outcome.error}\n\nNothing was saved; the request is unchanged.",
            )
            return
        self.hub.environments.refresh(write.root)
        if not isValid(write.tab):
            return
        put_spec(write.tab, write.saved.spec)  # the editor now shows the {{references}}
        spec = edited_spec(write.tab, write.saved.spec)
        self.submit(write._replace(saved=write.saved._replace(spec=spec)))


class Write(NamedTuple):
    """One save of a tab: what, where, and what the user already agreed to."""

    tab: RequestTab
    saved: SavedRequest
    then: Then
    root: str
    folder: str = ""
    adding: bool = False
    """Save As: a new file in `folder` (else the tab's own file)."""
    force: bool = False
    """Overwrite even if the file changed on disk."""
    allow: bool = False
    """The user confirmed that the remaining literal credentials may be written."""


class _Done:
    """Called with the outcome of one write."""

    def __init__(self, flow: SaveFlow, write: Write) -> None:
        self.flow, self.write = flow, write

    def __call__(self, outcome: Outcome) -> None:
        self.flow.done(self.write, outcome)


class _Stored:
    """Called when the guard's secret variables were stored."""

    def __init__(self, flow: SaveFlow, write: Write) -> None:
        self.flow, self.write = flow, write

    def __call__(self, outcome: Outcome) -> None:
        self.flow.stored(self.write, outcome)
