"""The ``workbench.exchange/1`` JSON object that ``workbench send --format json`` prints.

Documented in the README; secrets are masked unless asked for.
"""

from __future__ import annotations

from typing import Any

from workbench.engine.exchange import Exchange, Header, Hop
from workbench.engine.masking import mask_headers

SCHEMA = "workbench.exchange/1"


def exchange_to_dict(exchange: Exchange, *, show_secrets: bool = False) -> dict[str, Any]:
    """The exchange as plain JSON-ready data."""
    secret = frozenset() if show_secrets else exchange.secret_headers

    def headers(pairs: tuple[Header, ...]) -> list[list[str]]:
        return [[n, v] for n, v in mask_headers(pairs, secret)]

    response = exchange.response
    body = exchange.body
    return {
        "schema": SCHEMA,
        "request": {
            "method": exchange.method,
            "url": exchange.url,
            "headers": headers(exchange.headers),
        },
        "response": None
        if response is None
        else {
            "status": response.status,
            "reason": response.reason,
            "meaning": response.meaning,
            "url": response.url,
            "headers": headers(response.headers),
            "is_error": response.is_error,
            "version": response.version,
        },
        "body": {
            "size": body.size,
            "decoded_size": body.decoded_size,
            "content_type": body.media_type or None,
            "charset": None if body.is_binary else body.charset,
            "charset_source": None if body.is_binary else body.charset_source,
            "text": body.text(),
            "saved_to": body.saved_to,
            "complete": body.complete,
        },
        "hops": [_hop(hop, headers) for hop in exchange.hops],
        "error": None
        if exchange.error is None
        else {
            "kind": exchange.error.kind,
            "message": exchange.error.message,
            "hint": exchange.error.hint,
            "field": exchange.error.field or None,
        },
        "notes": list(exchange.notes),
        "started_at": exchange.started_at,
        "timing_ms": {"total": round(exchange.elapsed_ms, 3)},
    }


def _hop(hop: Hop, headers: Any) -> dict[str, Any]:
    request, response, timing = hop.request, hop.response, hop.timing
    return {
        "request": None
        if request is None
        else {
            "method": request.method,
            "url": request.url,
            "target": request.target,
            "version": request.version,
            "headers": headers(request.headers),
            "head_size": len(request.head),
            "added": list(request.added),
            "body_size": request.body_size,
        },
        "response": None
        if response is None
        else {
            "status": response.status,
            "reason": response.reason,
            "version": response.version,
            "headers": headers(response.headers),
            "head_size": len(response.head),
            "informational": [[i.status, i.reason] for i in response.informational],
            "defects": list(response.defects),
        },
        "proxy": hop.proxy,
        "peer": hop.peer or None,
        "tls": None if hop.tls is None else {"version": hop.tls.version, "cipher": hop.tls.cipher},
        "timing_ms": {
            name: None if value is None else round(value, 3)
            for name, value in (
                ("dns", timing.dns),
                ("connect", timing.connect),
                ("tunnel", timing.tunnel),
                ("tls", timing.tls),
                ("first_byte", timing.first_byte),
                ("total", timing.total),
            )
        },
        "note": " ".join(hop.notes) or None,
        "notes": list(hop.notes),
    }
