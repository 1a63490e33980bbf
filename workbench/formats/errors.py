"""The formats layer's one exception."""

from __future__ import annotations


class FormatError(Exception):
    """Text that cannot be read as the format it claims to be; the message names the place."""

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where
