"""The Qt application: start-up, the main window, and the self-check used by packaging smoke tests.

Imported only when a window is wanted, so the command line stays free of Qt.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from workbench.cli.common import ExitStatus, Streams

APP_ID = "io.github.workbench.Workbench"


def application() -> QApplication:
    """The running QApplication, created with the app's names on first use."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setApplicationName("Workbench")
    QApplication.setOrganizationName("workbench")
    QApplication.setDesktopFileName(APP_ID)
    return QApplication(sys.argv[:1])


def create_window() -> QMainWindow:
    """Build the main window on the existing QApplication without entering the event loop."""
    window = QMainWindow()
    window.setWindowTitle("Workbench")
    window.setCentralWidget(QLabel("Workbench"))
    return window


def run_window() -> int:
    """Open the window and run the event loop until it closes."""
    app = application()
    window = create_window()
    window.show()
    return app.exec()


def self_check(streams: Streams) -> int:
    """Build the window offscreen and exit: proves the bundle's Qt and resources load."""
    application()
    window = create_window()
    window.close()
    streams.out.write("self-check: ok\n")
    return ExitStatus.OK
