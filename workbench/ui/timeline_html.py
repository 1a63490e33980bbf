"""The timeline as HTML: one entry per hop the engine recorded, secrets masked unless revealed. No Qt.

Each masked value is a link (``reveal:N``) so a person can show that one value alone; a shown one
links back (``hide:N``). N numbers the secret values in the order they are drawn.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from html import escape
from typing import NamedTuple

from workbench.engine.exchange import Exchange, Hop, Timing
from workbench.engine.masking import mask_value
from workbench.ui.sizes import format_ms

_TIMINGS = (
    ("dns", "DNS"),
    ("connect", "connect"),
    ("tunnel", "tunnel"),
    ("tls", "TLS"),
    ("first_byte", "first byte"),
    ("total", "total"),
)


class Colors(NamedTuple):
    """Colours of the palette in use (HTML colour names)."""

    muted: str
    request: str
    response: str
    note: str
    error: str


class _Secrets:
    """Draws secret header values: masked as a link that reveals that value alone, or shown."""

    def __init__(self, names: Iterable[str], reveal_all: bool, revealed: Collection[int]) -> None:
        self.names = frozenset(names)
        self.reveal_all = reveal_all
        self.revealed = revealed
        self.count = 0

    def value(self, name: str, value: str) -> str:
        """The value as HTML."""
        if name.lower() not in self.names or self.reveal_all:
            return escape(value)
        number, self.count = self.count, self.count + 1
        if number in self.revealed:
            return f"<a href='hide:{number}' title='Hide this value'>{escape(value)}</a>"
        shown = escape(mask_value(name, value, self.names))
        return f"<a href='reveal:{number}' title='Show this value'>{shown}</a>"

    def head(self, head: bytes) -> list[str]:
        """A raw request head (a CONNECT), line by line as HTML, secret values masked."""
        lines = head.decode("latin-1").rstrip().splitlines()
        out = [escape(lines[0])] if lines else []
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            out.append(
                f"{escape(name)}: {self.value(name, value.strip())}" if colon else escape(line)
            )
        return out


def timeline_html(
    exchange: Exchange, colors: Colors, reveal: bool = False, revealed: Collection[int] = ()
) -> str:
    """Every hop: request line and headers as sent, response status and headers, proxy, timings, notes.

    Secret header values are masked unless `reveal` (all of them) or their number is in `revealed`.
    """
    parts = [f"<html><body style='white-space: normal'>{_summary(exchange, colors)}"]
    secrets = _Secrets(exchange.secret_headers, reveal, revealed)
    for hop in exchange.hops:
        parts.append(_hop(hop, colors, secrets))
    if not exchange.hops:
        parts.append(f"<p style='color:{colors.muted}'>Nothing went over the wire.</p>")
    parts += [_note(text, colors) for text in exchange.notes]
    if exchange.error is not None:
        parts.append(
            f"<p style='color:{colors.error}'><b>{escape(exchange.error.kind)}:</b> "
            f"{escape(exchange.error.message)}</p>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def _summary(exchange: Exchange, colors: Colors) -> str:
    count = len(exchange.hops)
    hops = f"{count} hop{'s' if count != 1 else ''}"
    return (
        f"<p style='color:{colors.muted}'>{escape(exchange.method)} {escape(exchange.url)} · "
        f"{hops} · {format_ms(exchange.elapsed_ms)}</p>"
    )


def _hop(hop: Hop, colors: Colors, secrets: _Secrets) -> str:
    title = f"Hop {hop.number}"
    if hop.request is not None:
        title += f" — {escape(hop.request.method)} {escape(hop.request.url)}"
    out = [f"<h3>{title}</h3>", f"<p style='color:{colors.muted}'>{_meta(hop)}</p>"]
    if hop.tunnel_request:
        out.append(_pre_lines(secrets.head(hop.tunnel_request), colors.request, ">"))
        out.append(_pre(hop.tunnel_response.decode("latin-1").rstrip(), colors.response, "<"))
    if hop.request is not None:
        req = hop.request
        lines = [f"{escape(req.method)} {escape(req.target)} {escape(req.version)}"]
        for name, value in req.headers:
            line = f"{escape(name)}: {secrets.value(name, value)}"
            if name.lower() in req.added:
                line = f"<span style='color:{colors.muted}'>{line}</span>"
            lines.append(line)
        if req.body_size:
            lines.append(
                f"<span style='color:{colors.muted}'>({req.body_size} bytes of body)</span>"
            )
        out.append(_pre_lines(lines, colors.request, ">"))
    for info in hop.response.informational if hop.response else ():
        lines = [f"{info.status} {escape(info.reason)} (interim)"]
        lines += [f"{escape(n)}: {escape(v)}" for n, v in info.headers]
        out.append(_pre_lines(lines, colors.muted, "<"))
    if hop.response is not None:
        resp = hop.response
        lines = [f"{escape(resp.version)} {resp.status} {escape(resp.reason)}"]
        lines += [f"{escape(n)}: {secrets.value(n, v)}" for n, v in resp.headers]
        lines += [f"<span style='color:{colors.error}'>{escape(d)}</span>" for d in resp.defects]
        out.append(_pre_lines(lines, colors.response, "<"))
    else:
        out.append(f"<p style='color:{colors.muted}'>No response on this hop.</p>")
    out += [_note(text, colors) for text in hop.notes]
    return "".join(out)


def _meta(hop: Hop) -> str:
    bits = []
    if hop.proxy:
        bits.append(f"via proxy {escape(hop.proxy)}")
    elif hop.peer:
        bits.append(f"connected to {escape(hop.peer)}")
    if hop.tls is not None:
        bits.append(f"{escape(hop.tls.version)} {escape(hop.tls.cipher)}")
    bits.append(_timings(hop.timing))
    return " · ".join(b for b in bits if b)


def _timings(timing: Timing) -> str:
    return ", ".join(
        f"{label} {format_ms(value)}"
        for key, label in _TIMINGS
        if (value := getattr(timing, key)) is not None
    )


def _note(text: str, colors: Colors) -> str:
    return f"<p style='color:{colors.note}'>• {escape(text)}</p>"


def _pre(text: str, color: str, marker: str) -> str:
    return _pre_lines([escape(line) for line in text.splitlines()], color, marker)


def _pre_lines(lines: list[str], color: str, marker: str) -> str:
    """Lines marked like ``curl -v``: ``>`` for what was sent, ``<`` for what came back."""
    sign = f"<span style='color:{color}; font-weight:bold'>{escape(marker)}</span>"
    return "<pre>" + "\n".join(f"{sign} {line}" for line in lines) + "</pre>"
