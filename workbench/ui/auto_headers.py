"""The headers a send adds to the ones typed, so the Headers tab can show them greyed before sending.

A preview only: the timeline shows what really went out. It mirrors the engine's `prepare` (content type,
Accept-Encoding, auth headers) and what urllib and http.client add on the wire (ENGINE-NOTES 0.11).
"""

from __future__ import annotations

import mimetypes
import sys
from typing import NamedTuple
from urllib.parse import urlsplit

from workbench.engine.spec import Body, RequestSpec

USER_AGENT = f"Python-urllib/{sys.version_info.major}.{sys.version_info.minor}"
"""What urllib's opener sends unless a User-Agent header is typed."""
_BODY_METHODS = ("POST", "PUT", "PATCH")


class AddedHeader(NamedTuple):
    """One header the send will add."""

    name: str
    value: str
    why: str
    overridable: bool = True
    """A typed header of the same name replaces it."""
    overridden: bool = False


def added_headers(spec: RequestSpec) -> list[AddedHeader]:
    """What the engine, urllib and http.client will add to `spec`'s typed headers, in wire order."""
    typed = {f.name.strip().lower() for f in spec.headers if f.enabled and f.name.strip()}
    rows = [
        AddedHeader("Host", _host(spec.url), "from the URL"),
        AddedHeader("User-Agent", USER_AGENT, "urllib's default"),
    ]
    if spec.options.decode:
        rows.append(AddedHeader("Accept-Encoding", "gzip, deflate", "Decode content is on"))
    else:
        rows.append(AddedHeader("Accept-Encoding", "identity", "http.client's default"))
    content_type = _content_type(spec.body)
    if content_type:
        rows.append(AddedHeader("Content-Type", content_type, "from the Body tab"))
        rows.append(AddedHeader("Content-Length", "(size of the body)", "computed when sent"))
    elif spec.method.strip().upper() in _BODY_METHODS:
        rows.append(AddedHeader("Content-Length", "0", f"{spec.method.upper()} without a body"))
    rows += _auth(spec)
    rows.append(AddedHeader("Connection", "close", "urllib closes every connection", False))
    return [r._replace(overridden=r.overridable and r.name.lower() in typed) for r in rows]


def _host(url: str) -> str:
    try:
        netloc = urlsplit(url.strip()).netloc
    except ValueError:
        return "(from the URL)"
    return netloc.rpartition("@")[2] or "(from the URL)"


def _content_type(body: Body) -> str:
    if body.kind == "form":
        return "application/x-www-form-urlencoded"
    if body.kind == "multipart":
        return "multipart/form-data; boundary=(generated)"
    if body.kind == "raw":
        return body.content_type or "text/plain; charset=utf-8"
    if body.kind == "file":
        guessed = mimetypes.guess_type(body.path)[0] if body.path else None
        return body.content_type or guessed or "application/octet-stream"
    return ""


def _auth(spec: RequestSpec) -> list[AddedHeader]:
    auth = spec.auth
    if auth.kind == "bearer":
        return [AddedHeader("Authorization", "Bearer ***", "Bearer token in the Auth tab")]
    if auth.kind == "basic" and auth.preemptive:
        return [AddedHeader("Authorization", "Basic ***", "sent with the first request")]
    if auth.kind == "basic":
        return [AddedHeader("Authorization", "Basic ***", "only after a 401 challenge")]
    if auth.kind == "digest":
        return [AddedHeader("Authorization", "Digest ***", "only after a 401 challenge")]
    if auth.kind == "apikey" and auth.key_in == "header" and auth.key_name:
        return [AddedHeader(auth.key_name, "***", "API key in the Auth tab")]
    return []
