"""Workbench: a desktop HTTP request workbench over Python's urllib opener engine."""

from __future__ import annotations


def version() -> str:
    """The installed version, from the package metadata (the one place it is set)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as metadata_version

    try:
        return metadata_version("workbench")
    except PackageNotFoundError:
        return "0+unknown"
