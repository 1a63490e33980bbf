"""Application settings: one small JSON file (``paths.settings_file()``), always written atomically.

A settings file that cannot be used (not JSON, a wrong type, a newer schema) is reported and left
exactly as it is: its values are ignored in favour of the defaults, and `update` refuses to replace
it, so a hand edit with a typo is never lost. Keys this version does not know are kept as they are
(a newer Workbench of the same schema may have written them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from workbench.store import atomic, locking, paths
from workbench.store.errors import StoreError
from workbench.store.schema import check_schema

SCHEMA_PREFIX = "workbench.settings/"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_PREFIX}{SCHEMA_VERSION}"

FIRST_RUN_DONE = "first_run_done"
"""True once the first-run offer (playground and tour) was answered either way."""
TOUR_ANSWER = "tour_answer"
"""What the user answered to the first-run offer: ``accepted``, ``declined`` or ``""`` (not asked)."""

HISTORY_BODY_CAP_KIB = "history_body_cap_kib"
"""KiB of each response body the history keeps (0: keep no bodies); `History` reads it."""
MAX_HISTORY_BODY_CAP_KIB = 10240

DEFAULTS: dict[str, bool | str | int] = {
    FIRST_RUN_DONE: False,
    TOUR_ANSWER: "",
    HISTORY_BODY_CAP_KIB: 64,
}
"""Every known setting with its default; a value in the file must have the default's type."""
RANGES: dict[str, tuple[int, int]] = {HISTORY_BODY_CAP_KIB: (0, MAX_HISTORY_BODY_CAP_KIB)}
"""The allowed values of the number settings, both ends included."""


class Settings(NamedTuple):
    """The settings in effect, and whether (and why not) the file was used."""

    values: dict[str, Any]
    """Defaults overlaid with the file's values (only the defaults when the file is unusable)."""
    found: bool = False
    """The file exists (readable or not)."""
    problem: str = ""
    """Why the file was not used, in words; ``""`` when it was read or does not exist."""

    def get(self, key: str) -> Any:
        """One setting's value."""
        return self.values.get(key, DEFAULTS.get(key))

    @property
    def first_run(self) -> bool:
        """Whether to make the first-run offer: never answered, and no unreadable file in the way."""
        if not self.found:
            return True
        return not self.problem and not self.get(FIRST_RUN_DONE)


def loads(text: str) -> dict[str, Any]:
    """The file's own values (unknown keys included); raises `StoreError` saying what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise StoreError(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise StoreError("not a Workbench settings file (a JSON object was expected)")
    check_schema(data.pop("schema", None), SCHEMA_PREFIX, SCHEMA_VERSION, "settings")
    for key in DEFAULTS:
        if key in data and value_problem(key, data[key]):
            raise StoreError(f"{key}: {value_problem(key, data[key])}")
    return data


def value_problem(key: str, value: Any) -> str:
    """What is wrong with a value of a known setting, in words; ``""`` when it is right."""
    default = DEFAULTS[key]
    low, high = RANGES.get(key, (0, 0))
    if type(value) is not type(default):
        if isinstance(default, bool):
            wanted = "true or false"
        elif isinstance(default, int):
            wanted = f"a whole number from {low} to {high}"
        else:
            wanted = "a string"
        return f"should be {wanted}, not {json.dumps(value)}"
    if isinstance(value, int) and key in RANGES and not low <= value <= high:
        return f"should be from {low} to {high}, not {value}"
    return ""


def history_body_cap(path: Path | None = None) -> int:
    """Bytes of each response body the history keeps (the default when the file is unusable)."""
    kib = load(path).get(HISTORY_BODY_CAP_KIB)
    return int(kib) * 1024


def dumps(values: Mapping[str, Any]) -> str:
    """The file text: the schema first, then the keys in sorted order (diffs stay small)."""
    document = {"schema": SCHEMA, **{k: values[k] for k in sorted(values)}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _read(path: Path, saving: bool = False) -> tuple[dict[str, Any] | None, str]:
    """(the file's values or None when it is missing, the problem in words or "")."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError) as exc:
        return {}, _unusable(path, str(getattr(exc, "strerror", None) or exc), saving)
    try:
        return loads(text), ""
    except StoreError as exc:
        return {}, _unusable(path, str(exc), saving)


def _unusable(path: Path, why: str, saving: bool = False) -> str:
    doing = "did not save the change" if saving else "uses its default settings"
    return (
        f"The settings file {path} cannot be used ({why}). Workbench {doing} "
        "and leaves the file as it is: fix it or delete it."
    )


def load(path: Path | None = None) -> Settings:
    """The settings in effect; never raises for a bad file (see `Settings.problem`)."""
    path = path or paths.settings_file()
    own, problem = _read(path)
    if own is None:
        return Settings(dict(DEFAULTS))
    if problem:
        return Settings(dict(DEFAULTS), found=True, problem=problem)
    return Settings({**DEFAULTS, **own}, found=True)


def update(changes: Mapping[str, Any], path: Path | None = None) -> Settings:
    """Set some values and write the file atomically; the settings now in effect.

    Re-reads the file under a lock first, so another window's change is kept. Raises `StoreError`
    when the file on disk cannot be used (it is then left untouched) or cannot be written.
    """
    path = path or paths.settings_file()
    for key, value in changes.items():
        if key in DEFAULTS and type(value) is not type(DEFAULTS[key]):
            raise TypeError(f"setting {key} takes a {type(DEFAULTS[key]).__name__}")
        if key in DEFAULTS and value_problem(key, value):
            raise ValueError(f"setting {key} {value_problem(key, value)}")
    with locking.locked(path):
        own, problem = _read(path, saving=True)
        if problem:
            raise StoreError(problem)
        values = {**(own or {}), **changes}
        try:
            atomic.write_text(path, dumps(values))
        except OSError as exc:
            raise StoreError(f"The settings file {path} cannot be written: {exc}") from None
    return Settings({**DEFAULTS, **values}, found=True)
