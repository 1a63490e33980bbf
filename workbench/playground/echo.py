"""Endpoints that tell the client what it sent: method, query, headers, body."""

from __future__ import annotations

from typing import Any

from workbench.playground.forms import body_fields
from workbench.playground.reply import Reply, Request, json_reply, multi
from workbench.playground.router import Route


def headers_of(req: Request) -> dict[str, str]:
    """Request headers as sent (names keep their case); repeated ones joined with ', '."""
    out: dict[str, str] = {}
    for name, value in req.headers.items():
        out[name] = f"{out[name]}, {value}" if name in out else str(value)
    return out


def describe(req: Request, *, with_body: bool) -> dict[str, Any]:
    """The echo document shared by /get, /anything, /post, /delay and friends."""
    data: dict[str, Any] = {
        "method": req.method,
        "url": req.url,
        "path": req.path,
        "args": multi(req.query),
        "headers": headers_of(req),
        "origin": req.client,
    }
    if with_body:
        data.update(body_fields(req.header("Content-Type"), req.body))
    return data


def get(req: Request) -> Reply:
    """Echo a GET."""
    return json_reply(describe(req, with_body=False))


def anything(req: Request, _rest: str | None = None) -> Reply:
    """Echo any method on any sub-path, body included."""
    return json_reply(describe(req, with_body=True))


def post(req: Request) -> Reply:
    """Echo a body: raw data, form fields, uploaded files."""
    return json_reply(describe(req, with_body=True))


def headers(req: Request) -> Reply:
    """Only the request headers."""
    return json_reply({"headers": headers_of(req)})


def user_agent(req: Request) -> Reply:
    """Only the User-Agent."""
    return json_reply({"user-agent": req.header("User-Agent")})


ROUTES = (
    Route(
        "/get",
        "Echo the query arguments, headers and origin as JSON.",
        get,
        example="/get?hello=world",
    ),
    Route(
        "/anything/{path...}",
        "Echo method, arguments, headers and body for any method and any sub-path.",
        anything,
        methods=None,
        example="/anything/any/path?x=1",
        regex=r"/anything(?:/(.*))?",
    ),
    Route(
        "/post",
        "Echo a request body: raw data, JSON, urlencoded or multipart form fields, files with sizes "
        "and content types. Also accepts PUT and PATCH.",
        post,
        methods=("POST", "PUT", "PATCH"),
    ),
    Route("/headers", "Echo the request headers.", headers, example="/headers"),
    Route("/user-agent", "Echo the User-Agent header.", user_agent, example="/user-agent"),
)
