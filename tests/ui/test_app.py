"""Start-up: the application object, the window factory, the icons, and the packaging self-check."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench import app
from workbench.cli.common import Streams
from workbench.store import paths
from workbench.ui import icons, theme
from workbench.ui.main_window import MainWindow


def test_application_reuses_the_running_one(qapp: QApplication) -> None:
    assert app.application() is qapp


def test_create_window_does_not_show_or_run_the_loop(qtbot: QtBot) -> None:
    window = app.create_window()
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert not window.isVisible()
    assert window.windowTitle().endswith("Workbench")
    running = QApplication.instance()
    assert isinstance(running, QApplication)
    assert running.styleSheet() == ""  # per-widget sheets only: a global one is slow


@pytest.mark.parametrize("name", icons.NAMES)
def test_every_icon_renders_sharp_at_hidpi(qapp: QApplication, name: str) -> None:
    icon = icons.icon(name)
    assert isinstance(icon, QIcon)
    assert not icon.isNull()
    pixmap = icon.pixmap(QSize(16, 16), 2.0)
    assert pixmap.size() == QSize(32, 32)
    assert pixmap.devicePixelRatio() == 2.0
    image = pixmap.toImage()
    assert any(image.pixelColor(x, y).alpha() for x in range(32) for y in range(32))
    assert icons.check_all() == []


def test_line_icons_follow_the_palette(qapp: QApplication) -> None:
    def ink() -> set[str]:
        image = icons.icon("add").pixmap(QSize(24, 24)).toImage()
        return {
            image.pixelColor(12, y).name()
            for y in range(24)
            if image.pixelColor(12, y).alpha() == 255
        }

    light = ink()
    palette = qapp.palette()
    from PySide6.QtGui import QColor, QPalette

    dark = QPalette(palette)
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    qapp.setPalette(dark)
    try:
        assert ink() == {"#eeeeee"} != light
        assert theme.is_dark()
    finally:
        qapp.setPalette(palette)


def test_self_check_sends_through_a_real_window(qapp: QApplication) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert app.self_check(Streams(out, err, io.StringIO())) == 0, err.getvalue()
    assert out.getvalue() == "self-check: ok\n"
    assert not paths.window_state_file().exists()  # the check leaves the user's state alone
