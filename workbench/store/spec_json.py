"""A `RequestSpec` as plain JSON-ready data and back, for history entries.

Every field is written (no defaults left out: a history row is read by programs, not people), named
tuples as objects and tuples as lists. Reading checks types and fills fields missing from an older
entry with their defaults; a value of the wrong type raises `StoreError`.
"""

from __future__ import annotations

from typing import Any

from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, Proxy, RequestSpec
from workbench.store.errors import StoreError

_NESTED: dict[type, dict[str, Any]] = {
    RequestSpec: {
        "params": (Field,),
        "headers": (Field,),
        "body": Body,
        "auth": Auth,
        "proxy": Proxy,
        "options": Options,
    },
    Body: {"fields": (Field,), "parts": (Part,)},
    Proxy: {"no_proxy": (str,)},
    Options: {"tls": TLS},
}
_OPTIONAL_FLOATS = frozenset({"timeout", "total_timeout"})


def spec_to_dict(spec: RequestSpec) -> dict[str, Any]:
    """The spec as nested dicts and lists."""
    data: dict[str, Any] = _plain(spec)
    return data


def spec_from_dict(data: object) -> RequestSpec:
    """The spec `spec_to_dict` wrote; raises `StoreError` on a value of the wrong type."""
    spec: RequestSpec = _read(RequestSpec, data, "spec")
    return spec


def _plain(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: _plain(item) for name, item in zip(value._fields, value, strict=True)}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _read(cls: Any, data: object, where: str) -> Any:
    if not isinstance(data, dict):
        raise StoreError(f"{where}: should be an object")
    nested = _NESTED.get(cls, {})
    values: dict[str, Any] = {}
    for name in cls._fields:
        if name not in data:
            continue  # an older entry: the field's default
        place = f"{where}.{name}"
        kind = nested.get(name)
        if isinstance(kind, tuple):
            values[name] = _rows(kind[0], data[name], place)
        elif kind is not None:
            values[name] = _read(kind, data[name], place)
        else:
            values[name] = _scalar(cls, name, data[name], place)
    return cls(**values)


def _rows(cls: type, data: object, where: str) -> tuple[Any, ...]:
    if not isinstance(data, list):
        raise StoreError(f"{where}: should be a list")
    if cls is str:
        if not all(isinstance(item, str) for item in data):
            raise StoreError(f"{where}: should be a list of text")
        return tuple(data)
    return tuple(_read(cls, item, f"{where}[{i}]") for i, item in enumerate(data))


def _scalar(cls: Any, name: str, value: object, where: str) -> object:
    if name in _OPTIONAL_FLOATS and (value is None or _is_number(value)):
        return None if value is None else float(value)  # type: ignore[arg-type]
    default = cls._field_defaults.get(name, "")
    ok = type(value) is type(default) if isinstance(default, bool | str) else _is_number(value)
    if not ok:
        raise StoreError(f"{where}: {value!r} is not {type(default).__name__}")
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
