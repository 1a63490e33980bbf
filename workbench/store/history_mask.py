"""Secrets out of history: masked request specs and scrubbed exchange data.

Two layers. Structured: auth passwords, tokens, key values and proxy passwords become ``***``, so do
``Authorization``-like header values (``Basic ***``), passwords in URLs and an API key sent in the
query string. Literal: every known secret of at least `MIN_SCRUB` characters, with its URL-encoded
and Basic (base64 ``user:password``) forms, is replaced wherever it appears, echoed response bodies
included. Shorter secrets are masked only where they are structurally known.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus, unquote, unquote_plus

from workbench.engine.masking import ALWAYS_SECRET, MASK, mask_value
from workbench.engine.spec import Field, RequestSpec

MIN_SCRUB = 4
"""Shorter secrets are not searched for in free text: masking every ``ab`` would garble the rest."""
_URL_KEYS = frozenset({"url", "target"})


def secret_header_names(spec: RequestSpec) -> frozenset[str]:
    """Lower-case names of headers whose values are secret for this request."""
    auth = spec.auth
    if auth.kind == "apikey" and auth.key_in == "header" and auth.key_name:
        return ALWAYS_SECRET | {auth.key_name.lower()}
    return ALWAYS_SECRET


def secret_query_names(spec: RequestSpec) -> frozenset[str]:
    """Query parameters whose values are secret (an API key sent in the query string)."""
    auth = spec.auth
    if auth.kind == "apikey" and auth.key_in == "query" and auth.key_name:
        return frozenset({auth.key_name})
    return frozenset()


def mask_spec(spec: RequestSpec) -> RequestSpec:
    """The spec with the secrets it knows as secrets masked (see `changed_paths` for which)."""
    hidden: dict[str, Any] = {
        name: MASK if getattr(spec.auth, name) else ""
        for name in ("password", "token", "key_value")
    }
    proxy = spec.proxy._replace(
        password=MASK if spec.proxy.password else "",
        url=mask_url(spec.proxy.url),
        https_url=mask_url(spec.proxy.https_url),
    )
    secret = secret_header_names(spec)
    headers = tuple(
        row._replace(value=mask_value(row.name, row.value, secret))
        if row.name.lower() in secret and row.value
        else row
        for row in spec.headers
    )
    query = secret_query_names(spec)
    params = tuple(Field(p.name, MASK, p.enabled) if p.name in query else p for p in spec.params)
    return spec._replace(
        url=mask_url(spec.url, query),
        params=params,
        headers=headers,
        auth=spec.auth._replace(**hidden),
        proxy=proxy,
    )


def changed_paths(before: Any, after: Any, where: str = "") -> list[str]:
    """Where two JSON-ready values differ, as ``auth.password``, ``headers[0].value``, ``url``."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            path
            for key in before
            for path in changed_paths(
                before[key], after.get(key), f"{where}.{key}" if where else key
            )
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            path
            for i, (old, new) in enumerate(zip(before, after, strict=True))
            for path in changed_paths(old, new, f"{where}[{i}]")
        ]
    return [] if before == after else [where]


def mask_url(url: str, query_names: frozenset[str] = frozenset()) -> str:
    """The URL (or request-target) with its user-info password and `query_names` values masked."""
    head, question, rest = url.partition("?")
    if "://" in head:
        scheme, _, after = head.partition("://")
        authority, slash, path = after.partition("/")
        userinfo, at, hostport = authority.rpartition("@")
        if at and ":" in userinfo:
            head = f"{scheme}://{userinfo.partition(':')[0]}:{MASK}@{hostport}{slash}{path}"
    if question and query_names:
        query, hash_, fragment = rest.partition("#")
        pairs = (_mask_pair(pair, query_names) for pair in query.split("&"))
        rest = "&".join(pairs) + hash_ + fragment
    return head + question + rest


def _mask_pair(pair: str, names: frozenset[str]) -> str:
    name, eq, _ = pair.partition("=")
    return f"{name}={MASK}" if eq and unquote_plus(name) in names else pair


def secret_texts(spec: RequestSpec, extra: Iterable[str] = ()) -> list[str]:
    """Every form in which this request's secrets (and `extra` ones) may show up, longest first."""
    auth, proxy = spec.auth, spec.proxy
    values = [auth.password, auth.token, auth.key_value, proxy.password, *extra]
    for user, password in ((auth.username, auth.password), (proxy.username, proxy.password)):
        if password:
            values.append(base64.b64encode(f"{user}:{password}".encode()).decode("ascii"))
    values += [_url_password(url) for url in (spec.url, proxy.url, proxy.https_url)]
    secret = secret_header_names(spec)
    for row in spec.headers:
        if row.name.lower() in secret:
            scheme, sep, credentials = row.value.strip().partition(" ")
            values.append(credentials.strip() if sep and scheme.isalpha() else row.value.strip())
    forms = {
        form for v in values if v for form in (v, unquote(v), quote(v, safe=""), quote_plus(v))
    }
    return sorted((f for f in forms if len(f) >= MIN_SCRUB), key=len, reverse=True)


def _url_password(url: str) -> str:
    authority = url.partition("://")[2].partition("/")[0].partition("?")[0]
    userinfo, at, _ = authority.rpartition("@")
    return userinfo.partition(":")[2] if at else ""


def scrub(value: Any, texts: list[str], query_names: frozenset[str] = frozenset()) -> Any:
    """`value` (JSON-ready data) with `texts` replaced by ``***`` wherever they occur, and the
    values of the `query_names` parameters masked in URLs and in free text."""
    pattern = re.compile("|".join(map(re.escape, texts))) if texts else None
    names = "|".join(re.escape(quote_plus(n)) for n in sorted(query_names))
    params = re.compile(rf"(?<=[?&])({names})=[^&#\s\"'<>]*") if names else None

    def walk(item: Any, key: str = "") -> Any:
        if isinstance(item, str):
            if key in _URL_KEYS:
                item = mask_url(item, query_names)
            if params is not None:
                item = params.sub(rf"\1={MASK}", item)
            return pattern.sub(MASK, item) if pattern is not None else item
        if isinstance(item, dict):
            return {k: walk(v, k) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item

    return walk(value)
