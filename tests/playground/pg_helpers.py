"""Helpers for the playground tests: send through the engine, read JSON bodies."""

from __future__ import annotations

import json
from typing import Any

from workbench.engine import Exchange, Options, Proxy, RequestSpec, Response, send


def fetch(url: str, **fields: Any) -> Exchange:
    """Send through the engine, directly (no proxy) unless the caller says otherwise."""
    fields.setdefault("proxy", Proxy(mode="direct"))
    return send(RequestSpec(url=url, **fields))


def body_json(exchange: Exchange) -> Any:
    """The response body parsed as JSON (the test fails with the error if there is none)."""
    assert exchange.error is None, exchange.error
    return json.loads(exchange.body.read())


def short(timeout: float) -> Options:
    """Options with a short per-read timeout."""
    return Options(timeout=timeout)


def response_of(exchange: Exchange) -> Response:
    """The exchange's response (the test fails with the error when none arrived)."""
    assert exchange.response is not None, exchange.error
    return exchange.response


def status_of(exchange: Exchange) -> int | None:
    """The response status (the test fails with the error when no response arrived)."""
    return response_of(exchange).status
