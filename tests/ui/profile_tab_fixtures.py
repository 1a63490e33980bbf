"""Helpers for the picker and send tests: saved profiles, the tab's pickers, the loopback proxy."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from profile_fixtures import WAIT_MS, MemoryKeyring
from PySide6.QtWidgets import QComboBox, QLabel, QTextBrowser
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Request, Response

from workbench.engine.spec import Auth, Proxy
from workbench.playground import Playground
from workbench.store.profiles import ProfileStore
from workbench.ui.main_window import MainWindow
from workbench.ui.request_tab import RequestTab

PASSWORD = "pw-Staging-7qX"
PROXY_PASSWORD = "p"


def basic(user: str, password: str) -> str:
    """The Authorization value Basic credentials make."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def serve_staging_challenge(httpserver: HTTPServer, path: str = "/secure") -> list[str | None]:
    """`path` answers 401 (realm Staging) until alice's Basic credentials come; the list fills
    with the Authorization header of each request."""
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("Authorization"))
        if request.headers.get("Authorization") == basic("alice", PASSWORD):
            return Response("welcome", 200)
        return Response("who?", 401, headers={"WWW-Authenticate": 'Basic realm="Staging"'})

    httpserver.expect_request(path).respond_with_handler(handler)
    return seen


@pytest.fixture(name="profiles")
def profiles_fixture(memory_keyring: MemoryKeyring) -> ProfileStore:
    """Saved profiles (in the in-memory keyring): a Basic one, a Bearer one and two proxies."""
    store = ProfileStore()
    store.save_auth(
        "Staging Basic", Auth("basic", username="alice", password=PASSWORD, realm="Staging")
    )
    store.save_auth("Wrong Basic", Auth("basic", username="alice", password="not-it"))
    store.save_auth("Token", Auth("bearer", token="tok-Secret-1"))
    store.save_proxy("Direct", Proxy("direct"))
    return store


def reload(window: MainWindow, qtbot: QtBot) -> None:
    """Make the window's pickers read the profiles saved by the test."""
    book = window.profiles_ui.book
    saved = ProfileStore().load()
    book.reload()
    qtbot.waitUntil(lambda: book.profiles == saved, timeout=WAIT_MS)


def combo(tab: RequestTab, kind: str) -> QComboBox:
    """The tab's auth or proxy profile combo."""
    page = tab.editor.auth if kind == "auth" else tab.editor.proxy
    found = page.findChild(QComboBox, f"{kind}ProfileCombo")
    assert isinstance(found, QComboBox)
    return found


def summary(tab: RequestTab, kind: str) -> QLabel:
    """The line under the combo that sums up the chosen profile."""
    page = tab.editor.auth if kind == "auth" else tab.editor.proxy
    found = page.findChild(QLabel, f"{kind}ProfileSummary")
    assert isinstance(found, QLabel)
    return found


def timeline_text(window: MainWindow) -> str:
    """The current tab's timeline, as plain text."""
    return str(window.findChild(QTextBrowser, "timelineView").toPlainText())


@pytest.fixture(name="tab")
def tab_fixture(window: MainWindow, qtbot: QtBot, profiles: ProfileStore) -> RequestTab:
    """The window's tab, its pickers showing the saved profiles."""
    reload(window, qtbot)
    return window.current_tab()


@pytest.fixture(name="playground")
def playground_fixture() -> Iterator[Playground]:
    """The playground with a forward proxy that wants user u, password PROXY_PASSWORD."""
    with Playground(proxy_port=0, proxy_auth=("u", PROXY_PASSWORD)) as pg:
        yield pg
