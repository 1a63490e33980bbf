"""From a hop's milestones (ms since the hop began) to HAR's phase durations.

HAR's ``connect`` includes the TLS handshake (also given alone as ``ssl``) and here the CONNECT
tunnel too, which HAR has no field for. Sending the request is not timed apart from waiting for
the first byte, so ``send`` is 0 and ``wait`` holds both. The durations add up to ``time``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_NOT_DONE = -1


def timings(milestones: Mapping[str, Any]) -> dict[str, float]:
    """``blocked``, ``dns``, ``connect``, ``send``, ``wait``, ``receive``, ``ssl`` and ``time``."""
    dns = _ms(milestones.get("dns"))
    connect = _ms(milestones.get("connect"))
    tunnel = _ms(milestones.get("tunnel"))
    tls = _ms(milestones.get("tls"))
    first = _ms(milestones.get("first_byte"))
    total = _ms(milestones.get("total"))
    began = dns if dns is not None else 0.0
    connected = max((m for m in (connect, tunnel, tls) if m is not None), default=None)
    ready = connected if connected is not None else began
    end = total if total is not None else (first if first is not None else ready)
    out = {
        "blocked": _NOT_DONE,
        "dns": _round(dns) if dns is not None else _NOT_DONE,
        "connect": _round(connected - began) if connected is not None else _NOT_DONE,
        "send": 0.0,
        "wait": _round(max(0.0, first - ready)) if first is not None else 0.0,
        "receive": _round(max(0.0, end - first)) if first is not None else 0.0,
        "ssl": _NOT_DONE,
    }
    if tls is not None:
        before = max((m for m in (connect, tunnel) if m is not None), default=began)
        out["ssl"] = _round(max(0.0, tls - before))
    phases = ("dns", "connect", "send", "wait", "receive")
    out["time"] = _round(sum(out[p] for p in phases if out[p] >= 0))
    return out


def _ms(value: Any) -> float | None:
    return None if value is None else float(value)


def _round(value: float) -> float:
    return round(value, 3)
