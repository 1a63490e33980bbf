"""The window state file: geometry, splitters and open tabs with what was typed in them.

Our own JSON at `paths.window_state_file()`, written atomically through `store.atomic` (never QSettings).
Autosave writes on the thread pool, one write at a time, the newest state winning. A file we cannot
read is copied aside and reported; a file from a newer Workbench is left alone and never written over.
Credentials typed into the tabs are not in the file: the writer keeps them in the secret store
(`store.draft_secrets`), written before the file that refers to them.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from workbench.store import atomic, paths
from workbench.ui.send_job import pool

FORMAT = paths.WINDOW_STATE_FORMAT
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
    import json  # only when there is a state: not on a first start

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
    import json

    return json.dumps({"format": FORMAT, "version": VERSION, **state}, indent=1, ensure_ascii=False)


class StateWriter:
    """Writes the state file off the GUI thread: one write at a time, the newest text wins."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.window_state_file()
        self.enabled = True
        self.error = ""
        """The last write failure, in words ('' when the last write worked)."""
        self.secrets_error = ""
        """Why the credentials typed into the tabs could not be kept ('' when they were)."""
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: tuple[str, Mapping[str, str] | None] | None = None
        self._draining = False
        self._kept: dict[str, str] | None = None
        self._store: Any = None

    def submit(self, text: str, secrets: Mapping[str, str] | None = None) -> None:
        """Save `text` (and the typed credentials it refers to) soon, on the pool; a newer call
        replaces a pending older one."""
        if not self.enabled:
            return
        with self._lock:
            self._pending = (text, secrets)
            if self._draining:
                return
            self._draining = True
        pool().start(self._drain)

    def _drain(self) -> None:
        while True:
            with self._lock:
                pending, self._pending = self._pending, None
                if pending is None:
                    self._draining = False
                    return
            self._write(*pending)

    def write_now(self, text: str, secrets: Mapping[str, str] | None = None) -> None:
        """Save on this thread, after any write in flight (used when the window closes)."""
        if not self.enabled:
            return
        with self._lock:
            self._pending = None
        self._write(text, secrets)

    def _write(self, text: str, secrets: Mapping[str, str] | None) -> None:
        with self._write_lock:
            if secrets is not None and dict(secrets) != self._kept:
                self._keep(dict(secrets))
            try:
                atomic.write_text(self.path, text)
            except OSError as exc:
                self.error = (
                    f"Could not save the window state to {self.path}: {exc.strerror or exc}."
                )
            else:
                self.error = ""

    def _keep(self, secrets: dict[str, str]) -> None:
        from workbench.store import draft_secrets
        from workbench.store.errors import StoreError
        from workbench.store.secrets import SecretStore

        if self._store is None:
            self._store = SecretStore()
        try:
            draft_secrets.keep(secrets, self._store)
        except (
            StoreError
        ) as exc:  # the file keeps tokens only: the credentials are lost, not leaked
            self.secrets_error = f"The credentials typed into the tabs could not be kept: {exc}"
        else:
            self.secrets_error = ""
            self._kept = secrets
