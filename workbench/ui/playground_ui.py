"""Help → Playground: the built-in test server started and stopped from the window.

While it runs, the window's runtime variables hold ``{{playground}}`` and ``{{playground_proxy}}``
(what the tour's requests use), and the status bar shows its address. The playground package and
the tour module are imported on first start, not with the window.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMessageBox

from workbench.ui.send_job import FormatJob, pool, retire

if TYPE_CHECKING:
    from workbench.playground import Playground
    from workbench.ui.main_window import MainWindow

log = logging.getLogger(__name__)

CLOSE_STOP_S = 2.0
"""How long closing the window lets the playground end its connections (the window waits for the pool)."""


class PoolUser(QObject):
    """Base of the window's small controllers: runs store calls on the pool, results to `_after_<tag>`.

    Work functions catch the errors they expect and return them as values; anything that escapes is
    a bug, logged and shown as an internal error (STYLE, Threads 4).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.jobs: set[FormatJob] = set()

    def run_on_pool(self, tag: str, work: Callable[[], object]) -> None:
        """Run `work` off the GUI thread; its result goes to ``self._after_<tag>(result)``."""
        job = FormatJob(work, tag)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        self.jobs.add(job)
        job.start()

    def busy(self) -> bool:
        """Whether some of this controller's work is still running on the pool."""
        return bool(self.jobs)

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
            getattr(self, f"_after_{job.tag}")(result)

    @Slot(str)
    def _on_job_failed(self, details: str) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
        log.error("internal error in %s:\n%s", type(self).__name__, details)
        self.say("Workbench hit an internal error; the details are in its log.")

    def say(self, text: str, ms: int = 8000) -> None:
        """A message in the window's status bar."""
        self.window.statusBar().showMessage(text, ms)


class PlaygroundController(PoolUser):
    """Starts and stops the playground for one window.

    Signals:
        started(str): the playground runs at this address.
        stopped(): it no longer runs (its variables are gone).
        failed(str): it could not start; the message in words.
    """

    started = Signal(str)
    stopped = Signal()
    failed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.playground: Playground | None = None
        self.variables: dict[str, str] = {}
        """The runtime variables set for the running playground (removed again on stop)."""
        self.address: QLabel | None = None
        self.error_box: QMessageBox | None = None

    def is_running(self) -> bool:
        """Whether this window's playground is serving."""
        return self.playground is not None

    @property
    def url(self) -> str:
        """The running playground's address, or ``""``."""
        return self.playground.url if self.playground is not None else ""

    @Slot()
    def start(self) -> bool:
        """Start the playground (with the tour's proxy) unless it runs; False, said, when it cannot."""
        if self.playground is not None:
            return True
        from workbench.playground import Playground, PlaygroundError, PortInUseError
        from workbench.store import tour

        playground = Playground(port=0, proxy_port=0, proxy_auth=tour.PROXY_AUTH)
        try:
            playground.start()
        except PortInUseError as exc:
            return self._failed(f"port {exc.port} is already in use by another program")
        except (PlaygroundError, OSError) as exc:
            return self._failed(str(exc))
        self.playground = playground
        self.variables = tour.playground_variables(playground.url, playground.proxy_url)
        self.window.runtime_variables.update(self.variables)
        self.run_on_pool("profiles", functools.partial(_save_profiles, playground.proxy_url))
        self.update_view()
        self.say(f"The playground is running at {playground.url}")
        self.started.emit(playground.url)
        return True

    @Slot()
    def stop(self) -> None:
        """Stop the playground; its connections end on the pool, the variables go at once."""
        playground = self._detach()
        if playground is None:
            return
        self.run_on_pool("stopped", playground.stop)
        self.update_view()
        self.stopped.emit()

    def shutdown(self) -> None:
        """The window is closing: stop on the pool, which the window then waits for."""
        playground = self._detach()
        if playground is not None:
            pool().start(functools.partial(playground.stop, CLOSE_STOP_S))

    @Slot()
    def copy_address(self) -> None:
        """Put the playground's address on the clipboard."""
        if self.playground is None:
            self.say("The playground is not running: Help → Playground → Start.")
            return
        QGuiApplication.clipboard().setText(self.playground.url)
        self.say(f"Copied {self.playground.url}")

    @Slot()
    def open_index(self) -> None:
        """A new request tab for the playground's index page (``{{playground}}/``), sent at once."""
        if not self.start():
            return
        tab = self.window.add_tab()
        tab.url_bar.url.setText("{{playground}}/")
        # The playground is on loopback: a system proxy (http_proxy without 127.0.0.1 in
        # no_proxy) would carry the request away from it, or fail.
        tab.editor.restore_page("proxy", {"mode": "direct"})
        tab.send()
        self.window.schedule_save()

    def _detach(self) -> Playground | None:
        playground, self.playground = self.playground, None
        for name, value in self.variables.items():
            if self.window.runtime_variables.get(name) == value:
                del self.window.runtime_variables[name]
        self.variables = {}
        return playground

    def _failed(self, why: str) -> bool:
        message = f"The playground could not start: {why}."
        self.say(message, 0)
        box = QMessageBox(QMessageBox.Icon.Warning, "Playground", message, parent=self.window)
        box.setObjectName("playgroundError")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the event loop (and the tests) carry on
        self.error_box = box
        self.failed.emit(message)
        return False

    def update_view(self) -> None:
        """Menu items and the status bar address follow the running state."""
        running = self.playground is not None
        actions = self.window.action_map
        actions["playground_start"].setEnabled(not running)
        actions["playground_stop"].setEnabled(running)
        actions["playground_index"].setEnabled(True)  # starts it when needed
        copy = actions["playground_copy"]
        copy.setEnabled(running)
        copy.setText(f"&Copy Address ({self.url})" if running else "&Copy Address")
        if self.playground is not None:
            label = self._address_label()
            label.setText(f"Playground: {self.url}")
            label.setToolTip(_tooltip(self.playground))
            label.show()
        elif self.address is not None:  # made on the first start: none at all at start-up
            self.address.hide()

    def _address_label(self) -> QLabel:
        if self.address is None:
            self.address = QLabel(self.window)
            self.address.setObjectName("playgroundAddress")
            self.address.setAccessibleName("Playground address")
            self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.window.statusBar().addPermanentWidget(self.address)
        return self.address

    def _after_profiles(self, problem: object) -> None:
        if problem:
            self.say(f"The playground runs, but its demo profiles were not saved: {problem}")

    def _after_stopped(self, _result: object) -> None:
        if self.playground is None:
            self.say("The playground has stopped.")


def _tooltip(playground: Playground) -> str:
    lines = [f"The playground runs at {playground.url} (this computer only)."]
    if playground.proxy_url:
        lines.append(f"Its proxy: {playground.proxy_url}, user {playground.proxy_user}.")
    lines.append("Requests use it as {{playground}} and {{playground_proxy}}.")
    return "\n".join(lines)


def _save_profiles(proxy_url: str | None) -> Any:
    """On the pool (keyring): the tour's auth and proxy profiles; a problem in words, or ``""``."""
    from workbench.store import tour
    from workbench.store.errors import StoreError
    from workbench.store.profiles import ProfileStore

    try:
        tour.ensure_tour_profiles(ProfileStore(), proxy_url)
    except StoreError as exc:
        return str(exc)
    return ""
