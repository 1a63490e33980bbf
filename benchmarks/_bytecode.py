"""Compiled bytecode for the package before anything is timed.

An installed Workbench has its bytecode compiled (pip does it, and Python writes it on first import);
a checkout run under ``PYTHONDONTWRITEBYTECODE`` has none, or stale files for the modules just edited,
and would be timed compiling its sources on every start.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"


def compile_package() -> None:
    """Compile the package's bytecode afresh (quietly; a failure is raised by the import later).

    Forced: a file rewritten within the same second as its bytecode (a checkout, a stash) can keep
    bytecode that compileall's timestamp check takes for current."""
    compileall.compile_dir(PACKAGE, quiet=1, force=True)
