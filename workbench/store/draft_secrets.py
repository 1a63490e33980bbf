"""Credentials typed into the window's tabs, kept out of the window state file.

The window autosaves every tab (`workbench.ui.state_keeper`), so that a crash loses nothing. A literal
credential typed there (an ``Authorization`` header, a password in a URL, ``?api_key=...``, a
secret-named form field) must not land in that plain file: `split` cuts such values out of the state,
leaving a token in their place, and the values go to the secret store (the keyring, or the private
0600 secrets file) under one reference that the state file names. `join` puts them back at start.
Which values count is decided by the same rules as the save guard (`secret_guard`).

The window calls `has_tokens` and `join` while it restores its tabs, before its first frame: they need
nothing but `json` and `re`. The guard's rules and the secret store are imported by what uses them.

The inline auth and proxy password fields are not part of the state at all (see the Auth tab).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from workbench.store.errors import StoreError

if TYPE_CHECKING:
    from workbench.store.secrets import SecretStore

OPEN, CLOSE = "\ue000", "\ue001"
"""Around a token in the state: private-use characters, which nobody types."""
_TOKEN = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
_ROWS = (("params", "params"), ("headers", "headers"))
_BODY_ROWS = (("form", "body.fields"), ("parts", "body.parts"))


def split(tabs: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """The tab states with literal credentials replaced by tokens, and the credentials by token."""
    secrets: dict[str, str] = {}
    clean = []
    for number, original in enumerate(tabs):
        if not isinstance(original, dict):
            clean.append(original)
            continue
        state = copy.deepcopy(original)
        where = _Collector(secrets, f"t{number}")
        if isinstance(state.get("url"), str):
            state["url"] = where.cut_url(state["url"], "url")
        for key, kind in _ROWS:
            where.cut_rows(state.get(key), kind, key)
        body = state.get("body")
        if isinstance(body, dict):
            for key, kind in _BODY_ROWS:
                where.cut_rows(body.get(key), kind, f"body.{key}")
        proxy = state.get("proxy")
        if isinstance(proxy, dict):
            for key in ("url", "https_url"):
                if isinstance(proxy.get(key), str):
                    proxy[key] = where.cut_url(proxy[key], f"proxy.{key}")
        clean.append(state)
    return clean, secrets


def join(value: Any, secrets: Mapping[str, str]) -> Any:
    """`value` (a state, or any part of it) with its tokens replaced by their secrets ('' for one
    the store no longer has)."""
    if isinstance(value, str):
        return _TOKEN.sub(lambda m: secrets.get(m.group(1), ""), value) if OPEN in value else value
    if isinstance(value, list):
        return [join(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: join(item, secrets) for key, item in value.items()}
    return value


def has_tokens(value: Any) -> bool:
    """Whether `value` holds a token (its tab needs the secret store to be whole again)."""
    return OPEN in json.dumps(value, ensure_ascii=False)


def encode(secrets: Mapping[str, str]) -> str:
    """The credentials as the one secret the store keeps for the window."""
    return json.dumps(dict(secrets), ensure_ascii=False, sort_keys=True)


def decode(text: str | None) -> dict[str, str]:
    """The credentials from `encode`'s text; a missing or damaged one gives none."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        raise StoreError(
            "The credentials typed into the window's tabs could not be read."
        ) from None
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


class _Collector:
    def __init__(self, secrets: dict[str, str], prefix: str) -> None:
        self.secrets, self.prefix = secrets, prefix

    def token(self, key: str, value: str) -> str:
        name = f"{self.prefix}.{key}"
        self.secrets[name] = value
        return f"{OPEN}{name}{CLOSE}"

    def cut_url(self, url: str, key: str) -> str:
        if OPEN in url:
            return url
        out, last = [], 0
        from workbench.store.secret_guard import url_secret_spans

        for number, (start, end) in enumerate(url_secret_spans(url)):
            out += [url[last:start], self.token(f"{key}.{number}", url[start:end])]
            last = end
        return "".join(out) + url[last:]

    def cut_rows(self, rows: Any, kind: str, key: str) -> None:
        if not isinstance(rows, list):
            return
        for number, row in enumerate(rows):
            if not (isinstance(row, list) and len(row) >= 2):
                continue
            name, value = row[0], row[1]
            if not (isinstance(name, str) and isinstance(value, str)) or OPEN in value:
                continue
            if kind == "body.parts" and len(row) > 2 and row[2] is True:
                continue  # a file part: its value is a path
            from workbench.store.secret_guard import secret_value_span

            span = secret_value_span(kind, name, value)
            if span is not None:
                start, end = span
                row[1] = value[:start] + self.token(f"{key}.{number}", value[start:end])


KEY = "workbench-window-drafts"
"""The one secret under which the window's typed credentials are kept (in the store in use)."""


def _ref(store: SecretStore) -> str:
    from workbench.store.secrets import FILE_PREFIX, KEYRING_PREFIX

    return (KEYRING_PREFIX if store.uses_keyring else FILE_PREFIX) + KEY


def keep(secrets: Mapping[str, str], store: SecretStore) -> None:
    """Store the window's typed credentials (forget them when there are none); `StoreError`."""
    if secrets:
        store.set(_ref(store), encode(secrets))
    else:
        store.delete(_ref(store))


def fetch(store: SecretStore) -> dict[str, str]:
    """The window's typed credentials as last kept; `StoreError` when the store fails."""
    return decode(store.get(_ref(store)))
