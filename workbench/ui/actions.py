"""Every window action, its shortcuts and its menu: the keyboard map in one table."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar

from workbench.ui import icons


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
}

MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&File", ("new_tab", "close_tab", None, "save_body", None, "quit")),
    ("&Edit", ("find", None, "copy_curl", "copy_python")),
    ("&Request", ("send", "cancel", None, "focus_url")),
    ("&View", ("next_tab", "previous_tab")),
    ("&Help", ("about",)),
)
"""Menus in order; None is a separator. The Help menu is where the playground goes later."""


def build(window: QMainWindow) -> dict[str, QAction]:
    """Create the actions on `window` (so their shortcuts work anywhere in it) and connect them."""
    actions = {}
    for key, spec in ACTIONS.items():
        action = QAction(spec.text, window)
        action.setObjectName(f"action_{key}")
        if spec.icon:
            action.setIcon(icons.icon(spec.icon))
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        if spec.tip:
            action.setStatusTip(spec.tip)
        action.triggered.connect(getattr(window, spec.slot))
        window.addAction(action)
        actions[key] = action
    return actions


def build_menus(bar: QMenuBar, actions: dict[str, QAction]) -> dict[str, object]:
    """Fill the menu bar; returns the menus by title (without the ``&``)."""
    menus: dict[str, object] = {}
    for title, keys in MENUS:
        menu = bar.addMenu(title)
        menu.setObjectName(f"menu_{title.strip('&').lower()}")
        for key in keys:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[key])
        menus[title.strip("&")] = menu
    return menus
