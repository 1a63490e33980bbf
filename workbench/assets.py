"""The one way to read files shipped in ``resources/`` (installed as the ``workbench.resources`` package).

Plain files read with `importlib.resources`, so they work from a checkout, a wheel and a PyInstaller bundle
alike. No Qt here: the UI turns bytes into icons itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = "workbench.resources"


def root() -> Traversable:
    """The top of the resources tree."""
    return resources.files(PACKAGE)


def find(relative: str) -> Traversable:
    """A resource by its path relative to ``resources/`` (``icons/send.svg``)."""
    node = root()
    for part in relative.split("/"):
        node = node / part
    if not node.is_file() and not node.is_dir():
        raise FileNotFoundError(f"resource {relative!r} is missing from the installation")
    return node


def read_bytes(relative: str) -> bytes:
    """The bytes of a resource file."""
    return find(relative).read_bytes()


def read_text(relative: str) -> str:
    """The text (UTF-8) of a resource file."""
    return find(relative).read_text(encoding="utf-8")


@contextlib.contextmanager
def as_path(relative: str) -> Iterator[Path]:
    """A real file-system path for a resource (or folder), for APIs that need one."""
    with resources.as_file(find(relative)) as path:
        yield Path(path)
