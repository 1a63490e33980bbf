"""The headers a send adds to the ones typed, so the Headers tab can show them greyed before sending.

A preview only: the timeline shows what really went out. It mirrors the engine's `prepare` (content type,
Accept-Encoding, auth headers) and what urllib and http.client add on the wire (ENGINE-NOTES 0.11).
A saved auth profile chosen in the Auth tab replaces the inline auth: its header is shown from the
profile list in memory, its secret masked (the secret itself is never read for a preview).
"""

from __future__ import annotations

import mimetypes
import sys
from typing import NamedTuple
from urllib.parse import urlsplit

from workbench.engine.spec import Auth, Body, RequestSpec

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


def added_headers(
    spec: RequestSpec, profile: str = "", profile_auth: Auth | None = None
) -> list[AddedHeader]:
    """What the engine, urllib and http.client will add to `spec`'s typed headers, in wire order.

    `profile` names the saved auth profile used instead of `spec.auth`; `profile_auth` is its
    settings (None while the list is not loaded, or when it is missing: then no auth row)."""
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
    rows += _profile_auth(profile, profile_auth) if profile else _inline_auth(spec.auth)
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


_INLINE_WHY = {"bearer": "Bearer token in the Auth tab", "apikey": "API key in the Auth tab"}


def _auth_header(auth: Auth) -> tuple[str, str, str] | None:
    """The header `auth` adds: name, masked value, and when it is sent ('' for always)."""
    if auth.kind == "bearer":
        return "Authorization", "Bearer ***", ""
    if auth.kind == "basic" and auth.preemptive:
        return "Authorization", "Basic ***", "sent with the first request"
    if auth.kind in ("basic", "digest"):
        return "Authorization", f"{auth.kind.title()} ***", "only after a 401 challenge"
    if auth.kind == "apikey" and auth.key_in == "header" and auth.key_name:
        return auth.key_name, "***", ""
    return None


def _inline_auth(auth: Auth) -> list[AddedHeader]:
    found = _auth_header(auth)
    if found is None:
        return []
    name, value, when = found
    return [AddedHeader(name, value, when or _INLINE_WHY[auth.kind])]


def _profile_auth(profile: str, auth: Auth | None) -> list[AddedHeader]:
    found = _auth_header(auth) if auth is not None else None
    if found is None:
        return []
    name, value, when = found
    source = f"from profile {profile!r}"
    return [AddedHeader(name, value, f"{source}, {when}" if when else source)]
