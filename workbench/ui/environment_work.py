"""The environment editor's work on the pool: read every scope, save the edited ones, add/rename/delete.

Scopes are keyed ``global``, ``collection`` and ``env:NAME``. Secret values are never read here; saving
puts typed secret values in the secret store (keyring or 0600 file) and an empty one keeps what is stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from workbench.formats.model import Environment, Variable

if TYPE_CHECKING:
    from workbench.store.collections import Collection


class Scopes(NamedTuple):
    """Every scope's variables (secret values empty), and the scopes whose file cannot be read."""

    variables: dict[str, tuple[Variable, ...]]
    errors: dict[str, str]

    def labels(self) -> list[tuple[str, str]]:
        """(key, label) of each scope in display order."""
        found = [("global", "Global variables")]
        if "collection" in self.variables or "collection" in self.errors:
            found.append(("collection", "Collection variables"))
        names = sorted({*self.variables, *self.errors} - {"global", "collection"}, key=str.casefold)
        found.extend((key, f"Environment: {key.removeprefix('env:')}") for key in names)
        return found


def _collection(root: str) -> Collection:
    from workbench.store.collections import Collection

    return Collection.open(Path(root), cache=False)


def load_scopes(root: str) -> Scopes:
    """Read the global variables and, for a collection, its variables and environments."""
    from workbench.store import environments as envs
    from workbench.store.errors import StoreError

    variables: dict[str, tuple[Variable, ...]] = {}
    errors: dict[str, str] = {}
    try:
        variables["global"] = envs.load_globals()
    except StoreError as exc:
        errors["global"] = str(exc)
    if not root:
        return Scopes(variables, errors)
    try:
        collection = _collection(root)
        variables["collection"] = collection.settings("").variables
    except StoreError as exc:
        errors["collection"] = str(exc)
        return Scopes(variables, errors)
    for info in envs.list_environments(collection):
        key = f"env:{info.name}"
        if info.error:
            errors[key] = info.error
            continue
        try:
            variables[key] = envs.load_environment(collection, info.name).variables
        except StoreError as exc:
            errors[key] = str(exc)
    return Scopes(variables, errors)


def save_scopes(root: str, edits: dict[str, list[Variable]]) -> dict[str, str]:
    """Write each edited scope; the problems of the scopes that could not be written."""
    from workbench.store import environments as envs
    from workbench.store.errors import StoreError
    from workbench.store.secrets import SecretStore

    secrets = SecretStore()
    problems: dict[str, str] = {}
    for key, typed in edits.items():
        rows = [r for r in typed if r.name or r.value]
        try:
            if key == "global":
                envs.save_globals(rows, secrets)
            elif key == "collection":
                envs.save_collection_variables(_collection(root), rows, secrets)
            else:
                environment = Environment(key.removeprefix("env:"), tuple(rows))
                envs.save_environment(_collection(root), environment, secrets)
        except (StoreError, OSError) as exc:
            problems[key] = str(exc)
    return problems


def rename_env(root: str, old: str, new: str | None) -> str:
    """Add (`old` empty), rename, or delete (`new` None) an environment; a problem in words, or ''."""
    from workbench.store import environments as envs
    from workbench.store.collection_errors import DuplicateName
    from workbench.store.errors import StoreError
    from workbench.store.secrets import SecretStore

    try:
        collection = _collection(root)
        secrets = SecretStore()
        if new is None:
            envs.delete_environment(collection, old, secrets)
        elif not old:
            names = {info.name.casefold() for info in envs.list_environments(collection)}
            if new.strip().casefold() in names:
                raise DuplicateName(new.strip(), collection.root / envs.ENVIRONMENTS)
            envs.save_environment(collection, Environment(new.strip()), secrets)
        else:
            envs.rename_environment(collection, old, new, secrets)
    except (StoreError, OSError) as exc:
        return str(exc)
    return ""


def store_secret_variables(collection: Collection, target: str, variables: list[Variable]) -> None:
    """Add secret variables (from the save guard) to the collection or one of its environments."""
    from workbench.store import environments as envs
    from workbench.store.secrets import SecretStore

    secrets = SecretStore()
    if target:
        current = envs.load_environment(collection, target).variables
        merged = _merge(current, variables)
        envs.save_environment(collection, Environment(target, merged), secrets)
    else:
        merged = _merge(collection.settings("").variables, variables)
        envs.save_collection_variables(collection, merged, secrets)


def _merge(current: tuple[Variable, ...], new: list[Variable]) -> tuple[Variable, ...]:
    by_name = {v.name: v for v in new}
    kept = tuple(by_name.pop(v.name, v) for v in current)
    return kept + tuple(by_name.values())
