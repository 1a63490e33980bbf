"""The link between a request tab and its file: what the file held, the unsaved mark, the disk bar.

A tab opened from a collection remembers the collection folder, the request's path and the stamp of
the version it loaded (in the window state, so it survives a restart with its unsaved edits). The
unsaved mark compares what the editor holds now with what it held right after loading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.engine.spec import RequestSpec
from workbench.formats.model import SavedRequest
from workbench.ui import icons
from workbench.ui.collection_form import edited_spec, put_secrets, put_spec, secret_texts
from workbench.ui.description_view import DescriptionView

if TYPE_CHECKING:
    from workbench.store.collection_files import Loaded
    from workbench.store.collection_index import Stamp
    from workbench.ui.request_tab import RequestTab

UNSAVED = "• "
"""Put before the title of a tab with edits not saved to its file."""


class DiskBar(QFrame):
    """ "Changed on disk — Reload / Keep mine", or a note that the file is gone or unreadable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diskBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel(self)
        self.icon.setPixmap(icons.icon("warning").pixmap(16, 16))
        self.label = QLabel(self)
        self.label.setObjectName("diskBarText")
        self.label.setWordWrap(True)
        self.reload = QPushButton("Reload", self)
        self.reload.setObjectName("diskReloadButton")
        self.reload.setToolTip("Show the version on disk; your edits here are dropped")
        self.keep = QPushButton("Keep mine", self)
        self.keep.setObjectName("diskKeepButton")
        self.keep.setToolTip("Keep your edits; saving them replaces the version on disk")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.reload)
        layout.addWidget(self.keep)
        self.hide()

    def offer(self, text: str, reload: bool) -> None:
        """Show `text`; with `reload`, offer Reload and Keep mine, else only a Dismiss button."""
        self.label.setText(text)
        self.reload.setVisible(reload)
        self.keep.setText("Keep mine" if reload else "Dismiss")
        self.show()


class TabDocument(QObject):
    """The saved request a tab edits.

    Signals:
        reload_wanted: the user chose Reload on the disk bar.
        changed: the link changed (saved, renamed, reloaded): the tab title needs a refresh.
    """

    reload_wanted = Signal()
    changed = Signal()

    def __init__(self, tab: RequestTab, root: str, loaded: Loaded) -> None:
        super().__init__(tab)
        self.tab = tab
        self.root = root
        self.path = loaded.path
        self.stamp: Stamp = loaded.stamp
        self.saved: SavedRequest = loaded.saved
        self.baseline: RequestSpec = loaded.saved.spec
        self.disk: Loaded | None = None
        """A newer version found on disk while this tab had edits (the bar offers it)."""
        self.bar = DiskBar(tab)
        self.description = DescriptionView(tab)
        layout = tab.layout()
        assert isinstance(layout, QVBoxLayout)  # the tab's column: URL bar, then the splitter
        layout.insertWidget(0, self.bar)
        layout.insertWidget(2, self.description)
        tab.form.url_may_be_relative = True  # a folder may give it a base URL
        self.bar.reload.clicked.connect(self._on_reload_clicked)
        self.bar.keep.clicked.connect(self._on_keep_clicked)

    # --- showing ------------------------------------------------------------------------------
    def show(self, loaded: Loaded) -> None:
        """Put a version of the file in the editor (no unsaved mark afterwards)."""
        self.path, self.stamp, self.saved, self.disk = loaded.path, loaded.stamp, loaded.saved, None
        put_spec(self.tab, loaded.saved.spec)
        set_profiles(self.tab, loaded.saved.auth_profile, loaded.saved.proxy_profile)
        self.baseline = edited_spec(self.tab, self.saved.spec)
        self.bar.hide()
        self._describe()
        self.changed.emit()

    def saved_as(self, loaded: Loaded, saved: SavedRequest) -> None:
        """The editor's request was written to `loaded.path` (the mark goes away)."""
        self.path, self.stamp, self.saved, self.disk = loaded.path, loaded.stamp, saved, None
        self.baseline = saved.spec
        self.bar.hide()
        self._describe()
        self.changed.emit()

    def moved(self, path: str) -> None:
        """The file was renamed or moved inside its collection."""
        self.path = path
        self.saved = self.saved._replace(name=path.rpartition("/")[2].removesuffix(".wbreq.toml"))
        self._describe()
        self.changed.emit()

    def _describe(self) -> None:
        self.description.set_text(self.saved.description, "")

    # --- what the tab holds -------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The request's name (its file's name)."""
        return self.saved.name

    def is_dirty(self) -> bool:
        """Whether the editor holds edits not saved to the file."""
        return edited_spec(self.tab, self.saved.spec) != self.baseline or self._profiles_changed()

    def _profiles_changed(self) -> bool:
        chosen = profiles_of(self.tab)
        return chosen is not None and chosen != (self.saved.auth_profile, self.saved.proxy_profile)

    def title(self) -> str:
        """The tab title: the request's name, marked while unsaved."""
        return (UNSAVED if self.is_dirty() else "") + self.name

    def current(self) -> SavedRequest:
        """The request to save: the editor's spec with the file's name, description and expectations."""
        saved = self.saved._replace(spec=edited_spec(self.tab, self.saved.spec))
        chosen = profiles_of(self.tab)
        if chosen is not None:
            saved = saved._replace(auth_profile=chosen[0], proxy_profile=chosen[1])
        return saved

    # --- the file changed on disk -------------------------------------------------------------
    def changed_on_disk(self, loaded: Loaded) -> None:
        """Another version is on disk: reload it quietly, or offer it when the tab has edits."""
        if loaded.stamp.digest == self.stamp.digest:
            self.stamp = loaded.stamp  # touched, not changed
            return
        if not self.is_dirty():
            self.show(loaded)
            return
        self.disk = loaded
        self.bar.offer(f"{self.name} was changed on disk since you opened it.", reload=True)

    def disk_problem(self, text: str) -> None:
        """The file vanished or cannot be read any more: say so, keep the edits."""
        self.bar.offer(text, reload=False)

    @Slot()
    def _on_reload_clicked(self) -> None:
        if self.disk is not None:
            self.show(self.disk)
        else:
            self.reload_wanted.emit()

    @Slot()
    def _on_keep_clicked(self) -> None:
        if self.disk is not None:  # saving now replaces the disk version without asking again
            self.stamp = self.disk.stamp
            self.disk = None
        self.bar.hide()

    # --- window state -------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """What the window state keeps: the link, and the references in secret fields."""
        from workbench.formats.request_file import only_references
        from workbench.store.spec_json import spec_to_dict

        refs = {k: v for k, v in secret_texts(self.tab).items() if only_references(v)}
        saved = self.saved._asdict()
        saved["spec"] = spec_to_dict(self.saved.spec)
        saved["expect_status"] = list(self.saved.expect_status)
        return {
            "root": self.root,
            "path": self.path,
            "stamp": list(self.stamp),
            "saved": saved,
            "baseline": spec_to_dict(self.baseline),
            "refs": refs,
        }


def restore(tab: RequestTab, data: object) -> TabDocument | None:
    """The document a window state recorded (None when the record is not usable)."""
    from workbench.formats.request_file import only_references
    from workbench.store.collection_files import Loaded
    from workbench.store.collection_index import Stamp
    from workbench.store.errors import StoreError
    from workbench.store.spec_json import spec_from_dict

    if not isinstance(data, dict):
        return None
    try:
        saved_data = dict(data["saved"])
        spec = spec_from_dict(saved_data.pop("spec"))
        saved_data["expect_status"] = tuple(int(s) for s in saved_data.get("expect_status", ()))
        saved = SavedRequest(spec=spec, **saved_data)
        stamp = Stamp(*data["stamp"])
        loaded = Loaded(str(data["path"]), saved, stamp)
        document = TabDocument(tab, str(data["root"]), loaded)
        document.baseline = spec_from_dict(data["baseline"])
    except (KeyError, TypeError, ValueError, StoreError):
        return None
    refs = data.get("refs")
    if isinstance(refs, dict):
        put_secrets(tab, {str(k): str(v) for k, v in refs.items() if only_references(str(v))})
    document._describe()
    return document


def profiles_of(tab: RequestTab) -> tuple[str, str] | None:
    """The saved auth and proxy profile the tab uses ('' for its inline settings)."""
    return tab.editor.profile("auth"), tab.editor.profile("proxy")


def set_profiles(tab: RequestTab, auth: str, proxy: str) -> None:
    """Make the tab use the request's saved profiles."""
    for page, name in ((tab.editor.auth, auth), (tab.editor.proxy, proxy)):
        setter = getattr(page, "set_profile", None)
        if callable(setter):
            setter(name)
