"""The window state file: geometry, splitters and open tabs with what was typed in them.

Our own JSON at `paths.window_state_file()`, written atomically through `store.atomic` (never QSettings).
Autosave writes on the thread pool, one write at a time, the newest state winning. A file we cannot
read is copied aside and reported; a file from a newer Workbench is left alone and never written over.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, NamedTuple

from workbench.store import atomic, paths
from workbench.ui.send_job import pool

FORMAT = "workbench.window"
VERSION = 1


class Loaded(NamedTuple):
    """What reading the state file gave: the state (or None) and a problem to tell the user."""

    state: dict[str, Any] | None
    problem: str = ""
    writable: bool = True
    """False when the file must not be written over (it came from a newer Workbench)."""


def load(path: Path | None = None) -> Loaded:
    """Read the state file; a missing file is a fresh start, a broken one is kept and reported."""
    path = path or paths.window_state_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(None)
    except OSError as exc:
        return Loaded(None, f"The window state {path} could not be read ({exc.strerror}).", False)
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a Workbench window state")
        version = int(data.get("version", 0))
    except (ValueError, TypeError) as exc:
        return _set_aside(path, raw, str(exc))
    if version > VERSION:
        return Loaded(
            None,
            f"The window state {path} was written by a newer Workbench (version {version}); "
            "it is left untouched and this session's tabs will not be saved.",
            False,
        )
    return Loaded(data)


def _set_aside(path: Path, raw: bytes, reason: str) -> Loaded:
    backup = path.with_name(path.name + ".unreadable")
    try:
        atomic.write_bytes(backup, raw)
    except OSError as exc:
        return Loaded(
            None,
            f"The window state {path} could not be read ({reason}) nor copied aside ({exc.strerror}); "
            "it is left untouched and this session's tabs will not be saved.",
            False,
        )
    return Loaded(
        None, f"The window state {path} could not be read ({reason}); a copy is kept at {backup}."
    )


def dump(state: dict[str, Any]) -> str:
    """The file's text for `state` (format and version added)."""
    return json.dumps({"format": FORMAT, "version": VERSION, **state}, indent=1, ensure_ascii=False)


class StateWriter:
    """Writes the state file off the GUI thread: one write at a time, the newest text wins."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.window_state_file()
        self.enabled = True
        self.error = ""
        """The last write failure, in words ('' when the last write worked)."""
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: str | None = None
        self._draining = False

    def submit(self, text: str) -> None:
        """Save `text` soon, on the pool (a newer call replaces a pending older one)."""
        if not self.enabled:
            return
        with self._lock:
            self._pending = text
            if self._draining:
                return
            self._draining = True
        pool().start(self._drain)

    def _drain(self) -> None:
        while True:
            with self._lock:
                text, self._pending = self._pending, None
                if text is None:
                    self._draining = False
                    return
            self._write(text)

    def write_now(self, text: str) -> None:
        """Save `text` on this thread, after any write in flight (used when the window closes)."""
        if not self.enabled:
            return
        with self._lock:
            self._pending = None
        self._write(text)

    def _write(self, text: str) -> None:
        with self._write_lock:
            try:
                atomic.write_text(self.path, text)
            except OSError as exc:
                self.error = (
                    f"Could not save the window state to {self.path}: {exc.strerror or exc}."
                )
            else:
                self.error = ""
