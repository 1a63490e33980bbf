"""The endpoint table: which route answers which path and method, and the catalog the pages show."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote

from workbench.playground import auth, content, echo, headers, pages, redirects, router, streams
from workbench.playground.reply import Reply, Request, html_reply, json_reply
from workbench.playground.router import Route


@cache
def routes() -> tuple[tuple[Route, re.Pattern[str]], ...]:
    """Every route, in the order the index page lists them."""
    table = (
        *echo.ROUTES,
        *redirects.ROUTES,
        *auth.ROUTES,
        *headers.ROUTES,
        *streams.ROUTES,
        *content.ROUTES,
    )
    return tuple((route, route.compiled()) for route in table)


def catalog() -> list[dict[str, object]]:
    """The endpoints as plain data: ``/endpoints.json``, the index page, the 404 page, the UI."""
    return [
        {
            "path": route.pattern,
            "methods": list(route.allowed()),
            "summary": route.summary,
            "example": route.example,
        }
        for route, _ in routes()
    ]


def dispatch(req: Request) -> Reply:
    """Find the route for the request and run it."""
    if req.path in ("/", "/index.html"):
        return html_reply(pages.index(catalog(), req.ctx.base_url))
    if req.path == "/endpoints.json":
        return json_reply({"endpoints": catalog()})
    for route, expression in routes():
        match = expression.fullmatch(req.path)
        if match is None:
            continue
        if req.method == "OPTIONS" and route.methods is not None:
            return Reply(200, [("Allow", ", ".join(route.allowed()))])
        if not route.accepts(req.method):
            return router.method_not_allowed(req, route)
        args = [unquote(g) if g is not None else None for g in match.groups()]
        return route.handler(req, *args)
    return html_reply(pages.not_found(req.path, catalog()), 404)
