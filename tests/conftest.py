"""Shared fixtures: an isolated WORKBENCH_HOME for every test, Qt offscreen, loopback servers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set before anything imports Qt: the window tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test may pick up a proxy from the machine it runs on.
for _name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_name, None)
os.environ["no_proxy"] = ""


@pytest.fixture(autouse=True)
def workbench_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test writes under its own temporary WORKBENCH_HOME, never the real user folders."""
    home = tmp_path_factory.mktemp("wbhome")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_real_keyring() -> Iterator[None]:
    """No test may read or write the keyring of the machine it runs on."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver binds loopback only."""
    return ("127.0.0.1", 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under tests/ui need a QApplication: mark them ``gui`` so ``-m 'not gui'`` runs the rest."""
    for item in items:
        if "tests/ui/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def no_env_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove every proxy variable for a test that sets its own."""
    for name in list(os.environ):
        if name.lower() in ("http_proxy", "https_proxy", "no_proxy", "all_proxy", "request_method"):
            monkeypatch.delenv(name, raising=False)
