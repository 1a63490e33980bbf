"""The Qt application: start-up, the main window, and the self-check used by packaging smoke tests.

Imported only when a window is wanted, so the command line stays free of Qt.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from workbench.ui import icons
from workbench.ui.main_window import MainWindow

if TYPE_CHECKING:
    from workbench.cli.common import Streams

APP_ID = "io.github.workbench.Workbench"
SELF_CHECK_TIMEOUT_MS = 10_000


def application() -> QApplication:
    """The running QApplication, created with the app's names and icon on first use."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setApplicationName("Workbench")
    QApplication.setOrganizationName("workbench")
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(icons.icon("app"))
    return app


def create_window() -> MainWindow:
    """Build the main window on the existing QApplication (tabs restored) without entering the event loop."""
    return MainWindow()


def run_window() -> int:
    """Open the window and run the event loop until it closes."""
    app = application()
    window = create_window()
    window.show()

    def offer_tour() -> None:  # the playground and tour offer, on the first start only
        window.tour.check_first_run()  # (the tour is built after the first frame)

    window.first_frame.later(offer_tour)
    return app.exec()


def self_check(streams: Streams) -> int:
    """Load every resource, build the window offscreen, send one request to the playground, exit."""
    from workbench.cli.common import ExitStatus
    from workbench.ui.self_check import check_resources, run_self_check

    application()
    broken = check_resources()
    for problem in broken:
        streams.err.write(f"self-check: {problem}\n")
    if broken:
        return ExitStatus.TRANSPORT  # 1: the check failed
    problem = run_self_check(SELF_CHECK_TIMEOUT_MS)
    if problem:
        streams.err.write(f"self-check: {problem}\n")
        return ExitStatus.TRANSPORT  # 1: the check failed
    streams.out.write("self-check: ok\n")
    return ExitStatus.OK
