"""A folder's (or collection's) defaults: what its requests inherit unless they set their own.

Auth profile, proxy profile, headers and a base URL (``{{base_url}}`` or ``http://host``), plus a
description shown when the folder is selected. Read and written on the collection's worker; a
settings file that cannot be read is reported and left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.errors import InvalidRequest
from workbench.engine.validate import check_url
from workbench.ui import theme
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.row_table import RowTable
from workbench.ui.table_models import field_model, header_problem

if TYPE_CHECKING:
    from workbench.store.folder_settings import FolderSettings
    from workbench.ui.collection_hub import CollectionHub
    from workbench.ui.collection_jobs import Outcome
    from workbench.ui.collection_ops import CollectionOps


class Loaded(NamedTuple):
    """A folder's settings and the saved profile names to offer."""

    settings: FolderSettings
    auth_profiles: tuple[str, ...]
    proxy_profiles: tuple[str, ...]
    profiles_read: bool = True
    """False when the profiles file could not be read (then any name may be typed)."""


class SettingsDialog(QDialog):
    """Edits one folder's defaults."""

    def __init__(
        self, loaded: Loaded, title: str, is_collection: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("folderSettingsDialog")
        self.setWindowTitle(f"Settings of {title}")
        self.settings = loaded.settings
        self.is_collection = is_collection
        self.name = QLineEdit(loaded.settings.name, self)
        self.name.setObjectName("settingsName")
        self.name.setPlaceholderText(title)
        self.name.setVisible(is_collection)  # only a collection has a display name of its own
        self.description = QPlainTextEdit(loaded.settings.description, self)
        self.description.setObjectName("settingsDescription")
        self.base_url = QLineEdit(loaded.settings.base_url, self)
        self.base_url.setObjectName("settingsBaseUrl")
        self.base_url.setPlaceholderText("{{base_url}} or https://api.example.com")
        self.base_mark = FieldMark(self.base_url, error_label(self))
        self.loaded = loaded
        self.auth = _profiles(
            self, "settingsAuthProfile", loaded.auth_profiles, loaded.settings.auth_profile
        )
        self.proxy = _profiles(
            self, "settingsProxyProfile", loaded.proxy_profiles, loaded.settings.proxy_profile
        )
        self.headers_model = field_model("Add a header…", header_problem)
        self.headers_model.set_rows(list(loaded.settings.headers))
        self.headers = RowTable(self.headers_model, "settingsHeaders", self)
        self.headers_mark = FieldMark(self.headers, error_label(self))
        self.auth_mark = FieldMark(self.auth, error_label(self))
        self.proxy_mark = FieldMark(self.proxy, error_label(self))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._lay_out()
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self.base_url.textEdited.connect(self._on_base_edited)
        self.resize(560, 560)

    def _lay_out(self) -> None:
        intro = QLabel(
            "Requests inside inherit these unless they set their own: a request's own profile or "
            "inline auth wins, its own header of the same name wins, and a URL with a scheme "
            "ignores the base URL.",
            self,
        )
        intro.setWordWrap(True)
        theme.set_role(intro, "hint")
        form = QFormLayout()
        if self.is_collection:
            form.addRow("Name:", self.name)
        form.addRow("Base URL:", self.base_url)
        form.addRow("", self.base_mark.label)
        form.addRow("Auth profile:", self.auth)
        form.addRow("", self.auth_mark.label)
        form.addRow("Proxy profile:", self.proxy)
        form.addRow("", self.proxy_mark.label)
        form.addRow("Headers:", self.headers)
        form.addRow("", self.headers_mark.label)
        form.addRow("Description:", self.description)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def problem(self) -> bool:
        """Mark wrong values; True when there is one."""
        wrong = False
        base = self.base_url.text().strip()
        try:
            if base and "{{" not in base:
                check_url(base, "base URL")
            self.base_mark.clear()
        except InvalidRequest as exc:
            self.base_mark.show(exc.message)
            wrong = True
        for combo, mark, names, kind in (
            (self.auth, self.auth_mark, self.loaded.auth_profiles, "auth"),
            (self.proxy, self.proxy_mark, self.loaded.proxy_profiles, "proxy"),
        ):
            name = combo.currentText().strip()
            if name and self.loaded.profiles_read and name not in names:
                mark.show(
                    f"There is no saved {kind} profile called {name!r}; add it in Profiles first."
                )
                wrong = True
            else:
                mark.clear()
        bad = next((p for row in self.headers_model.rows() if (p := header_problem(row))), None)
        if bad:
            self.headers_mark.show(bad[1])
            wrong = True
        else:
            self.headers_mark.clear()
        return wrong

    def result_settings(self) -> FolderSettings:
        """The settings as edited."""
        return self.settings._replace(
            name=self.name.text().strip() if self.is_collection else self.settings.name,
            description=self.description.toPlainText().strip(),
            base_url=self.base_url.text().strip(),
            auth_profile=self.auth.currentText().strip(),
            proxy_profile=self.proxy.currentText().strip(),
            headers=tuple(r for r in self.headers_model.rows() if r.name or r.value),
        )

    @Slot()
    def _on_accepted(self) -> None:
        if not self.problem():
            self.accept()

    @Slot(str)
    def _on_base_edited(self, _text: str) -> None:
        self.base_mark.clear()


def _profiles(parent: QWidget, name: str, names: tuple[str, ...], current: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.addItem("")
    combo.addItems(list(names))
    combo.setCurrentText(current)
    combo.setToolTip("A saved profile's name; empty: the requests' own settings")
    return combo


def ask_settings(
    parent: QWidget | None, loaded: Loaded, title: str, is_collection: bool
) -> FolderSettings | None:
    """The edited settings; None when cancelled."""
    dialog = SettingsDialog(loaded, title, is_collection, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_settings()
    finally:
        dialog.deleteLater()


def edit_settings(hub: CollectionHub, ops: CollectionOps, root: str, path: str) -> None:
    """Read a folder's settings on its worker, let the user edit them, write them back."""
    handle = hub.handle(root)
    if handle is not None:
        handle.run(lambda c: _read(c, path), refresh=False, on_done=_Edit(hub, ops, root, path))


def _read(collection: Any, path: str) -> Loaded:
    from workbench.store.errors import StoreError
    from workbench.store.profiles import ProfileStore

    settings = collection.settings(path)
    try:
        profiles = ProfileStore().load()
        auth = tuple(p.name for p in profiles.auth)
        proxy = tuple(p.name for p in profiles.proxy)
    except StoreError:
        return Loaded(settings, (), (), profiles_read=False)  # the names can still be typed
    return Loaded(settings, auth, proxy)


class _Edit:
    """Called with the settings read: shows the dialog, then writes what was chosen."""

    def __init__(self, hub: CollectionHub, ops: CollectionOps, root: str, path: str) -> None:
        self.hub, self.ops, self.root, self.path = hub, ops, root, path

    def __call__(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.ops.problem.emit(f"{outcome.error} It is left as it is.")
            return
        handle = self.hub.handle(self.root)
        title = self.path.rpartition("/")[2] or (handle.name if handle else "the collection")
        settings = ask_settings(self.hub.window, outcome.value, title, not self.path)
        if settings is None or handle is None:
            return
        path = self.path
        handle.run(lambda c: c.save_settings(path, settings), on_done=self._on_saved)

    def _on_saved(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.ops.problem.emit(f"The settings were not saved: {outcome.error}")
        else:
            self.hub.message.emit("Settings saved.")
