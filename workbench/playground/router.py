"""`Route`: one endpoint's pattern, methods, summary and function; the theme modules list theirs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from workbench.playground import pages
from workbench.playground.reply import Reply, Request, html_reply

Handler = Callable[..., Reply]


@dataclass(frozen=True)
class Route:
    """One endpoint: its documented pattern, what it does, and the function that answers it."""

    pattern: str
    """As documented: ``/status/{code}``; each ``{name}`` is one path segment."""
    summary: str
    handler: Handler
    methods: tuple[str, ...] | None = ("GET",)
    """Allowed methods (GET implies HEAD); None accepts any method."""
    example: str = ""
    """A URL path to try, linked from the index page; none for patterns that need filling in."""
    regex: str = ""
    """Overrides the expression derived from `pattern` (optional segments, any sub-path)."""

    def compiled(self) -> re.Pattern[str]:
        """The expression a path must match in full; its groups are the arguments."""
        if self.regex:
            return re.compile(self.regex)
        parts = re.split(r"\{[^}]+\}", self.pattern)
        return re.compile("([^/]+)".join(re.escape(p) for p in parts))

    def allowed(self) -> tuple[str, ...]:
        """Methods for the Allow header."""
        if self.methods is None:
            return ("*",)
        extra = ("HEAD",) if "GET" in self.methods else ()
        return (*self.methods, *extra, "OPTIONS")

    def accepts(self, method: str) -> bool:
        """Whether this method may call the endpoint."""
        if self.methods is None or method in self.methods:
            return True
        return method == "HEAD" and "GET" in self.methods


def method_not_allowed(req: Request, route: Route) -> Reply:
    """405 with the methods that would work."""
    allowed = ", ".join(route.allowed())
    message = f"{route.pattern} does not take {req.method}; it takes {allowed}."
    reply = html_reply(pages.error_page(405, message), 405)
    return reply.add("Allow", allowed)


def reason(status: int) -> str:
    """The standard reason phrase, or '' for codes without one."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
