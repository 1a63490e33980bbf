"""One request tab: the URL bar, the request tabs, the response, and the sends it has running."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from workbench.engine.errors import InvalidRequest
from workbench.ui.request_editor import RequestEditor
from workbench.ui.request_form import RequestForm
from workbench.ui.send_job import JobReaper, Preparer, SendJob, retire
from workbench.ui.url_bar import UrlBar

if TYPE_CHECKING:
    from workbench.engine.exchange import Exchange
    from workbench.ui.collection_document import TabDocument
    from workbench.ui.response_view import ResponseView

log = logging.getLogger(__name__)


class RequestTab(QWidget):
    """Sends its request off the GUI thread; another send may run in another tab meanwhile.

    Signals:
        edited: something typed changed (autosave, tab title).
        running_changed(bool): a send of this tab started or ended.
        exchange_shown(Exchange): a finished exchange is on display.
        sent(RequestSpec, Exchange, frozenset[str]): a send finished (the spec as the editor gave
            it, the secret values the send filled in); emitted before the exchange is shown, while
            its body is surely open (history records it, masking those values).
        message(str): for the window's status bar.
        save_har_requested: the timeline's Save as HAR button was pressed.

    The Params table and the response side are built when first used (`editor.params_table`,
    `response`), or by the window right after its first frame (`build_shown`): until then the Params
    page is empty and a label of the same empty state stands in for the response (start-up time).
    """

    edited = Signal()
    running_changed = Signal(bool)
    exchange_shown = Signal(object)
    sent = Signal(object, object, object)
    message = Signal(str)
    save_har_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preparer_factories: list[Callable[[RequestTab], Preparer]] = []
        """Called on the GUI thread at each send (with this tab) for the steps to run on the worker
        before the engine; the window shares one list among its tabs (variables, profiles...)."""
        self.before_send: Callable[[], object] = _nothing
        """Called first by `send`: the window builds the features that fill `preparer_factories`
        and record the send, if its first frame has not yet left them built."""
        self.document: TabDocument | None = None
        self.restored_title = ""
        """The title its saved request had when the state was saved, until the collections (built
        after the first frame) link the tab to its file again."""
        """The request file this tab edits (collections), or None for an unsaved request."""
        self.url_bar = UrlBar(self)
        self.editor = RequestEditor(self)
        self.form = RequestForm(self.url_bar, self.editor)
        self._response: ResponseView | None = None
        self.splitter = QSplitter(parent=self)  # horizontal; the parent by keyword (see lazy_qt)
        self.splitter.setObjectName("requestSplitter")
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(_empty_response())
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes(
            [600, 600]
        )  # halves (scaled when first shown): every request tab label fits
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.url_bar)
        layout.addWidget(self.splitter, 1)
        self.jobs: set[SendJob] = set()
        self.current: SendJob | None = None
        self.typed_url = ""
        self.ticker = QTimer(self)
        self.ticker.setInterval(100)
        self.ticker.timeout.connect(self._on_tick)
        self.url_bar.send.clicked.connect(self.send)
        self.url_bar.cancel.clicked.connect(self.cancel)
        self.url_bar.url.returnPressed.connect(self.send)
        self.form.edited.connect(self.edited)
        self.setFocusProxy(self.url_bar)

    @property
    def response(self) -> ResponseView:
        """The response side (built now if it was not)."""
        if self._response is None:
            from workbench.ui.response_view import ResponseView

            view = ResponseView(self)
            view.message.connect(self.message)
            view.timeline.save_har.clicked.connect(self.save_har_requested)
            sizes = self.splitter.sizes()
            placeholder = self.splitter.replaceWidget(1, view)
            if placeholder is not None:
                placeholder.deleteLater()
            if any(sizes):  # the new side would otherwise take its size hint's share
                self.splitter.setSizes(sizes)
            self._response = view
        return self._response

    def is_response_built(self) -> bool:
        """Whether the response side exists yet."""
        return self._response is not None

    @Slot()
    def build_response(self) -> None:
        """Build the response side now."""
        _ = self.response

    def build_shown(self) -> None:
        """Build what the first frame leaves out of a tab on display: the Params table and the
        response side (the window calls it after its first frame, and when a tab is first shown)."""
        _ = self.editor.params_table
        self.build_response()
        # Its icon comes from the style's icon theme, which loads every image format plugin Qt has.
        self.url_bar.url.setClearButtonEnabled(True)

    def build_all(self) -> None:
        """Build the parts made on first use (pages, views), for automation that looks them up."""
        self.editor.build_all()
        self.build_shown()

    def is_running(self) -> bool:
        """Whether a send of this tab is in flight."""
        return self.current is not None

    @Slot()
    def send(self) -> bool:
        """Check the inputs and start sending; False (and the field marked) when a value is wrong."""
        if self.current is not None:
            return False
        self.before_send()
        try:
            spec = self.form.spec()
        except InvalidRequest as exc:
            self.message.emit(exc.message)
            return False
        job = SendJob(spec, preparers=[make(self) for make in self.preparer_factories])
        job.profiles = (self.editor.profile("auth"), self.editor.profile("proxy"))
        self.jobs.add(job)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        self.current, self.typed_url = job, spec.url
        self.url_bar.set_running(True)
        self.response.running()
        self.ticker.start()
        job.start()
        self.running_changed.emit(True)
        return True

    @Slot()
    def cancel(self) -> None:
        """Stop the running send; what arrived so far is shown, marked cancelled."""
        if self.current is not None:
            self.current.cancel()

    def cancel_all(self) -> None:
        """Cancel every send this tab started (closing)."""
        for job in self.jobs:
            job.cancel()

    def hand_over(self, reaper: JobReaper) -> None:
        """The tab is closing: cancel its sends and let `reaper` collect them."""
        for job in list(self.jobs):
            job.progress.disconnect(self._on_progress)
            job.finished.disconnect(self._on_finished)
            job.failed.disconnect(self._on_failed)
            reaper.adopt(job)
        self.jobs.clear()
        self.current = None
        self.ticker.stop()
        if self._response is not None:  # never built: nothing of it to hand over
            self._response.body.hand_over(reaper)

    def _take_job(self) -> SendJob | None:
        job = self.sender()
        if not isinstance(job, SendJob):
            return None
        retire(self.jobs, job)
        if job is not self.current:
            return None  # superseded: nobody shows it
        self.current = None
        self.ticker.stop()
        self.url_bar.set_running(False)
        self.running_changed.emit(False)
        return job

    @Slot("qlonglong", "qlonglong")
    def _on_progress(self, received: int, total: int) -> None:
        if self.sender() is self.current:
            self.response.status.set_progress(received, total)

    @Slot(object)
    def _on_finished(self, exchange: Exchange) -> None:
        job = self._take_job()
        if job is None:
            exchange.body.close()
            return
        self.sent.emit(job.spec, exchange, job.secrets)
        error = exchange.error
        if error is not None and error.kind == "invalid-request" and error.field:
            self.form.show_problem(error.field, error.message)
        self.response.show_exchange(exchange, self.typed_url)
        self.exchange_shown.emit(exchange)

    @Slot(str)
    def _on_failed(self, details: str) -> None:
        log.error("internal error while sending:\n%s", details)
        if self._take_job() is None:
            return
        from workbench.engine.exchange import Failure

        failure = Failure(
            "protocol",
            "Workbench hit an internal error while sending; nothing more is known.",
            "Please report this, with the detail below.",
            detail=details.strip().splitlines()[-1],
        )
        self.response.error.show_failure(failure, self.typed_url)
        self.response.error.title.setText("Internal error")
        self.response.stack.setCurrentWidget(self.response.error)
        self.response.status.idle()

    @Slot()
    def _on_tick(self) -> None:
        if self.current is not None:
            elapsed = (time.perf_counter() - self.current.started) * 1000
            self.response.status.set_elapsed(elapsed)
            latest = self.current.latest
            if latest is not None:
                self.response.status.set_progress(*latest)

    def title(self) -> str:
        """The tab's title: its saved request's name (marked while unsaved), else method and path."""
        if self.document is not None:
            return self.document.title()
        return self.restored_title or self.form.title()

    def state(self) -> dict[str, Any]:
        """What was typed, and the splitter position."""
        state = self.form.state()
        state["splitter"] = bytes(self.splitter.saveState().toBase64().data()).decode("ascii")
        if self.document is not None:
            state["document"] = self.document.state()
            state["title"] = self.document.title()
        return state

    def restore(self, state: dict[str, Any]) -> None:
        """Put back a saved state."""
        self.form.restore(state)
        self.restored_title = saved_title(state)
        splitter = state.get("splitter")
        if isinstance(splitter, str):
            self.splitter.restoreState(QByteArray.fromBase64(splitter.encode("ascii")))


def saved_title(state: dict[str, Any]) -> str:
    """The title a tab's state kept for its saved request ('' for a tab with no file)."""
    title = state.get("title")
    return title if isinstance(title, str) and "document" in state else ""


def _nothing() -> None:
    pass


def _empty_response() -> QLabel:
    """What the response side shows until it is built: the words of its empty state."""
    label = QLabel("No response yet.\nSend the request (Ctrl+Enter) to see the response here.")
    label.setObjectName("responsePlaceholder")
    label.setStyleSheet("qproperty-alignment: AlignCenter;")  # centred, without reading `Qt`
    label.setEnabled(False)
    return label
