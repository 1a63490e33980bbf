"""Reopening a history entry: the request as recorded, with the secrets history never kept left empty.

History masks secrets (``***``) and lists where (`HistoryRecord.masked`): those fields come back
empty rather than holding a literal ``***`` that would be sent, and the tab says which to fill in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from workbench.engine.masking import MASK
from workbench.engine.spec import RequestSpec
from workbench.ui.import_spec import load_spec

if TYPE_CHECKING:
    from workbench.store.history import HistoryRecord
    from workbench.ui.field_marks import FieldMark
    from workbench.ui.request_tab import RequestTab

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_SCHEME_MASK = re.compile(rf"[A-Za-z][\w-]* {re.escape(MASK)}")
_SIMPLE = {
    "auth.password": "the password (Auth tab)",
    "auth.token": "the bearer token (Auth tab)",
    "auth.key_value": "the API key value (Auth tab)",
    "proxy.password": "the proxy password (Proxy tab)",
    "proxy.url": "the password in the proxy URL (Proxy tab)",
    "proxy.https_url": "the password in the HTTPS proxy URL (Proxy tab)",
    "url": "the secret part of the URL",
}


def _steps(path: str) -> list[str | int]:
    return [name if name else int(number) for name, number in _STEP.findall(path)]


def _emptied(path: str, value: str) -> str:
    if path.endswith("url"):
        # A masked user-info password or query value: drop the mask, keep the rest of the URL.
        return value.replace(f":{MASK}@", "@").replace(f"={MASK}", "=")
    if value == MASK or _SCHEME_MASK.fullmatch(value):
        return ""
    return value


def describe(path: str, spec: RequestSpec) -> str:
    """A masked field in words: ``the Authorization header value (Headers tab)``."""
    if path in _SIMPLE:
        return _SIMPLE[path]
    steps = _steps(path)
    if len(steps) == 3 and steps[0] in ("headers", "params") and isinstance(steps[1], int):
        rows = spec.headers if steps[0] == "headers" else spec.params
        name = rows[steps[1]].name if steps[1] < len(rows) else "?"
        return f"the {name} header value" if steps[0] == "headers" else f"the {name} parameter"
    return f"the masked parts (***) of {path}"


def unmask(spec: RequestSpec, masked: tuple[str, ...]) -> tuple[RequestSpec, dict[str, list[str]]]:
    """The spec with masked fields emptied, and their descriptions by the tab that shows them."""
    from workbench.store.spec_json import spec_from_dict, spec_to_dict

    data: dict[str, Any] = spec_to_dict(spec)
    where: dict[str, list[str]] = {}
    for path in masked:
        steps = _steps(path)
        holder: Any = data
        try:
            for step in steps[:-1]:
                holder = holder[step]
            value = holder[steps[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # the path no longer fits this spec: nothing to empty
        if isinstance(value, str):
            holder[steps[-1]] = _emptied(path, value)
        where.setdefault(_area(path), []).append(describe(path, spec))
    return spec_from_dict(data), where


def _area(path: str) -> str:
    first = str(_steps(path)[0]) if path else "url"
    return first if first in ("auth", "proxy", "headers", "body") else "url"


def _mark(tab: RequestTab, area: str) -> FieldMark:
    editor = tab.editor
    marks = {
        "auth": editor.auth.mark,
        "proxy": editor.proxy.mark,
        "headers": editor.headers.mark,
        "body": editor.body.mark,
    }
    return marks.get(area, tab.url_bar.url_mark)


def reopen(tab: RequestTab, record: HistoryRecord) -> str:
    """Show the recorded request in `tab`, mark what must be filled in; returns what to say."""
    entry = record.entry
    spec, where = unmask(record.spec, record.masked)
    left_out = load_spec(tab, spec, entry.auth_profile, entry.proxy_profile)
    for area, things in where.items():
        _mark(tab, area).show(f"History keeps no secrets: fill in {_join(things)}.")
    said = [f"Reopened {entry.method} {entry.url} from the history."]
    if where:
        said.append(f"Fill in {_join([t for things in where.values() for t in things])}.")
    profiles = [
        f"the {kind} profile {name!r}"
        for kind, name in (("auth", entry.auth_profile), ("proxy", entry.proxy_profile))
        if name
    ]
    if profiles:
        said.append(f"It uses {_join(profiles)}, as when it was sent.")
    said += [f"Not carried over: {what}." for what in left_out]
    return " ".join(said)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
