"""What a folder or a whole collection sets for the requests inside it (``folder.toml``, ``collection.toml``).

A folder can give its requests an auth profile, a proxy profile, headers and a base URL; a request
inherits each unless it sets its own (`effective`). ``collection.toml`` at the top also holds the
collection's name, its variables and an id that keys its secret values in the secret store.
``order`` lists names shown (and run) first, in that order; the rest follow sorted by name.

Example::

    schema = "workbench.collection/1"
    name = "Shop API"
    base_url = "{{base_url}}"
    order = ["Login", "Products"]
    headers = [
        { name = "Accept", value = "application/json" },
    ]
    variables = [
        { name = "base_url", value = "http://127.0.0.1:8000" },
        { name = "token", value = "", secret = true },
    ]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from workbench.engine.spec import Field
from workbench.formats.errors import FormatError
from workbench.formats.model import SavedRequest, Variable
from workbench.formats.request_file import Table, check_schema, render

FOLDER_FILE = "folder.toml"
COLLECTION_FILE = "collection.toml"
_SCHEMAS = {FOLDER_FILE: "workbench.folder/", COLLECTION_FILE: "workbench.collection/"}
_KEY_ORDER = ("name", "id", "description", "order", "auth_profile", "proxy_profile", "base_url")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class FolderSettings(NamedTuple):
    """The settings of one folder (or, with `name`, `id` and `variables`, of a collection)."""

    description: str = ""
    order: tuple[str, ...] = ()
    """Names shown first, in this order."""
    auth_profile: str = ""
    proxy_profile: str = ""
    base_url: str = ""
    """Put before a request URL that has no scheme (``/users``), unless the URL starts with ``{{``."""
    headers: tuple[Field, ...] = ()
    """Sent with every request inside unless it has a header of the same name (even a disabled one)."""
    variables: tuple[Variable, ...] = ()
    """Collection variables (``collection.toml`` only); secret ones carry no value here."""
    name: str = ""
    """The collection's display name (``collection.toml`` only); the folder's name when empty."""
    id: str = ""
    """Keys the collection's secret values in the secret store (``collection.toml`` only)."""


def loads(text: str, file_name: str) -> FolderSettings:
    """Read ``folder.toml`` or ``collection.toml`` text; `FormatError` names the key at fault."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(f"not valid TOML: {exc}") from None
    check_schema(data, _SCHEMAS[file_name], 1, file_name)
    top = Table(data, "")
    top.data.pop("schema")
    settings = FolderSettings(
        description=top.text("description"),
        order=top.strings("order"),
        auth_profile=top.text("auth_profile"),
        proxy_profile=top.text("proxy_profile"),
        base_url=top.text("base_url"),
        headers=tuple(_field(row) for row in top.rows("headers")),
    )
    if file_name == COLLECTION_FILE:
        settings = settings._replace(
            variables=tuple(_variable(row) for row in top.rows("variables")),
            name=top.text("name"),
            id=top.text("id"),
        )
    top.done()
    return settings


def dumps(settings: FolderSettings, file_name: str) -> str:
    """The text of ``folder.toml`` or ``collection.toml``; secret variables are written without value."""
    top: dict[str, Any] = {"schema": f"{_SCHEMAS[file_name]}1"}
    for key in _KEY_ORDER:
        value = getattr(settings, key)
        if value != FolderSettings._field_defaults[key]:
            top[key] = value
    if settings.order:
        top["order"] = list(settings.order)
    if settings.headers:
        top["headers"] = [_row(h.name, h.value, enabled=h.enabled) for h in settings.headers]
    if settings.variables:
        top["variables"] = [
            _row(v.name, "" if v.secret else v.value, v.secret, v.enabled)
            for v in settings.variables
        ]
    return render([("", top)])


def _row(name: str, value: str, secret: bool = False, enabled: bool = True) -> dict[str, Any]:
    row: dict[str, Any] = {"name": name, "value": value}
    if secret:
        row["secret"] = True
    if not enabled:
        row["enabled"] = False
    return row


def _field(row: Table) -> Field:
    item = Field(row.text("name"), row.text("value"), row.flag("enabled", True))
    row.done()
    return item


def _variable(row: Table) -> Variable:
    item = Variable(
        row.text("name"), row.text("value"), row.flag("secret", False), row.flag("enabled", True)
    )
    row.done()
    if item.secret and item.value:
        raise FormatError(
            "a secret variable's value is kept in the secret store, not in this file: "
            "remove the value and set it again in Workbench",
            where=f"variables ({item.name})",
        )
    return item


def effective(saved: SavedRequest, chain: Sequence[FolderSettings]) -> SavedRequest:
    """The request as sent: what it inherits from its folders (outermost first) filled in.

    Inline auth (a kind other than none) counts as setting the auth profile, and a proxy mode other
    than system as setting the proxy profile, so a folder default never overrides them.
    """
    spec = saved.spec
    own_auth = bool(saved.auth_profile) or spec.auth.kind != "none"
    own_proxy = bool(saved.proxy_profile) or spec.proxy.mode != "system"
    auth_profile, proxy_profile, base_url = saved.auth_profile, saved.proxy_profile, ""
    have = {h.name.lower() for h in spec.headers}
    inherited: list[tuple[Field, ...]] = []
    for folder in reversed(chain):  # innermost first: the nearest setting wins
        if not own_auth:
            auth_profile = auth_profile or folder.auth_profile
        if not own_proxy:
            proxy_profile = proxy_profile or folder.proxy_profile
        base_url = base_url or folder.base_url
        rows = tuple(h for h in folder.headers if h.name.lower() not in have)
        have.update(h.name.lower() for h in rows)
        inherited.append(rows)
    headers = tuple(h for rows in reversed(inherited) for h in rows) + spec.headers
    return saved._replace(
        spec=spec._replace(url=_with_base(base_url, spec.url), headers=headers),
        auth_profile=auth_profile,
        proxy_profile=proxy_profile,
    )


def _with_base(base: str, url: str) -> str:
    if not base or _SCHEME.match(url) or url.startswith("{{"):
        return url
    if not url:
        return base
    return f"{base.rstrip('/')}/{url.lstrip('/')}"
