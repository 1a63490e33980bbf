"""Keeps the window's state: restores it at start, autosaves what is typed within seconds, saves on close."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, QTimer, Slot

from workbench.ui import window_state
from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow
    from workbench.ui.request_tab import RequestTab

log = logging.getLogger(__name__)

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
        self._jobs: set[FormatJob] = set()
        self._waiting: dict[FormatJob, list[tuple[RequestTab, dict[str, Any], dict[str, Any]]]] = {}

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
        window.restore_collections(state.get("collections"))
        from workbench.store import draft_secrets

        tabs = [t for t in state.get("tabs", []) if isinstance(t, dict)]
        current = state.get("current", 0)
        if not (isinstance(current, int) and 0 <= current < len(tabs)):
            current = 0
        waiting = []
        for index, tab_state in enumerate(tabs):
            marked = draft_secrets.has_tokens(tab_state)
            if index != current and not marked:
                window.add_waiting_tab(tab_state)  # not on display: built after the first frame
                continue
            tab = window.add_tab(draft_secrets.join(tab_state, {}) if marked else tab_state)
            if marked:
                waiting.append((tab, tab.form.state(), tab_state))
        if waiting:
            self._fetch_secrets(waiting)
        if isinstance(state.get("splitter"), str):
            window.splitter.restoreState(_bytes(state["splitter"]))
        if tabs:
            window.tabs.setCurrentIndex(current)

    def _fetch_secrets(
        self, waiting: list[tuple[RequestTab, dict[str, Any], dict[str, Any]]]
    ) -> None:
        """Read the typed credentials on the pool; tabs untouched meanwhile get them back."""
        job = FormatJob(_fetch)
        self._jobs.add(job)
        self._waiting[job] = waiting
        job.finished.connect(self._on_secrets_fetched)
        job.failed.connect(self._on_fetch_failed)
        job.start()

    @Slot(object)
    def _on_secrets_fetched(self, outcome: object) -> None:
        job = self.sender()
        if not isinstance(job, FormatJob):
            return
        retire(self._jobs, job)
        waiting = self._waiting.pop(job, [])
        if isinstance(outcome, str):
            self.window.statusBar().showMessage(outcome, 12_000)
            return
        from shiboken6 import isValid

        from workbench.store import draft_secrets

        assert isinstance(outcome, dict)
        for tab, blank, marked in waiting:
            if isValid(tab) and tab.form.state() == blank:  # edited meanwhile: what is typed wins
                tab.form.restore(draft_secrets.join(marked, outcome))

    @Slot(str)
    def _on_fetch_failed(self, details: str) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
            self._waiting.pop(job, None)
        log.error("internal error while reading the tabs' credentials:\n%s", details)

    def schedule(self) -> None:
        """Autosave soon (the timer is not restarted, so typing cannot postpone it forever)."""
        if not self.timer.isActive():
            self.timer.start()

    def _split(self) -> tuple[str, dict[str, str]]:
        """The state file's text, the typed credentials left out, and those credentials."""
        from workbench.store import draft_secrets

        state = self.collect()
        state["tabs"], secrets = draft_secrets.split(state["tabs"])
        return window_state.dump(state), secrets

    @Slot()
    def save(self) -> str:
        """Write the state file now, on the pool; returns the last write failure, or ''."""
        self.writer.submit(*self._split())
        problem = self.writer.error or self.writer.secrets_error
        if problem:
            self.window.statusBar().showMessage(problem, 12_000)
        return self.writer.error

    def save_now(self) -> None:
        """Write the state file on this thread (the window is closing)."""
        self.timer.stop()
        self.writer.write_now(*self._split())


def _b64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _bytes(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode("ascii"))


def _fetch() -> dict[str, str] | str:
    """On the pool: the typed credentials kept for the tabs, or what went wrong in words."""
    from workbench.store import draft_secrets
    from workbench.store.errors import StoreError
    from workbench.store.secrets import SecretStore

    try:
        return draft_secrets.fetch(SecretStore())
    except StoreError as exc:
        return f"The credentials typed into the restored tabs could not be read back: {exc}"
