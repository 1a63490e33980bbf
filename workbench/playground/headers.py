"""Endpoints about headers: cookies, ETags and conditional requests, response headers on demand."""

from __future__ import annotations

import re

from workbench.playground import pages
from workbench.playground.redirects import redirect
from workbench.playground.reply import BadInput, Reply, Request, html_reply, json_reply, multi
from workbench.playground.router import Route

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_COOKIE_VALUE = re.compile(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")
"""RFC 6265 cookie-octets: no spaces, quotes, commas, semicolons or backslashes."""
_ETAG = re.compile(r"[\x21\x23-\x7e]+")
_FRAMING = ("content-length", "transfer-encoding", "connection")


def received_cookies(req: Request) -> dict[str, str]:
    """The Cookie header as a dict (last one wins)."""
    out: dict[str, str] = {}
    for header in req.headers.get_all("Cookie") or []:
        for item in str(header).split(";"):
            name, sep, value = item.strip().partition("=")
            if sep and name:
                out[name] = value
    return out


def cookies(req: Request) -> Reply:
    """Show the cookies the client sent."""
    return json_reply({"cookies": received_cookies(req)})


def set_cookies(req: Request, name: str | None = None, value: str | None = None) -> Reply:
    """Set each ?name=value as a cookie, then go to /cookies."""
    pairs = [(name, value or "")] if name is not None else req.query
    if not pairs:
        raise BadInput(
            "Give the cookies to set as ?name=value (for example /cookies/set?flavour=oat)."
        )
    reply = redirect("/cookies")
    for cookie, text in pairs:
        if not _TOKEN.fullmatch(cookie):
            raise BadInput(
                f"{cookie!r} cannot be a cookie name (letters, digits and !#$%&'*+-.^_`|~ only)."
            )
        if not _COOKIE_VALUE.fullmatch(text):
            raise BadInput(
                f"The value of cookie {cookie} may not contain spaces, quotes, commas, semicolons or backslashes."
            )
        reply.add("Set-Cookie", f"{cookie}={text}; Path=/")
    return reply


def delete_cookies(req: Request) -> Reply:
    """Expire each ?name, then go to /cookies."""
    if not req.query:
        raise BadInput("Name the cookies to delete as ?name (for example /cookies/delete?flavour).")
    reply = redirect("/cookies")
    for cookie, _ in req.query:
        if not _TOKEN.fullmatch(cookie):
            raise BadInput(f"{cookie!r} cannot be a cookie name.")
        reply.add(
            "Set-Cookie", f"{cookie}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"
        )
    return reply


def _tags(header: str) -> list[str]:
    """Entity tags of an If-Match / If-None-Match list, without quotes or weakness."""
    return [t.strip().removeprefix("W/").strip('"') for t in header.split(",") if t.strip()]


def etag(req: Request, tag: str) -> Reply:
    """Answer conditional requests against the entity tag in the URL."""
    if not _ETAG.fullmatch(tag):
        raise BadInput("An entity tag may not contain quotes, spaces or control characters.")
    quoted = f'"{tag}"'
    if_none_match = req.header("If-None-Match")
    if if_none_match and ({"*", tag} & set(_tags(if_none_match))):
        return Reply(304, [("ETag", quoted)])
    if_match = req.header("If-Match")
    if if_match and not ({"*", tag} & set(_tags(if_match))):
        message = f"If-Match asked for {if_match} but this resource's ETag is {quoted}."
        return html_reply(pages.error_page(412, message), 412)
    return json_reply(
        {"etag": tag, "headers": {"If-None-Match": if_none_match, "If-Match": if_match}}
    ).add("ETag", quoted)


def response_headers(req: Request) -> Reply:
    """Send each ?Name=Value as a response header (repeats allowed) and list them in the body."""
    for name, value in req.query:
        if not _TOKEN.fullmatch(name):
            raise BadInput(f"{name!r} is not a valid header name.")
        if any(c in value for c in "\r\n\0") or not value.isascii():
            raise BadInput(f"The value of header {name} must be ASCII text on one line.")
        if name.lower() in _FRAMING:
            raise BadInput(f"{name} is set by the server itself and cannot be chosen here.")
    reply = json_reply(multi(req.query))
    if any(name.lower() == "content-type" for name, _ in req.query):
        reply.headers = []
    for name, value in req.query:
        reply.add(name, value)
    return reply


ROUTES = (
    Route("/cookies", "Show the cookies received.", cookies, example="/cookies"),
    Route(
        "/cookies/set",
        "Set-Cookie for each ?name=value, then 302 to /cookies. Also /cookies/set/{name}/{value}.",
        set_cookies,
        example="/cookies/set?flavour=oat",
        regex=r"/cookies/set(?:/([^/]+)/([^/]*))?",
    ),
    Route(
        "/cookies/delete",
        "Expire each ?name, then 302 to /cookies.",
        delete_cookies,
        example="/cookies/delete?flavour",
    ),
    Route(
        "/etag/{etag}",
        "ETag: 304 when If-None-Match matches, 412 when If-Match does not.",
        etag,
        example="/etag/abc123",
    ),
    Route(
        "/response-headers",
        "Send each ?Name=Value as a response header (repeated names allowed) and echo them as JSON.",
        response_headers,
        methods=("GET", "POST"),
        example="/response-headers?X-Demo=1&X-Demo=2",
    ),
)
