"""Export from the window: the current request as curl / Python / ``.http``, the shown exchange as
HAR, and (through `ExportDialog`) a whole collection as Postman v2.1 or ``.http``.

Converting reads nothing slow, but writing files and reading a response body for HAR do: those run
on the pool, and the status bar says how it went.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication

from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.engine.exchange import Exchange
    from workbench.engine.spec import RequestSpec
    from workbench.ui.export_dialog import ExportDialog
    from workbench.ui.main_window import MainWindow
    from workbench.ui.request_tab import RequestTab


class RequestFormat(NamedTuple):
    """One way to write a single request."""

    what: str
    suffix: str


REQUEST_FORMATS = {
    "curl": RequestFormat("curl command", ".sh"),
    "python": RequestFormat("Python script", ".py"),
    "http": RequestFormat(".http file", ".http"),
}


def request_text(kind: str, spec: RequestSpec, name: str) -> str:
    """`spec` as a curl command, a runnable urllib script or an ``.http`` request named `name`."""
    if kind == "http":
        from workbench.formats.http_export import to_http
        from workbench.formats.model import SavedRequest

        return to_http([SavedRequest(name or "Request", spec)])
    from workbench.ui.export import export_text

    return export_text(kind, spec)


def suggested_name(title: str, suffix: str) -> str:
    """A file name from a tab title: ``GET users.http``."""
    safe = "".join(c if c.isalnum() or c in " -_." else "-" for c in title).strip(" .-")
    return f"{safe or 'request'}{suffix}"


class ExportActions(QObject):
    """The window's export actions (menus call the slots; they act on the current tab)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.jobs: set[FormatJob] = set()
        self.dialog: ExportDialog | None = None

    def watch(self, tab: RequestTab) -> None:
        """Connect a new tab's Save as HAR button."""
        tab.save_har_requested.connect(self.save_har)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # --- one request ------------------------------------------------------------------------------
    def _text(self, kind: str) -> str | None:
        """The current request converted, or None (the wrong field marked, the reason said)."""
        from workbench.engine.errors import InvalidRequest
        from workbench.formats.errors import FormatError
        from workbench.ui.export import ExportUnavailable

        form = self.window.current_tab().form
        try:
            return request_text(kind, form.spec(), form.title())
        except InvalidRequest as exc:
            self._say(exc.message)
        except (ExportUnavailable, FormatError) as exc:
            self._say(f"Cannot write this request as a {REQUEST_FORMATS[kind].what}: {exc}")
        return None

    @Slot()
    def copy_http(self) -> None:
        """Edit > Copy as .http."""
        text = self._text("http")
        if text is not None:
            QGuiApplication.clipboard().setText(text)
            self._say("Copied as an .http request.")

    @Slot()
    def save_curl(self) -> None:
        """Request > Save as curl…"""
        self.save_request("curl")

    @Slot()
    def save_python(self) -> None:
        """Request > Save as Python…"""
        self.save_request("python")

    @Slot()
    def save_http(self) -> None:
        """Request > Save as .http…"""
        self.save_request("http")

    def save_request(self, kind: str) -> None:
        """Ask where, then write the current request in format `kind` there."""
        text = self._text(kind)
        if text is None:
            return
        fmt = REQUEST_FORMATS[kind]
        title = self.window.current_tab().form.title()
        path = _dialogs().save_file(
            self.window, f"Save the request as a {fmt.what}", suggested_name(title, fmt.suffix)
        )
        if path:
            self._start(partial(_write, path, text, f"Saved the request as a {fmt.what}"))

    # --- the exchange on display --------------------------------------------------------------------
    @Slot()
    def save_har(self) -> None:
        """Save the current tab's exchange (every hop, with timings) as HAR 1.2."""
        tab = self.window.current_tab()
        exchange = tab.response.exchange
        if exchange is None:
            self._say("There is no exchange to save yet: send the request first.")
            return
        path = _dialogs().save_file(
            self.window, "Save the exchange as HAR", suggested_name(tab.form.title(), ".har")
        )
        if path:
            self._start(partial(_write_har, path, exchange))

    # --- a collection -------------------------------------------------------------------------------
    @Slot()
    def export_collection(self) -> None:
        """File > Export Collection…: the dialog, built on first use."""
        if self.dialog is None:
            from workbench.ui.export_dialog import ExportDialog

            self.dialog = ExportDialog(self.window)
            self.dialog.message.connect(self._on_message)
        self.dialog.start()
        self.dialog.show()
        self.dialog.raise_()

    # --- jobs ---------------------------------------------------------------------------------------
    def _start(self, work: partial[str]) -> None:
        job = FormatJob(work)
        self.jobs.add(job)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.start()

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
        self._say(str(result))

    @Slot(str)
    def _on_job_failed(self, details: str) -> None:
        import logging

        logging.getLogger(__name__).error("internal error while exporting:\n%s", details)
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self.jobs, job)
        self._say("Workbench hit an internal error while exporting; nothing was written.")

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self._say(text)


def _write(path: str, text: str, done: str) -> str:
    """Write on the worker; what to tell the user."""
    from workbench.store import atomic

    try:
        atomic.write_text(path, text)
    except OSError as exc:
        return f"Could not write {path}: {exc.strerror or exc}."
    return f"{done} to {path}."


def _write_har(path: str, exchange: Exchange) -> str:
    from workbench.formats.har import exchange_to_har

    return _write(path, exchange_to_har(exchange), "Saved the exchange as HAR")


def install(window: MainWindow) -> ExportActions:
    """The export actions of `window` (its menus call them as ``exports.<slot>``)."""
    return ExportActions(window)


def _dialogs() -> Any:
    """The file dialogs, loaded on first use (tests replace their functions)."""
    from workbench.ui import dialogs

    return dialogs
