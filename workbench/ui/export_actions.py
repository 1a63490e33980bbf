"""Export from the window: the current request as curl / Python / ``.http``, the shown exchange as
HAR, and (through `ExportDialog`) a whole collection as Postman v2.1 or ``.http``.

A request is exported as a send would make it: the tab's send steps (variables, saved profiles, which
may read the keyring), the converter and the file write run on the pool (`prepared_export.run`), then
the text goes to the clipboard or a step's refusal to its field; the status bar says how it went.
Save as asks first when the text holds secrets (back on the GUI thread), then writes on the pool.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication

from workbench.ui.prepared_export import REQUEST_FORMATS, Outcome, finish_save, run
from workbench.ui.send_job import FormatJob, retire

if TYPE_CHECKING:
    from workbench.engine.exchange import Exchange
    from workbench.engine.spec import RequestSpec
    from workbench.ui.export_dialog import ExportDialog
    from workbench.ui.main_window import MainWindow
    from workbench.ui.request_tab import RequestTab


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

    # --- one request, as a send would make it --------------------------------------------------
    def copy(self, kind: str) -> bool:
        """Copy the current request as `kind` (curl, python, http) once prepared on the pool.

        False when a typed value is wrong (marked at its field, said in the status bar)."""
        tab = self.window.current_tab()
        spec = self._checked(tab)
        if spec is None:
            return False
        self._export(kind, tab, spec, "")
        return True

    @Slot()
    def copy_http(self) -> None:
        """Edit > Copy as .http."""
        self.copy("http")

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
        """Ask where, then write the current request, prepared as a send would, in format `kind`."""
        tab = self.window.current_tab()
        spec = self._checked(tab)
        if spec is None:
            return
        fmt = REQUEST_FORMATS[kind]
        path = _dialogs().save_file(
            self.window,
            f"Save the request as a {fmt.what}",
            suggested_name(tab.form.title(), fmt.suffix),
        )
        if path:
            self._export(kind, tab, spec, path)

    def _checked(self, tab: RequestTab) -> RequestSpec | None:
        """The tab's request as typed, or None (the wrong field marked, the reason said)."""
        from workbench.engine.errors import InvalidRequest

        try:
            return tab.form.spec()
        except InvalidRequest as exc:
            self._say(exc.message)
            return None

    def _export(self, kind: str, tab: RequestTab, spec: RequestSpec, path: str) -> None:
        """Run the send's steps, the converter and the write (when `path`) on the pool."""
        preparers = [make(tab) for make in tab.preparer_factories]  # as `RequestTab.send`
        own = (tab.editor.profile("auth"), tab.editor.profile("proxy"))
        work = partial(run, kind, spec, preparers, tab.form.title(), own, path)
        self._start(work, self._on_request_done, tag=(tab, path, kind))

    @Slot(object)
    def _on_request_done(self, outcome: Outcome) -> None:
        job = self.sender()
        if not isinstance(job, FormatJob):
            return
        retire(self.jobs, job)
        tab, path, kind = cast("tuple[RequestTab, str, str]", job.tag)
        if outcome.problem is not None and tab in self.window.request_tabs():
            tab.form.show_problem(*outcome.problem)  # as a send refused by the same step shows it
        elif outcome.done and not path:
            QGuiApplication.clipboard().setText(outcome.text)
        elif path and outcome.secrets:
            self._ask_then_save(kind, path, outcome)
            return
        self._say(outcome.message)

    def _ask_then_save(self, kind: str, path: str, outcome: Outcome) -> None:
        """The text holds secrets: write them, references instead, or nothing, as the user says."""
        dialogs = _dialogs()
        choice = dialogs.ask_secrets_in_file(self.window, path, outcome.secrets, outcome.message)
        if not choice:
            self._say(f"Not saved: nothing was written to {path}.")
            return
        with_secrets = choice == dialogs.WRITE_SECRETS
        self._start(partial(finish_save, kind, path, outcome, with_secrets), self._on_job_finished)

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
            self._start(partial(_write_har, path, exchange), self._on_job_finished)

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
    def _start(self, work: partial[Any], done: Callable[[Any], None], tag: object = None) -> None:
        """Run `work` on the pool; `done` (an @Slot of this object) gets its result."""
        job = FormatJob(work, tag)
        self.jobs.add(job)
        job.finished.connect(done)
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
        self._say("Workbench hit an internal error while exporting; nothing was copied or written.")

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self._say(text)


def _write_har(path: str, exchange: Exchange) -> str:
    """On the worker: the HAR written; what to tell the user."""
    from workbench.formats.har import exchange_to_har
    from workbench.ui.prepared_export import write_file

    problem = write_file(path, exchange_to_har(exchange))
    return problem or f"Saved the exchange as HAR to {path}."


def install(window: MainWindow) -> ExportActions:
    """The export actions of `window` (its menus call them as ``exports.<slot>``)."""
    return ExportActions(window)


def _dialogs() -> Any:
    """The file dialogs, loaded on first use (tests replace their functions)."""
    from workbench.ui import dialogs

    return dialogs
