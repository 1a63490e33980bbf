"""The store layer's one exception."""

from __future__ import annotations


class StoreError(Exception):
    """Something kept on disk or in the keyring cannot be read or written; the message says what."""
