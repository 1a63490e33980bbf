"""A disk that ignores letter case, on Linux, under one folder: what macOS and Windows do.

`fold_case(root, monkeypatch)` makes every path under `root` name the entry whose name matches it
ignoring case (``login`` opens, stats, replaces and deletes ``Login``), and a rename between two
spellings of one file does nothing, as POSIX allows for "the same file" (Linux's case-folding
folders do exactly that). Listing a folder shows names as stored. Paths outside `root` are untouched.
"""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path
from typing import Any

import pytest

from workbench.store.collection_names import key


def fold_case(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `root` behave like a case-insensitive disk until the test ends."""
    wrapped = ("stat", "lstat", "open", "unlink", "replace", "listdir", "scandir")
    real = {name: getattr(os, name) for name in wrapped}
    real_rename, real_io_open, real_listdir = os.rename, io.open, os.listdir

    def actual(path: Any) -> Any:
        """The stored spelling of `path` (itself when nothing matches or outside `root`)."""
        if isinstance(path, int) or not isinstance(path, str | os.PathLike):
            return path
        text = os.fsdecode(path)
        candidate = Path(text)
        if not candidate.is_relative_to(root):
            return path
        current = root
        for part in candidate.relative_to(root).parts:
            try:
                names = real_listdir(current)
            except OSError:
                names = []
            stored = (
                part if part in names else next((n for n in names if key(n) == key(part)), part)
            )
            current = current / stored
        return str(current)

    def one(name: str) -> Any:
        return lambda path, *args, **kwargs: real[name](actual(path), *args, **kwargs)

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        real["replace"](actual(src), actual(dst), *args, **kwargs)

    def rename(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        source, target = actual(src), actual(dst)
        if os.path.lexists(target) and os.path.samefile(source, target):
            return  # one file under two spellings: nothing to do
        real_rename(source, target, *args, **kwargs)

    def open_(file: Any, *args: Any, **kwargs: Any) -> Any:
        return real_io_open(actual(file), *args, **kwargs)

    for name in real:
        monkeypatch.setattr(os, name, one(name))
    monkeypatch.setattr(os, "remove", one("unlink"))
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(builtins, "open", open_)
