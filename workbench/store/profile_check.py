"""Checks on what a person types into a profile, field by field, before anything is saved.

Each check returns every problem it finds as a `FieldError` naming the field, so a dialog can mark all
of them at once; saving raises `InvalidProfile` with the same list. URL, header and proxy rules are the
engine's own (`engine.validate`, `engine.opener.check_proxy_url`, `engine.opener.tls_context`).

The scope, the proxy URLs and the no-proxy entries may hold ``{{variable}}`` references: at save
only what no value could mend is refused (`_with_references`), and `check_resolved` checks the
values filled in just before a send.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from workbench.engine.errors import InvalidRequest
from workbench.engine.masking import MASK
from workbench.engine.opener import check_proxy_url, tls_context
from workbench.engine.spec import TLS, Auth, Proxy, RequestSpec
from workbench.engine.validate import (
    check_header_name,
    check_header_value,
    check_url,
    split_host_port,
    split_scheme,
)
from workbench.formats.request_file import REFERENCE, only_references
from workbench.store.errors import StoreError
from workbench.store.profile_model import AUTH_PROFILE_KINDS, KIND_LABELS, PROXY_PROFILE_MODES

MAX_NAME_LENGTH = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%!$&'()*+,;=-]+)$")
URL_PASSWORD = (
    "The proxy URL holds a password: take the credentials out of the URL and put them in the "
    "User name and Password fields; the password is kept in the keyring, not in the profiles file."
)
URL_USER = (
    "The proxy URL holds a user name: take it out of the URL and put it in the User name field."
)
_AUTH_FIELDS = {
    "basic": ("username", "password", "realm", "scope", "preemptive"),
    "digest": ("username", "password", "realm", "scope"),
    "bearer": ("token",),
    "apikey": ("key_name", "key_value", "key_in"),
}


class FieldError(NamedTuple):
    """One problem with one field of a profile."""

    field: str
    """``name``, ``username``, ``scope``, ``url``, ``no_proxy``, ``ca_file``..."""
    message: str


class InvalidProfile(StoreError):
    """A profile that cannot be saved; `errors` lists every field at fault."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__(" ".join(e.message for e in self.errors))


def _engine(check: Callable[[], object], field: str) -> list[FieldError]:
    try:
        check()
    except InvalidRequest as exc:
        return [FieldError(field, exc.message)]
    return []


def check_name(name: str, taken: Iterable[str] = ()) -> list[FieldError]:
    """A profile name: not empty, no edge spaces or control characters, unique (ignoring case)."""
    if not name.strip():
        return [FieldError("name", "The name is empty.")]
    if name != name.strip():
        return [FieldError("name", "The name starts or ends with a space.")]
    if _CONTROL.search(name):
        return [FieldError("name", "The name contains a control character.")]
    if len(name) > MAX_NAME_LENGTH:
        return [FieldError("name", f"The name is longer than {MAX_NAME_LENGTH} characters.")]
    if name.casefold() in {t.casefold() for t in taken}:
        return [FieldError("name", f"A profile named {name!r} already exists.")]
    return []


def check_scope(scope: str) -> list[FieldError]:
    """A scope is empty, a full http(s) URL, or an authority ``host[:port]`` (HTTPPasswordMgr's rules)."""
    return _with_references(scope.strip(), _scope)


def _scope(text: str) -> list[FieldError]:
    if not text:
        return []
    if "://" in text:
        if split_scheme(text) not in ("http", "https"):
            return [FieldError("scope", "A scope URL starts with http:// or https://.")]
        return _engine(lambda: check_url(text, "scope"), "scope")
    neither = FieldError(
        "scope",
        f"The scope {text!r} is neither a full URL (https://host/path) nor a host[:port] "
        "(api.example.com:8443).",
    )
    if any(c in text for c in "/?#@ \t") or _CONTROL.search(text):
        return [neither]
    try:
        host, _ = split_host_port(text, "scope")
    except InvalidRequest as exc:
        return [FieldError("scope", exc.message)]
    return [] if host and _HOST.match(host) else [neither]


def check_auth(
    auth: Auth, tls: TLS | None = None, *, secret_kept: bool = False
) -> list[FieldError]:
    """Every problem with an auth profile's fields; `secret_kept` means the stored secret stays."""
    if auth.kind not in AUTH_PROFILE_KINDS:
        return [FieldError("kind", "Choose Basic, Digest, Bearer token or API key.")]
    label = KIND_LABELS[auth.kind]
    errors = _unused(auth, Auth(), _AUTH_FIELDS[auth.kind], label)
    if auth.kind in ("basic", "digest"):
        errors += _userpass(auth, label)
        errors += check_scope(auth.scope)
    elif auth.kind == "bearer" and not secret_kept:
        if not auth.token:
            errors.append(FieldError("token", "A Bearer token profile needs the token."))
        errors += _engine(lambda: check_header_value("Authorization", auth.token), "token")
    elif auth.kind == "apikey":
        errors += _apikey(auth, secret_kept)
    return errors + check_tls(tls)


def _userpass(auth: Auth, label: str) -> list[FieldError]:
    errors = []
    if not auth.username:
        errors.append(FieldError("username", f"A {label} profile needs a user name."))
    elif auth.kind == "basic" and ":" in auth.username:
        errors.append(FieldError("username", "A Basic user name cannot contain ':'."))
    for field in ("username", "password", "realm"):
        if _CONTROL.search(getattr(auth, field)):
            errors.append(FieldError(field, f"The {field} contains a control character."))
    if '"' in auth.realm:
        errors.append(FieldError("realm", 'A realm cannot contain a double quote (").'))
    return errors


def _apikey(auth: Auth, secret_kept: bool) -> list[FieldError]:
    if auth.key_in not in ("header", "query"):
        return [FieldError("key_in", "Send the API key in a header or in the query string.")]
    errors = []
    if not auth.key_name:
        errors.append(FieldError("key_name", "An API key profile needs the key's name."))
    elif auth.key_in == "header":
        errors += _engine(lambda: check_header_name(auth.key_name), "key_name")
    elif _CONTROL.search(auth.key_name):
        errors.append(FieldError("key_name", "The key name contains a control character."))
    if not secret_kept:
        if not auth.key_value:
            errors.append(FieldError("key_value", "An API key profile needs the key's value."))
        elif auth.key_in == "header":
            errors += _engine(
                lambda: check_header_value(auth.key_name, auth.key_value), "key_value"
            )
    return errors


def check_proxy(proxy: Proxy, tls: TLS | None = None) -> list[FieldError]:
    """Every problem with a proxy profile's fields."""
    if proxy.mode not in PROXY_PROFILE_MODES:
        return [FieldError("mode", "Choose System, Direct or Manual.")]
    if proxy.mode != "manual":
        return _unused(proxy, Proxy(), ("mode",), KIND_LABELS[proxy.mode]) + check_tls(tls)
    errors = []
    if not proxy.url.strip():
        errors.append(FieldError("url", "A Manual proxy needs a proxy URL (http://host:port)."))
    else:
        errors += _proxy_url(proxy.url, "url")
    if proxy.https_url.strip():
        errors += _proxy_url(proxy.https_url, "https_url")
    if proxy.password and not proxy.username:
        errors.append(FieldError("password", "A proxy password needs a user name."))
    if _CONTROL.search(proxy.username):
        errors.append(FieldError("username", "The user name contains a control character."))
    for entry in proxy.no_proxy:
        errors += _with_references(entry.strip(), _no_proxy)
    return errors + check_tls(tls)


def _proxy_url(url: str, field: str) -> list[FieldError]:
    """The engine's rules, and no credentials in the URL.

    Credentials typed into a proxy URL are refused rather than split off into the user name and
    the secret store: the profiles file would otherwise hold whatever the URL holds, and on the
    command line a password in ``--url`` already sits in the shell history (``add-proxy`` asks
    for it, hidden, instead). One way in for the password keeps it out of every file.
    """
    userinfo, at, _ = _authority(url.strip())[1].rpartition("@")
    if at:  # a reference holds no '@': this is typed text, whatever the variables hold
        return [FieldError(field, URL_PASSWORD if ":" in userinfo else URL_USER)]
    return _with_references(url.strip(), lambda text: _engine(lambda: check_proxy_url(text), field))


def _authority(url: str) -> tuple[int, str]:
    """Where the ``user:password@host:port`` part of a URL starts, and that part (scheme or not)."""
    scheme, sep, _ = url.partition("://")
    start = len(scheme) + len(sep) if sep else 0
    return start, url[start:].partition("/")[0].partition("?")[0].partition("#")[0]


def masked_proxy_url(url: str) -> str:
    """A proxy URL to show: the password in it (from the environment, say) replaced by ``***``."""
    start, authority = _authority(url)
    userinfo, at, hostport = authority.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    shown = f"{userinfo.partition(':')[0]}:{MASK}@{hostport}"
    return url[:start] + shown + url[start + len(authority) :]


def _no_proxy(entry: str) -> list[FieldError]:
    problem = _no_proxy_problem(entry)
    return [FieldError("no_proxy", problem)] if problem else []


def _no_proxy_problem(entry: str) -> str:
    text = entry.strip()
    if not text:
        return "A no-proxy entry is empty."
    if "://" in text or any(c in text for c in "/?#@ \t") or _CONTROL.search(text):
        return f"The no-proxy entry {text!r} should be a host, .domain, host:port or *."
    if text == "*":
        return ""
    try:
        host, _ = split_host_port(text, "no_proxy")
    except InvalidRequest as exc:
        return exc.message
    return "" if host and _HOST.match(host.lstrip(".")) else f"{text!r} is not a host or domain."


def check_tls(tls: TLS | None) -> list[FieldError]:
    """The CA file and client certificate must exist and load (the engine's own check)."""
    if tls is None:
        return []
    try:
        tls_context(tls)
    except InvalidRequest as exc:
        field = "client_key" if tls.client_key and not tls.client_cert else exc.field
        return [FieldError(field, exc.message)]
    return []


def _unused(
    value: Auth | Proxy, empty: Auth | Proxy, allowed: tuple[str, ...], label: str
) -> list[FieldError]:
    """Fields set that this kind does not use (a typo or a stale field must not be saved silently)."""
    skip = {"kind", "mode", *allowed}
    return [
        FieldError(field, f"{label} profiles do not use the {field.replace('_', ' ')}.")
        for field, current, default in zip(value._fields, value, empty, strict=True)
        if field not in skip and current != default
    ]


# -- {{variable}} references ------------------------------------------------------------------

PLACEHOLDERS = ("http", "1")
"""What a reference is tried as at save: a scheme or a host, a port or a host."""
LEADING_PLACEHOLDERS = ("http://1", *PLACEHOLDERS)
"""A reference that starts the value may also be a whole origin (``{{base}}/v1``)."""
MAX_TRIED_REFERENCES = 4
"""Beyond this many references (3 * 2**3 = 24 tries) a value is left to the check at send time."""
Check = Callable[[str], list[FieldError]]


def _with_references(text: str, check: Check) -> list[FieldError]:
    """`check` on a value that may hold ``{{variable}}`` references, before their values are known.

    A value made of references only cannot be judged now. Otherwise each reference is tried as
    each of the `PLACEHOLDERS` (a leading one also as an origin): when some way fits, the value
    may be right once resolved; when none does, the text around the references is wrong whatever
    they hold, and that is said.
    """
    pieces = REFERENCE.split(text)  # literal, name, literal, name, ..., literal
    count = len(pieces) // 2
    if not count:
        return check(text)
    if only_references(text) or count > MAX_TRIED_REFERENCES:
        return []
    choices: list[tuple[str, ...]] = [PLACEHOLDERS] * count
    if not pieces[0]:
        choices[0] = LEADING_PLACEHOLDERS
    first: list[FieldError] = []
    for values in itertools.product(*choices):
        tried = "".join(piece if i % 2 == 0 else values[i // 2] for i, piece in enumerate(pieces))
        errors = check(tried)
        if not errors:
            return []
        first = first or [e._replace(message=e.message.replace(tried, text)) for e in errors]
    return first


def check_resolved(before: RequestSpec, after: RequestSpec) -> None:
    """The fields whose check waited for their variables, now filled in (just before a send).

    `before` is the spec with its profiles applied and references still in it, `after` the same
    spec resolved. Raises `InvalidRequest` at the field (``proxy`` or ``auth``), saying what the
    value was before its variables were filled in.
    """
    for field, label, raw, value, check in _waiting(before, after):
        problems = check(value) if REFERENCE.search(raw) else []
        if problems:
            raise InvalidRequest(
                field,
                f"{problems[0].message.rstrip('.')} (the {label} is {raw.strip()!r} before its "
                "variables are filled in).",
            )


def _waiting(before: RequestSpec, after: RequestSpec) -> list[tuple[str, str, str, str, Check]]:
    """(field, label, value before, value after, check) for each field checked at send time."""
    was, now = before.proxy, after.proxy
    found: list[tuple[str, str, str, str, Check]] = []
    if now.mode == "manual":
        found.append(("proxy", "proxy URL", was.url, now.url, _engine_proxy_url))
        if now.https_url.strip():
            found.append(
                ("proxy", "HTTPS proxy URL", was.https_url, now.https_url, _engine_proxy_url)
            )
        pairs = zip(was.no_proxy, now.no_proxy, strict=False)
        found += [("proxy", "no-proxy entry", a, b.strip(), _no_proxy) for a, b in pairs]
    if after.auth.kind in ("basic", "digest"):
        found.append(("auth", "auth scope", before.auth.scope, after.auth.scope.strip(), _scope))
    return found


def _engine_proxy_url(url: str) -> list[FieldError]:
    """The engine's rule; credentials a variable brings (a secret one, say) are the engine's too."""
    if not url.strip():
        return [FieldError("proxy", "Manual proxy mode needs a proxy URL (http://host:port).")]
    return _engine(lambda: check_proxy_url(url), "proxy")
