"""Helpers for the profile dialog and picker tests: an in-memory keyring, driving the dialog, files on disk."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

# The in-memory backend lives with the store tests; tests/ui may run without them being collected.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from memory_keyring import MemoryKeyring

from workbench.engine.spec import RequestSpec
from workbench.formats.model import SavedRequest
from workbench.store.collections import create_collection
from workbench.ui.main_window import MainWindow
from workbench.ui.profile_forms import AuthProfileForm, ProxyProfileForm
from workbench.ui.profiles_dialog import ProfilesDialog

__all__ = ["MemoryKeyring"]
WAIT_MS = 10_000


@pytest.fixture(name="memory_keyring")
def memory_keyring_fixture() -> Iterator[MemoryKeyring]:
    """A working keyring in memory for one test (the real one is never touched)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def open_dialog(
    window: MainWindow, qtbot: QtBot, kind: str = "auth", name: str = ""
) -> ProfilesDialog:
    """The profiles dialog, opened from the window, once its first load has ended."""
    dialog = window.profiles_ui.open_dialog("proxy" if kind == "proxy" else "auth", name)
    qtbot.waitUntil(
        lambda: dialog.snapshot is not None and not dialog.runner.busy(), timeout=WAIT_MS
    )
    return dialog


def idle(qtbot: QtBot, dialog: ProfilesDialog) -> None:
    """Wait until the dialog's store work has ended."""
    qtbot.waitUntil(lambda: not dialog.runner.busy(), timeout=WAIT_MS)


def type_in(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace the field's text by typing."""
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text.isprintable():
        qtbot.keyClicks(edit, text)
    else:  # control characters cannot be typed: they arrive pasted
        QGuiApplication.clipboard().setText(text)
        qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert edit.text() == text


def pick(combo: QComboBox, data: object) -> None:
    """Choose the entry with `data` as a person would (the `activated` signal follows)."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} not among {[combo.itemData(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a button with the mouse."""
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save(qtbot: QtBot, dialog: ProfilesDialog) -> None:
    """Click Save and wait for the store."""
    click(qtbot, dialog.save_button)
    idle(qtbot, dialog)


def choose(dialog: ProfilesDialog, kind: str, name: str) -> None:
    """Click profile `name` in the list."""
    for row in range(dialog.list.count()):
        item = dialog.list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == f"{kind}:{name}":
            dialog.list.setCurrentItem(item)
            return
    raise AssertionError(f"{kind} profile {name!r} is not in the list")


def listed(dialog: ProfilesDialog) -> list[str]:
    """The (kind:name) keys in the list, in order."""
    keys = (dialog.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(dialog.list.count()))
    return [k for k in keys if k]


def collection_using(auth: str = "", proxy: str = "", name: str = "Team API") -> None:
    """A collection on disk (under WORKBENCH_HOME) with one request naming the profiles, one not."""
    collection = create_collection(name)
    spec = RequestSpec(url="http://127.0.0.1:9/users/1")
    collection.add_request(
        "", SavedRequest("Get user", spec, auth_profile=auth, proxy_profile=proxy)
    )
    collection.add_request("", SavedRequest("Health", RequestSpec(url="http://127.0.0.1:9/")))


def files_containing(root: Path, needle: str) -> list[Path]:
    """Every file under `root` whose bytes hold `needle` (as UTF-8)."""
    data = needle.encode()
    return [p for p in root.rglob("*") if p.is_file() and data in p.read_bytes()]


PASSWORD = "pw-Staging-7qX"


def auth_form(dialog: ProfilesDialog) -> AuthProfileForm:
    """The dialog's auth profile form."""
    return dialog.auth_form


def proxy_form(dialog: ProfilesDialog) -> ProxyProfileForm:
    """The dialog's proxy profile form."""
    return dialog.proxy_form


def add_basic(qtbot: QtBot, dialog: ProfilesDialog, name: str = "Staging Basic") -> None:
    """Add a Basic profile through the form and save it."""
    dialog.add_auth_action.trigger()
    form = auth_form(dialog)
    type_in(qtbot, form.name, name)
    type_in(qtbot, form.username, "alice")
    type_in(qtbot, form.password, PASSWORD)
    type_in(qtbot, form.realm, "Staging")
    save(qtbot, dialog)
    assert dialog.error.text() == ""


@pytest.fixture(name="dialog")
def dialog_fixture(
    window: MainWindow, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> ProfilesDialog:
    """The profiles dialog of the test's window, with the in-memory keyring."""
    return open_dialog(window, qtbot)
