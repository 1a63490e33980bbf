"""``{{name}}`` variables: names, layering and resolving a request just before it is sent.

Where values come from, weakest first (a later layer wins for the same name):

1. global variables (the app's config folder),
2. collection variables (``collection.toml``),
3. the active environment of the collection (``environments/NAME.toml``),
4. request-level values: what the user gives for this send (``workbench run --var``, the editor).

A value may itself use variables (``base_url = "{{scheme}}://{{host}}"``); a loop is an error.
Only the parts of a request that are sent are resolved: disabled rows, the body fields of another body
kind, the auth fields of another auth kind and the proxy fields outside manual mode are left as they
are, so a variable missing there does not stop a send.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from workbench.engine.spec import Auth, Body, Field, Part, Proxy, RequestSpec
from workbench.formats.model import Variable
from workbench.formats.request_file import REFERENCE
from workbench.store.collection_errors import UNDEFINED_HINT, InvalidName, UnresolvedVariable

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
MAX_DEPTH = 20


def check_variable_name(name: str) -> str:
    """A variable name as typed, stripped, or `InvalidName` saying what a name may hold."""
    name = name.strip()
    if not _NAME.match(name):
        raise InvalidName(
            name,
            f"A variable name starts with a letter or '_' and holds only letters, digits, "
            f"'_', '-' and '.'; {name!r} does not.",
        )
    return name


def references(text: str) -> list[str]:
    """The variable names `text` uses, in order, repeats kept."""
    return REFERENCE.findall(text)


def layered(*layers: Mapping[str, str]) -> dict[str, str]:
    """One mapping from several, later layers winning: global, collection, environment, request."""
    merged: dict[str, str] = {}
    for layer in layers:
        merged.update(layer)
    return merged


def values(variables: Iterable[Variable]) -> dict[str, str]:
    """The enabled variables as a name -> value mapping (secret values must already be filled in)."""
    return {v.name: v.value for v in variables if v.enabled}


def substitute(text: str, variables: Mapping[str, str], field: str) -> str:
    """`text` with every ``{{name}}`` replaced; `UnresolvedVariable` names the first missing one."""
    if "{{" not in text:
        return text
    return _substitute(text, variables, field, ())


def _substitute(text: str, variables: Mapping[str, str], field: str, chain: tuple[str, ...]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in chain or len(chain) >= MAX_DEPTH:
            loop = " -> ".join((*chain, name))
            raise UnresolvedVariable(name, field, f"it refers to itself ({loop})")
        if name not in variables:
            raise UnresolvedVariable(name, field, UNDEFINED_HINT)
        value = variables[name]
        return _substitute(value, variables, field, (*chain, name)) if "{{" in value else value

    return REFERENCE.sub(one, text)


def resolve(spec: RequestSpec, variables: Mapping[str, str]) -> RequestSpec:
    """The request with its variables replaced by values, ready for the engine (pure)."""

    def sub(text: str, field: str) -> str:
        return substitute(text, variables, field)

    tls = spec.options.tls
    return spec._replace(
        method=sub(spec.method, "method"),
        url=sub(spec.url, "URL"),
        params=_rows(spec.params, sub, "query parameter"),
        headers=_rows(spec.headers, sub, "header"),
        body=_body(spec.body, sub),
        auth=_auth(spec.auth, sub),
        proxy=_proxy(spec.proxy, sub),
        options=spec.options._replace(
            tls=tls._replace(
                ca_file=sub(tls.ca_file, "CA file"),
                client_cert=sub(tls.client_cert, "client certificate"),
                client_key=sub(tls.client_key, "client key"),
            )
        ),
    )


Sub = Callable[[str, str], str]


def _rows(rows: tuple[Field, ...], sub: Sub, what: str) -> tuple[Field, ...]:
    return tuple(
        row._replace(
            name=sub(row.name, f"{what} name {row.name!r}"),
            value=sub(row.value, f"{what} {row.name!r}"),
        )
        if row.enabled
        else row
        for row in rows
    )


def _part(part: Part, sub: Sub) -> Part:
    if not part.enabled:
        return part
    where = f"multipart field {part.name!r}"
    return part._replace(
        name=sub(part.name, f"multipart field name {part.name!r}"),
        value=sub(part.value, where),
        content_type=sub(part.content_type, f"content type of {where}"),
        filename=sub(part.filename, f"file name of {where}"),
    )


def _body(body: Body, sub: Sub) -> Body:
    if body.kind == "form":
        return body._replace(fields=_rows(body.fields, sub, "form field"))
    if body.kind == "multipart":
        return body._replace(parts=tuple(_part(p, sub) for p in body.parts))
    if body.kind == "raw":
        return body._replace(
            text=sub(body.text, "body"), content_type=sub(body.content_type, "body content type")
        )
    if body.kind == "file":
        return body._replace(
            path=sub(body.path, "body file"),
            content_type=sub(body.content_type, "body content type"),
        )
    return body


def _auth(auth: Auth, sub: Sub) -> Auth:
    if auth.kind in ("basic", "digest"):
        return auth._replace(
            username=sub(auth.username, "auth username"),
            password=sub(auth.password, "auth password"),
            realm=sub(auth.realm, "auth realm"),
            scope=sub(auth.scope, "auth scope"),
        )
    if auth.kind == "bearer":
        return auth._replace(token=sub(auth.token, "bearer token"))
    if auth.kind == "apikey":
        return auth._replace(
            key_name=sub(auth.key_name, "API key name"), key_value=sub(auth.key_value, "API key")
        )
    return auth


def _proxy(proxy: Proxy, sub: Sub) -> Proxy:
    if proxy.mode != "manual":
        return proxy
    return proxy._replace(
        url=sub(proxy.url, "proxy URL"),
        https_url=sub(proxy.https_url, "HTTPS proxy URL"),
        username=sub(proxy.username, "proxy username"),
        password=sub(proxy.password, "proxy password"),
        no_proxy=tuple(sub(host, "no-proxy list") for host in proxy.no_proxy),
    )
