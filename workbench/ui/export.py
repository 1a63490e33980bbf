"""Copy as curl / Copy as Python: the request description the engine uses, turned into text.

The converters live in `workbench.formats` and are imported only when asked for, so a build without
them still starts; the action then says which module is missing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QGuiApplication

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import RequestSpec

if TYPE_CHECKING:
    from workbench.ui.request_form import RequestForm


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


def copy_request(kind: str, form: RequestForm) -> tuple[bool, str]:
    """Convert the form's request and put it on the clipboard: (copied, what to tell the user).

    A wrong value is marked at its field by `form.spec()` and nothing is copied.
    """
    try:
        text = export_text(kind, form.spec())
    except InvalidRequest as exc:
        return False, exc.message
    except ExportUnavailable as exc:
        return False, str(exc)
    QGuiApplication.clipboard().setText(text)
    return True, f"Copied as a {EXPORTERS[kind].what}."
