"""Variables files (environments, global variables) and the secret values of secret variables.

A secret variable is written as ``{ name = "token", value = "", secret = true }``. Its value is kept in
the `SecretStore` (the keyring, or the 0600 secrets file when no keyring works) under a key derived
from where the variable lives (global, a collection's id, an environment) and its name. Deriving the
key, rather than writing a random reference into the file, keeps a collection shared in git free of
per-computer references: each person stores their own value for ``{{token}}`` once.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from workbench.formats.errors import FormatError
from workbench.formats.model import Variable
from workbench.formats.request_file import Table, check_schema, render
from workbench.store import atomic
from workbench.store.collection_errors import BrokenFile, DuplicateName, NotFound, Unwritable
from workbench.store.collection_names import key
from workbench.store.secrets import FILE_PREFIX, KEYRING_PREFIX
from workbench.store.variables import check_variable_name


class SecretBackend(Protocol):
    """What secret variables need of `workbench.store.secrets.SecretStore`."""

    @property
    def uses_keyring(self) -> bool:
        """True when new secrets go to the system keyring."""

    def get(self, ref: str) -> str | None:
        """The stored value, or None."""

    def set(self, ref: str, value: str) -> None:
        """Store a value."""

    def delete(self, ref: str) -> None:
        """Forget a value (no error when there is none)."""


def _key(scope: str, name: str) -> str:
    data = f"{scope}\n{name}".encode("utf-8", "surrogatepass")
    return "variable-" + hashlib.blake2b(data, digest_size=16).hexdigest()


def read_secret(store: SecretBackend, scope: str, name: str) -> str | None:
    """The stored value of a secret variable (keyring first, then the secrets file)."""
    secret_key = _key(scope, name)
    if store.uses_keyring:
        value = store.get(KEYRING_PREFIX + secret_key)
        if value is not None:
            return value
    return store.get(FILE_PREFIX + secret_key)


def write_secret(store: SecretBackend, scope: str, name: str, value: str) -> None:
    """Store a secret variable's value where new secrets go."""
    secret_key = _key(scope, name)
    if store.uses_keyring:
        store.set(KEYRING_PREFIX + secret_key, value)
        store.delete(FILE_PREFIX + secret_key)  # an older copy from when no keyring worked
    else:
        store.set(FILE_PREFIX + secret_key, value)


def delete_secret(store: SecretBackend, scope: str, name: str) -> None:
    """Forget a secret variable's value wherever it is."""
    secret_key = _key(scope, name)
    store.delete(FILE_PREFIX + secret_key)
    if store.uses_keyring:
        store.delete(KEYRING_PREFIX + secret_key)


def loads(text: str, schema: str) -> tuple[Variable, ...]:
    """Read an environment or global variables file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(f"not valid TOML: {exc}") from None
    check_schema(data, schema, 1, "variables file")
    top = Table(data, "")
    top.data.pop("schema")
    found = []
    for row in top.rows("variables"):
        item = Variable(
            row.text("name"),
            row.text("value"),
            row.flag("secret", False),
            row.flag("enabled", True),
        )
        row.done()
        if item.secret and item.value:
            raise FormatError(
                "a secret variable's value belongs in the secret store, not in this file",
                where=f"variables ({item.name})",
            )
        found.append(item)
    top.done()
    return tuple(found)


def dumps(variables: Iterable[Variable], schema: str) -> str:
    """The text of a variables file; secret values are left out."""
    rows: list[dict[str, Any]] = []
    for v in variables:
        row: dict[str, Any] = {"name": v.name, "value": "" if v.secret else v.value}
        row.update({"secret": True} if v.secret else {})
        row.update({} if v.enabled else {"enabled": False})
        rows.append(row)
    return render([("", {"schema": f"{schema}1", **({"variables": rows} if rows else {})})])


def read(path: Path, schema: str) -> tuple[Variable, ...]:
    """The variables of a file; `BrokenFile` when it cannot be read."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise NotFound(path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BrokenFile(path, str(exc)) from None
    try:
        return loads(text, schema)
    except FormatError as exc:
        raise BrokenFile(path, str(exc)) from None


def store_secrets(
    variables: Iterable[Variable],
    secrets: SecretBackend,
    scope: str,
    before: Iterable[Variable],
    where: Path,
) -> tuple[Variable, ...]:
    """Check names, put secret values in the store (forgetting dropped ones); what a file keeps."""
    checked = [v._replace(name=check_variable_name(v.name)) for v in variables]
    names = [key(v.name) for v in checked]
    for v in checked:
        if names.count(key(v.name)) > 1:
            raise DuplicateName(v.name, where)
    for v in checked:
        if v.secret and v.value:
            write_secret(secrets, scope, v.name, v.value)
    still_secret = {v.name for v in checked if v.secret}
    for old in before:
        if old.secret and old.name not in still_secret:
            delete_secret(secrets, scope, old.name)
    return tuple(v._replace(value="") if v.secret else v for v in checked)


def write(
    path: Path,
    variables: Iterable[Variable],
    schema: str,
    secrets: SecretBackend,
    scope: str,
    before: Iterable[Variable] = (),
) -> None:
    """Store the secret values, then write the variables file without them."""
    kept = store_secrets(variables, secrets, scope, before, path)
    try:
        atomic.write_text(path, dumps(kept, schema))
    except OSError as exc:
        raise Unwritable(path, exc) from None


def with_secrets(
    variables: Iterable[Variable], secrets: SecretBackend | None, scope: str
) -> tuple[tuple[Variable, ...], frozenset[str]]:
    """The variables with secret values filled in, and the secret names with no stored value."""
    filled, missing = [], set()
    for v in variables:
        value = read_secret(secrets, scope, v.name) if v.secret and secrets else None
        if v.secret and value is None:
            missing.add(v.name)
        filled.append(v._replace(value=value or "") if v.secret else v)
    return tuple(filled), frozenset(missing)
