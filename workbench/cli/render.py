"""Text output of an exchange, like HTTPie: status with its meaning, headers, final URL, body; hops with -v."""

from __future__ import annotations

import shutil
from typing import IO

from workbench.cli.common import Streams
from workbench.engine.exchange import Exchange, Hop
from workbench.engine.masking import mask_head, mask_headers

BINARY_NOTE = "[binary body: {size} bytes of {kind}; use --out FILE to save it]\n"


def exchange_text(
    exchange: Exchange, streams: Streams, *, verbose: bool = False, show_secrets: bool = False
) -> None:
    """Write the exchange as a person reads it: headers to stdout, errors to stderr."""
    secret = frozenset() if show_secrets else exchange.secret_headers
    out = streams.out
    if verbose:
        for hop in exchange.hops:
            _hop(hop, out, secret)
    response = exchange.response
    if response is not None:
        status = "" if response.status is None else f"{response.status} {response.reason}".strip()
        line = " ".join(p for p in (response.version, status) if p) or "(no HTTP status)"
        out.write(f"{line}  — {response.meaning}\n")
        for name, value in mask_headers(response.headers, secret):
            out.write(f"{name}: {value}\n")
        if response.url != exchange.url:
            redirects = len(exchange.hops) - 1
            after = f" after {redirects} more request(s)" if redirects > 0 else ""
            out.write(f"\nFinal URL (geturl): {response.url}{after}\n")
        out.write("\n")
        _body(exchange, streams)
    for note in exchange.notes:
        streams.err.write(f"note: {note}\n")
    if exchange.error is not None:
        error = exchange.error
        streams.err.write(f"workbench: {error.kind}: {error.message}\n")
        if error.hint:
            streams.err.write(f"hint: {error.hint}\n")


def _body(exchange: Exchange, streams: Streams) -> None:
    body = exchange.body
    out = streams.out
    if body.saved_to:
        size = body.content_size
        out.write(f"[body saved to {body.saved_to}: {size} bytes]\n")
        return
    if body.content_size == 0:
        return
    if body.is_binary:
        binary = getattr(out, "buffer", None)
        if binary is not None and not out.isatty():
            out.flush()
            for chunk in body.iter_content():
                binary.write(chunk)
            binary.flush()
        else:
            out.write(BINARY_NOTE.format(size=body.content_size, kind=body.media_type or "data"))
        return
    text = body.text(limit=None) or ""
    out.write(text)
    if not text.endswith("\n"):
        out.write("\n")


def _hop(hop: Hop, out: IO[str], secret: frozenset[str]) -> None:
    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    title = f" hop {hop.number} " + (f"via proxy {hop.proxy} " if hop.proxy else "")
    out.write(f"{title:─^{width}}\n")
    if hop.tunnel_request:
        out.write(_head_text(mask_head(hop.tunnel_request, secret)))
        out.write(_head_text(hop.tunnel_response))
    if hop.request is not None:
        out.write(_head_text(mask_head(hop.request.head, secret)))
        if hop.request.body_size:
            out.write(f"[{hop.request.body_size} bytes of body]\n\n")
    if hop.response is not None:
        for info in hop.response.informational:
            out.write(f"(interim {info.status} {info.reason})\n")
        out.write(_head_text(hop.response.head))
        for defect in hop.response.defects:
            out.write(f"! {defect}\n")
    if hop.tls is not None:
        out.write(f"TLS: {hop.tls.version} {hop.tls.cipher}\n")
    timing = hop.timing
    marks = [
        f"{name} {value:.1f} ms"
        for name, value in (
            ("connect", timing.connect),
            ("tls", timing.tls),
            ("first byte", timing.first_byte),
            ("total", timing.total),
        )
        if value is not None
    ]
    if marks:
        out.write("timing: " + ", ".join(marks) + "\n")
    for note in hop.notes:
        out.write(f"note: {note}\n")
    out.write("\n")


def _head_text(head: bytes) -> str:
    text = head.decode("latin-1").replace("\r\n", "\n")
    return text if text.endswith("\n\n") else text + "\n"
