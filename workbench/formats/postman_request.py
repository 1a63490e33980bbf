"""One Postman request (v2.1 layout): URL, headers, body, behaviour; JSON values checked by path."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_plus

from workbench.engine.spec import TLS, Body, Field, Options, Part
from workbench.formats.errors import FormatError

LANGUAGES = {
    "json": "application/json",
    "xml": "application/xml",
    "html": "text/html",
    "javascript": "application/javascript",
    "text": "",
}
"""Postman's raw body languages and the content type each stands for ("" is plain text)."""

_PATH_VARIABLE = re.compile(r"/:([A-Za-z_][\w-]*)")


def obj(value: Any, where: str) -> dict[str, Any]:
    """A JSON object (None counts as empty)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FormatError(f"Expected an object, found {_kind(value)}.", where=where)
    return value


def array(value: Any, where: str) -> list[Any]:
    """A JSON array (None counts as empty)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise FormatError(f"Expected a list, found {_kind(value)}.", where=where)
    return value


def text(value: Any, where: str) -> str:
    """A JSON string; numbers and booleans are written as JSON writes them; None is ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    raise FormatError(f"Expected text, found {_kind(value)}.", where=where)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def description(value: Any, where: str) -> str:
    """A description: text, or an object with ``content``."""
    if isinstance(value, dict):
        return text(value.get("content"), where + ".content")
    return text(value, where)


def url(raw: Any, where: str, notes: list[str]) -> tuple[str, tuple[Field, ...]]:
    """The URL without its query, and the query as rows (disabled ones kept)."""
    if isinstance(raw, str):
        base, _, query = raw.partition("?")
        return base.partition("#")[0], _query_text(query.partition("#")[0])
    found = obj(raw, where)
    raw_text = text(found.get("raw"), where + ".raw")
    base = raw_text.partition("?")[0].partition("#")[0] if raw_text else _assemble(found, where)
    base = _path_variables(base, found.get("variable"), where, notes)
    if "query" not in found:
        return base, _query_text(raw_text.partition("?")[2].partition("#")[0])
    rows = []
    for k, entry in enumerate(array(found.get("query"), where + ".query")):
        here = f"{where}.query[{k}]"
        row = obj(entry, here)
        name = unquote_plus(text(row.get("key"), here + ".key"))
        value = unquote_plus(text(row.get("value"), here + ".value"))
        if name or value:
            rows.append(Field(name, value, enabled=row.get("disabled") is not True))
    return base, tuple(rows)


def _query_text(query: str) -> tuple[Field, ...]:
    rows = []
    for piece in query.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            rows.append(Field(unquote_plus(name), unquote_plus(value)))
    return tuple(rows)


def _assemble(found: dict[str, Any], where: str) -> str:
    """A URL from ``protocol``, ``host``, ``port`` and ``path`` (when there is no ``raw``)."""
    host = found.get("host")
    path = found.get("path")
    host_text = (
        ".".join(text(h, where + ".host") for h in host)
        if isinstance(host, list)
        else text(host, where + ".host")
    )
    if isinstance(path, list):
        segments = [
            text(s.get("value") if isinstance(s, dict) else s, where + ".path") for s in path
        ]
        path_text = "/" + "/".join(segments)
    else:
        path_text = "/" + text(path, where + ".path").lstrip("/") if path else ""
    protocol = text(found.get("protocol"), where + ".protocol")
    port = text(found.get("port"), where + ".port")
    return (
        (f"{protocol}://" if protocol else "")
        + host_text
        + (f":{port}" if port else "")
        + path_text
    )


def _path_variables(base: str, raw: Any, where: str, notes: list[str]) -> str:
    """Postman's ``/:id`` path variables, filled in with their values."""
    values = {}
    for k, entry in enumerate(array(raw, where + ".variable")):
        row = obj(entry, f"{where}.variable[{k}]")
        values[text(row.get("key"), f"{where}.variable[{k}].key")] = text(
            row.get("value"), f"{where}.variable[{k}].value"
        )

    def fill(match: re.Match[str]) -> str:
        value = values.get(match.group(1), "")
        if not value:
            notes.append(
                f"The path variable :{match.group(1)} has no value ({where}); it was left as is."
            )
            return match.group(0)
        return "/" + value

    scheme, sep, rest = base.partition("://")
    return scheme + sep + _PATH_VARIABLE.sub(fill, rest) if sep else _PATH_VARIABLE.sub(fill, base)


def headers(raw: Any, where: str) -> tuple[Field, ...]:
    """Header rows: a list of ``{key, value, disabled}`` or ``Name: value`` lines."""
    if isinstance(raw, str):
        pairs = (line.partition(":") for line in raw.splitlines() if line.strip())
        return tuple(Field(n.strip(), v.strip()) for n, _, v in pairs)
    rows = []
    for k, entry in enumerate(array(raw, where)):
        here = f"{where}[{k}]"
        row = obj(entry, here)
        name, value = text(row.get("key"), here + ".key"), text(row.get("value"), here + ".value")
        if name or value:
            rows.append(Field(name, value, enabled=row.get("disabled") is not True))
    return tuple(rows)


def body(raw: Any, where: str, notes: list[str]) -> Body:
    """The body in each of Postman's modes."""
    found = obj(raw, where)
    mode = text(found.get("mode"), where + ".mode")
    if found.get("disabled") is True or mode in ("", "none"):
        return Body()
    if mode == "raw":
        options = obj(
            obj(found.get("options"), where + ".options").get("raw"), where + ".options.raw"
        )
        language = text(options.get("language"), where + ".options.raw.language") or "text"
        content = text(found.get("raw"), where + ".raw")
        return (
            Body(kind="raw", text=content, content_type=LANGUAGES.get(language, ""))
            if content
            else Body()
        )
    if mode == "urlencoded":
        rows = headers(array(found.get("urlencoded"), where + ".urlencoded"), where + ".urlencoded")
        return Body(kind="form", fields=rows)
    if mode == "formdata":
        return Body(
            kind="multipart", parts=_parts(found.get("formdata"), where + ".formdata", notes)
        )
    if mode == "file":
        source = obj(found.get("file"), where + ".file")
        return Body(kind="file", path=text(source.get("src"), where + ".file.src"))
    if mode == "graphql":
        return _graphql(obj(found.get("graphql"), where + ".graphql"), where + ".graphql", notes)
    notes.append(
        f"The body mode {mode!r} ({where}) is unknown; the request was imported without a body."
    )
    return Body()


def _parts(raw: Any, where: str, notes: list[str]) -> tuple[Part, ...]:
    parts = []
    for k, entry in enumerate(array(raw, where)):
        here = f"{where}[{k}]"
        row = obj(entry, here)
        name = text(row.get("key"), here + ".key")
        enabled = row.get("disabled") is not True
        content_type = text(row.get("contentType"), here + ".contentType")
        if row.get("type") != "file":
            parts.append(
                Part(
                    name,
                    text(row.get("value"), here + ".value"),
                    content_type=content_type,
                    enabled=enabled,
                )
            )
            continue
        sources = row.get("src")
        paths = (
            [text(s, here + ".src") for s in sources]
            if isinstance(sources, list)
            else [text(sources, here + ".src")]
        )
        if not any(paths):
            notes.append(f"The file field {name!r} ({here}) has no file chosen; choose one.")
            paths = [""]
        parts += [
            Part(name, p, is_file=True, content_type=content_type, enabled=enabled)
            for p in paths
            if p or not any(paths)
        ]
    return tuple(parts)


def _graphql(found: dict[str, Any], where: str, notes: list[str]) -> Body:
    """GraphQL is sent as JSON: ``{"query": ..., "variables": {...}}``."""
    query = text(found.get("query"), where + ".query")
    variables: Any = found.get("variables") or {}
    if isinstance(variables, str):
        try:
            variables = json.loads(variables) if variables.strip() else {}
        except json.JSONDecodeError:
            notes.append(f"The GraphQL variables ({where}) are not valid JSON; they were left out.")
            variables = {}
    payload = json.dumps({"query": query, "variables": variables}, ensure_ascii=False)
    return Body(kind="raw", text=payload, content_type="application/json")


def behaviour(raw: Any, where: str) -> Options:
    """``protocolProfileBehavior``: redirects, certificate checks, cookies."""
    found = obj(raw, where)
    options = Options()
    if found.get("followRedirects") is False:
        options = options._replace(follow_redirects=False)
    limit = found.get("maxRedirects")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0:
        options = options._replace(max_redirects=limit)
    if found.get("strictSSL") is False:
        options = options._replace(tls=TLS(verify=False))
    if found.get("disableCookies") is True:
        options = options._replace(cookies=False)
    return options
