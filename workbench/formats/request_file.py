"""The request file: one saved request as a TOML text file (``*.wbreq.toml``), and back.

The file name is the request's name, so the text holds everything else: a ``schema`` key first, then
the fields in a fixed order, defaults left out, table rows as ``{name, value, enabled}`` so order and
duplicates survive, bodies as multi-line strings and nothing volatile (no timestamps). Reading is
strict: a newer schema or an unknown key is an error naming the key, so a file from a newer Workbench
or with a typo is shown as broken and never saved over with its unknown parts lost.

Secrets are never written: a literal auth password, token or API key or a proxy password makes
`dumps` refuse; such values must be ``{{variable}}`` references (secret variables live elsewhere).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from typing import Any

from workbench.engine.exchange import ERROR_KINDS, ErrorKind
from workbench.engine.spec import (
    AUTH_KINDS,
    BODY_KINDS,
    PROXY_MODES,
    TLS,
    Auth,
    Body,
    Field,
    Options,
    Part,
    Proxy,
    RequestSpec,
)
from workbench.formats.errors import FormatError
from workbench.formats.model import SavedRequest

SCHEMA = "workbench.request/1"
SCHEMA_PREFIX = "workbench.request/"
SCHEMA_VERSION = 1
EXTENSION = ".wbreq.toml"
"""Ours (so a ``pyproject.toml`` in a git checkout is not taken for a request) and TOML for editors."""

REFERENCE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}")
"""A ``{{name}}`` variable reference; the store resolves them just before a send."""

SECRET_FIELDS = (
    ("auth", "password"),
    ("auth", "token"),
    ("auth", "key_value"),
    ("proxy", "password"),
)
"""Spec fields that may only hold ``{{variable}}`` references in a file."""

Document = list[tuple[str, dict[str, Any]]]
"""A TOML document as (table header, keys in order) pairs; "" is the top level."""


def only_references(value: str) -> bool:
    """True when `value` is made of ``{{variable}}`` references (and spaces) only."""
    return REFERENCE.search(value) is not None and not REFERENCE.sub("", value).strip()


def literal_secret_fields(spec: RequestSpec) -> list[str]:
    """The secret fields (``auth.password``...) that hold a literal value rather than a reference."""
    found = []
    for part, name in SECRET_FIELDS:
        value: str = getattr(getattr(spec, part), name)
        if value and not only_references(value):
            found.append(f"{part}.{name}")
    return found


def dumps(saved: SavedRequest) -> str:
    """The file text of a saved request (its name is the file's name, not part of the text)."""
    literal = literal_secret_fields(saved.spec)
    if literal:
        raise FormatError(
            f"{', '.join(literal)} holds a literal secret; request files keep only "
            "{{variable}} references: move it into a secret variable or a profile"
        )
    text = render(_document(saved))
    if loads(text, name=saved.name) != saved:  # a file that does not read back is never written
        raise FormatError(f"request {saved.name!r} does not survive being written (a bug)")
    return text


def loads(text: str, *, name: str) -> SavedRequest:
    """Read a request file's text; `name` comes from the file name. Raises `FormatError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(f"not valid TOML: {exc}") from None
    check_schema(data, SCHEMA_PREFIX, SCHEMA_VERSION, "request file")
    top = Table(data, "")
    top.data.pop("schema")
    method = top.text("method", "GET")
    if not method.strip():
        raise FormatError("the method is empty", where="method")
    parts = {key: read(top, key, None) for key, read in _SPEC_PARTS.items() if key in top.data}
    spec = RequestSpec(url=top.text("url"), method=method, **parts)
    saved = SavedRequest(
        name=name,
        spec=spec,
        description=top.text("description"),
        auth_profile=top.text("auth_profile"),
        proxy_profile=top.text("proxy_profile"),
        expect_status=_statuses(top),
        expect_error=_expect_error(top),
    )
    top.done()
    return saved


def check_schema(data: dict[str, Any], prefix: str, version: int, what: str) -> None:
    """Refuse a file without our schema key or from a newer version, in words."""
    schema = data.get("schema")
    if not isinstance(schema, str) or not schema.startswith(prefix):
        raise FormatError(
            f'not a Workbench {what} (the first key should be schema = "{prefix}{version}")'
        )
    number = schema.removeprefix(prefix)
    if not number.isdigit():
        raise FormatError(f"unknown schema {schema!r}", where="schema")
    if int(number) > version:
        raise FormatError(
            f"written by a newer Workbench ({schema}); this version reads {prefix}{version}: "
            "update Workbench to open it",
            where="schema",
        )


class Table:
    """A TOML table read key by key with type checks; leftover keys are errors."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise FormatError("should be a table", where=where)
        self.data: dict[str, Any] = dict(data)
        self.where = where

    def at(self, key: str) -> str:
        """The dotted place of `key`, for messages."""
        return f"{self.where}.{key}" if self.where else key

    def typed(self, key: str, check: Callable[[object], bool], kind: str, default: Any) -> Any:
        """The value of `key` when `check` accepts it, `default` when absent."""
        if key not in self.data:
            return default
        value = self.data.pop(key)
        if not check(value):
            raise FormatError(f"should be {kind}, not {_describe(value)}", where=self.at(key))
        return value

    def text(self, key: str, default: str = "") -> str:
        """A string value."""
        value: str = self.typed(key, lambda v: isinstance(v, str), "text", default)
        return value

    def flag(self, key: str, default: bool) -> bool:
        """A true/false value."""
        value: bool = self.typed(key, lambda v: isinstance(v, bool), "true or false", default)
        return value

    def seconds(self, key: str, default: float | None) -> float | None:
        """A positive number of seconds, or the word ``none`` for no limit."""
        value = self.typed(
            key, lambda v: v == "none" or _is_number(v), 'seconds or "none"', default
        )
        if value is None or value == "none":
            return None
        seconds = float(value)
        if not math.isfinite(seconds) or seconds <= 0:
            raise FormatError("should be a positive number of seconds", where=self.at(key))
        return seconds

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        """One of a fixed set of words."""
        value = self.text(key, default)
        if value not in choices:
            raise FormatError(
                f"should be one of {', '.join(choices)}, not {value!r}", where=self.at(key)
            )
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        """A list of strings."""
        value = self.typed(key, _is_list, "a list of text", [])
        if not all(isinstance(item, str) for item in value):
            raise FormatError("should be a list of text", where=self.at(key))
        return tuple(value)

    def table(self, key: str) -> Table:
        """A sub-table (empty when absent)."""
        return Table(self.data.pop(key, {}), self.at(key))

    def rows(self, key: str) -> list[Table]:
        """An array of tables."""
        value = self.typed(key, _is_list, "a list of tables", [])
        return [Table(row, f"{self.at(key)}[{i}]") for i, row in enumerate(value)]

    def done(self) -> None:
        """Refuse keys nobody read (a typo, or a field from a newer Workbench)."""
        if self.data:
            key = next(iter(self.data))
            raise FormatError(
                "unknown key (misspelt, or from a newer Workbench?)", where=self.at(key)
            )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_list(value: object) -> bool:
    return isinstance(value, list)


def _describe(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list"}
    return names.get(type(value), "a table")


def _statuses(top: Table) -> tuple[int, ...]:
    value = top.typed("expect_status", _is_list, "a list of statuses", [])
    if not all(_is_int(s) and 100 <= s <= 599 for s in value):
        raise FormatError("should be a list of statuses from 100 to 599", where="expect_status")
    return tuple(value)


def _expect_error(top: Table) -> ErrorKind | None:
    if "expect_error" not in top.data:
        return None
    kind = top.choice("expect_error", ERROR_KINDS, "")
    return next(k for k in ERROR_KINDS if k == kind)


Reader = Callable[[Table, str, Any], Any]
_FIELD_KEYS = frozenset(Field._fields)


def _read(cls: Any, t: Table, **special: Reader) -> Any:
    """A named tuple read key by key: text and flags by their defaults' types, others by `special`.

    Only the keys present are visited (most files set few), absent ones keep the class default.
    """
    values: dict[str, Any] = {"name": ""} if "name" in cls._fields else {}
    defaults = cls._field_defaults
    for name in [k for k in t.data if k in cls._fields]:
        default = defaults.get(name, "")
        if name in special:
            values[name] = special[name](t, name, default)
        elif isinstance(default, bool):
            values[name] = t.flag(name, default)
        else:
            values[name] = t.text(name, default)
    t.done()
    return cls(**values)


def _choice(choices: tuple[str, ...]) -> Reader:
    return lambda t, key, default: t.choice(key, choices, default)


def _rows(cls: Any) -> Reader:
    return lambda t, key, _: tuple(_row_of(cls, row) for row in t.rows(key))


def _row_of(cls: Any, row: Table) -> Any:
    data = row.data
    if cls is Field and data.keys() <= _FIELD_KEYS:  # the common row, read without the generic walk
        name, value, enabled = (
            data.get("name", ""),
            data.get("value", ""),
            data.get("enabled", True),
        )
        if type(name) is str and type(value) is str and type(enabled) is bool:
            return Field(name, value, enabled)
    return _read(cls, row)


def _redirects(t: Table, key: str, default: int) -> int:
    count: int = t.typed(key, _is_int, "a whole number", default)
    if not 0 <= count <= 100:
        raise FormatError("should be from 0 to 100", where=t.at(key))
    return count


def _table(cls: Any, **special: Reader) -> Reader:
    return lambda t, key, _: _read(cls, t.table(key), **special)


_SPEC_PARTS: dict[str, Reader] = {
    "params": _rows(Field),
    "headers": _rows(Field),
    "body": _table(Body, kind=_choice(BODY_KINDS), fields=_rows(Field), parts=_rows(Part)),
    "auth": _table(Auth, kind=_choice(AUTH_KINDS), key_in=_choice(("header", "query"))),
    "proxy": _table(Proxy, mode=_choice(PROXY_MODES), no_proxy=lambda t, k, _: t.strings(k)),
    "options": _table(
        Options,
        timeout=Table.seconds,
        total_timeout=Table.seconds,
        max_redirects=_redirects,
        tls=_table(TLS),
    ),
}


def _changed(value: Any, default: Any) -> dict[str, Any]:
    """The fields of `value` that differ from `default`, in declaration order."""
    return {
        name: current
        for name, current, before in zip(value._fields, value, default, strict=True)
        if current != before or type(current) is not type(before)
    }


def _row(item: Field | Part) -> dict[str, Any]:
    row: dict[str, Any] = {"name": item.name, "value": item.value}
    row.update({k: v for k, v in _changed(item, type(item)(item.name)).items() if k != "value"})
    return row


def _document(saved: SavedRequest) -> Document:
    spec = saved.spec
    top = {"schema": SCHEMA, "method": spec.method, "url": spec.url}
    top.update(_changed(saved, SavedRequest(saved.name, spec)))
    top.pop("spec", None)
    top.update((key, getattr(spec, key)) for key in ("params", "headers") if getattr(spec, key))
    body = _changed(spec.body, Body())
    if "text" in body:  # the long part last, after the short keys that say what it is
        body["text"] = body.pop("text")
    options = _changed(spec.options, Options())
    tls = _changed(options.pop("tls", TLS()), TLS())
    if "timeout" in options and options["timeout"] is None:
        options["timeout"] = "none"
    return [
        ("", top),
        ("body", body),
        ("auth", _changed(spec.auth, Auth())),
        ("proxy", _changed(spec.proxy, Proxy())),
        ("options", options),
        ("options.tls", tls),
    ]


def render(document: Document) -> str:
    """TOML text for a document of strings, numbers, flags, lists and lists of rows (or fields).

    Not tomli_w: its multi-line strings turn ``\\r\\n`` into ``\\n`` (TOML normalises newlines in
    them) and escape every quote, which makes a JSON body unreadable. Here a multi-line string is a
    literal ``'''`` block whenever it can be, escaped only where it must be.
    """
    lines: list[str] = []
    for header, pairs in document:
        if not pairs:
            continue
        if header:
            lines.extend([*([""] if lines else []), f"[{header}]"])
        lines.extend(f"{key} = {_value(value)}" for key, value in pairs.items())
    return "\n".join(lines) + "\n"


_BASIC_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_MULTI_ESCAPE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f\\]|"(?="")')
_NOT_LITERAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|\'\'\'|\'$")
_NAMED = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _NAMED.get(char) or f"\\u{ord(char):04x}"


def _value(value: object, inline: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if inline or "\n" not in value:
            return f'"{_BASIC_ESCAPE.sub(_escape, value)}"'
        if not _NOT_LITERAL.search(value):
            return f"'''\n{value}'''"
        return f'"""\n{_MULTI_ESCAPE.sub(_escape, value)}"""'
    if isinstance(value, Field | Part):
        value = _row(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v, True)}" for k, v in value.items()) + " }"
    assert isinstance(value, list | tuple)
    if value and isinstance(value[0], dict | Field | Part):
        return "[\n" + "".join(f"    {_value(row, True)},\n" for row in value) + "]"
    return "[" + ", ".join(_value(item, True) for item in value) + "]"
