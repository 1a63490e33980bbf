"""The request's tabs: Params, Headers, Body, Auth, Proxy, Options.

Only the Params page and its rows (`params_model`) are made with the tab; its table view comes right
after the window's first frame. Each other page is built the first time it is shown or used
(`editor.body` and friends); until then the editor answers for it: the state restored into it, or
the page's defaults, which are the engine's defaults (a test keeps them equal).
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from workbench.engine.spec import Auth, Body, Field, Options, Proxy
from workbench.ui.table_models import field_model

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from workbench.ui.auth_proxy_tabs import AuthTab
    from workbench.ui.body_editor import BodyEditor
    from workbench.ui.headers_tab import HeadersTab
    from workbench.ui.options_tab import OptionsTab
    from workbench.ui.proxy_tab import ProxyTab
    from workbench.ui.row_table import RowTable

PAGE_OF_FIELD = {
    "params": "params",
    "header": "headers",
    "headers": "headers",
    "body": "body",
    "auth": "auth",
    "proxy": "proxy",
    "tls": "options",
    "timeout": "options",
    "total_timeout": "options",
    "max_redirects": "options",
    "ca_file": "options",
}
"""The page that shows an engine field (the field an `InvalidRequest` names)."""
PAGES = {
    "headers": ("Headers", "workbench.ui.headers_tab", "HeadersTab"),
    "body": ("Body", "workbench.ui.body_editor", "BodyEditor"),
    "auth": ("Auth", "workbench.ui.auth_proxy_tabs", "AuthTab"),
    "proxy": ("Proxy", "workbench.ui.proxy_tab", "ProxyTab"),
    "options": ("Options", "workbench.ui.options_tab", "OptionsTab"),
}
"""The pages built on first use: title, module, class (in tab order, after Params)."""
DEFAULT_VALUES = {"body": Body(), "auth": Auth(), "proxy": Proxy(), "options": Options()}
"""What a page never built nor restored gives `spec()`: the same as a fresh page."""

SECRET_KEYS = ("password", "token", "key_value")
"""Auth fields never kept in the window state (the Auth page leaves them out of its state too)."""

PageHook = Callable[[Any], None]


class RequestEditor(QTabWidget):
    """Holds the widgets of every request tab; `RequestForm` reads and writes them.

    Signals:
        edited: anything in any tab changed.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestTabs")
        self.setAccessibleName("Request")
        self.setDocumentMode(True)
        self.params_model = field_model("Add a parameter…")
        """The query parameters, kept in step with the URL from the start (`RequestForm`)."""
        self._params_page = _Holder(self)
        self._params_table: RowTable | None = None
        self.addTab(self._params_page, "Params")
        self._pages: dict[str, QWidget] = {}
        self._pending: dict[str, Any] = {}
        """States restored into pages not built yet: applied when they are."""
        self._hooks: dict[str, list[PageHook]] = {}
        for name, (title, _module, _cls) in PAGES.items():
            self.addTab(_PageHolder(self, name), title)
        self.params_model.edited.connect(self.edited)

    # --- the pages, built on first use -------------------------------------------------------------
    @property
    def params_table(self) -> RowTable:
        """The Params table (built now if it was not).

        The window builds it right after its first frame, and a tab's when the tab is first shown:
        a table view and its model's first reads need the `Qt` namespace and the item-view classes,
        which the first frame does without (see `lazy_qt`). The rows are in `params_model` all along.
        """
        if self._params_table is None:
            from workbench.ui.row_table import RowTable

            table = RowTable(self.params_model, "paramsTable", self._params_page)
            table.setAccessibleName("Query parameters")
            self._params_page.hold(table)
            self._params_table = table
            for hook in self._hooks.pop("params", []):
                hook(table)
        return self._params_table

    @property
    def headers(self) -> HeadersTab:
        """The Headers page (built now if it was not)."""
        page: HeadersTab = self.page("headers")
        return page

    @property
    def body(self) -> BodyEditor:
        """The Body page (built now if it was not)."""
        page: BodyEditor = self.page("body")
        return page

    @property
    def auth(self) -> AuthTab:
        """The Auth page (built now if it was not)."""
        page: AuthTab = self.page("auth")
        return page

    @property
    def proxy(self) -> ProxyTab:
        """The Proxy page (built now if it was not)."""
        page: ProxyTab = self.page("proxy")
        return page

    @property
    def options(self) -> OptionsTab:
        """The Options page (built now if it was not)."""
        page: OptionsTab = self.page("options")
        return page

    def page(self, name: str) -> Any:
        """The page called `name` (one of `PAGES`), built now if it was not."""
        page = self._pages.get(name)
        return page if page is not None else self._build(name)

    def is_built(self, name: str) -> bool:
        """Whether the page (or, for ``params``, the Params table) exists yet."""
        if name == "params":
            return self._params_table is not None
        return name in self._pages

    def when_built(self, name: str, hook: PageHook) -> None:
        """Call `hook(page)` once the page exists (now, when it does): pickers, delegates...
        For ``params`` the hook gets the Params table."""
        page = self._params_table if name == "params" else self._pages.get(name)
        if page is not None:
            hook(page)
        else:
            self._hooks.setdefault(name, []).append(hook)

    def build_all(self) -> None:
        """Build every page and the Params table (automation looks for widgets by name)."""
        _ = self.params_table
        for name in PAGES:
            self.page(name)

    def _build(self, name: str) -> QWidget:
        _title, module, cls = PAGES[name]
        page: Any = getattr(importlib.import_module(module), cls)(self)
        self._pages[name] = page
        holder = self.widget(list(PAGES).index(name) + 1)
        assert isinstance(holder, _PageHolder)
        holder.hold(_scrolling(page))
        if name in self._pending:
            _restore(name, page, self._pending.pop(name))
        # Connected after the restore: a restored page is not an edit, as when it was built at once.
        (page.model if name == "headers" else page).edited.connect(self.edited)
        for hook in self._hooks.pop(name, []):
            hook(page)
        built: QWidget = page
        return built

    # --- values of pages that may not be built -----------------------------------------------------
    def header_rows(self) -> list[Field]:
        """The typed headers."""
        if "headers" in self._pages:
            return self.headers.model.rows()
        return list(self._pending.get("headers", []))

    def value(self, name: str, validate: bool) -> Any:
        """The engine value of the Body, Auth, Proxy or Options page (`body.body(validate)`...)."""
        if name not in self._pages and name not in self._pending:
            return DEFAULT_VALUES[name]
        page = self.page(name)
        return getattr(page, name)(validate=validate)

    def body_kind(self) -> str:
        """The Body page's kind ('none' until it is built or restored)."""
        if "body" not in self._pages and "body" not in self._pending:
            return "none"
        return str(self.body.kind())

    def profile(self, kind: str) -> str:
        """The saved profile the Auth or Proxy page uses ('' for its inline settings)."""
        if kind in self._pages:
            return str(self.page(kind).profile)
        return str(self._pending.get(kind, {}).get("profile", ""))

    def page_state(self, name: str) -> Any:
        """What the window state keeps of a page (rows for Headers, a dict for the others)."""
        if name in self._pages:
            page: Any = self._pages[name]
            return (
                [list(f) for f in self.headers.model.rows()] if name == "headers" else page.state()
            )
        if name == "headers":
            return [list(f) for f in self._pending.get(name, [])]
        if name in self._pending:
            return {k: v for k, v in self._pending[name].items() if k not in SECRET_KEYS}
        return copy.deepcopy(default_state(name))

    def restore_page(self, name: str, state: Any) -> None:
        """Put back a page's saved state (kept until the page is built, when it is not)."""
        if name in self._pages:
            _restore(name, self._pages[name], state)
        else:
            self._pending[name] = state

    def show_field(self, field: str) -> None:
        """Bring forward the tab that holds `field`."""
        page = PAGE_OF_FIELD.get(field)
        if page is not None:
            self.setCurrentIndex(0 if page == "params" else list(PAGES).index(page) + 1)


class _Holder(QWidget):
    """A tab's page whose content is built after the page itself, then held in its column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)

    def hold(self, widget: QWidget) -> None:
        """Show the built content (laid out at once, so its first frame is right)."""
        self.column.addWidget(widget)
        if self.isVisible():
            widget.show()
            self.column.activate()


class _PageHolder(_Holder):
    """Stands in the tab bar for a page until it is first shown (or used), then holds it."""

    def __init__(self, editor: RequestEditor, name: str) -> None:
        super().__init__()
        self.editor = editor
        self.name = name
        self.column.setContentsMargins(0, 0, 0, 0)  # the page scrolls inside: no margin of its own

    def showEvent(self, event: QShowEvent) -> None:
        """Build the page the first time its tab is chosen."""
        if not self.editor.is_built(self.name):
            self.editor.page(self.name)
        super().showEvent(event)


def _restore(name: str, page: Any, state: Any) -> None:
    if name == "headers":
        page.model.set_rows(list(state))
    else:
        page.restore(state)


@cache
def default_state(name: str) -> Any:
    """The state of a page as built, nothing typed (read once from a page built for it)."""
    if name == "headers":
        return []
    _title, module, cls = PAGES[name]
    page = getattr(importlib.import_module(module), cls)()
    try:
        state: dict[str, Any] = page.state()
    finally:
        page.deleteLater()
    return dict(state)


def _scrolling(page: QWidget) -> QScrollArea:
    """A page that scrolls when the window is narrower than its labels and checkboxes need, instead
    of forcing a minimum width on the whole window."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area
