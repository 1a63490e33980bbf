"""The profiles file (``profiles.json``): profiles to JSON text and back, strictly.

Keys come in a fixed order, lists are sorted by name and fields a kind does not use are left out, so
the file diffs well. Reading refuses a newer schema, an unknown key or a wrong type with a message
naming the place; the caller then leaves the file untouched.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.engine.spec import TLS, Auth, Proxy
from workbench.store.errors import StoreError
from workbench.store.profile_model import (
    AUTH_PROFILE_KINDS,
    PROXY_PROFILE_MODES,
    AuthProfile,
    Profiles,
    ProxyProfile,
)
from workbench.store.schema import check_schema

SCHEMA_PREFIX = "workbench.profiles/"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_PREFIX}{SCHEMA_VERSION}"
_AUTH_KEYS = {
    "basic": ("username", "realm", "scope", "preemptive"),
    "digest": ("username", "realm", "scope"),
    "bearer": (),
    "apikey": ("key_name", "key_in"),
}
_PROXY_KEYS = ("url", "https_url", "username", "no_proxy")


def dumps(profiles: Profiles) -> str:
    """The file text."""
    document = {
        "schema": SCHEMA,
        "auth": [to_dict(p) for p in sorted(profiles.auth, key=_order)],
        "proxy": [to_dict(p) for p in sorted(profiles.proxy, key=_order)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def loads(text: str) -> Profiles:
    """Read the file text; raises `StoreError` naming what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise StoreError(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise StoreError("not a Workbench profiles file")
    check_schema(data.pop("schema", None), SCHEMA_PREFIX, SCHEMA_VERSION, "profiles")
    auth = tuple(_auth(row, i) for i, row in enumerate(_list(data.pop("auth", []), "auth")))
    proxy = tuple(_proxy(row, i) for i, row in enumerate(_list(data.pop("proxy", []), "proxy")))
    _done(data, "")
    return Profiles(auth, proxy)


def _order(profile: AuthProfile | ProxyProfile) -> tuple[str, str]:
    return profile.name.casefold(), profile.name


def to_dict(profile: AuthProfile | ProxyProfile) -> dict[str, Any]:
    """One profile as the file holds it: the kind's fields, ``secret`` (the reference), ``tls``."""
    if isinstance(profile, AuthProfile):
        return _auth_dict(profile)
    return _proxy_dict(profile)


def _auth_dict(p: AuthProfile) -> dict[str, Any]:
    row: dict[str, Any] = {"name": p.name, "kind": p.auth.kind}
    row.update({key: getattr(p.auth, key) for key in _AUTH_KEYS.get(p.auth.kind, ())})
    return _tail(row, p.secret_ref, p.tls)


def _proxy_dict(p: ProxyProfile) -> dict[str, Any]:
    row: dict[str, Any] = {"name": p.name, "mode": p.proxy.mode}
    if p.proxy.mode == "manual":
        row.update({key: getattr(p.proxy, key) for key in _PROXY_KEYS})
        row["no_proxy"] = list(p.proxy.no_proxy)
    return _tail(row, p.secret_ref, p.tls)


def _tail(row: dict[str, Any], ref: str, tls: TLS | None) -> dict[str, Any]:
    if ref:
        row["secret"] = ref
    if tls is not None:
        row["tls"] = tls._asdict()
    return row


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise StoreError(f"{where}: should be a list")
    return value


def _auth(row: object, index: int) -> AuthProfile:
    where = f"auth[{index}]"
    data = _table(row, where)
    name, kind = _text(data, "name", where), _text(data, "kind", where)
    if kind not in AUTH_PROFILE_KINDS:
        raise StoreError(f"{where}.kind: {kind!r} is not one of {', '.join(AUTH_PROFILE_KINDS)}")
    values = {key: _typed(data, key, Auth._field_defaults[key], where) for key in _AUTH_KEYS[kind]}
    if values.get("key_in", "header") not in ("header", "query"):
        raise StoreError(f"{where}.key_in: should be header or query")
    profile = AuthProfile(name, Auth(kind, **values), *_read_tail(data, where))
    _done(data, where)
    return profile


def _proxy(row: object, index: int) -> ProxyProfile:
    where = f"proxy[{index}]"
    data = _table(row, where)
    name, mode = _text(data, "name", where), _text(data, "mode", where)
    if mode not in PROXY_PROFILE_MODES:
        raise StoreError(f"{where}.mode: {mode!r} is not one of {', '.join(PROXY_PROFILE_MODES)}")
    values: dict[str, Any] = {}
    if mode == "manual":
        values = {key: _typed(data, key, "", where) for key in _PROXY_KEYS[:-1]}
        no_proxy = _list(data.pop("no_proxy", []), f"{where}.no_proxy")
        if not all(isinstance(e, str) for e in no_proxy):
            raise StoreError(f"{where}.no_proxy: should be a list of text")
        values["no_proxy"] = tuple(no_proxy)
    profile = ProxyProfile(name, Proxy(mode, **values), *_read_tail(data, where))
    _done(data, where)
    return profile


def _read_tail(data: dict[str, Any], where: str) -> tuple[TLS | None, str]:
    ref = _typed(data, "secret", "", where)
    tls_data = data.pop("tls", None)
    if tls_data is None:
        return None, ref
    table = _table(tls_data, f"{where}.tls")
    tls = TLS(**{k: _typed(table, k, d, f"{where}.tls") for k, d in TLS._field_defaults.items()})
    _done(table, f"{where}.tls")
    return tls, ref


def _table(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise StoreError(f"{where}: should be an object")
    return dict(value)


def _text(data: dict[str, Any], key: str, where: str) -> str:
    if key not in data:
        raise StoreError(f"{where}.{key}: missing")
    value: str = _typed(data, key, "", where)
    return value


def _typed(data: dict[str, Any], key: str, default: Any, where: str) -> Any:
    value = data.pop(key, default)
    if type(value) is not type(default):
        raise StoreError(f"{where}.{key}: should be {type(default).__name__}, not {value!r}")
    return value


def _done(data: dict[str, Any], where: str) -> None:
    if data:
        key = next(iter(data))
        place = f"{where}.{key}" if where else key
        raise StoreError(f"{place}: unknown key (misspelt, or from a newer Workbench?)")
