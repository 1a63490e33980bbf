"""What a status code means, from the standard response table.

`http.server.BaseHTTPRequestHandler.responses` is built from `http.HTTPStatus` (phrase and description);
reading `HTTPStatus` directly gives the same table without importing the server modules at start-up.
"""

from __future__ import annotations

from http import HTTPStatus

CLASSES = {
    1: "Informational",
    2: "Success",
    3: "Redirection",
    4: "Client Error",
    5: "Server Error",
}


def phrase(code: int) -> str:
    """The standard reason phrase, '' for a code outside the table."""
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def meaning(code: int | None) -> str:
    """The long explanation of a status code; for unknown codes, what its class means."""
    if code is None:
        return "No HTTP status: this URL scheme answers without one."
    try:
        return HTTPStatus(code).description
    except ValueError:
        family = CLASSES.get(code // 100)
        if family is None:
            return f"{code} is not a valid HTTP status code."
        return f"{code} is not in the standard table; its class {code // 100}xx means {family}."


def status_class(code: int | None) -> str:
    """``success``, ``redirect``, ``client-error``, ``server-error``, ``info`` or ``none`` (for colours)."""
    if code is None:
        return "none"
    return {1: "info", 2: "success", 3: "redirect", 4: "client-error", 5: "server-error"}.get(
        code // 100, "none"
    )
