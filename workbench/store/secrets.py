"""Secrets by reference: the operating system's keyring when a usable backend exists, else a 0600 file.

Profiles and secret variables hold only a reference such as ``keyring:3f2a...`` or ``file:3f2a...``;
the prefix says which store keeps the value, so a secret saved while no keyring worked is still found
after one appears. New secrets go to the keyring when it is usable. The ``keyring`` library is
imported only when a keyring reference or a new secret needs it (it costs about 100 ms to import).
"""

from __future__ import annotations

import secrets as _random
import threading
from pathlib import Path
from typing import Any

from workbench.store import paths
from workbench.store.errors import StoreError
from workbench.store.secret_file import SecretFile

SERVICE = "workbench"
"""The keyring service name every Workbench secret is filed under."""
KEYRING_PREFIX = "keyring:"
FILE_PREFIX = "file:"


def usable_keyring() -> Any | None:
    """The keyring backend in effect, or None when it is the fail/null backend or an empty chain."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring installation means: no keyring
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def keyring_name(backend: Any) -> str:
    """``system keyring (SecretService)``: the backend as a person recognises it."""
    if hasattr(backend, "backends") and backend.backends:
        backend = backend.backends[0]
    name = str(getattr(backend, "name", type(backend).__name__)).removesuffix(" Keyring")
    return f"system keyring ({name})"


class SecretStore:
    """Get, set and delete secrets by reference; new references go to the keyring when usable."""

    def __init__(self, file_path: Path | None = None, *, keyring: bool = True) -> None:
        self.file = SecretFile(file_path or paths.secrets_file())
        self._want_keyring = keyring
        self._backend: Any | None = None
        self._detected = False
        self._lock = threading.Lock()

    @property
    def keyring(self) -> Any | None:
        """The usable keyring backend, detected once; None means the file store is in use."""
        with self._lock:
            if not self._detected:
                self._backend = usable_keyring() if self._want_keyring else None
                self._detected = True
            return self._backend

    @property
    def uses_keyring(self) -> bool:
        """True when new secrets go to the system keyring."""
        return self.keyring is not None

    @property
    def backend_name(self) -> str:
        """Where new secrets go, for the UI: keyring name or ``file ... (0600)``."""
        backend = self.keyring
        return keyring_name(backend) if backend is not None else self.file.description

    def describe(self, ref: str) -> str:
        """Where the secret of `ref` is kept, in words."""
        if ref.startswith(FILE_PREFIX):
            return self.file.description
        backend = self.keyring
        return keyring_name(backend) if backend is not None else "the system keyring"

    def new_ref(self) -> str:
        """A fresh reference in the store in use (the secret itself is written with `set`)."""
        prefix = KEYRING_PREFIX if self.uses_keyring else FILE_PREFIX
        return prefix + _random.token_hex(16)

    def get(self, ref: str) -> str | None:
        """The secret of `ref`, None when the store has nothing under it."""
        kind, key = _split(ref)
        if kind == "file":
            return self.file.get(key)
        backend = self._keyring_for(ref)
        try:
            value: str | None = backend.get_password(SERVICE, key)
        except Exception as exc:
            raise _failed(backend, "read the secret", exc) from None
        return value

    def set(self, ref: str, value: str) -> None:
        """Store `value` under `ref`; raises `StoreError` (and keeps the old value) on failure."""
        kind, key = _split(ref)
        if kind == "file":
            self.file.set(key, value)
            return
        backend = self._keyring_for(ref)
        try:
            backend.set_password(SERVICE, key, value)
        except Exception as exc:
            raise _failed(backend, "save the secret", exc) from None

    def delete(self, ref: str) -> None:
        """Forget the secret of `ref`; an absent one is not an error."""
        kind, key = _split(ref)
        if kind == "file":
            self.file.delete(key)
            return
        backend = self._keyring_for(ref)
        from keyring.errors import PasswordDeleteError

        try:
            backend.delete_password(SERVICE, key)
        except PasswordDeleteError:
            pass  # already gone
        except Exception as exc:
            raise _failed(backend, "delete the secret", exc) from None

    def _keyring_for(self, ref: str) -> Any:
        backend = self.keyring
        if backend is None:
            raise StoreError(
                f"The secret {ref!r} is kept in the system keyring, which is not available now; "
                "start the keyring service (or log in to the desktop) and try again."
            )
        return backend


def _split(ref: str) -> tuple[str, str]:
    for kind, prefix in (("file", FILE_PREFIX), ("keyring", KEYRING_PREFIX)):
        if ref.startswith(prefix) and len(ref) > len(prefix):
            return kind, ref[len(prefix) :]
    raise StoreError(f"{ref!r} is not a secret reference (keyring:... or file:...).")


def _failed(backend: Any, what: str, exc: Exception) -> StoreError:
    detail = str(exc) or type(exc).__name__
    return StoreError(
        f"The {keyring_name(backend)} could not {what}: {detail}. Nothing was changed; "
        "unlock the keyring and try again."
    )
