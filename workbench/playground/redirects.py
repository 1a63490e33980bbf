"""Status codes and redirects: any status on demand, redirect chains, a redirect loop."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from workbench.playground import pages
from workbench.playground.reply import BadInput, Reply, Request, html_reply, json_reply, number
from workbench.playground.router import Route, reason

MAX_REDIRECTS = 100
NO_BODY = (204, 205, 304)


def status(req: Request, code_text: str) -> Reply:
    """Answer with the status asked for, dressed as a real server would."""
    code = int(number(code_text, "status code", 100, 599, integer=True))
    if code < 200:
        raise BadInput(
            f"{code} is an informational (1xx) status: it can only come before a final answer, "
            "never be one. Pick a status from 200 to 599."
        )
    phrase = reason(code)
    if code in NO_BODY:
        return Reply(code)
    if 300 <= code < 400:
        return redirect("/get", code)
    if code >= 400:
        message = f"You asked /status/{code} for this {code} {phrase}".rstrip() + "."
        reply = html_reply(pages.error_page(code, message), code)
        for name, value in _extra_headers(code):
            reply.add(name, value)
        return reply
    return json_reply({"status": code, "reason": phrase}, code)


def _extra_headers(code: int) -> list[tuple[str, str]]:
    """The headers these statuses are expected to carry."""
    return {
        401: [("WWW-Authenticate", 'Basic realm="playground"')],
        405: [("Allow", "GET, HEAD, OPTIONS")],
        407: [("Proxy-Authenticate", 'Basic realm="playground"')],
        429: [("Retry-After", "1")],
        503: [("Retry-After", "1")],
    }.get(code, [])


def redirect(location: str, code: int = 302) -> Reply:
    """A redirect with a short page, as servers send."""
    page = f"<p>Redirecting to <a href='{escape(location)}'>{escape(location)}</a>.</p>"
    return html_reply(pages.page(f"{code} Redirect", page), code).add("Location", location)


def _count(text: str) -> int:
    return int(number(text, "number of redirects", 1, MAX_REDIRECTS, integer=True))


def relative(req: Request, n_text: str) -> Reply:
    """n relative redirects, then /get."""
    n = _count(n_text)
    return redirect("/get" if n == 1 else f"/redirect/{n - 1}")


def absolute(req: Request, n_text: str) -> Reply:
    """n redirects with absolute URLs, then /get."""
    n = _count(n_text)
    base = req.ctx.base_url
    return redirect(f"{base}/get" if n == 1 else f"{base}/absolute-redirect/{n - 1}")


def redirect_to(req: Request) -> Reply:
    """Redirect wherever the query says, with the status it says."""
    url = req.arg("url")
    if not url:
        raise BadInput("Give the target as ?url=... (for example /redirect-to?url=/get).")
    if any(c in url for c in "\r\n\0"):
        raise BadInput("The url may not contain line breaks.")
    code = int(
        number(req.arg("status_code", "302") or "302", "status_code", 300, 399, integer=True)
    )
    # Non-ASCII and spaces are percent-encoded: a header carries ASCII only.
    return redirect(quote(url, safe="!#$%&'()*+,-./:;=?@[]~_"), code)


def loop(req: Request) -> Reply:
    """Redirect to itself, forever: clients must notice and stop."""
    return redirect("/redirect-loop")


ROUTES = (
    Route(
        "/status/{code}",
        "Answer with that status (200-599): an HTML page for 4xx/5xx, 401 with WWW-Authenticate, "
        "3xx with Location: /get, no body for 204, 205 and 304.",
        status,
        methods=("GET", "POST", "PUT", "PATCH", "DELETE"),
        example="/status/418",
    ),
    Route(
        "/redirect/{n}",
        f"Redirect n times (1-{MAX_REDIRECTS}) with relative Locations, then to /get.",
        relative,
        example="/redirect/3",
    ),
    Route(
        "/absolute-redirect/{n}",
        f"Redirect n times (1-{MAX_REDIRECTS}) with absolute URLs, then to /get.",
        absolute,
        example="/absolute-redirect/2",
    ),
    Route(
        "/redirect-to",
        "Redirect to ?url= with ?status_code= (300-399, default 302).",
        redirect_to,
        methods=("GET", "POST", "PUT", "PATCH", "DELETE"),
        example="/redirect-to?url=/get&status_code=307",
    ),
    Route("/redirect-loop", "Redirect to itself forever.", loop, example="/redirect-loop"),
)
