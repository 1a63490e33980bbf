"""Sizes and durations in short human words ("1.5 KiB", "230 ms")."""

from __future__ import annotations

_UNITS = ("KiB", "MiB", "GiB", "TiB")


def format_size(count: int) -> str:
    """Bytes as ``512 B``, ``1.5 KiB``, ``20.0 MiB``."""
    if count < 1024:
        return f"{count} B"
    value = float(count)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def format_ms(ms: float) -> str:
    """Milliseconds as ``0.4 ms``, ``230 ms`` or ``1.52 s``."""
    if ms < 10:
        return f"{ms:.1f} ms"
    if ms < 1000:
        return f"{ms:.0f} ms"
    return f"{ms / 1000:.2f} s"
