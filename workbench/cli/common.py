"""What every command shares: exit statuses, the output streams, argument parsing that never exits."""

from __future__ import annotations

import argparse
import enum
from typing import IO, NamedTuple, NoReturn


class ExitStatus(enum.IntEnum):
    """Exit statuses (DESIGN section 5)."""

    OK = 0
    """A response arrived (whatever its status, unless --fail)."""
    TRANSPORT = 1
    """No response: the request failed on the way (DNS, refused, timeout, TLS...)."""
    USAGE = 2
    """Invalid input or usage: nothing was sent."""
    CLIENT_ERROR = 4
    """With --fail: the response was 4xx."""
    SERVER_ERROR = 5
    """With --fail: the response was 5xx."""
    INTERRUPTED = 130


class UsageError(Exception):
    """Wrong arguments: printed as ``workbench: <message>``, exit status 2."""


class Streams(NamedTuple):
    """The streams a command reads and writes (real ones, or StringIO in tests)."""

    out: IO[str]
    err: IO[str]
    inp: IO[str]


class WorkbenchParser(argparse.ArgumentParser):
    """An argument parser that raises `UsageError` instead of exiting the interpreter."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def split_pair(text: str, sep: str, what: str) -> tuple[str, str]:
    """``K=V`` into (K, V); a usage error naming `what` when the separator is missing."""
    name, found, value = text.partition(sep)
    if not found or not name.strip():
        raise UsageError(f"{what} {text!r} should look like NAME{sep}VALUE")
    return name.strip(), value
