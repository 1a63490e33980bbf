"""A lock around read-modify-write of one small file, across threads and processes.

Two ``workbench profiles add-auth`` at once must not lose each other's change: each reads the file,
changes it and writes it back, so the whole turn holds a lock. In the process a `threading.Lock`;
between processes an advisory ``flock`` on a ``.lock`` file beside the target (POSIX; elsewhere only
the in-process lock applies).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def _thread_lock(path: Path) -> threading.Lock:
    with _guard:
        return _locks.setdefault(str(path), threading.Lock())


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of `path` (the file itself need not exist)."""
    with _thread_lock(path):
        try:
            import fcntl
        except ImportError:  # Windows: in-process lock only
            yield
            return
        lock_path = path.with_name(f".{path.name}.lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock
