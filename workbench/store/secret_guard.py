"""The guard before a request is saved or exported: literal credentials are named, never written silently.

`find_literal_secrets` lists what looks like a credential typed in literally: the auth password, token
or API key, a proxy password, an ``Authorization`` or ``Proxy-Authorization`` header, a password in a
URL, and a header, query parameter or form field whose name says token, key, secret or password.
Query parameters are looked for both in ``params`` and in the URL's own query (``?api_key=abc``:
the editor keeps its enabled parameters there).
`move_to_secret_variable` rewrites the request to use a ``{{variable}}`` instead and hands back the
secret variable to store. Values that are already ``{{variable}}`` references are fine. JSON or other
raw bodies are not searched.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from urllib.parse import unquote_plus, urlsplit

from workbench.engine.spec import Field, RequestSpec
from workbench.formats.model import SavedRequest, Variable
from workbench.formats.request_file import REFERENCE, SECRET_FIELDS
from workbench.store.errors import StoreError

SECRET_FIELD_NAMES = frozenset(f"{part}.{name}" for part, name in SECRET_FIELDS)
"""Findings that a request file can never hold literally, whatever the user confirms."""
_ALWAYS = frozenset({"authorization", "proxy-authorization"})
_SECRETISH = re.compile(
    r"token|api[-_]?key|apikey|secret|passw|passwd|pwd|credential|session|signature|"
    r"^x-auth|^auth$|^key$|^sig$|^code$",
    re.I,
)
_QUERY = "url.query["
"""Findings in the URL's own query: ``url.query[N]``, N counting its non-empty ``&`` items."""
_MEANINGFUL = frozenset("&#+%")
_SCHEME_VALUE = re.compile(r"([A-Za-z][\w-]*) +(\S.*)\Z", re.S)


class SecretFinding(NamedTuple):
    """One literal credential: where it is, what it is, and a variable name to move it to."""

    field: str
    """Where, as `move_to_secret_variable` takes it: ``auth.token``, ``headers[2]``, ``url.query[0]``..."""
    name: str
    """What, in words: ``header Authorization``, ``the auth password``, ``query parameter api_key``."""
    suggestion: str
    """A variable name to move it to (``api_key``, ``token``...)."""

    @property
    def message(self) -> str:
        """The finding in plain words."""
        return (
            f"The {self.name} holds a literal credential; move it into a secret variable "
            f"({{{{{self.suggestion}}}}}) or a profile before it is saved or exported."
        )


class LiteralSecrets(StoreError):
    """A save or export stopped because the request holds literal credentials (the findings)."""

    def __init__(
        self, where: str, findings: list[SecretFinding], *, may_allow: bool = True
    ) -> None:
        listed = "; ".join(f.name for f in findings)
        choice = ", or confirm that they may be written" if may_allow else ""
        super().__init__(
            f"{where} holds literal credentials ({listed}); move them into secret variables "
            f"or profiles{choice}."
        )
        self.findings = findings
        self.may_allow = may_allow
        """False when a finding can never be written literally (auth and proxy passwords...)."""


def is_literal(value: str) -> bool:
    """A non-empty value with text outside ``{{variable}}`` references."""
    return bool(value.strip()) and bool(REFERENCE.sub("", value).strip())


def _suggest(text: str) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    return name if name and not name[0].isdigit() else f"secret_{name}"


def find_literal_secrets(saved: SavedRequest) -> list[SecretFinding]:
    """Every literal credential in the request, in the order of the editor's tabs."""
    spec = saved.spec
    found = _url(spec) + _query(spec.url)
    for key in ("params", "headers"):
        found += _rows(getattr(spec, key), key)
    found += _rows(spec.body.fields, "body.fields")
    for index, row in enumerate(spec.body.parts):
        if not row.is_file and _SECRETISH.search(row.name) and is_literal(row.value):
            found.append(
                SecretFinding(
                    f"body.parts[{index}]", f"multipart field {row.name}", _suggest(row.name)
                )
            )
    for part, attr in SECRET_FIELDS:
        if is_literal(getattr(getattr(spec, part), attr)):
            what = {"key_value": "API key", "token": "token"}.get(attr, "password")
            suggestion = "proxy_password" if part == "proxy" else _suggest(what)
            found.append(SecretFinding(f"{part}.{attr}", f"{part} {what}", suggestion))
    return found


_URLS = (
    ("url", "URL", "url_password"),
    ("proxy.url", "proxy URL", "proxy_url_password"),
    ("proxy.https_url", "HTTPS proxy URL", "https_proxy_password"),
)


def _url(spec: RequestSpec) -> list[SecretFinding]:
    found = []
    for field, what, suggestion in _URLS:
        url = spec.url if field == "url" else getattr(spec.proxy, field.split(".")[1])
        try:
            password = urlsplit(url).password
        except ValueError:
            continue
        if password and is_literal(password):
            found.append(SecretFinding(field, f"password in the {what}", suggestion))
    return found


def _query(url: str) -> list[SecretFinding]:
    found = []
    for number, item in enumerate(_query_items(url)[1]):
        if _secret_item(item):
            found.append(
                SecretFinding(
                    f"{_QUERY}{number}]", f"query parameter {item.name}", _suggest(item.name)
                )
            )
    return found


class _Item(NamedTuple):
    """A non-empty ``&`` item of a URL's query."""

    position: int
    """Its index among all the items (empty ones included)."""
    start: int
    """Where its raw value starts in the URL."""
    name: str
    """Decoded."""
    value: str
    """As typed."""


def _secret_item(item: _Item) -> bool:
    return bool(_SECRETISH.search(item.name)) and is_literal(unquote_plus(item.value))


def _query_items(url: str) -> tuple[list[str], list[_Item]]:
    """The URL's ``&`` items, and the non-empty ones.

    Split as `urlsplit` and the editor's URL line split (``#`` first, then the first ``?``), but on
    the text as typed: `urlsplit` lowercases the scheme and drops tabs and an empty ``#``, and a
    rewritten URL must keep everything but the moved value byte for byte.
    """
    head = url.partition("#")[0]
    question = head.find("?")
    query = head[question + 1 :] if question >= 0 else ""
    items = query.split("&") if query else []
    found, offset = [], question + 1
    for position, text in enumerate(items):
        if text:
            name, _, value = text.partition("=")
            found.append(_Item(position, offset + len(name) + 1, unquote_plus(name), value))
        offset += len(text) + 1
    return items, found


def _move_query(url: str, number: int, ref: str) -> tuple[str, str]:
    """`url` with the value of its `number`th query item replaced by `ref`, and that value."""
    head, hash_sign, fragment = url.partition("#")
    base = head.partition("?")[0]
    items, found = _query_items(url)
    item = found[number]
    items[item.position] = f"{items[item.position].partition('=')[0]}={ref}"
    return f"{base}?{'&'.join(items)}{hash_sign}{fragment}", _query_value(item.value)


def _query_value(raw: str) -> str:
    """The value decoded as the Params table shows it, unless that changes what is sent.

    The engine puts a variable's value into the URL as it is, so a decoded ``%26`` (``&``), ``%2B``
    (``+``), ``%23`` (``#``) or ``%25`` (``%``) would change the query; such a value is kept as typed.
    """
    try:
        value = unquote_plus(raw, errors="strict")
    except UnicodeDecodeError:
        return raw
    return raw if _MEANINGFUL.intersection(value) else value


def secret_value_span(key: str, name: str, value: str) -> tuple[int, int] | None:
    """Where a row's literal credential sits in its value, by the rules of `find_literal_secrets`
    (`key`: ``params``, ``headers``, ``body.fields`` or ``body.parts``); None when it holds none.
    ``Authorization: Bearer abc`` gives the span of ``abc``: the scheme is no secret."""
    always = key == "headers" and name.strip().lower() in _ALWAYS
    scheme = _SCHEME_VALUE.match(value) if always else None
    start = scheme.start(2) if scheme else 0
    if (always or _SECRETISH.search(name)) and is_literal(value[start:]):
        return start, len(value)
    return None


def url_secret_spans(url: str) -> list[tuple[int, int]]:
    """Where the literal credentials of a URL sit in it: the password of its user info and the
    values of its secret-named query items (as typed, by the rules of `find_literal_secrets`)."""
    spans = []
    head = url.partition("#")[0]
    authority_start = head.find("://")
    if authority_start >= 0:
        authority_end = len(head)
        for stop in "/?":
            found = head.find(stop, authority_start + 3)
            if found >= 0:
                authority_end = min(authority_end, found)
        at = head.rfind("@", authority_start + 3, authority_end)
        colon = head.find(":", authority_start + 3, at) if at >= 0 else -1
        if colon >= 0 and is_literal(head[colon + 1 : at]):
            spans.append((colon + 1, at))
    spans += [(i.start, i.start + len(i.value)) for i in _query_items(url)[1] if _secret_item(i)]
    return spans


def _rows(rows: tuple[Field, ...], key: str) -> list[SecretFinding]:
    what = {"params": "query parameter", "headers": "header", "body.fields": "form field"}[key]
    found = []
    for index, row in enumerate(rows):
        if secret_value_span(key, row.name, row.value) is not None:  # "Bearer {{token}}" is fine
            found.append(SecretFinding(f"{key}[{index}]", f"{what} {row.name}", _suggest(row.name)))
    return found


def move_to_secret_variable(
    saved: SavedRequest, finding: SecretFinding, variable: str = ""
) -> tuple[SavedRequest, Variable]:
    """The request using ``{{variable}}`` where the literal was, and the secret variable to store.

    An ``Authorization: Bearer abc`` keeps its scheme in the header (``Bearer {{authorization}}``).
    """
    name = variable or finding.suggestion
    ref = f"{{{{{name}}}}}"
    spec = saved.spec
    field = finding.field
    if field.startswith(_QUERY):
        url, secret = _move_query(spec.url, int(field[len(_QUERY) : -1]), ref)
        spec = spec._replace(url=url)
    elif field.endswith("url"):
        url = spec.url if field == "url" else getattr(spec.proxy, field.split(".")[1])
        parts = urlsplit(url)
        secret = parts.password or ""
        user, _, rest = parts.netloc.rpartition("@")
        new_url = parts._replace(netloc=f"{user.rpartition(':')[0]}:{ref}@{rest}").geturl()
        if field == "url":
            spec = spec._replace(url=new_url)
        else:
            changes: dict[str, Any] = {field.split(".")[1]: new_url}
            spec = spec._replace(proxy=spec.proxy._replace(**changes))
    elif "." in field and "[" not in field:
        part, attr = field.split(".")
        secret = getattr(getattr(spec, part), attr)
        spec = spec._replace(**{part: getattr(spec, part)._replace(**{attr: ref})})
    else:
        spec, secret = _move_row(spec, field, ref)
    return saved._replace(spec=spec), Variable(name, secret, secret=True)


def _move_row(spec: RequestSpec, field: str, ref: str) -> tuple[RequestSpec, str]:
    key, _, index_text = field.rstrip("]").partition("[")
    index = int(index_text)
    owner, attr = ("body", key.split(".")[1]) if key.startswith("body.") else ("", key)
    rows: list[Any] = list(getattr(spec.body if owner else spec, attr))
    row = rows[index]
    secret, value = row.value, ref
    scheme = _SCHEME_VALUE.match(row.value)
    if key == "headers" and row.name.lower() in _ALWAYS and scheme:
        secret, value = scheme.group(2), f"{scheme.group(1)} {ref}"
    rows[index] = row._replace(value=value)
    changes: dict[str, Any] = {attr: tuple(rows)}
    if owner:
        return spec._replace(body=spec.body._replace(**changes)), secret
    return spec._replace(**changes), secret
