"""Resources are read from the package folder, and through importlib.resources where there is none."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest

from workbench import assets


@pytest.fixture(autouse=True)
def fresh_root() -> Iterator[None]:
    assets.root.cache_clear()
    yield
    assets.root.cache_clear()


def test_an_installed_package_is_read_from_its_folder() -> None:
    root = assets.root()
    assert isinstance(root, Path)
    assert (root / "icons" / "send.svg").is_file()
    assert assets.read_bytes("icons/send.svg").lstrip().startswith(b"<svg")


def test_a_package_without_a_folder_is_read_through_importlib_resources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As from a zip import: the module has no ``__file__`` to take a folder from."""
    from_folder = assets.read_bytes("icons/send.svg")
    assets.root.cache_clear()
    package = importlib.import_module(assets.PACKAGE)
    monkeypatch.delattr(package, "__file__")
    asked = []
    files = resources.files

    def spy(anchor: str) -> Traversable:
        asked.append(anchor)
        return files(anchor)

    monkeypatch.setattr(resources, "files", spy)
    root = assets.root()
    assert asked == [assets.PACKAGE]
    assert root.is_dir()
    assert assets.read_bytes("icons/send.svg") == from_folder
    with assets.as_path("icons/send.svg") as path:
        assert path.read_bytes() == from_folder


def test_a_missing_resource_names_itself() -> None:
    with pytest.raises(FileNotFoundError, match=r"icons/nope\.svg"):
        assets.read_bytes("icons/nope.svg")
