"""The fallback secrets store: one JSON file readable by its owner only (mode 0600).

Used when no keyring backend works. Each change is a locked read-modify-write through the atomic
writer, so a crash leaves the old file or the new one. A file that cannot be parsed is reported and
never overwritten: the secrets in it are not ours to throw away.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from workbench.store import atomic
from workbench.store.errors import StoreError
from workbench.store.locking import locked

SCHEMA = "workbench.secrets/1"
FILE_MODE = 0o600


def display_path(path: Path) -> str:
    """The path as a person reads it: ``~/.config/...`` under the home folder."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class SecretFile:
    """Secrets by key in one 0600 JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def description(self) -> str:
        """What the UI shows: ``file ~/.config/workbench/secrets.json (0600)``."""
        return f"file {display_path(self.path)} (0600)"

    def get(self, key: str) -> str | None:
        """The secret under `key`, None when there is none."""
        with locked(self.path):
            return self._read().get(key)

    def set(self, key: str, value: str) -> None:
        """Store `value` under `key`."""
        with locked(self.path):
            data = self._read()
            data[key] = value
            self._write(data)

    def delete(self, key: str) -> None:
        """Forget `key` (nothing happens when it is absent)."""
        with locked(self.path):
            data = self._read()
            if data.pop(key, None) is not None:
                self._write(data)

    def keys(self) -> list[str]:
        """Every key held, sorted."""
        with locked(self.path):
            return sorted(self._read())

    def _read(self) -> dict[str, str]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise self._broken(str(exc)) from None
        self._tighten()
        try:
            data: Any = json.loads(text)
        except ValueError as exc:
            raise self._broken(f"not valid JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise self._broken(f'the first key should be "schema": "{SCHEMA}"')
        secrets = data.get("secrets")
        if not isinstance(secrets, dict) or not all(isinstance(v, str) for v in secrets.values()):
            raise self._broken('"secrets" should map names to text')
        return dict(secrets)

    def _write(self, data: dict[str, str]) -> None:
        document = {"schema": SCHEMA, "secrets": dict(sorted(data.items()))}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        try:
            atomic.write_text(self.path, text, mode=FILE_MODE)
        except OSError as exc:
            raise StoreError(
                f"The secrets file {self.path} could not be written ({exc}); nothing was changed."
            ) from None

    def _tighten(self) -> None:
        # Someone widened the permissions (a copy, a restore): close them again before use.
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode)
            if mode & 0o077:
                os.chmod(self.path, FILE_MODE)
        except OSError:
            pass

    def _broken(self, why: str) -> StoreError:
        return StoreError(
            f"The secrets file {self.path} cannot be read ({why}). It was left as it is; "
            "fix or move it away, then try again."
        )
