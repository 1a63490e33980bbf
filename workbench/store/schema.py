"""Schema versions of our JSON files: ``"schema": "workbench.<kind>/<n>"`` first in every file.

Older versions would migrate; a newer one is refused with a message, and the file is never written over.
"""

from __future__ import annotations

from workbench.store.errors import StoreError


def check_schema(schema: object, prefix: str, version: int, what: str) -> int:
    """The file's schema number, or a `StoreError` saying why it cannot be read by this version."""
    if not isinstance(schema, str) or not schema.startswith(prefix):
        raise StoreError(f'not a Workbench {what} file (no "schema": "{prefix}{version}")')
    number = schema.removeprefix(prefix)
    if not number.isdigit():
        raise StoreError(f"unknown schema {schema!r}")
    if int(number) > version:
        raise StoreError(f"written by a newer Workbench ({schema}); update Workbench to use it")
    return int(number)
