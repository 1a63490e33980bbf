"""What a route receives (`Request`) and returns (`Reply`), and the small helpers every route shares."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import unquote

JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


class BadInput(Exception):
    """A route refuses the request: answered with an HTML page (400 unless another status is given)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class Abort(Exception):
    """The server is stopping while a route waits: drop the connection without an answer."""


@dataclass(frozen=True)
class Context:
    """What routes need to know about the server that runs them."""

    base_url: str
    """``http://127.0.0.1:PORT`` of this server."""
    stopping: threading.Event
    """Set when the server stops: long waits end at once."""
    secret: bytes
    """Signs Digest nonces so the server keeps no state between the challenge and the answer."""

    def wait(self, seconds: float) -> None:
        """Sleep, but give up (`Abort`) as soon as the server stops."""
        if seconds > 0 and self.stopping.wait(seconds):
            raise Abort


@dataclass
class Request:
    """One parsed request, body read."""

    method: str
    target: str
    """The request-target in origin form: path plus query, as sent (percent-encoding kept)."""
    path: str
    query: list[tuple[str, str]]
    headers: Message
    body: bytes
    client: str
    """The client's address."""
    ctx: Context

    def header(self, name: str, default: str = "") -> str:
        """The first value of a header, or `default`."""
        value = self.headers.get(name)
        return default if value is None else str(value)

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first query parameter called `name`."""
        return next((v for k, v in self.query if k == name), default)

    @property
    def url(self) -> str:
        """The URL the client asked for (its Host header, or our own address)."""
        host = self.header("Host") or self.ctx.base_url.removeprefix("http://")
        return f"http://{host}{self.target}"


@dataclass
class Reply:
    """A response to write: a small body in memory, or a stream of chunks."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    stream: Iterable[bytes] | None = None
    """Chunks produced while writing (never all in memory); `body` is ignored when set."""
    length: int | None = None
    """Content-Length of a `stream`; None sends it chunked."""

    def add(self, name: str, value: str) -> Reply:
        """Add a header (duplicates allowed) and return self."""
        self.headers.append((name, value))
        return self


def json_reply(data: Any, status: int = 200) -> Reply:
    """A pretty-printed JSON body."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return Reply(status, [("Content-Type", JSON_TYPE)], text.encode("utf-8"))


def html_reply(html: str, status: int = 200) -> Reply:
    """An HTML body in UTF-8."""
    return Reply(status, [("Content-Type", HTML_TYPE)], html.encode("utf-8"))


def multi(pairs: Iterable[tuple[str, str]]) -> dict[str, str | list[str]]:
    """Pairs as a dict: one value stays a string, repeated names become a list (as httpbin does)."""
    out: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if name not in out:
            out[name] = value
            continue
        current = out[name]
        out[name] = [*current, value] if isinstance(current, list) else [current, value]
    return out


def number(text: str, what: str, low: float, high: float, *, integer: bool = False) -> float:
    """A number from the URL within [low, high], or `BadInput` naming the limit."""
    try:
        value = float(int(text)) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise BadInput(f"The {what} must be {kind}, not {unquote(text)!r}.") from None
    if not low <= value <= high:  # NaN fails both comparisons and lands here too
        raise BadInput(f"The {what} must be from {_show(low)} to {_show(high)} (got {text}).")
    return value


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
