"""Writing requests as an ``.http`` file that `http_file.parse_http` (and both editors) read back.

What the format has no place for is left out: folders, environments, proxy and TLS settings,
decoding, the redirect limit, the total timeout, auth realm and scope, auth and proxy profile
names, and disabled query parameters. Query parameters are written as ``?``/``&`` lines after
the request line, so they come back as part of the URL. Secret variables are written without
their values. Text that would change meaning in the file (a body line starting with ``###``, a
line break in a header) is refused with a FormatError naming the request.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote_plus, urlencode

from workbench.engine.spec import DEFAULT_TIMEOUT, Auth, Body, RequestSpec
from workbench.formats.common import FORM_TYPE, header_value
from workbench.formats.errors import FormatError
from workbench.formats.http_body import BOUNDARY, FILE_REFERENCE, multipart_lines
from workbench.formats.model import CollectionData, SavedRequest, Variable


def to_http(items: Sequence[SavedRequest] | CollectionData) -> str:
    """The requests (and a collection's variables) as ``.http`` text."""
    if isinstance(items, CollectionData):
        variables, requests = items.variables, [item.request for item in items.items]
    else:
        variables, requests = (), list(items)
    out = [line for variable in variables for line in _variable(variable)]
    for saved in requests:
        if out:
            out.append("")
        out += _request(saved)
    return "\n".join(out) + "\n" if out else ""


def _variable(variable: Variable) -> list[str]:
    if "\n" in variable.value or "\r" in variable.value:
        raise FormatError(
            "A variable's value cannot span lines in an .http file.",
            where=f"variable {variable.name}",
        )
    if variable.secret:
        return [
            f"# {variable.name} is secret: its value is not written here.",
            f"@{variable.name} =",
        ]
    if not variable.enabled:
        return [f"# (disabled) @{variable.name} = {variable.value}"]
    return [f"@{variable.name} = {variable.value}"]


def _request(saved: SavedRequest) -> list[str]:
    spec = saved.spec
    where = f"request {saved.name!r}"
    out = ["### " + " ".join(saved.name.split())]
    out += [f"# {line}".rstrip() for line in saved.description.splitlines()]
    out += _settings(spec)
    out.append(f"{spec.method} {spec.url}")
    out += _query(spec)
    headers = [(h.name, h.value, h.enabled) for h in spec.headers if h.name]
    headers += [(n, v, True) for n, v in _auth(spec.auth, spec)]
    body_headers, body_lines = _body(spec)
    headers += [(n, v, True) for n, v in body_headers]
    for name, value, enabled in headers:
        if any(c in name + value for c in "\r\n"):
            raise FormatError(f"The header {name} has a line break.", where=where)
        out.append(f"{name}: {value}" if enabled else f"# {name}: {value}")
    if body_lines:
        for line in body_lines:
            if line.startswith("###"):
                raise FormatError(
                    "A body line starts with ###, which .http files read as the next request.",
                    where=where,
                )
        if len(body_lines) == 1 and FILE_REFERENCE.match(body_lines[0]) and spec.body.kind == "raw":
            raise FormatError(
                "A one-line body starting with '< ' would be read as a file name.", where=where
            )
        out += ["", *body_lines]
    return out


def _settings(spec: RequestSpec) -> list[str]:
    options = spec.options
    out = []
    if not options.follow_redirects:
        out.append("# @no-redirect")
    if not options.cookies:
        out.append("# @no-cookie-jar")
    if options.timeout is not None and options.timeout != DEFAULT_TIMEOUT:
        out.append(f"# @timeout {options.timeout:g}")
    return out


def _query(spec: RequestSpec) -> list[str]:
    pairs = [(p.name, p.value) for p in spec.params if p.enabled]
    if spec.auth.kind == "apikey" and spec.auth.key_in == "query":
        pairs.append((spec.auth.key_name, spec.auth.key_value))
    out = []
    for k, (name, value) in enumerate(pairs):
        mark = "?" if k == 0 and "?" not in spec.url else "&"
        out.append(f"    {mark}{quote_plus(name, safe='{}')}={quote_plus(value, safe='{}')}")
    return out


def _auth(auth: Auth, spec: RequestSpec) -> list[tuple[str, str]]:
    if header_value(spec.headers, "authorization") is not None and auth.kind != "apikey":
        return []
    if auth.kind == "basic" and not auth.password:
        return [("Authorization", f"Basic {auth.username}:")]
    if auth.kind in ("basic", "digest"):
        return [("Authorization", f"{auth.kind.title()} {auth.username} {auth.password}")]
    if auth.kind == "bearer":
        return [("Authorization", f"Bearer {auth.token}")]
    if auth.kind == "apikey" and auth.key_in == "header":
        return [(auth.key_name, auth.key_value)]
    return []


def _body(spec: RequestSpec) -> tuple[list[tuple[str, str]], list[str]]:
    body: Body = spec.body
    typed = header_value(spec.headers, "content-type") is not None
    headers: list[tuple[str, str]] = []
    if body.kind == "raw":
        if body.content_type and not typed:
            headers.append(("Content-Type", body.content_type))
        return headers, body.text.split("\n") if body.text else []
    if body.kind == "file":
        if body.content_type and not typed:
            headers.append(("Content-Type", body.content_type))
        return headers, [f"< {body.path}"]
    if body.kind == "form":
        pairs = [(f.name, f.value) for f in body.fields if f.enabled and (f.name or f.value)]
        return ([] if typed else [("Content-Type", FORM_TYPE)]), [urlencode(pairs)]
    if body.kind == "multipart":
        content_type = f"multipart/form-data; boundary={BOUNDARY}"
        return [("Content-Type", content_type)], multipart_lines(body.parts)
    return [], []
