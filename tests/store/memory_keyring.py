"""Keyring backends for tests: an in-memory one that can be told to fail, and fixtures that swap them in.

No test may touch the real keyring of the machine it runs on, so every profile and secret test
runs under `no_keyring` (keyring's fail backend) or `memory_keyring`; both restore the previous one.
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict; `failing` makes every call raise as a locked keyring does."""

    priority = -10  # below fail's 0: keyring never picks it by itself

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}
        self.failing = False

    def _check(self) -> None:
        if self.failing:
            raise KeyringLocked("the keyring is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        if self.values.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


@pytest.fixture(name="no_keyring")
def fail_keyring_fixture() -> Iterator[None]:
    """Keyring's fail backend: the secrets file is what runs (as on this machine)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(name="memory_keyring")
def memory_keyring_fixture(no_keyring: None) -> Iterator[MemoryKeyring]:
    """A working in-memory keyring for one test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


# The fixtures under their own names too, for modules that import them as such.
no_keyring = fail_keyring_fixture
memory_keyring = memory_keyring_fixture
