"""One request's inputs as a whole: builds the engine's `RequestSpec`, keeps URL and Params in step,
shows wrong values at their field, and saves and restores what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal, Slot

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import Auth, Field, RequestSpec
from workbench.engine.validate import check_url
from workbench.ui import url_query
from workbench.ui.field_marks import FieldMark
from workbench.ui.request_editor import PAGE_OF_FIELD, RequestEditor
from workbench.ui.table_models import header_problem
from workbench.ui.url_bar import UrlBar


class RequestForm(QObject):
    """Reads and writes the URL bar and the request tabs of one tab.

    Signals:
        edited: anything typed changed (for autosave and the tab title).
    """

    edited = Signal()

    def __init__(self, url_bar: UrlBar, editor: RequestEditor) -> None:
        super().__init__(editor)
        self.url_bar = url_bar
        self.editor = editor
        self._syncing = False
        self.url_may_be_relative = False
        """True for a saved request: its folder may give a base URL, so the engine checks it after."""
        self.auth_profiles: Callable[[str], Auth | None] | None = None
        """A saved auth profile's settings by name, from memory (`profile_pickers`), so the added
        headers show what a chosen profile adds; None: profiles not wired in."""
        url_bar.url.textChanged.connect(self._on_url_changed)
        url_bar.method.editTextChanged.connect(self._on_method_changed)
        editor.params_model.edited.connect(self._on_params_edited)
        editor.edited.connect(self._on_editor_edited)
        # The added headers show on the Headers page: worked out when it is built, not before.
        editor.when_built("headers", self._on_headers_built)

    # --- building the spec ------------------------------------------------------------------------
    def spec(self) -> RequestSpec:
        """The request to send; raises `InvalidRequest` after marking the field at fault."""
        try:
            return self._checked_spec()
        except InvalidRequest as exc:
            self.show_problem(exc.field, exc.message)
            raise

    def _checked_spec(self) -> RequestSpec:
        method = self.url_bar.check_method()
        url = self.url_bar.url.text().strip()
        if "{{" not in url and not self.url_may_be_relative:  # else checked once resolved
            check_url(url)
        self.url_bar.url_mark.clear()
        headers = tuple(self.editor.header_rows())
        for row in headers:
            problem = header_problem(row)
            if problem:
                raise InvalidRequest("header", problem[1])
        if self.editor.is_built("headers"):
            self.editor.headers.mark.clear()
        value = self.editor.value
        return RequestSpec(
            url=url,
            method=method,
            params=self._disabled_params(),
            headers=headers,
            body=value("body", validate=True),
            auth=value("auth", validate=True),
            proxy=value("proxy", validate=True),  # {{variables}} in it are checked once resolved
            options=value("options", validate=True),
        )

    def draft(self) -> RequestSpec:
        """The request as typed so far, without checks (for previews)."""
        value = self.editor.value
        return RequestSpec(
            url=self.url_bar.url.text().strip(),
            method=self.url_bar.method_text().strip() or "GET",
            params=self._disabled_params(),
            headers=tuple(self.editor.header_rows()),
            body=value("body", validate=False),
            auth=value("auth", validate=False),
            proxy=value("proxy", validate=False),
            options=value("options", validate=False),
        )

    def _disabled_params(self) -> tuple[Field, ...]:
        # Enabled rows are already in the URL, which is sent as typed; disabled ones ride along unsent.
        return tuple(r for r in self.editor.params_model.rows() if not r.enabled)

    # --- wrong values -----------------------------------------------------------------------------
    def mark_for(self, field: str) -> FieldMark | None:
        """The mark that shows problems of an engine field name (its page is built if need be)."""
        if field == "url":
            return self.url_bar.url_mark
        if field == "method":
            return self.url_bar.method_mark
        page = PAGE_OF_FIELD.get(field)
        if page is None or page == "params":
            return None
        if page != "options":
            mark: FieldMark = self.editor.page(page).mark
            return mark
        options: dict[str, FieldMark] = self.editor.options.marks
        return options.get("ca_file" if field == "tls" else field)

    def show_problem(self, field: str, message: str) -> None:
        """Show `message` at the field, bring its tab forward and focus it."""
        if field == "body" and self.editor.body.kind() == "file":
            mark: FieldMark | None = self.editor.body.file.mark
        else:
            mark = self.mark_for(field)
        if mark is None:
            return
        if not mark.message:
            mark.show(message)
        self.editor.show_field(field)
        mark.field.setFocus()

    # --- URL and params in step -------------------------------------------------------------------
    @Slot(str)
    def _on_url_changed(self, text: str) -> None:
        if not self._syncing:
            _, query, _ = url_query.split_url(text)
            model = self.editor.params_model
            rows = url_query.merge_rows(model.rows(), url_query.parse_query(query))
            if rows != model.rows():
                self._syncing = True
                try:
                    model.set_rows(rows)
                finally:
                    self._syncing = False
        self._changed()

    @Slot()
    def _on_params_edited(self) -> None:
        if self._syncing:
            return
        pairs = url_query.enabled_pairs(self.editor.params_model.rows())
        url = self.url_bar.url.text()
        new_url = url_query.url_with_query(url, pairs)
        if url_query.parse_query(url_query.split_url(url)[1]) != pairs and new_url != url:
            self._syncing = True
            try:
                self.url_bar.url.setText(new_url)
            finally:
                self._syncing = False

    @Slot(str)
    def _on_method_changed(self, _text: str) -> None:
        self._changed()

    @Slot()
    def _on_editor_edited(self) -> None:
        self._changed()

    def _changed(self) -> None:
        self._refresh_added()
        self.edited.emit()

    def _refresh_added(self) -> None:
        self.refresh_added()

    def refresh_added(self) -> None:
        """Work out the Headers tab's added headers again (also when the saved profiles changed)."""
        if self.editor.is_built("headers"):
            from workbench.ui.auto_headers import added_headers

            profile = self.editor.profile("auth")
            found = self.auth_profiles(profile) if profile and self.auth_profiles else None
            self.editor.headers.added.set_rows(added_headers(self.draft(), profile, found))

    def _on_headers_built(self, _page: object) -> None:
        self._refresh_added()

    # --- state ------------------------------------------------------------------------------------
    def title(self) -> str:
        """A short tab title: method and path."""
        return request_title(self.url_bar.method_text(), self.url_bar.url.text())

    def state(self) -> dict[str, Any]:
        """Everything typed in this request (secrets left out), for the window state file."""
        return {
            "method": self.url_bar.method_text(),
            "url": self.url_bar.url.text(),
            "params": [list(f) for f in self.editor.params_model.rows()],
            "headers": self.editor.page_state("headers"),
            "body": self.editor.page_state("body"),
            "auth": self.editor.page_state("auth"),
            "proxy": self.editor.page_state("proxy"),
            "options": self.editor.page_state("options"),
            "tab": self.editor.currentIndex(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Put back a state saved by `state`."""
        self._syncing = True
        try:
            self.url_bar.method.setCurrentText(str(state.get("method", "GET")))
            self.editor.params_model.set_rows([Field(*r) for r in state.get("params", [])])
            self.url_bar.url.setText(str(state.get("url", "")))
        finally:
            self._syncing = False
        self.editor.restore_page("headers", [Field(*r) for r in state.get("headers", [])])
        for page in ("body", "auth", "proxy", "options"):
            self.editor.restore_page(page, state.get(page, {}))
        self.editor.setCurrentIndex(int(state.get("tab", 0)))
        self._refresh_added()


def request_title(method: str, url: str) -> str:
    """A short tab title for a request: method and path ("New request" without a URL)."""
    url = url.strip()
    if not url:
        return "New request"
    try:
        parts = urlsplit(url)
    except ValueError:
        return url[:40]
    where = parts.path if parts.netloc and parts.path not in ("", "/") else parts.netloc
    return f"{method} {where or url}"[:48]
