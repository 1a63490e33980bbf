"""The urllib HOWTO tour in the window: Help → tour actions, and the first-run offer.

On the first start (no answer in the settings file) a bar above the tabs offers to start the
playground and open the tour. It blocks nothing: the window works while it waits, and tests answer
it with `OfferBar.accept_offer` / `decline`. The answer is remembered either way. Installing the
tour copies files and reading the settings touches the disk, so both run on the pool.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.ui import icons
from workbench.ui.playground_ui import PoolUser

if TYPE_CHECKING:
    from workbench.store.settings import Settings
    from workbench.ui.main_window import MainWindow

OFFER = "Start the offline playground and open the urllib HOWTO tour?"
OFFER_DETAIL = (
    "The playground is a small test server inside Workbench (this computer only, no network "
    "needed); the tour walks through Python's urllib HOWTO with a request for each section."
)


class OfferBar(QFrame):
    """The first-run offer above the request tabs.

    Signals:
        accepted: the user wants the playground and the tour.
        declined: not now (the tour stays in the Help menu).
    """

    accepted = Signal()
    declined = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunOffer")
        self.setAccessibleName("First-run offer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        icon = QLabel(self)
        side = self.fontMetrics().height() * 3 // 2
        icon.setPixmap(icons.icon("info").pixmap(side, side))
        self.text = QLabel(f"<b>{OFFER}</b><br>{OFFER_DETAIL}", self)
        self.text.setObjectName("firstRunText")
        self.text.setWordWrap(True)
        self.accept_button = QPushButton("Start the &Tour", self)
        self.accept_button.setObjectName("firstRunAccept")
        self.accept_button.setDefault(True)
        self.decline_button = QPushButton("&Not Now", self)
        self.decline_button.setObjectName("firstRunDecline")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(12)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.decline_button)
        self.accept_button.clicked.connect(self.accept_offer)
        self.decline_button.clicked.connect(self.decline)

    @Slot()
    def accept_offer(self) -> None:
        """Yes: close the bar and say so."""
        self.hide()
        self.accepted.emit()

    @Slot()
    def decline(self) -> None:
        """No: close the bar and say so."""
        self.hide()
        self.declined.emit()


class TourController(PoolUser):
    """Opens the tour (installing it when missing) and makes the first-run offer.

    Signals:
        opened(str): the tour's folder is open in the window.
        offered(): the first-run bar is on display.
    """

    opened = Signal(str)
    offered = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.bar: OfferBar | None = None
        self.path: Path | None = None
        """The tour folder last installed or opened."""

    def check_first_run(self) -> None:
        """Read the settings on the pool; make the offer when this is the first run."""
        from workbench.store import settings

        self.run_on_pool("settings", settings.load)

    def _after_settings(self, current: Settings) -> None:
        if current.problem:
            self.say(current.problem, 0)
        if current.first_run:
            self.offer()

    def offer(self) -> OfferBar:
        """Show the first-run bar above the tabs (the window stays usable)."""
        if self.bar is None:
            self.bar = OfferBar(self.window)
            self.bar.accepted.connect(self._on_accepted)
            self.bar.declined.connect(self._on_declined)
            _insert_above_centre(self.window, self.bar)
        self.bar.show()
        self.offered.emit()
        return self.bar

    @Slot()
    def _on_accepted(self) -> None:
        self._remember("accepted")
        self.open_tour()

    @Slot()
    def _on_declined(self) -> None:
        self._remember("declined")
        self.say("The tour waits in the Help menu: Help → Open the urllib HOWTO Tour.")

    def _remember(self, answer: str) -> None:
        self.run_on_pool("remembered", functools.partial(_save_answer, answer))

    def _after_remembered(self, problem: object) -> None:
        if problem:
            self.say(str(problem), 0)

    @Slot()
    def open_tour(self) -> None:
        """Help → Open the urllib HOWTO Tour: start the playground, install the tour if missing, open it."""
        self._install(fresh=False)

    @Slot()
    def install_fresh(self) -> None:
        """Help → Install a Fresh Copy of the Tour: a new copy beside the user's (edited) one."""
        self._install(fresh=True)

    def _install(self, fresh: bool) -> None:
        self.window.playground.start()  # the tour needs {{playground}}; a failure is said there
        self.run_on_pool("installed", functools.partial(_install_tour, fresh))

    def _after_installed(self, result: object) -> None:
        if isinstance(result, str):
            self.say(f"The tour could not be installed: {result}", 0)
            return
        assert isinstance(result, tuple)
        self.path, first = result
        self.open_in_window(self.path, first)

    def open_in_window(self, path: Path, first: str) -> None:
        """Show the tour in the collections panel, its first request selected and open in a tab."""
        self.window.open_collection(path)
        self.window.select_first_request(path)
        if first:  # in a tab too, so its description is on screen at once
            self.window.open_saved_request(path, first)
        self.say(f"Opened the urllib HOWTO tour from {path}")
        self.opened.emit(str(path))


def _insert_above_centre(window: MainWindow, bar: QWidget) -> None:
    """Put `bar` above whatever the central widget is (kept in a plain box from then on)."""
    central = window.takeCentralWidget()
    box = QWidget(window)
    box.setObjectName("centralBox")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    if central is not None:
        layout.addWidget(central, 1)
        central.show()  # reparenting hid it
    window.setCentralWidget(box)
    box.show()  # at once, not on the layout's queued show


def _install_tour(fresh: bool) -> tuple[Path, str] | str:
    """On the pool: the installed tour's folder and its first request, or why it failed."""
    from workbench.store import tour
    from workbench.store.collections import Collection
    from workbench.store.errors import StoreError

    try:
        path = tour.install(fresh=fresh)
        requests = Collection.open(path).requests("")
    except StoreError as exc:
        return str(exc)
    return path, requests[0] if requests else ""


def _save_answer(answer: str) -> str:
    """On the pool: remember the first-run answer; a problem in words, or ``""``."""
    from workbench.store import settings
    from workbench.store.errors import StoreError

    try:
        settings.update({settings.FIRST_RUN_DONE: True, settings.TOUR_ANSWER: answer})
    except StoreError as exc:
        return str(exc)
    return ""
