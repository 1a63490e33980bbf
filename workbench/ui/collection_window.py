"""Collections, environments and variables wired into the main window (`install`).

The window's features call `install` once, after the window's first frame (`window_features`); the
returned `CollectionsUi` is what the window's own slots (Save, Save As, Manage Environments) and the
window state talk to. It takes over the environment bar the window made and showed before.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

from workbench.ui import variable_marks
from workbench.ui.collection_hub import CollectionHub
from workbench.ui.environment_state import Preview
from workbench.ui.sidebar import COLLECTIONS_PANEL as PANEL
from workbench.ui.variables_ui import preparer_factory

if TYPE_CHECKING:
    from workbench.ui.collections_panel import CollectionsPanel
    from workbench.ui.main_window import MainWindow
    from workbench.ui.request_tab import RequestTab
    from workbench.ui.save_flow import SaveFlow


class CollectionsUi(QObject):
    """The window's collections: sidebar panel, environment toolbar, saving, variables."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.hub = CollectionHub(window)
        self.environment_bar = window.environment_bar
        self.environment_bar.attach(self.hub, self.hub.environments)
        window.preparer_factories.append(preparer_factory(self.hub))
        self.hub.message.connect(window.statusBar().showMessage)
        self.hub.environments.changed.connect(self._on_environments_changed)
        self.hub.current_collection_changed.connect(self._on_environments_changed)
        self.hub.environments.refresh("")
        self.hub.start()

    @property
    def panel(self) -> CollectionsPanel:
        """The Collections panel of the sidebar (built now if it was not)."""
        from workbench.ui.collections_panel import CollectionsPanel

        panel = self.window.sidebar.panel(PANEL)
        assert isinstance(panel, CollectionsPanel)
        return panel

    def make_panel(self) -> CollectionsPanel:
        """The panel, for the sidebar to build when it is first shown (the window registers it)."""
        from workbench.ui.collections_panel import CollectionsPanel

        return CollectionsPanel(self.hub)

    @cached_property
    def flow(self) -> SaveFlow:
        """Saving tabs to request files (made on the first save)."""
        from workbench.ui.save_flow import SaveFlow

        return SaveFlow(self.hub)

    # --- what the window and other parts call -------------------------------------------------
    def open_collection(self, path: str | Path) -> None:
        """Show a collection folder in the sidebar (the tour opens itself this way)."""
        self.hub.open_collection(path)
        self.window.sidebar.show_panel(PANEL)

    def open_saved_request(self, collection: str | Path, path: str) -> None:
        """Open one request of a collection in a tab (or bring its tab forward)."""
        self.hub.open_saved_request(collection, path)

    def select_first_request(self, collection: str | Path) -> None:
        """Select the first request of a collection in the sidebar once its tree is read."""
        root = str(Path(collection).expanduser().resolve())
        handle = self.hub.handle(root)
        if handle is not None:
            handle.run(_first_request, refresh=False, on_done=_Selector(self.panel, root))

    @Slot()
    def save(self) -> None:
        """Ctrl+S: the current tab to its file."""
        self.flow.save(self.window.current_tab())

    @Slot()
    def save_as(self) -> None:
        """Save As: the current tab to a new file."""
        self.flow.save_as(self.window.current_tab())

    @Slot()
    def manage_environments(self) -> None:
        """The environment editor for the current tab's collection."""
        self.environment_bar.manage()

    def may_close(self, tab: RequestTab) -> bool:
        """Whether a tab may close now; with unsaved edits the user chooses (Save closes it after)."""
        document = tab.document
        if document is None or not document.is_dirty():
            return True
        from workbench.ui import collection_dialogs
        from workbench.ui.collection_dialogs import Choice

        choice = collection_dialogs.ask_save_changes(self.window, document.name)
        if choice is Choice.SAVE:
            self.flow.save(tab, then=_Closer(self.window, tab))
        return choice is Choice.DISCARD

    def state(self) -> dict[str, Any]:
        """For the window state file."""
        return self.hub.state()

    def restore_state(self, data: object) -> None:
        """From the window state file."""
        self.hub.restore_state(data)

    # --- tabs ---------------------------------------------------------------------------------
    def watch(self, tab: RequestTab, state: dict[str, Any] | None) -> None:
        """A new tab: its link to a file (restored), and variables highlighted in it."""
        self.hub.adopt(tab, state)
        tab.restored_title = ""  # the document's own title from now on
        self.window.update_tab_title(tab)
        variable_marks.install(tab, _Lookup(self.hub, tab))

    @Slot()
    def _on_environments_changed(self) -> None:
        for tab in self.window.request_tabs():
            marks = tab.url_bar.url.findChild(variable_marks.UrlMarks)
            if marks is not None:
                marks.refresh()
            # Only tables on screen need a repaint; a hidden one paints afresh when shown (and a
            # first viewport() call costs PySide ~15 ms of type lookup: not during start-up).
            tables = []
            if tab.editor.is_built("params"):
                tables.append(tab.editor.params_table)
            if tab.editor.is_built("headers"):
                tables.append(tab.editor.headers.table)
            for table in tables:
                if table.isVisible():
                    table.viewport().update()


class _Lookup:
    """The values a tab's variables have now (global, collection, environment, runtime)."""

    def __init__(self, hub: CollectionHub, tab: RequestTab) -> None:
        self.hub, self.tab = hub, tab

    def __call__(self) -> tuple[Preview, str]:
        document = self.tab.document
        root = document.root if document is not None else ""
        known = self.hub.environments.get(root)
        values = {**known.preview.values, **self.hub.window.runtime_variables}
        secrets = known.preview.secrets - set(self.hub.window.runtime_variables)
        if not root:
            where = "the global variables"
        elif known.active:
            where = f"the environment {known.active} or the collection"
        else:
            where = "this collection (no environment chosen)"
        return Preview(values, secrets), where


class _Closer:
    """Closes a tab once its save went through."""

    def __init__(self, window: MainWindow, tab: RequestTab) -> None:
        self.window, self.tab = window, tab

    def __call__(self) -> None:
        index = self.window.tabs.indexOf(self.tab)
        if index >= 0:
            self.window.close_tab(index)


class _Selector:
    def __init__(self, panel: CollectionsPanel, root: str) -> None:
        self.panel, self.root = panel, root

    def __call__(self, outcome: Any) -> None:
        if isinstance(outcome.value, str):
            self.panel.select(self.root, outcome.value)


def _first_request(collection: Any) -> str | None:
    paths = collection.requests("")
    return paths[0] if paths else None


def install(window: MainWindow) -> CollectionsUi:
    """Wire collections into `window`; then `watch` each of its tabs."""
    return CollectionsUi(window)
