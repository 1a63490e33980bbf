"""The curl and Python converters for Copy as / Save as (`prepared_export` runs them on the pool).

The converters live in `workbench.formats` and are imported only when asked for, so a build without
them still starts; the action then says which module is missing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from workbench.engine.spec import RequestSpec


class Exporter(NamedTuple):
    """Where a converter lives and what it makes."""

    module: str
    function: str
    what: str


EXPORTERS = {
    "curl": Exporter("workbench.formats.curl", "to_curl", "curl command"),
    "python": Exporter("workbench.formats.python_code", "to_python", "Python script"),
}


class ExportUnavailable(Exception):
    """The converter's module is not installed."""


def export_text(kind: str, spec: RequestSpec) -> str:
    """`spec` as a curl command (``curl``) or a runnable urllib script (``python``)."""
    exporter = EXPORTERS[kind]
    try:
        module = importlib.import_module(exporter.module)
    except ModuleNotFoundError as exc:
        if exc.name != exporter.module:
            raise
        raise ExportUnavailable(
            f"Copy as {exporter.what} is not available: {exporter.module} is missing from this "
            "installation."
        ) from None
    text: str = getattr(module, exporter.function)(spec)
    return text
