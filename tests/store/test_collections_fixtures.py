"""Shared fixtures of the collection tests (imported by them): a collection, a request, a read-only folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workbench.engine.spec import Field, RequestSpec
from workbench.formats.model import SavedRequest
from workbench.store.collections import Collection


@pytest.fixture
def coll(tmp_path: Path) -> Collection:
    """An empty collection folder opened as a collection."""
    root = tmp_path / "Shop"
    root.mkdir()
    return Collection.open(root)


def request(name: str, url: str = "http://127.0.0.1/x", method: str = "GET") -> SavedRequest:
    """A small saved request."""
    return SavedRequest(name, RequestSpec(url, method, headers=(Field("Accept", "*/*"),)))


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make a folder refuse writes for real: chmod for a normal user, the immutable flag for root."""
    done: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o555)
        elif shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: no way to make a folder read-only")
        else:
            subprocess.run(["chattr", "+i", str(path)], check=True)
        done.append(path)

    yield make
    for path in done:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        with contextlib.suppress(OSError):
            path.chmod(0o755)
