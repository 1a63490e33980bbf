"""Atomic writes: a temporary file in the same folder, flushed, fsynced, then renamed over the target.

Killing the app at any moment leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _read_umask() -> int:
    # Read once at import: os.umask is process-wide and not thread-safe to query later.
    current = os.umask(0o022)
    os.umask(current)
    return current


_DEFAULT_MODE = 0o666 & ~_read_umask()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, mode: int | None = None) -> Iterator[IO[bytes]]:
    """Open a temporary file to write; on success it replaces `path`, on error it vanishes."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        elif target.exists():
            os.fchmod(fd, target.stat().st_mode & 0o7777)
        else:
            os.fchmod(fd, _DEFAULT_MODE)  # mkstemp's 0600 is for secrets only
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None) -> None:
    """Replace `path` with `data` atomically."""
    with atomic_open(path, mode=mode) as file:
        file.write(data)


def write_text(path: str | os.PathLike[str], text: str, *, mode: int | None = None) -> None:
    """Replace `path` with `text` (UTF-8) atomically."""
    write_bytes(path, text.encode("utf-8"), mode=mode)


def _fsync_dir(folder: Path) -> None:
    # Make the rename itself durable; not possible on every platform (Windows), which is fine.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
