"""Where Workbench keeps things: the one module that builds paths.

platformdirs' user folders for the app, or everything under ``$WORKBENCH_HOME`` when it is set (tests set
it to a temporary folder so nothing they do touches the real user folders).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "workbench"
HOME_VARIABLE = "WORKBENCH_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE)
    return Path(value).expanduser() if value else None


def _platform(kind: str) -> Path:
    import platformdirs

    getter = getattr(platformdirs, f"user_{kind}_dir")
    return Path(getter(APP_NAME, appauthor=False))


def _root(kind: str) -> Path:
    home = _home()
    path = home / kind if home is not None else _platform(kind)
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Settings, profiles and the fallback secrets file."""
    return _root("config")


def data_dir() -> Path:
    """Collections, history and environments."""
    return _root("data")


def state_dir() -> Path:
    """Window state, open tabs and autosaved drafts."""
    return _root("state")


def cache_dir() -> Path:
    """Things that can be thrown away."""
    return _root("cache")


def profiles_file() -> Path:
    """Auth and proxy profiles (no secrets: those are in the keyring or `secrets_file`)."""
    return config_dir() / "profiles.json"


def secrets_file() -> Path:
    """The fallback secrets store (mode 0600) when no keyring backend works."""
    return config_dir() / "secrets.json"


def settings_file() -> Path:
    """Application settings."""
    return config_dir() / "settings.json"


def history_db() -> Path:
    """The SQLite history of every send."""
    return data_dir() / "history.sqlite3"


def collections_dir() -> Path:
    """Default home of collections."""
    path = data_dir() / "collections"
    path.mkdir(parents=True, exist_ok=True)
    return path


WINDOW_STATE_FORMAT = "workbench.window"
"""The window state file's ``format``: the window writes it, the store reads its opened folders."""


def window_state_file() -> Path:
    """Window geometry, splitters and open tabs with their unsaved contents."""
    return state_dir() / "window.json"


def drafts_dir() -> Path:
    """Autosaved drafts of unsaved request tabs."""
    path = state_dir() / "drafts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def trash_dir() -> Path:
    """Deleted collection items, kept for undo."""
    return state_dir() / "trash"


def collection_index_file(key: str) -> Path:
    """The cached index (names, methods, URLs) of one collection, keyed by a hash of its folder."""
    return cache_dir() / "collections" / f"{key}.json"


def global_variables_file() -> Path:
    """Global variables (secret ones hold only a reference)."""
    return config_dir() / "variables.toml"


def active_environments_file() -> Path:
    """Which environment each collection has chosen."""
    return state_dir() / "environments.json"
