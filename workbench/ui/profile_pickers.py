"""Saved-profile pickers at the top of each tab's Auth and Proxy tabs, and the send step that applies them.

The chosen names live in the tabs themselves (`AuthTab.profile`, `ProxyTab.profile`, kept in the window
state); a picker shows and changes them. At send time a preparer reads them on the GUI thread and
applies the profiles on the worker, where the keyring may be read.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.engine.spec import Auth
from workbench.ui import theme
from workbench.ui.profile_book import ProfileBook

if TYPE_CHECKING:
    from workbench.store.profile_model import ProfileKind
    from workbench.ui.auth_proxy_tabs import AuthTab
    from workbench.ui.main_window import MainWindow
    from workbench.ui.profiles_dialog import ProfilesDialog
    from workbench.ui.proxy_tab import ProxyTab
    from workbench.ui.request_tab import RequestTab
    from workbench.ui.send_job import Preparer

INLINE = "Inline settings"
MANAGE = "\x00manage"
"""Item data of the "Manage profiles…" entry (no profile name can hold a control character)."""


class ProfilePicker(QWidget):
    """ "Inline settings", the saved profiles of one kind, "Manage profiles…", and a summary line.

    Signals:
        manage_requested(kind, name): open the profiles dialog at this profile.
    """

    manage_requested = Signal(str, str)

    def __init__(self, kind: ProfileKind, tab: AuthTab | ProxyTab, book: ProfileBook) -> None:
        super().__init__(tab)
        self.kind = kind
        self.tab = tab
        self.book = book
        self.combo = QComboBox(self)
        self.combo.setObjectName(f"{kind}ProfileCombo")
        self.combo.setAccessibleName(f"Saved {kind} profile")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(16)
        self.setFocusProxy(self.combo)
        self.summary = QLabel(self)
        self.summary.setObjectName(f"{kind}ProfileSummary")
        self.summary.setWordWrap(True)
        label = QLabel("Profile:", self)
        label.setBuddy(self.combo)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.combo)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 4)
        column.addLayout(row)
        column.addWidget(self.summary)
        self.combo.activated.connect(self._on_activated)
        tab.profile_changed.connect(self._on_profile_changed)
        book.changed.connect(self.rebuild)
        book.renamed.connect(self._on_renamed)
        self.rebuild()

    @Slot()
    def rebuild(self) -> None:
        """The choices again (after the list changed), the tab's choice selected."""
        chosen = self.tab.profile
        names = self.book.names(self.kind)
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self.combo.addItem(INLINE, "")
            for name in names:
                self.combo.addItem(name, name)
            if chosen and chosen not in names:
                shown = f"{chosen} (missing)" if self.book.profiles is not None else chosen
                self.combo.addItem(shown, chosen)
            self.combo.insertSeparator(self.combo.count())
            self.combo.addItem("Manage profiles…", MANAGE)
            self.combo.setCurrentIndex(max(self.combo.findData(chosen), 0))
        finally:
            self.combo.blockSignals(False)
        self._show_summary()

    def _show_summary(self) -> None:
        name = self.tab.profile
        profile = self.book.find(self.kind, name) if name else None
        missing = bool(name) and profile is None and self.book.profiles is not None
        theme.set_role(self.summary, "field-error" if missing else "hint")
        if missing:  # "hint" switched the label to the placeholder colour; red needs the text role
            self.summary.setForegroundRole(QPalette.ColorRole.WindowText)
        if profile is not None:
            from workbench.ui import profile_work

            text = profile_work.summary_line(profile) + ". The settings below are not used."
        elif missing and self.book.problem:
            text = self.book.problem
        elif missing:
            text = f"No saved {self.kind} profile is named {name!r} (deleted or renamed?)."
        else:
            text = ""
        self.summary.setText(text)
        self.summary.setVisible(bool(text))
        self.combo.setToolTip(text or "The settings below are sent with this request")

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == MANAGE:
            self.combo.setCurrentIndex(max(self.combo.findData(self.tab.profile), 0))
            self.manage_requested.emit(self.kind, self.tab.profile)
            return
        self.tab.set_profile(str(data or ""))

    @Slot(str)
    def _on_profile_changed(self, _name: str) -> None:
        self.rebuild()

    @Slot(str, str)
    def _on_renamed(self, old: str, new: str) -> None:
        if self.tab.profile == old and self.book.find(self.kind, new) is not None:
            self.tab.set_profile(new)


class ProfilesUi(QObject):
    """One per window: the shared profile list, the pickers of every tab, the dialog, the send step."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.book = ProfileBook(self)
        self.dialog: ProfilesDialog | None = None
        window.preparer_factories.append(preparer_for)
        window.first_frame.later(self.book.reload)
        self.book.changed.connect(self._on_book_changed)

    def add_pickers(self, tab: RequestTab) -> None:
        """Put an auth and a proxy picker at the top of a new tab's Auth and Proxy tabs (once built)."""
        tab.editor.when_built("auth", self._add_auth_picker)
        tab.editor.when_built("proxy", self._add_proxy_picker)
        tab.form.auth_profiles = self.auth_settings
        tab.form.refresh_added()

    def auth_settings(self, name: str) -> Auth | None:
        """A saved auth profile's settings as listed in memory (its secret left empty), or None."""
        found = self.book.find("auth", name)
        auth = getattr(found, "auth", None)
        return auth if isinstance(auth, Auth) else None

    @Slot()
    def _on_book_changed(self) -> None:
        # The Headers tab's preview of a chosen profile's header follows the list.
        for tab in self.window.request_tabs():
            tab.form.refresh_added()

    def _add_auth_picker(self, page: AuthTab) -> None:
        self._add_picker("auth", page)

    def _add_proxy_picker(self, page: ProxyTab) -> None:
        self._add_picker("proxy", page)

    def _add_picker(self, kind: ProfileKind, page: AuthTab | ProxyTab) -> None:
        picker = ProfilePicker(kind, page, self.book)
        picker.manage_requested.connect(self._on_manage_requested)
        page.set_profile_picker(picker)

    @Slot()
    def show_dialog(self) -> None:
        """The menu's entry: the dialog at the current tab's auth profile, if it has one."""
        tabs = self.window.request_tabs()
        tab = self.window.current_tab() if tabs else None
        auth, proxy = (tab.editor.profile("auth"), tab.editor.profile("proxy")) if tab else ("", "")
        if not auth and proxy:
            self.open_dialog("proxy", proxy)
        else:
            self.open_dialog("auth", auth)

    def open_dialog(self, kind: ProfileKind = "auth", name: str = "") -> ProfilesDialog:
        """Show the profiles dialog (built on first use) at profile `name`."""
        if self.dialog is None:
            from workbench.ui.profiles_dialog import ProfilesDialog

            self.dialog = ProfilesDialog(self.book, self.window)
        self.dialog.open_at(kind, name)
        return self.dialog

    @Slot(str, str)
    def _on_manage_requested(self, kind: str, name: str) -> None:
        self.open_dialog("proxy" if kind == "proxy" else "auth", name)


def preparer_for(tab: RequestTab) -> Preparer:
    """The send step for `tab`: its chosen profile names, read now, applied on the worker."""
    from workbench.ui import profile_work

    auth_name, proxy_name = tab.editor.profile("auth"), tab.editor.profile("proxy")
    step: Preparer = partial(profile_work.apply, auth_name=auth_name, proxy_name=proxy_name)
    return step


def install(window: MainWindow) -> ProfilesUi:
    """Wire saved profiles into `window`; then `add_pickers` for each new tab."""
    return ProfilesUi(window)
