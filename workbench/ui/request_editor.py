"""The request's tabs: Params, Headers, Body, Auth, Proxy, Options."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from workbench.ui.auth_proxy_tabs import AuthTab
from workbench.ui.body_editor import BodyEditor
from workbench.ui.headers_tab import HeadersTab
from workbench.ui.options_tab import OptionsTab
from workbench.ui.proxy_tab import ProxyTab
from workbench.ui.row_table import RowTable
from workbench.ui.table_models import field_model

TAB_FOR_FIELD = {
    "params": 0,
    "header": 1,
    "headers": 1,
    "body": 2,
    "auth": 3,
    "proxy": 4,
    "timeout": 5,
    "total_timeout": 5,
    "max_redirects": 5,
    "ca_file": 5,
    "tls": 5,
}
"""Which tab shows the field an `InvalidRequest` names."""


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
        params_page = QWidget(self)
        self.params_table = RowTable(self.params_model, "paramsTable", params_page)
        self.params_table.setAccessibleName("Query parameters")
        QVBoxLayout(params_page).addWidget(self.params_table)
        self.headers = HeadersTab(self)
        self.body = BodyEditor(self)
        self.auth = AuthTab(self)
        self.proxy = ProxyTab(self)
        self.options = OptionsTab(self)
        self.addTab(params_page, "Params")
        for page, title in (
            (self.headers, "Headers"),
            (self.body, "Body"),
            (self.auth, "Auth"),
            (self.proxy, "Proxy"),
            (self.options, "Options"),
        ):
            self.addTab(_scrolling(page), title)
        for source in (
            self.params_model.edited,
            self.headers.model.edited,
            self.body.edited,
            self.auth.edited,
            self.proxy.edited,
            self.options.edited,
        ):
            source.connect(self.edited)

    def show_field(self, field: str) -> None:
        """Bring forward the tab that holds `field`."""
        if field in TAB_FOR_FIELD:
            self.setCurrentIndex(TAB_FOR_FIELD[field])


def _scrolling(page: QWidget) -> QScrollArea:
    """A page that scrolls when the window is narrower than its labels and checkboxes need, instead
    of forcing a minimum width on the whole window."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area
