"""The one way to read files shipped in ``resources/`` (installed as the ``workbench.resources`` package).

Plain files read from the package's folder where it is one (a checkout, a wheel, a PyInstaller
bundle), through `importlib.resources` otherwise (a zip import): the window reads its icons before
its first frame, and importing `importlib.resources` alone costs about 2 ms there. No Qt here: the UI
turns bytes into icons itself.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PACKAGE = "workbench.resources"


@cache
def root() -> Traversable:
    """The top of the resources tree."""
    package = importlib.import_module(PACKAGE)
    file = getattr(package, "__file__", None)
    folder = Path(file).parent if isinstance(file, str) else None
    if folder is not None and folder.is_dir():
        return folder
    from importlib import resources

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
    from importlib import resources

    with resources.as_file(find(relative)) as path:
        yield Path(path)
