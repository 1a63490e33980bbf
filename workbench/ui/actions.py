"""Every window action, its shortcuts and its menu: the keyboard map in one table.

The first frame shows the menu bar's titles (`menu_bar`); the actions and the menus' entries are made
right after it (`build`, `fill_menus`), with no key press or click handled in between.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from workbench.ui import icons

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence


class ActionSpec(NamedTuple):
    """One action: menu text, shortcuts (the first is shown in the menu), the window slot, an icon."""

    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...]
    slot: str
    icon: str = ""
    tip: str = ""


ACTIONS: dict[str, ActionSpec] = {
    "new_tab": ActionSpec("&New Tab", ("Ctrl+T",), "new_tab", "tab-new", "Open a new request tab"),
    "close_tab": ActionSpec("&Close Tab", ("Ctrl+W",), "close_current_tab", "close"),
    "save_body": ActionSpec(
        "&Save Response Body…", ("Ctrl+Shift+S",), "save_body", "save", "Save the whole body"
    ),
    "quit": ActionSpec("&Quit", ("Ctrl+Q",), "close"),
    "find": ActionSpec("&Find in Body…", ("Ctrl+F",), "find_in_body", "find"),
    "copy_curl": ActionSpec("Copy as &curl", (), "copy_curl", "copy"),
    "copy_python": ActionSpec("Copy as &Python", (), "copy_python", "copy"),
    "send": ActionSpec("&Send", ("Ctrl+Return", "Ctrl+Enter"), "send", "send"),
    "cancel": ActionSpec("&Cancel", ("Esc",), "cancel", "cancel", "Stop the running send"),
    "focus_url": ActionSpec("Go to &URL", ("Ctrl+L",), "focus_url"),
    "next_tab": ActionSpec("&Next Tab", ("Ctrl+Tab", "Ctrl+PgDown"), "next_tab"),
    "previous_tab": ActionSpec("&Previous Tab", ("Ctrl+Shift+Tab", "Ctrl+PgUp"), "previous_tab"),
    "about": ActionSpec("&About Workbench", (), "about", "info"),
    "profiles": ActionSpec(
        "Auth and Proxy &Profiles…",
        (),
        "profiles_ui.show_dialog",
        "",
        "Saved auth and proxy profiles, with their secrets in the keyring",
    ),
    # Slots with a dot belong to one of the window's controllers (window.playground, window.tour).
    "playground_start": ActionSpec(
        "&Start", (), "playground.start", "send", "Start the built-in test server on this computer"
    ),
    "playground_stop": ActionSpec("S&top", (), "playground.stop", "cancel"),
    "playground_copy": ActionSpec("&Copy Address", (), "playground.copy_address", "copy"),
    "playground_index": ActionSpec(
        "Open the &Index Page in a Tab", (), "playground.open_index", "tab-new"
    ),
    "tour_open": ActionSpec(
        "Open the urllib HOWTO &Tour",
        (),
        "tour.open_tour",
        "folder",
        "Requests for every section of Python's urllib HOWTO, sent to the playground",
    ),
    "tour_fresh": ActionSpec("Install a &Fresh Copy of the Tour", (), "tour.install_fresh"),
    "import": ActionSpec(
        "&Import…",
        ("Ctrl+I",),
        "imports.open_dialog",
        "",
        "Import a curl command, a Postman collection or an .http file into a collection",
    ),
    "export_collection": ActionSpec(
        "&Export Collection…", (), "exports.export_collection", "", "As Postman v2.1 or .http"
    ),
    "save_har": ActionSpec(
        "Save Exchange as &HAR…", (), "exports.save_har", "save", "Every hop, with timings"
    ),
    "copy_http": ActionSpec("Copy as .&http", (), "exports.copy_http", "copy"),
    "save_curl": ActionSpec("&curl Command…", (), "exports.save_curl", "save"),
    "save_python": ActionSpec("&Python Script…", (), "exports.save_python", "save"),
    "save_http": ActionSpec("&.http File…", (), "exports.save_http", "save"),
    "save_request": ActionSpec(
        "&Save", ("Ctrl+S",), "collections.save", "save", "Save the request to its collection file"
    ),
    "save_request_as": ActionSpec(
        "Save &As…", ("Ctrl+Alt+S",), "collections.save_as", "", "Save the request in a collection"
    ),
    "open_collection": ActionSpec(
        "&Open Folder as Collection…", (), "collections.hub.ops.open_folder", "folder"
    ),
    "new_collection": ActionSpec("New &Collection…", (), "collections.hub.ops.new_collection"),
    "environments": ActionSpec(
        "Manage &Environments…",
        (),
        "collections.manage_environments",
        "",
        "Environments, collection and global variables",
    ),
    "history": ActionSpec(
        "&History", ("Ctrl+H",), "history_ui.show_panel", "", "Search the history of sends"
    ),
}

MenuEntry = str | None | tuple[str, tuple["MenuEntry", ...]]
MENUS: tuple[tuple[str, tuple[MenuEntry, ...]], ...] = (
    (
        "&File",
        (
            "new_tab",
            "close_tab",
            None,
            "save_request",
            "save_request_as",
            None,
            "new_collection",
            "open_collection",
            None,
            "import",
            "export_collection",
            None,
            "save_body",
            "save_har",
            None,
            "quit",
        ),
    ),
    ("&Edit", ("find", None, "copy_curl", "copy_python", "copy_http")),
    (
        "&Request",
        (
            "send",
            "cancel",
            None,
            "focus_url",
            ("Save Request &As", ("save_curl", "save_python", "save_http")),
            None,
            "profiles",
            "environments",
        ),
    ),
    ("&View", ("next_tab", "previous_tab", None, "history")),
    (
        "&Help",
        (
            (
                "&Playground",
                (
                    "playground_start",
                    "playground_stop",
                    None,
                    "playground_copy",
                    "playground_index",
                ),
            ),
            None,
            "tour_open",
            "tour_fresh",
            None,
            "about",
        ),
    ),
)
"""Menus in order; None is a separator, a (title, keys) pair a submenu."""


def build(window: QMainWindow) -> dict[str, QAction]:
    """Create the actions on `window` (so their shortcuts work anywhere in it) and connect them."""
    from PySide6.QtGui import QAction, QKeySequence

    actions = {}
    for key, spec in ACTIONS.items():
        action = QAction(spec.text, window)
        action.setObjectName(f"action_{key}")
        if spec.icon:
            action.setIcon(icons.icon(spec.icon))
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        if spec.tip:
            action.setStatusTip(spec.tip)
        if "." in spec.slot:
            action.triggered.connect(_deferred(window, spec.slot))
        else:
            action.triggered.connect(getattr(window, spec.slot))
        window.addAction(action)
        actions[key] = action
    return actions


def _deferred(window: QMainWindow, slot: str) -> Callable[[], None]:
    """A slot of one of the window's controllers, looked up when triggered: the controllers are
    built after the window's first frame (`window_features`)."""

    def trigger() -> None:
        target: Any = window
        for name in slot.split("."):
            target = getattr(target, name)
        target()

    return trigger


def menu_bar(bar: QMenuBar) -> dict[str, QMenu]:
    """The menu bar's menus, still empty; returns them by title (without the ``&``)."""
    menus: dict[str, QMenu] = {}
    for title, _keys in MENUS:
        menu = bar.addMenu(title)
        menu.setObjectName(f"menu_{title.strip('&').lower()}")
        menus[title.strip("&")] = menu
    return menus


def fill_menus(menus: dict[str, QMenu], actions: dict[str, QAction]) -> None:
    """Put the actions into the menus of `menu_bar`; submenus join `menus` by their title."""
    for title, keys in MENUS:
        _fill(menus[title.strip("&")], keys, actions, menus)


def _fill(
    menu: QMenu, keys: tuple[MenuEntry, ...], actions: dict[str, QAction], menus: dict[str, QMenu]
) -> None:
    for key in keys:
        if key is None:
            menu.addSeparator()
        elif isinstance(key, tuple):
            title, entries = key
            sub = menu.addMenu(title)
            sub.setObjectName(f"menu_{title.replace('&', '').lower()}")
            _fill(sub, entries, actions, menus)
            menus[title.replace("&", "")] = sub
        else:
            menu.addAction(actions[key])
