"""The window's features its first frame does not show, built right after that frame.

History, collections and environments, saved profiles, import and export, the playground and the
tour all act on tabs that exist already, and none of them is on screen before the user opens a menu
or a sidebar panel. Importing and building them costs about as much again as the window itself
(imports, PySide's per-module checks and the enum types of the classes they touch), so the window
paints first with what the user types into — the request tabs, URL bar, Params — and builds these
from the event loop straight after (`MainWindow.build_features`), or at once when something asks
for one sooner (a test, a restored state, a slot).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shiboken6 import isValid

from workbench.ui import (
    collection_window,
    export_actions,
    history_ui,
    import_actions,
    import_paste,
    profile_pickers,
)
from workbench.ui.first_run import TourController
from workbench.ui.playground_ui import PlaygroundController

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow
    from workbench.ui.request_tab import RequestTab


class WindowFeatures:
    """The controllers of one window's features; `watch` hands them each new tab."""

    def __init__(self, window: MainWindow, collections_state: object = None) -> None:
        self.playground = PlaygroundController(window)
        self.tour = TourController(window)
        self.history = history_ui.install(window)
        self.imports = import_actions.install(window)
        self.exports = export_actions.install(window)
        self.profiles = profile_pickers.install(window)
        # After the profiles: its send step resolves variables in the profiles' fields too.
        self.collections = collection_window.install(window)
        self.collections.restore_state(collections_state)
        self.playground.update_view()

    def watch(self, tab: RequestTab, state: dict[str, Any] | None) -> None:
        """A tab opened (`state`: what it was restored from): record its sends, link it to its
        file, highlight its variables, add the profile pickers and the paste handler."""
        if not isValid(tab):  # closed before the features were built
            return
        self.history.watch(tab)
        import_paste.install(tab)
        self.exports.watch(tab)
        self.profiles.add_pickers(tab)
        self.collections.watch(tab, state)
