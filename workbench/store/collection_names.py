"""Names of requests, folders and environments: they are file names, so every system must accept them.

A collection may live in a git checkout shared between Linux, macOS and Windows, so a name is checked
against all three: no ``/`` or ``\\``, none of Windows' ``<>:"|?*``, no control characters, no device
names (``CON``, ``NUL``...), no trailing dot or space, not hidden, and short enough that the atomic
writer's temporary file name still fits the usual 255-byte limit. Names are compared case-insensitively
(``Login`` and ``login`` would be one file on macOS and Windows).
"""

from __future__ import annotations

import re
import unicodedata

from workbench.store.collection_errors import InvalidName

MAX_NAME_BYTES = 200
"""Leaves room for the extension and the atomic writer's ``.NAME.xxxxxxxx.tmp`` under 255 bytes."""

_WINDOWS_REFUSED = '<>:"|?*'
_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{n}" for n in range(1, 10)]
    + [f"LPT{n}" for n in range(1, 10)]
)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]+')
_DIGITS = re.compile(r"(\d+)")


def check_name(name: str, what: str = "request") -> str:
    """The name with outer spaces removed, or `InvalidName` saying in words what is wrong."""
    name = name.strip()
    if not name:
        raise InvalidName(name, f"A {what} name cannot be empty.")
    for char in name:
        if char in "/\\":
            raise InvalidName(
                name, f"A {what} name cannot contain {char!r} (it separates folders); try '-'."
            )
        if unicodedata.category(char) == "Cc":
            raise InvalidName(name, f"A {what} name cannot contain control characters.")
        if char in _WINDOWS_REFUSED:
            raise InvalidName(
                name,
                f"A {what} name cannot contain {char!r}: Windows cannot store it in a file name "
                "and collections travel between systems.",
            )
    if name.startswith("."):
        raise InvalidName(name, f"A {what} name cannot start with '.' (the file would be hidden).")
    if name.endswith("."):
        raise InvalidName(name, f"A {what} name cannot end with '.' (Windows drops it).")
    if name.split(".")[0].strip().upper() in _DEVICES:
        raise InvalidName(name, f"{name!r} is a reserved device name on Windows; choose another.")
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        raise InvalidName(
            name, f"A {what} name can be at most {MAX_NAME_BYTES} bytes; this one is {size}."
        )
    return name


def safe_name(text: str, fallback: str = "request") -> str:
    """A valid name made from any text (an imported request's title): refused characters become '-'."""
    name = _UNSAFE.sub("-", text).strip(" .-") or fallback
    while len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        name = name[:-1].rstrip(" .")
    if name.split(".")[0].strip().upper() in _DEVICES:
        name = f"{name}-"
    return check_name(name)


def key(name: str) -> str:
    """How two names are compared: case-insensitively, as macOS and Windows file systems do."""
    return unicodedata.normalize("NFC", name).casefold()


def numbered(name: str, taken: set[str]) -> str:
    """`name`, or ``name 2``, ``name 3``... whichever is free (`taken` holds `key`s)."""
    if key(name) not in taken:
        return name
    number = 2
    while key(f"{name} {number}") in taken:
        number += 1
    return f"{name} {number}"


def natural_key(name: str) -> tuple[object, ...]:
    """Sort ``Step 2`` before ``Step 10``."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in _DIGITS.split(name))
