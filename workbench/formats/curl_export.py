"""A curl command line that sends the same request as a `RequestSpec` (POSIX shell quoting).

Written so that `parse_curl` reads it back to the same spec. What curl has no words for is left
out: the cookie jar switch, header-name case, auth realm and scope, a separate https proxy (``-x``
serves both schemes), disabled rows, and "no timeout" (written as ``--connect-timeout 0``, curl's
"use your default"). The default timeout is left out. The body's content type is written as a
header unless curl would send the same one by itself. Query parameters are written into the URL, encoded as the engine encodes
them, so they come back as part of the URL rather than as rows.
"""

from __future__ import annotations

import shlex
from urllib.parse import quote_plus, urlencode

from workbench.engine.spec import (
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_TIMEOUT,
    Auth,
    Body,
    Field,
    Part,
    Proxy,
    RequestSpec,
)
from workbench.formats.common import FORM_TYPE, body_type, header_value, with_params

_PART_SPECIALS = ';,"'


def to_curl(spec: RequestSpec, *, multiline: bool = False) -> str:
    """A copy-pasteable curl command; `multiline` puts each option on its own ``\\`` line."""
    params = spec.params
    if spec.auth.kind == "apikey" and spec.auth.key_in == "query":
        params += (Field(spec.auth.key_name, spec.auth.key_value),)
    groups: list[list[str]] = [["curl", with_params(spec.url, params)]]
    groups += _method(spec)
    headers = [h for h in spec.headers if h.enabled and h.name]
    groups += [["-H", f"{h.name}: {h.value}" if h.value else f"{h.name};"] for h in headers]
    content_type = body_type(spec.body) if spec.body.kind in ("raw", "file") else ""
    if content_type not in ("", FORM_TYPE) and header_value(spec.headers, "content-type") is None:
        groups.append(["-H", f"Content-Type: {content_type}"])
    groups += _auth(spec.auth)
    groups += _body(spec.body)
    groups += _proxy(spec.proxy)
    groups += _options(spec)
    lines = [" ".join(shlex.quote(word) for word in group) for group in groups]
    return (" \\\n  " if multiline else " ").join(lines)


def _method(spec: RequestSpec) -> list[list[str]]:
    sends = spec.body.kind != "none"
    if spec.method == "HEAD" and not sends:
        return [["-I"]]
    if spec.method != ("POST" if sends else "GET"):
        return [["-X", spec.method]]
    return []


def _auth(auth: Auth) -> list[list[str]]:
    if auth.kind == "basic":
        extra = [] if auth.preemptive else [["--anyauth"]]
        return [*extra, ["-u", f"{auth.username}:{auth.password}"]]
    if auth.kind == "digest":
        return [["--digest"], ["-u", f"{auth.username}:{auth.password}"]]
    if auth.kind == "bearer":
        return [["--oauth2-bearer", auth.token]]
    if auth.kind == "apikey" and auth.key_in == "header":
        return [["-H", f"{auth.key_name}: {auth.key_value}"]]
    return []


def _body(body: Body) -> list[list[str]]:
    if body.kind == "raw":
        return [["--data-raw", body.text]]
    if body.kind == "file":
        return [["--data-binary", "@" + body.path]]
    if body.kind == "form":
        fields = [(f.name, f.value) for f in body.fields if f.enabled and (f.name or f.value)]
        if any(not name for name, _ in fields):
            return [["--data-raw", urlencode(fields)]]  # curl cannot name an empty name
        return [["--data-urlencode", f"{quote_plus(name)}={value}"] for name, value in fields]
    if body.kind == "multipart":
        return [_part(part) for part in body.parts if part.enabled and part.name]
    return []


def _part(part: Part) -> list[str]:
    if part.is_file:
        value = "@" + _form_word(part.value)
        if part.content_type:
            value += f";type={part.content_type}"
        if part.filename:
            value += f";filename={_form_word(part.filename)}"
        return ["-F", f"{part.name}={value}"]
    if not part.content_type:
        return ["--form-string", f"{part.name}={part.value}"]
    return ["-F", f"{part.name}={_form_word(part.value, always=True)};type={part.content_type}"]


def _form_word(text: str, *, always: bool = False) -> str:
    """A -F value or file name, double-quoted when curl would otherwise split or read it."""
    if not always and not any(c in text for c in _PART_SPECIALS) and text.strip() == text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _proxy(proxy: Proxy) -> list[list[str]]:
    if proxy.mode == "direct":
        return [["--noproxy", "*"]]
    if proxy.mode != "manual":
        return []
    groups = [["-x", proxy.url]]
    if proxy.username:
        groups.append(["-U", f"{proxy.username}:{proxy.password}"])
    if proxy.no_proxy:
        groups.append(["--noproxy", ",".join(proxy.no_proxy)])
    return groups


def _options(spec: RequestSpec) -> list[list[str]]:
    options, tls = spec.options, spec.options.tls
    groups: list[list[str]] = []
    if not tls.verify:
        groups.append(["-k"])
    for flag, value in (("--cacert", tls.ca_file), ("--cert", tls.client_cert)):
        if value:
            groups.append([flag, value])
    if tls.client_key:
        groups.append(["--key", tls.client_key])
    if options.decode:
        groups.append(["--compressed"])
    if options.follow_redirects:
        groups.append(["-L", "--max-redirs", str(options.max_redirects)])
    elif options.max_redirects != DEFAULT_MAX_REDIRECTS:
        groups.append(["--max-redirs", str(options.max_redirects)])
    if options.timeout != DEFAULT_TIMEOUT:
        groups.append(["--connect-timeout", _seconds(options.timeout)])
    if options.total_timeout is not None:
        groups.append(["--max-time", _seconds(options.total_timeout)])
    return groups


def _seconds(value: float | None) -> str:
    if value is None:
        return "0"
    return str(int(value)) if float(value).is_integer() else repr(float(value))
