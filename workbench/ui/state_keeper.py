"""Keeps the window's state: restores it at start, autosaves what is typed within seconds, saves on close."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, QTimer, Slot

from workbench.ui import window_state

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

AUTOSAVE_MS = 1500
"""What is typed reaches the state file within this long (plus one write on the pool)."""


class StateKeeper(QObject):
    """Between the window and its state file (`window_state`)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.writer = window_state.StateWriter()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save)

    def collect(self) -> dict[str, Any]:
        """Geometry, splitters and every tab's contents."""
        window = self.window
        return {
            "geometry": _b64(window.saveGeometry()),
            "splitter": _b64(window.splitter.saveState()),
            "current": window.tabs.currentIndex(),
            "tabs": [tab.state() for tab in window.request_tabs()],
            "collections": window.collections.state(),
        }

    def restore(self) -> str:
        """Reopen what the state file holds; returns a problem to tell the user, or ''."""
        loaded = window_state.load()
        self.writer.enabled = loaded.writable
        if not loaded.state:
            return loaded.problem
        try:
            self._apply(loaded.state)
        except (TypeError, ValueError, AttributeError) as exc:
            return f"Part of the window state could not be restored ({exc})."
        return loaded.problem

    def _apply(self, state: dict[str, Any]) -> None:
        window = self.window
        if isinstance(state.get("geometry"), str):
            window.restoreGeometry(_bytes(state["geometry"]))
        window.collections.restore_state(state.get("collections"))
        for tab_state in state.get("tabs", []):
            if isinstance(tab_state, dict):
                window.add_tab(tab_state)
        if isinstance(state.get("splitter"), str):
            window.splitter.restoreState(_bytes(state["splitter"]))
        current = state.get("current", 0)
        if isinstance(current, int) and 0 <= current < window.tabs.count():
            window.tabs.setCurrentIndex(current)

    def schedule(self) -> None:
        """Autosave soon (the timer is not restarted, so typing cannot postpone it forever)."""
        if not self.timer.isActive():
            self.timer.start()

    @Slot()
    def save(self) -> str:
        """Write the state file now, on the pool; returns the last write failure, or ''."""
        self.writer.submit(window_state.dump(self.collect()))
        return self.writer.error

    def save_now(self) -> None:
        """Write the state file on this thread (the window is closing)."""
        self.timer.stop()
        self.writer.write_now(window_state.dump(self.collect()))


def _b64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _bytes(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode("ascii"))
