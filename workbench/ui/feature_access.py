"""The main window's way to its features (`window_features`), which are built after its first frame.

Mixed into `MainWindow`: `build_features` builds them once (right after the first frame, or at once
when something asks sooner) and hands them the tabs opened until then; the properties below are how
the rest of the window, its menus and the tests reach each one. Nothing here imports a feature before
it is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from workbench.ui.collection_window import CollectionsUi
    from workbench.ui.export_actions import ExportActions
    from workbench.ui.first_run import TourController
    from workbench.ui.history_ui import HistoryUi
    from workbench.ui.import_actions import Importer
    from workbench.ui.main_window import MainWindow
    from workbench.ui.playground_ui import PlaygroundController
    from workbench.ui.profile_pickers import ProfilesUi
    from workbench.ui.request_tab import RequestTab
    from workbench.ui.window_features import WindowFeatures


class FeatureAccess:
    """Builds the window's features once and leads to each of them."""

    def _init_features(self) -> None:
        self._features: WindowFeatures | None = None
        self._building_features = False
        self._unwatched: list[tuple[RequestTab, dict[str, Any] | None]] = []
        """Tabs opened before the features were built, with their restored state."""
        self._collections_state: object = None
        """The collections' part of the restored state, until the features are built."""

    def build_features(self) -> WindowFeatures:
        """History, collections, profiles, import/export, playground and tour (`window_features`):
        built once, right after the first frame or now when asked sooner; the tabs opened until
        then are handed to them."""
        if self._features is None:
            if self._building_features:
                raise RuntimeError("a window feature asked for the features while they were built")
            self._building_features = True
            try:
                from workbench.ui.window_features import WindowFeatures

                features = WindowFeatures(cast("MainWindow", self), self._collections_state)
            finally:
                self._building_features = False
            self._features, self._collections_state = features, None
            unwatched, self._unwatched = self._unwatched, []
            for tab, state in unwatched:
                features.watch(tab, state)
        return self._features

    @property
    def features_built(self) -> bool:
        """Whether `build_features` ran."""
        return self._features is not None

    @property
    def history_ui(self) -> HistoryUi:
        """The history service and panel."""
        return self.build_features().history

    @property
    def collections(self) -> CollectionsUi:
        """Collections, environments and variables."""
        return self.build_features().collections

    @property
    def profiles_ui(self) -> ProfilesUi:
        """Saved auth and proxy profiles and their pickers."""
        return self.build_features().profiles

    @property
    def imports(self) -> Importer:
        """File > Import."""
        return self.build_features().imports

    @property
    def exports(self) -> ExportActions:
        """Copy as…, Save as… and the export dialog."""
        return self.build_features().exports

    @property
    def playground(self) -> PlaygroundController:
        """The built-in test server."""
        return self.build_features().playground

    @property
    def tour(self) -> TourController:
        """The urllib HOWTO tour and the first-run offer."""
        return self.build_features().tour

    def restore_collections(self, state: object) -> None:
        """The collections' part of the window state (kept until the features are built)."""
        if self._features is not None:
            self._features.collections.restore_state(state)
        else:
            self._collections_state = state

    def _make_history_panel(self) -> QWidget:
        return self.history_ui.make_panel()

    def _make_collections_panel(self) -> QWidget:
        return self.collections.make_panel()

    def _watch_tab(self, tab: RequestTab, state: dict[str, Any] | None) -> None:
        """Hand a new tab to the features (kept for them while they are not built)."""
        if self._features is not None:
            self._features.watch(tab, state)
        else:
            self._unwatched.append((tab, state))
