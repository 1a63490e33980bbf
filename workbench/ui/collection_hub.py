"""The window's collections: which are open, the sidebar tree, and the tabs linked to request files.

The default collections (the app's data folder) and every folder the user opened are shown; the list
of opened folders is kept in the window state. Every few seconds, and when the window comes back to
the front, each collection is scanned on its worker for changes made outside (a ``git pull``): a tab
without edits reloads quietly, a tab with edits offers "Reload / Keep mine".
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication

from workbench.ui.collection_jobs import CollectionHandle, Outcome
from workbench.ui.collection_model import CollectionModel
from workbench.ui.collection_ops import CollectionOps
from workbench.ui.environment_state import Environments
from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.store.collection_index import Changes
    from workbench.ui.collection_document import TabDocument
    from workbench.ui.main_window import MainWindow
    from workbench.ui.request_tab import RequestTab

log = logging.getLogger(__name__)
SCAN_MS = 5000
"""How often open collections are checked for changes made outside Workbench."""


class CollectionHub(QObject):
    """Open collections and linked tabs.

    Signals:
        message(str): for the status bar.
        problem(str): an operation failed; the panel shows it.
        current_collection_changed(str): the current tab's collection folder ('' for none).
        tree_changed(str): a collection's tree was replaced in the model.
    """

    message = Signal(str)
    problem = Signal(str)
    current_collection_changed = Signal(str)
    tree_changed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.handles: dict[str, CollectionHandle] = {}
        self.opened: list[str] = []
        """Folders the user opened (the defaults are found again at each start)."""
        self.default_root: Path | None = None
        """The app's own collections folder (known once the pool has looked)."""
        self.model = CollectionModel(self)
        self.environments = Environments(self)
        self.ops = CollectionOps(self)
        self.environment_dialog: QObject | None = None
        """The environment editor, built on first use and kept."""
        self._jobs: set[FormatJob] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(SCAN_MS)
        self.timer.timeout.connect(self.scan_all)
        window.tabs.currentChanged.connect(self._on_current_changed)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_application_state)

    # --- opening collections ------------------------------------------------------------------
    def start(self) -> None:
        """Find the default collections (on the pool) and start watching."""
        job = FormatJob(_default_folders)
        self._jobs.add(job)
        job.finished.connect(self._on_defaults_found)
        job.failed.connect(self._on_job_failed)
        job.start()
        self.timer.start()

    def open_collection(self, path: str | Path, *, remember: bool = True) -> CollectionHandle:
        """Show a collection folder in the sidebar (opened on the pool); kept across restarts."""
        root = str(Path(path).expanduser().resolve())
        handle = self.handles.get(root)
        if handle is None:
            handle = CollectionHandle(Path(root), self)
            self.handles[root] = handle
            handle.tree_changed.connect(self._on_tree_changed)
            handle.changed_on_disk.connect(self._on_changed_on_disk)
            self.model.set_collection(root, handle.name, None, "")
            handle.open()
        if remember and root not in self.opened and not self._is_default(root):
            self.opened.append(root)
            self.window.schedule_save()
        return handle

    def close_collection(self, root: str) -> None:
        """Stop showing a collection (its files stay where they are)."""
        handle = self.handles.pop(root, None)
        if root in self.opened:
            self.opened.remove(root)
        self.model.remove_collection(root)
        if handle is not None:
            handle.tree_changed.disconnect(self._on_tree_changed)
            handle.changed_on_disk.disconnect(self._on_changed_on_disk)
        self.window.schedule_save()

    def handle(self, root: str) -> CollectionHandle | None:
        """The open collection at `root`."""
        return self.handles.get(root)

    def environments_of(self, root: str) -> list[str]:
        """The environments of a collection, as last read."""
        return list(self.environments.get(root).names)

    # --- tabs ---------------------------------------------------------------------------------
    def documents(self, root: str | None = None) -> list[TabDocument]:
        """The linked tabs' documents (of one collection, or all)."""
        found = []
        for tab in self.window.request_tabs():
            document = tab.document
            if document is not None and (root is None or document.root == root):
                found.append(document)
        return found

    def tab_for(self, root: str, path: str) -> RequestTab | None:
        """The tab that has this request open."""
        for document in self.documents(root):
            if document.path == path:
                return document.tab
        return None

    def open_saved_request(self, root: str | Path, path: str) -> None:
        """Open a request in a tab, or bring forward the tab that has it."""
        key = str(Path(root).expanduser().resolve())
        tab = self.tab_for(key, path)
        if tab is not None:
            self.window.tabs.setCurrentWidget(tab)
            return
        handle = self.open_collection(key)
        handle.run(lambda c: c.load(path), refresh=False, on_done=_Opener(self, key))

    def show_loaded(self, root: str, outcome: Outcome) -> None:
        """Put a loaded request in a tab (a fresh tab unless the current one is blank)."""
        if outcome.error is not None:
            self.problem.emit(f"Cannot open the request: {outcome.error}")
            return
        loaded = outcome.value
        existing = self.tab_for(root, loaded.path)
        if existing is not None:
            self.window.tabs.setCurrentWidget(existing)
            return
        tab = self.window.current_tab() if self.window.tabs.count() else None
        if tab is None or tab.document is not None or not _is_blank(tab):
            tab = self.window.add_tab()
        document = self.link(tab, root, loaded)
        document.show(loaded)
        self.window.tabs.setCurrentWidget(tab)
        self.current_collection_changed.emit(root)

    def link(self, tab: RequestTab, root: str, loaded: Any) -> TabDocument:
        """Make `tab` the editor of a request file."""
        from workbench.ui.collection_document import TabDocument

        document = TabDocument(tab, root, loaded)
        tab.document = document
        document.changed.connect(self._on_document_changed)
        document.reload_wanted.connect(self._on_reload_wanted)
        return document

    def adopt(self, tab: RequestTab, state: object) -> None:
        """A new tab: link it to its file again when its restored state says it had one."""
        data = state.get("document") if isinstance(state, dict) else None
        if data is None:
            return
        from workbench.ui.collection_document import restore

        document = restore(tab, data)
        if document is None:
            return
        tab.document = document
        document.changed.connect(self._on_document_changed)
        document.reload_wanted.connect(self._on_reload_wanted)
        self.open_collection(document.root, remember=False)
        self.check_document(document)  # queued after the opening: the file may have changed

    @Slot()
    def _on_document_changed(self) -> None:
        from workbench.ui.collection_document import TabDocument

        document = self.sender()
        if isinstance(document, TabDocument):
            self.window.update_tab_title(document.tab)
            self.window.schedule_save()

    @Slot()
    def _on_reload_wanted(self) -> None:
        from workbench.ui.collection_document import TabDocument

        document = self.sender()
        if isinstance(document, TabDocument):
            self.check_document(document, force=True)

    def check_document(self, document: TabDocument, *, force: bool = False) -> None:
        """Compare a tab's file with what it loaded (on the worker); react to a difference."""
        handle = self.handles.get(document.root)
        if handle is None:
            return
        path = document.path
        handle.run(lambda c: c.load(path), refresh=False, on_done=_Checker(document, force))

    def current_root(self) -> str:
        """The collection of the current tab ('' when it is not linked to a file)."""
        if not self.window.tabs.count():
            return ""
        document = self.window.current_tab().document
        return document.root if document is not None else ""

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        self.current_collection_changed.emit(self.current_root())

    # --- watching -----------------------------------------------------------------------------
    @Slot()
    def scan_all(self) -> None:
        """Look for changes made outside Workbench in every open collection."""
        for handle in self.handles.values():
            handle.scan()

    @Slot(Qt.ApplicationState)
    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.scan_all()  # back from a terminal where a git pull ran
            self.environments.refresh(self.current_root())

    @Slot(object)
    def _on_changed_on_disk(self, changes: Changes) -> None:
        handle = self.sender()
        if not isinstance(handle, CollectionHandle):
            return
        for document in self.documents(handle.key):
            if document.path in changes.removed:
                document.disk_problem(
                    f"The file of {document.name} was removed or renamed outside Workbench; "
                    "your edits are kept here, and Save writes the file again."
                )
            elif document.path in changes.changed:
                self.check_document(document)

    @Slot()
    def _on_tree_changed(self) -> None:
        handle = self.sender()
        if isinstance(handle, CollectionHandle) and handle.key in self.handles:
            self.model.set_collection(handle.key, handle.name, handle.tree, handle.error)
            self.tree_changed.emit(handle.key)

    # --- start-up -----------------------------------------------------------------------------
    def _is_default(self, root: str) -> bool:
        return self.default_root is not None and Path(root).parent == self.default_root

    @Slot(object)
    def _on_defaults_found(self, found: tuple[Path | None, list[Path]]) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
        self.default_root, folders = found
        # A collection created in the app's folder before it was known is a default, not an opened one.
        remembered = [root for root in self.opened if not self._is_default(root)]
        if remembered != self.opened:
            self.opened = remembered
            self.window.schedule_save()
        for folder in folders:
            self.open_collection(folder, remember=False)

    @Slot(str)
    def _on_job_failed(self, details: str) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
        log.error("internal error while listing collections:\n%s", details)

    def state(self) -> dict[str, Any]:
        """What the window state keeps: the folders the user opened."""
        return {"opened": list(self.opened)}

    def restore_state(self, data: object) -> None:
        """Reopen the folders a previous session had open."""
        if isinstance(data, dict):
            for folder in data.get("opened", []):
                if isinstance(folder, str):
                    self.open_collection(folder)


class _Opener:
    """Called with a load's outcome: shows it in a tab."""

    def __init__(self, hub: CollectionHub, root: str) -> None:
        self.hub, self.root = hub, root

    def __call__(self, outcome: Outcome) -> None:
        self.hub.show_loaded(self.root, outcome)


class _Checker:
    """Called with a fresh load of a tab's file: reloads, offers the new version, or says why not."""

    def __init__(self, document: TabDocument, force: bool) -> None:
        self.document, self.force = document, force

    def __call__(self, outcome: Outcome) -> None:
        document = self.document
        if outcome.error is not None:
            document.disk_problem(f"{outcome.error} Your edits are kept here.")
        elif self.force:
            document.show(outcome.value)
        else:
            document.changed_on_disk(outcome.value)


def _default_folders() -> tuple[Path | None, list[Path]]:
    from workbench.store import paths
    from workbench.store.collections import default_collections

    try:
        return paths.collections_dir().resolve(), default_collections()
    except OSError:
        return None, []


def _is_blank(tab: RequestTab) -> bool:
    """Nothing typed yet: opening a request may use this tab instead of a new one."""
    if tab.url_bar.url.text().strip() or tab.is_running():
        return False
    return not tab.editor.header_rows() and tab.editor.body_kind() == "none"
