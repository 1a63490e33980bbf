"""Environments, collection variables and global variables on disk; secret values in the secret store.

- an environment is ``environments/NAME.toml`` inside the collection folder,
- collection variables are in ``collection.toml``,
- global variables are ``variables.toml`` in the app's config folder,
- the active environment of each collection is remembered in the app's state folder.

A secret variable is written as ``{ name = "token", value = "", secret = true }``; its value goes to
the secret store (see `workbench.store.variable_files`). Saving a secret variable with an empty
value keeps the stored one. Precedence is in `workbench.store.variables`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from workbench.formats.model import Environment, Variable
from workbench.store import atomic, paths
from workbench.store.collection_errors import BrokenFile, DuplicateName, NotFound, Unwritable
from workbench.store.collection_files import rename_through_hidden
from workbench.store.collection_names import check_name, key
from workbench.store.collections import Collection
from workbench.store.variable_files import (
    SecretBackend,
    delete_secret,
    read,
    store_secrets,
    with_secrets,
    write,
)
from workbench.store.variables import layered, values

ENVIRONMENTS = "environments"
EXTENSION = ".toml"
ENV_SCHEMA = "workbench.environment/"
GLOBAL_SCHEMA = "workbench.variables/"


def globals_file() -> Path:
    """Global variables (to move into `paths` as ``variables_file()``)."""
    return paths.global_variables_file()


def active_file() -> Path:
    """The active environment of each collection (to move into `paths`)."""
    return paths.active_environments_file()


def scope_of(collection: Collection | None, environment: str = "") -> str:
    """``global``, ``collection/<id>`` or ``environment/<id>/<name>``."""
    if collection is None:
        return "global"
    if environment:
        return f"environment/{collection.identity()}/{environment}"
    return f"collection/{collection.identity()}"


# -- environments -----------------------------------------------------------------------------


class EnvironmentInfo(NamedTuple):
    """An environment as the environment menu lists it."""

    name: str
    error: str = ""
    """Why its file cannot be read; empty when it can."""


def _env_path(collection: Collection, name: str) -> Path:
    return collection.root / ENVIRONMENTS / f"{check_name(name, 'environment')}{EXTENSION}"


def list_environments(collection: Collection) -> list[EnvironmentInfo]:
    """The collection's environments by name, each with its read error if any."""
    folder = collection.root / ENVIRONMENTS
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if path.name.startswith(".") or not path.name.endswith(EXTENSION):
            continue
        try:
            read(path, ENV_SCHEMA)
            found.append(EnvironmentInfo(path.name.removesuffix(EXTENSION)))
        except (BrokenFile, NotFound) as exc:
            found.append(EnvironmentInfo(path.name.removesuffix(EXTENSION), str(exc)))
    return sorted(found, key=lambda e: key(e.name))


def load_environment(
    collection: Collection, name: str, secrets: SecretBackend | None = None
) -> Environment:
    """An environment; with `secrets`, secret values are filled in (missing ones stay empty)."""
    variables = read(_env_path(collection, name), ENV_SCHEMA)
    scope = scope_of(collection, name)
    return Environment(name, with_secrets(variables, secrets, scope)[0] if secrets else variables)


def save_environment(
    collection: Collection, environment: Environment, secrets: SecretBackend
) -> None:
    """Create or replace an environment (secret values to the secret store)."""
    path = _env_path(collection, environment.name)
    before: tuple[Variable, ...] = ()
    if path.exists():
        before = read(path, ENV_SCHEMA)  # a broken file is refused here, never overwritten
    scope = scope_of(collection, environment.name)
    path.parent.mkdir(exist_ok=True)
    write(path, environment.variables, ENV_SCHEMA, secrets, scope, before)


def delete_environment(collection: Collection, name: str, secrets: SecretBackend) -> None:
    """Delete an environment file and its secret values."""
    path = _env_path(collection, name)
    variables = read(path, ENV_SCHEMA)
    scope = scope_of(collection, name)
    try:
        path.unlink()
    except OSError as exc:
        raise Unwritable(path, exc) from None
    for v in variables:
        if v.secret:
            delete_secret(secrets, scope, v.name)
    if active_environment(collection) == name:
        set_active_environment(collection, None)


def rename_environment(collection: Collection, old: str, new: str, secrets: SecretBackend) -> None:
    """Rename an environment, its secret values moved along; the active choice follows."""
    new, source, target = new.strip(), _env_path(collection, old), _env_path(collection, new)
    if target.exists() and not os.path.samefile(source, target):
        raise DuplicateName(new, target.parent)
    if new == old:
        return
    was_active = active_environment(collection) == old
    environment = load_environment(collection, old, secrets)
    save_environment(collection, environment._replace(name=new), secrets)
    if os.path.samefile(source, target):  # a change of case on a case-insensitive disk
        rename_through_hidden(source, target)  # give the file its new spelling
        scope = scope_of(collection, old)
        for v in environment.variables:
            if v.secret:
                delete_secret(secrets, scope, v.name)
    else:
        delete_environment(collection, old, secrets)
    if was_active:
        set_active_environment(collection, new)


def active_environment(collection: Collection) -> str | None:
    """The environment chosen for this collection, if it still exists."""
    name = _active_map().get(str(collection.root))
    if not isinstance(name, str) or not _env_path(collection, name).is_file():
        return None
    return name


def set_active_environment(collection: Collection, name: str | None) -> None:
    """Remember the chosen environment (None: no environment)."""
    if name is not None and not _env_path(collection, name).is_file():
        raise NotFound(_env_path(collection, name), "environment")
    chosen = _active_map()
    chosen.pop(str(collection.root), None)
    if name is not None:
        chosen[str(collection.root)] = name
    atomic.write_text(active_file(), json.dumps(chosen, indent=1, sort_keys=True))


def _active_map() -> dict[str, Any]:
    try:
        data = json.loads(active_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}  # a lost choice only means choosing again
    return data if isinstance(data, dict) else {}


# -- collection and global variables ------------------------------------------------------------


def load_globals(secrets: SecretBackend | None = None) -> tuple[Variable, ...]:
    """The global variables (none when the file does not exist yet)."""
    path = globals_file()
    if not path.exists():
        return ()
    variables = read(path, GLOBAL_SCHEMA)
    return with_secrets(variables, secrets, "global")[0] if secrets else variables


def save_globals(variables: Iterable[Variable], secrets: SecretBackend) -> None:
    """Replace the global variables."""
    path = globals_file()
    before = read(path, GLOBAL_SCHEMA) if path.exists() else ()
    write(path, variables, GLOBAL_SCHEMA, secrets, "global", before)


def save_collection_variables(
    collection: Collection, variables: Iterable[Variable], secrets: SecretBackend
) -> None:
    """Replace the collection's variables (kept in ``collection.toml``)."""
    settings = collection.settings("")
    where = collection.root / "collection.toml"
    kept = store_secrets(variables, secrets, scope_of(collection), settings.variables, where)
    collection.save_settings("", collection.settings("")._replace(variables=kept))


class Scope(NamedTuple):
    """The variable values for a send, and the secret variables that have no value here."""

    values: dict[str, str]
    missing_secrets: frozenset[str]
    secret_values: frozenset[str] = frozenset()
    """The values of the secret variables: masked wherever a send records them (history)."""


def variables_for(
    collection: Collection | None,
    environment: str | None,
    secrets: SecretBackend | None,
    overrides: Mapping[str, str] | None = None,
) -> Scope:
    """Global, collection, environment and request-level values layered (later wins)."""
    layers: list[Mapping[str, str]] = []
    missing: set[str] = set()
    secret_values: set[str] = set()
    sources: list[tuple[Iterable[Variable], Callable[[], str]]] = [
        (load_globals(), lambda: "global")
    ]
    if collection is not None:
        sources.append((collection.settings("").variables, lambda: scope_of(collection)))
        if environment:
            env = read(_env_path(collection, environment), ENV_SCHEMA)
            sources.append((env, lambda: scope_of(collection, environment)))
    for found, scope_for in sources:
        variables = tuple(found)
        # The scope names the collection's identity, which writes an id on first use: ask for it
        # only when a secret must be read, so running a shipped collection changes no file.
        scope = scope_for() if any(v.secret for v in variables) else ""
        filled, lacking = with_secrets(variables, secrets, scope)
        secret_values.update(v.value for v in filled if v.secret and v.value)
        layer = values(v for v in filled if v.name not in lacking)
        missing = (missing | lacking) - set(layer)
        layers.append(layer)
    layers.append(overrides or {})
    merged = layered(*layers)
    return Scope(merged, frozenset(missing - set(merged)), frozenset(secret_values))
