"""The toolbar's environment selector: the current tab's collection's environments, and Manage environments.

Choosing an environment makes it the collection's active one (remembered by the store); sends from any
tab of that collection use it. A tab not opened from a collection uses the global variables only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QWidget

from workbench.ui import theme

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from workbench.ui.collection_hub import CollectionHub
    from workbench.ui.environment_state import Environments
else:
    from workbench.ui.lazy_qt import Qt  # made on first use (see lazy_qt)

NONE = "No environment"
MANAGE = "\x00manage"


def _nothing() -> None:
    pass


class EnvironmentBar(QToolBar):
    """ "Environment: [staging ▾]" for the current tab's collection.

    The window shows it in its first frame, before the collections are loaded ("No environment",
    as on a first start); `attach` connects it to them. Used before that, it asks `ready` to load
    them first.
    """

    def __init__(
        self, parent: QWidget | None = None, ready: Callable[[], object] = _nothing
    ) -> None:
        super().__init__("Environment", parent)
        self.setObjectName("environmentBar")
        self.setMovable(False)
        self.ready = ready
        self.hub: CollectionHub | None = None
        self.environments: Environments | None = None
        self.root = ""
        self.label = QLabel("Environment:", self)
        self.label.setContentsMargins(6, 0, 4, 0)
        self.combo = QComboBox(self)
        self.combo.setObjectName("environmentCombo")
        self.combo.setAccessibleName("Environment")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(16)
        self.where = QLabel(self)
        self.where.setObjectName("environmentCollection")
        self.where.setContentsMargins(8, 0, 0, 0)
        theme.set_role(self.where, "hint")
        self.label.setBuddy(self.combo)
        self.addWidget(self.label)
        self.addWidget(self.combo)
        self.addWidget(self.where)
        self._filling = False
        self.combo.activated.connect(self._on_activated)
        self._fill()

    def attach(self, hub: CollectionHub, environments: Environments) -> None:
        """Show the environments of the current tab's collection from now on."""
        self.hub, self.environments = hub, environments
        hub.current_collection_changed.connect(self.show_collection)
        environments.changed.connect(self._on_changed)
        self.show_collection(hub.current_root())

    def _attached(self) -> tuple[CollectionHub, Environments]:
        if self.hub is None or self.environments is None:
            self.ready()  # attaches
        assert self.hub is not None
        assert self.environments is not None
        return self.hub, self.environments

    @Slot(str)
    def show_collection(self, root: str) -> None:
        """List the environments of `root` (read again on the pool)."""
        self.root = root
        self._fill()
        if root:
            self._attached()[1].refresh(root)

    @Slot(str)
    def _on_changed(self, root: str) -> None:
        if root == self.root:
            self._fill()

    def _fill(self) -> None:
        # Not attached yet: nothing is known, as on a first start.
        known = self.environments.get(self.root) if self.environments is not None else None
        self._filling = True
        try:
            self.combo.clear()
            self.combo.addItem(NONE, None)
            for name in known.names if known else ():
                self.combo.addItem(name, name)
            for name, error in known.broken if known else ():
                self.combo.addItem(f"{name} (cannot be read)", None)
                index = self.combo.count() - 1
                self.combo.setItemData(index, error, Qt.ItemDataRole.ToolTipRole)
            self.combo.insertSeparator(self.combo.count())
            self.combo.addItem("Manage Environments…", MANAGE)
            index = self.combo.findData(known.active) if known and known.active else 0
            self.combo.setCurrentIndex(max(index, 0))
        finally:
            self._filling = False
        handle = self.hub.handle(self.root) if self.root and self.hub is not None else None
        self.where.setText(f"in {handle.name}" if handle is not None else "global variables only")
        tip = (
            known.error if known else ""
        ) or "The variables of this environment fill in {{name}} in the current tab's request"
        self.combo.setToolTip(
            tip if self.root else "Open a request from a collection to choose its environment"
        )

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        if self._filling:
            return
        data = self.combo.itemData(index)
        if data == MANAGE:
            self._fill()  # put the selection back
            self.manage()
            return
        if self.root:
            self._attached()[1].set_active(self.root, data)
        elif data is not None:
            self._fill()

    def choose(self, name: str | None) -> None:
        """Make `name` the active environment of the shown collection (as if picked)."""
        index = self.combo.findData(name) if name else 0
        if index >= 0:
            self.combo.setCurrentIndex(index)
            self._on_activated(index)

    @Slot()
    def manage(self) -> None:
        """The environment editor, for the shown collection."""
        from workbench.ui.environment_dialog import open_editor

        open_editor(*self._attached(), self.root)
