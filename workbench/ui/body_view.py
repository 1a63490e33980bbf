"""The response body: Pretty, Raw, Hex, Image or Rendered; large bodies arrive a piece at a time.

Small bodies are formatted at once on the GUI thread (microseconds). Anything over `SYNC_LIMIT` is
formatted on the pool by a `FormatJob` per piece; the first piece shows straight away and `Show more`
appends the next. Results from a body or mode that has since been replaced are dropped by generation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QImage, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.body import Payload
from workbench.ui import dialogs, icons, theme
from workbench.ui.find_bar import FindBar
from workbench.ui.highlighters import LazyHighlighter
from workbench.ui.pretty import BodyModes, BodyPieces, Piece, modes_for
from workbench.ui.safe_browser import SafeBrowser
from workbench.ui.send_job import FormatJob, JobReaper, retire
from workbench.ui.sizes import format_size

SYNC_LIMIT = 64 * 1024
"""Bodies up to this size are formatted on the GUI thread; larger ones on the pool."""
RENDER_LIMIT = 512 * 1024
"""Rendered HTML shows at most this much of a page (QTextDocument builds on the GUI thread)."""
AUTO_RENDER_LIMIT = 24 * 1024
"""Larger pages are rendered only when asked: QTextDocument lays out on the GUI thread, and a
dense table page of 64 KiB already holds the window up for ~180 ms (measured)."""
IMAGE_LIMIT = 64 * 1024 * 1024
MODE_TITLES = {
    "pretty": "Pretty",
    "raw": "Raw",
    "hex": "Hex",
    "image": "Image",
    "rendered": "Rendered",
}


class BodyView(QWidget):
    """Shows one payload in the chosen mode.

    Signals:
        shown: the first screen of the current body is on display.
        message(str): something to tell in the window's status bar (saved, failed to save).
    """

    shown = Signal()
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.payload: Payload | None = None
        self.modes = BodyModes(("raw",), "raw")
        self.generation = 0
        self.pieces: BodyPieces | None = None
        self.pieces_shown = 0
        self.base_notes: tuple[str, ...] = ()
        self.jobs: set[FormatJob] = set()
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("responseBodyView")
        self.text.setAccessibleName("Response body")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.highlighter = LazyHighlighter(self.text)
        self.image = QLabel(self)
        self.image.setObjectName("imageView")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_area = QScrollArea(self)
        self.image_area.setWidget(self.image)
        self.image_area.setWidgetResizable(True)
        self.rendered = SafeBrowser(self)
        self.rendered.setObjectName("renderedView")
        self.rendered.setAccessibleName("Rendered page")
        self.stack = QStackedWidget(self)
        for page in (self.text, self.image_area, self.rendered):
            self.stack.addWidget(page)
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        self.info = QLabel(self)
        self.info.setObjectName("bodyInfo")
        # "Showing 1 MiB of 20 MiB" gives way in a narrow pane rather than widening the response side.
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        theme.set_role(self.info, "hint")
        self.more = QPushButton(icons.icon("more"), "Show more", self)
        self.more.setObjectName("showMoreButton")
        self.save = QPushButton(icons.icon("save"), "Save…", self)
        self.save.setObjectName("saveBodyButton")
        self.save.setToolTip("Save the whole body to a file (Ctrl+Shift+S)")
        self.render_all = self._render_button()
        self.render_wanted = False
        """Whether the user asked to render this (large) page."""
        self.note = QLabel(self)
        self.note.setObjectName("bodyNote")
        self.note.setWordWrap(True)
        theme.set_role(self.note, "hint")
        self.find_bar = FindBar(self)
        self._lay_out()
        self.more.clicked.connect(self._on_more_clicked)
        self.save.clicked.connect(self.save_dialog)
        self.buttons.idClicked.connect(self._on_mode_clicked)
        self.show_payload(None)

    def _render_button(self) -> QPushButton:
        button = QPushButton("Render it anyway", self)
        button.setObjectName("renderAnywayButton")
        button.setToolTip("Lay the page out now: the window waits while it does")
        button.hide()
        button.clicked.connect(self._on_render_all_clicked)
        return button

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for number, (mode, title) in enumerate(MODE_TITLES.items()):
            button = QToolButton(self)
            button.setText(title)
            button.setObjectName(f"mode_{mode}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            self.buttons.addButton(button, number)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.info)
        bar.addWidget(self.more)
        bar.addWidget(self.render_all)
        bar.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.find_bar)

    # --- showing a body -----------------------------------------------------------------------------
    def show_payload(self, payload: Payload | None, notes: tuple[str, ...] = ()) -> None:
        """Show a new body (None clears the view) in its default mode."""
        self.payload = payload
        self.render_wanted = False
        self.base_notes = notes
        self.modes = (
            modes_for(payload.media_type, payload.is_binary, payload.preview)
            if payload is not None
            else BodyModes(("raw",), "raw")
        )
        for number, mode in enumerate(MODE_TITLES):
            self.buttons.button(number).setVisible(mode in self.modes.modes and payload is not None)
        self.save.setVisible(payload is not None and payload.content_size > 0)
        self.set_mode(self.modes.default)

    def mode(self) -> str:
        """The mode on display."""
        return list(MODE_TITLES)[max(self.buttons.checkedId(), 0)]

    def set_mode(self, mode: str) -> None:
        """Show the body as `mode` (one of those offered)."""
        self.buttons.button(list(MODE_TITLES).index(mode)).setChecked(True)
        self.generation += 1
        self.pieces = None
        self.more.hide()
        self.render_all.hide()
        self._set_note("")
        if mode == "image":
            self._show_image()
        elif mode == "rendered":
            self._show_rendered()
        else:
            self._show_text(mode)

    def _show_text(self, mode: str) -> None:
        self.stack.setCurrentWidget(self.text)
        self.text.clear()
        payload = self.payload
        language = self.modes.language if mode == "pretty" else ""
        self.highlighter.set_language(language)
        if payload is None or payload.content_size == 0:
            self.text.setPlaceholderText(
                "The response has no body."
                if payload
                else "Send the request (Ctrl+Enter) to see the response here."
            )
            self.info.clear()
            self.shown.emit()
            return
        kind = "hex" if mode == "hex" else "json" if language == "json" else "text"
        self.pieces = BodyPieces(payload, kind)
        self.pieces_shown = 0
        self._next_piece()

    def _next_piece(self) -> None:
        pieces = self.pieces
        if pieces is None or self.payload is None:
            return
        if self.payload.content_size <= SYNC_LIMIT:
            self._append(pieces.next())
            return
        self.more.setEnabled(False)
        self.info.setText("Formatting…")
        self._start(FormatJob(pieces.next, tag=self.generation))

    def _start(self, job: FormatJob) -> None:
        self.jobs.add(job)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.start()

    def _append(self, piece: Piece) -> None:
        first = self.pieces_shown == 0
        self.pieces_shown += 1
        if first:
            self.text.setPlainText(piece.text)
        else:
            cursor = QTextCursor(self.text.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.block().setUserState(-1)  # the last line grows: colour it again
            cursor.insertText(piece.text)
        assert self.payload is not None
        total = self.payload.content_size
        shown = "all of" if piece.done else f"{format_size(piece.end)} of"
        self.info.setText(f"Showing {shown} {format_size(total)}")
        self.more.setVisible(not piece.done)
        self.more.setEnabled(True)
        if piece.note:
            self._set_note(piece.note)
        if first:
            self.shown.emit()

    def _show_image(self) -> None:
        self.stack.setCurrentWidget(self.image_area)
        self.image.setText("Decoding the image…")
        payload = self.payload
        if payload is None or payload.content_size > IMAGE_LIMIT:
            self.image.setText("The image is too large to preview; save it to a file instead.")
            return
        self._start(FormatJob(lambda: QImage.fromData(payload.read()), tag=self.generation))

    def _show_rendered(self) -> None:
        self.stack.setCurrentWidget(self.rendered)
        payload = self.payload
        if (
            payload is not None
            and payload.content_size > AUTO_RENDER_LIMIT
            and not self.render_wanted
        ):
            self.rendered.setHtml("")
            self.render_all.show()
            self._set_note(
                f"The page is {format_size(payload.content_size)}: laying it out would hold up the "
                "window for a moment, so it waits until you ask. Raw shows its source now."
            )
            self.shown.emit()
            return
        text = payload.text(RENDER_LIMIT) if payload is not None else None
        self.rendered.setHtml(text or "")
        if payload is not None and payload.content_size > RENDER_LIMIT:
            self._set_note(f"Rendered from the first {format_size(RENDER_LIMIT)} of the page.")
        self.shown.emit()

    @Slot()
    def _on_render_all_clicked(self) -> None:
        self.render_wanted = True
        self.set_mode("rendered")

    def _set_note(self, text: str) -> None:
        notes = [*self.base_notes, text] if text else list(self.base_notes)
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))

    # --- job results --------------------------------------------------------------------------------
    def _finish_job(self) -> FormatJob | None:
        job = self.sender()
        if not isinstance(job, FormatJob):
            return None
        retire(self.jobs, job)
        return job

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        job = self._finish_job()
        if job is not None and job.tag == "save" and isinstance(result, str):
            self.message.emit(result)
        if job is None or job.tag != self.generation:
            return
        if isinstance(result, Piece):
            self._append(result)
        elif isinstance(result, QImage):
            self._set_image(result)

    @Slot(str)
    def _on_job_failed(self, details: str) -> None:
        job = self._finish_job()
        if job is not None and job.tag == "save":
            self.message.emit("Could not save the body: " + details.strip().splitlines()[-1])
        elif job is not None and job.tag == self.generation:
            self._set_note("Could not format the body: " + details.strip().splitlines()[-1])
            self.more.setEnabled(True)

    def _set_image(self, image: QImage) -> None:
        if image.isNull():
            self.image.setText("This image could not be decoded.")
        else:
            self.image.setPixmap(QPixmap.fromImage(image))
            self.info.setText(f"{image.width()} × {image.height()} px")
        self.shown.emit()

    # --- actions ------------------------------------------------------------------------------------
    @Slot()
    def _on_more_clicked(self) -> None:
        self._next_piece()

    @Slot(int)
    def _on_mode_clicked(self, number: int) -> None:
        self.set_mode(list(MODE_TITLES)[number])

    @Slot()
    def save_dialog(self) -> None:
        """Ask where to save the whole body, then write it on the pool."""
        if self.payload is None or self.payload.content_size == 0:
            self.message.emit("There is no body to save.")
            return
        path = dialogs.save_file(self, "Save the response body")
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        """Write the whole body (not just the part shown) to `path`, off the GUI thread."""
        payload = self.payload
        if payload is None:
            return
        self.message.emit(f"Saving {format_size(payload.content_size)} to {path}…")
        self._start(FormatJob(lambda: _save(payload, path), tag="save"))

    def hand_over(self, reaper: JobReaper) -> None:
        """The view is closing: let `reaper` collect the formatting still running."""
        for job in list(self.jobs):
            job.finished.disconnect(self._on_job_finished)
            job.failed.disconnect(self._on_job_failed)
            reaper.adopt(job)
        self.jobs.clear()

    def open_find(self) -> None:
        """Show the find bar for the text on display."""
        target = self.rendered if self.stack.currentWidget() is self.rendered else self.text
        partial = self.more.isVisible()
        self.find_bar.open(target, "Searching the part shown" if partial else "")


def _save(payload: Payload, path: str) -> str:
    try:
        payload.save(path)
    except OSError as exc:
        return f"Could not save the body to {path}: {exc.strerror or exc}."
    return f"Saved {format_size(payload.content_size)} to {path}."
