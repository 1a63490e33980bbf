"""Writing a collection as Postman Collection v2.1 JSON that `parse_postman` reads back the same.

Secrets stay out unless asked for: auth passwords, tokens and key values, and secret variables,
are written empty unless they are ``{{variable}}`` references. Postman has no place for proxy
settings, timeouts, decoding, header-name case, Digest/Basic "wait for a 401", auth realm scope,
auth and proxy profile names, environments or multipart file names: those are left out.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from workbench.engine.spec import DEFAULT_MAX_REDIRECTS, Auth, Body, Field, RequestSpec
from workbench.formats.common import header_value, only_references
from workbench.formats.model import CollectionData, SavedRequest, Variable

SCHEMA_V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"

_LANGUAGE_OF = {
    "application/json": "json",
    "application/xml": "xml",
    "text/html": "html",
    "application/javascript": "javascript",
    "": "text",
}
_QUERY_ESCAPES = {"%": "%25", "+": "%2B", "&": "%26", "=": "%3D", "#": "%23"}


def to_postman(data: CollectionData, *, include_secrets: bool = False) -> str:
    """The collection as v2.1 JSON text; `include_secrets` writes literal secret values too."""
    info: dict[str, Any] = {"name": data.name or "Workbench collection", "schema": SCHEMA_V21}
    if data.description:
        info["description"] = data.description
    root: list[dict[str, Any]] = []
    folders: dict[tuple[str, ...], list[dict[str, Any]]] = {(): root}
    for item in data.items:
        _folder(folders, item.folder).append(_item(item.request, include_secrets))
    document: dict[str, Any] = {"info": info, "item": root}
    if data.variables:
        document["variable"] = [_variable(v, include_secrets) for v in data.variables]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _folder(
    folders: dict[tuple[str, ...], list[dict[str, Any]]], path: tuple[str, ...]
) -> list[dict[str, Any]]:
    if path not in folders:
        entry: dict[str, Any] = {"name": path[-1], "item": []}
        _folder(folders, path[:-1]).append(entry)
        folders[path] = entry["item"]
    return folders[path]


def _secret(value: str, include: bool) -> str:
    return value if include or only_references(value) else ""


def _variable(variable: Variable, include: bool) -> dict[str, Any]:
    value = _secret(variable.value, include) if variable.secret else variable.value
    row: dict[str, Any] = {"key": variable.name, "value": value, "type": "string"}
    if not variable.enabled:
        row["disabled"] = True
    return row


def _item(saved: SavedRequest, include: bool) -> dict[str, Any]:
    spec = saved.spec
    headers = list(spec.headers)
    request: dict[str, Any] = {"method": spec.method}
    body = _body(spec.body, headers, header_value(spec.headers, "content-type") is not None)
    request["header"] = [_row(h) for h in headers]
    if body is not None:
        request["body"] = body
    request["url"] = _url(spec)
    auth = _auth(spec.auth, include)
    if auth is not None:
        request["auth"] = auth
    if saved.description:
        request["description"] = saved.description
    item: dict[str, Any] = {"name": saved.name, "request": request}
    behaviour = _behaviour(spec)
    if behaviour:
        item["protocolProfileBehavior"] = behaviour
    return item


def _row(field: Field) -> dict[str, Any]:
    row: dict[str, Any] = {"key": field.name, "value": field.value, "type": "text"}
    if not field.enabled:
        row["disabled"] = True
    return row


def _escape(text: str) -> str:
    return "".join(_QUERY_ESCAPES.get(c, c) for c in text)


def _url(spec: RequestSpec) -> dict[str, Any]:
    """Postman keeps the query only as rows: the URL's own query joins them, already encoded."""
    base, _, own = spec.url.partition("#")[0].partition("?")
    rows: list[dict[str, Any]] = []
    for piece in own.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            rows.append({"key": name, "value": value})
    for p in spec.params:
        row = {"key": _escape(p.name), "value": _escape(p.value)}
        rows.append(row if p.enabled else row | {"disabled": True})
    shown = "&".join(f"{r['key']}={r['value']}" for r in rows if not r.get("disabled"))
    found: dict[str, Any] = {"raw": base + ("?" + shown if shown else "")}
    scheme, sep, rest = base.partition("://")
    if sep:
        parts = urlsplit(base)
        found["protocol"] = scheme
        found["host"] = (parts.hostname or "").split(".")
        if parts.port is not None:
            found["port"] = str(parts.port)
        rest = parts.path
    else:
        host, slash, rest = base.partition("/")  # {{baseUrl}}/users
        found["host"] = [host]
        rest = slash + rest
    if rest.strip("/"):
        found["path"] = rest.lstrip("/").split("/")
    if rows:
        found["query"] = rows
    return found


def _auth(auth: Auth, include: bool) -> dict[str, Any] | None:
    if auth.kind == "none":
        return None
    pairs = {
        "basic": [("username", auth.username), ("password", _secret(auth.password, include))],
        "digest": [("username", auth.username), ("password", _secret(auth.password, include))]
        + ([("realm", auth.realm)] if auth.realm else []),
        "bearer": [("token", _secret(auth.token, include))],
        "apikey": [
            ("key", auth.key_name),
            ("value", _secret(auth.key_value, include)),
            ("in", auth.key_in),
        ],
    }[auth.kind]
    return {
        "type": auth.kind,
        auth.kind: [{"key": k, "value": v, "type": "string"} for k, v in pairs],
    }


def _body(body: Body, headers: list[Field], typed: bool) -> dict[str, Any] | None:
    if body.kind == "raw":
        language = _LANGUAGE_OF.get(body.content_type)
        if language is None and not typed:  # a type no language stands for: say it in a header
            headers.append(Field("Content-Type", body.content_type))
        return {
            "mode": "raw",
            "raw": body.text,
            "options": {"raw": {"language": language or "text"}},
        }
    if body.kind == "form":
        return {"mode": "urlencoded", "urlencoded": [_row(f) for f in body.fields]}
    if body.kind == "multipart":
        return {"mode": "formdata", "formdata": [_part_row(p) for p in body.parts]}
    if body.kind == "file":
        if body.content_type and not typed:
            headers.append(Field("Content-Type", body.content_type))
        return {"mode": "file", "file": {"src": body.path}}
    return None


def _part_row(part: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"key": part.name}
    if part.is_file:
        row |= {"type": "file", "src": part.value}
    else:
        row |= {"value": part.value, "type": "text"}
    if part.content_type:
        row["contentType"] = part.content_type
    if not part.enabled:
        row["disabled"] = True
    return row


def _behaviour(spec: RequestSpec) -> dict[str, Any]:
    options = spec.options
    found: dict[str, Any] = {}
    if not options.follow_redirects:
        found["followRedirects"] = False
    if options.max_redirects != DEFAULT_MAX_REDIRECTS:
        found["maxRedirects"] = options.max_redirects
    if not options.tls.verify:
        found["strictSSL"] = False
    if not options.cookies:
        found["disableCookies"] = True
    return found
