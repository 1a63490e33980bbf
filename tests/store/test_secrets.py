"""The secret store: keyring when usable, else a 0600 file; failures are clear and lose nothing."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from keyring.backends import chainer
from memory_keyring import MemoryKeyring, fail_keyring_fixture, memory_keyring_fixture  # noqa: F401

from workbench.store import paths
from workbench.store.errors import StoreError
from workbench.store.secrets import SERVICE, SecretStore, usable_keyring

pytestmark = pytest.mark.usefixtures("no_keyring")


def test_without_a_keyring_the_file_store_runs_and_says_so() -> None:
    store = SecretStore()
    assert not store.uses_keyring
    assert store.backend_name == f"file {paths.secrets_file()} (0600)"
    ref = store.new_ref()
    assert ref.startswith("file:")
    store.set(ref, "hunter2")
    assert store.get(ref) == "hunter2"
    store.delete(ref)
    assert store.get(ref) is None
    store.delete(ref)  # deleting twice is fine


def test_the_secrets_file_is_created_with_mode_0600_whatever_the_umask() -> None:
    old = os.umask(0)
    try:
        store = SecretStore()
        store.set(store.new_ref(), "s3cret")
    finally:
        os.umask(old)
    assert stat.S_IMODE(paths.secrets_file().stat().st_mode) == 0o600


def test_a_widened_secrets_file_is_closed_again_on_read() -> None:
    store = SecretStore()
    ref = store.new_ref()
    store.set(ref, "s3cret")
    paths.secrets_file().chmod(0o644)
    assert store.get(ref) == "s3cret"
    assert stat.S_IMODE(paths.secrets_file().stat().st_mode) == 0o600


def test_the_display_path_is_home_relative(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    store = SecretStore(tmp_path / ".config" / "workbench" / "secrets.json")
    assert store.backend_name == "file ~/.config/workbench/secrets.json (0600)"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"secrets": {}}',
        b'{"schema": "workbench.secrets/1", "secrets": [1]}',
        b"\xff",
    ],
)
def test_a_broken_secrets_file_is_reported_and_never_overwritten(content: bytes) -> None:
    paths.secrets_file().write_bytes(content)
    store = SecretStore()
    with pytest.raises(StoreError, match=r"secrets file .* cannot be read .* left as it is"):
        store.get("file:abc")
    with pytest.raises(StoreError, match="cannot be read"):
        store.set("file:abc", "x")
    assert paths.secrets_file().read_bytes() == content


def test_the_keyring_is_used_when_usable(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    assert store.uses_keyring
    assert store.backend_name == "system keyring (memory keyring MemoryKeyring)"
    ref = store.new_ref()
    assert ref.startswith("keyring:")
    store.set(ref, "tok-123")
    assert memory_keyring.values == {(SERVICE, ref.removeprefix("keyring:")): "tok-123"}
    assert store.get(ref) == "tok-123"
    assert not paths.secrets_file().exists()
    store.delete(ref)
    assert memory_keyring.values == {}
    store.delete(ref)  # keyring's PasswordDeleteError for an absent one is not an error


def test_a_file_secret_is_still_found_once_a_keyring_appears(memory_keyring: MemoryKeyring) -> None:
    file_only = SecretStore(keyring=False)
    ref = file_only.new_ref()
    file_only.set(ref, "old-one")
    store = SecretStore()
    assert store.uses_keyring
    assert store.get(ref) == "old-one"
    assert store.describe(ref).startswith("file ")


def test_a_keyring_failing_at_run_time_is_a_clear_error_that_keeps_the_value(
    memory_keyring: MemoryKeyring,
) -> None:
    store = SecretStore()
    ref = store.new_ref()
    store.set(ref, "first")
    memory_keyring.failing = True
    with pytest.raises(
        StoreError, match=r"system keyring .* could not save the secret: the keyring is locked"
    ):
        store.set(ref, "second")
    with pytest.raises(StoreError, match="could not read the secret"):
        store.get(ref)
    with pytest.raises(StoreError, match="could not delete the secret"):
        store.delete(ref)
    memory_keyring.failing = False
    assert store.get(ref) == "first"


def test_a_keyring_reference_without_a_keyring_says_so() -> None:
    with pytest.raises(StoreError, match="system keyring, which is not available now"):
        SecretStore().get("keyring:abc")


@pytest.mark.parametrize("ref", ["", "abc", "file:", "vault:abc"])
def test_a_malformed_reference_is_refused(ref: str) -> None:
    with pytest.raises(StoreError, match="not a secret reference"):
        SecretStore().get(ref)


def test_fail_backend_and_an_empty_chain_mean_no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    assert usable_keyring() is None  # the fail backend set by `no_keyring`
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    keyring.set_keyring(chainer.ChainerBackend())
    assert usable_keyring() is None


def test_a_chain_with_a_backend_is_usable(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    import keyring

    monkeypatch.setattr(chainer.ChainerBackend, "backends", [memory_keyring])
    keyring.set_keyring(chainer.ChainerBackend())
    store = SecretStore()
    assert store.backend_name == "system keyring (memory keyring MemoryKeyring)"


def test_concurrent_writers_lose_nothing() -> None:
    store = SecretStore()
    refs = [store.new_ref() for _ in range(24)]
    threads = [
        threading.Thread(target=store.set, args=(ref, f"v{i}")) for i, ref in enumerate(refs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    data = json.loads(paths.secrets_file().read_text())
    assert len(data["secrets"]) == 24
    assert [store.get(ref) for ref in refs] == [f"v{i}" for i in range(24)]
