"""Help → About (the one version, what it runs on, where it keeps things) and the self-check's failures."""

from __future__ import annotations

import io
import platform

import PySide6
import pytest
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from workbench import app, assets, version
from workbench.cli.common import Streams
from workbench.playground import Playground, PlaygroundError
from workbench.store import paths
from workbench.ui.about_dialog import LICENSE, AboutDialog
from workbench.ui.main_window import MainWindow


def open_about(window: MainWindow, qtbot: QtBot) -> AboutDialog:
    """Help → About, waiting until the secret store (found on the pool) is filled in."""
    window.action_map["about"].trigger()
    dialog = window.about_box.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.rows["Secrets"].text() != "checking…", timeout=10_000)
    return dialog


def test_about_shows_the_versions_from_their_sources(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_about(window, qtbot)
    assert dialog.isVisible()
    assert QApplication.activeModalWidget() is None  # not modal: nothing waits on it
    rows = {name: label.text() for name, label in dialog.rows.items()}
    assert rows["Workbench"] == version() != "0+unknown"
    assert rows["Python"].startswith(platform.python_version())
    assert rows["Qt"] == qVersion()
    assert rows["PySide6"] == PySide6.__version__
    assert dialog.findChild(QLabel, "aboutTitle").text() == f"Workbench {version()}"


def test_about_shows_the_folders_and_the_secret_store_in_use(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_about(window, qtbot)
    rows = {name: label.text() for name, label in dialog.rows.items()}
    assert rows["Settings"] == str(paths.config_dir())
    assert rows["Collections"] == str(paths.collections_dir())
    assert rows["History"] == str(paths.history_db())
    # The tests' keyring is the failing backend, so secrets go to the 0600 file.
    assert rows["Secrets"] == f"file {paths.secrets_file()} (0600)"


def test_the_licence_line_is_plain_text_without_links(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_about(window, qtbot)
    label = dialog.findChild(QLabel, "aboutLicense")
    assert label.text() == LICENSE
    assert "MIT" in LICENSE
    assert "http" not in label.text()
    assert "<a" not in label.text()
    assert not label.openExternalLinks()


def test_copy_details_puts_every_row_on_the_clipboard(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_about(window, qtbot)
    dialog.copy_details()
    text = QGuiApplication.clipboard().text()
    assert f"Workbench: {version()}\n" in text
    assert f"Qt: {qVersion()}\n" in text
    assert f"PySide6: {PySide6.__version__}\n" in text
    assert "Secrets: file " in text


def test_about_is_built_once_and_shown_again(window: MainWindow, qtbot: QtBot) -> None:
    first = open_about(window, qtbot)
    first.close()
    window.about()
    assert window.about_box.dialog is first
    assert first.isVisible()


# --- the self-check (``workbench --self-check``) in-process -----------------------------------------
def check() -> tuple[int, str, str]:
    """Run the self-check in this process; (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = app.self_check(Streams(out, err, io.StringIO()))
    return code, out.getvalue(), err.getvalue()


def test_self_check_passes_and_leaves_the_home_untouched(qapp: QApplication) -> None:
    code, out, err = check()
    assert (code, out, err) == (0, "self-check: ok\n", "")
    assert [p for p in paths.config_dir().parent.rglob("*") if p.is_file()] == []


def test_self_check_names_a_missing_resource(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = assets.read_bytes

    def missing_png(relative: str) -> bytes:
        if relative.startswith("icons/hicolor/64x64/"):
            raise FileNotFoundError(f"resource {relative!r} is missing from the installation")
        return real(relative)

    monkeypatch.setattr(assets, "read_bytes", missing_png)
    code, out, err = check()
    assert code == 1
    assert out == ""
    assert "self-check: app_icons: resource 'icons/hicolor/64x64/" in err


def test_self_check_says_when_the_playground_cannot_start(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Playground) -> Playground:
        raise PlaygroundError("no free port")

    monkeypatch.setattr(Playground, "start", refuse)
    code, out, err = check()
    assert (code, out) == (1, "")
    assert err == "self-check: the playground did not start: no free port\n"
