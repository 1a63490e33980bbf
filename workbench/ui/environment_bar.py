"""The toolbar's environment selector: the current tab's collection's environments, and Manage environments.

Choosing an environment makes it the collection's active one (remembered by the store); sends from any
tab of that collection use it. A tab not opened from a collection uses the global variables only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QWidget

from workbench.ui import theme

if TYPE_CHECKING:
    from workbench.ui.collection_hub import CollectionHub
    from workbench.ui.environment_state import Environments

NONE = "No environment"
MANAGE = "\x00manage"


class EnvironmentBar(QToolBar):
    """ "Environment: [staging ▾]" for the current tab's collection."""

    def __init__(
        self, hub: CollectionHub, environments: Environments, parent: QWidget | None = None
    ) -> None:
        super().__init__("Environment", parent)
        self.setObjectName("environmentBar")
        self.setMovable(False)
        self.hub = hub
        self.environments = environments
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
        hub.current_collection_changed.connect(self.show_collection)
        environments.changed.connect(self._on_changed)
        self.show_collection(hub.current_root())

    @Slot(str)
    def show_collection(self, root: str) -> None:
        """List the environments of `root` (read again on the pool)."""
        self.root = root
        self._fill()
        if root:
            self.environments.refresh(root)

    @Slot(str)
    def _on_changed(self, root: str) -> None:
        if root == self.root:
            self._fill()

    def _fill(self) -> None:
        known = self.environments.get(self.root)
        self._filling = True
        try:
            self.combo.clear()
            self.combo.addItem(NONE, None)
            for name in known.names:
                self.combo.addItem(name, name)
            for name, error in known.broken:
                self.combo.addItem(f"{name} (cannot be read)", None)
                index = self.combo.count() - 1
                self.combo.setItemData(index, error, Qt.ItemDataRole.ToolTipRole)
            self.combo.insertSeparator(self.combo.count())
            self.combo.addItem("Manage Environments…", MANAGE)
            index = self.combo.findData(known.active) if known.active else 0
            self.combo.setCurrentIndex(max(index, 0))
        finally:
            self._filling = False
        handle = self.hub.handle(self.root) if self.root else None
        self.where.setText(f"in {handle.name}" if handle is not None else "global variables only")
        tip = (
            known.error
            or "The variables of this environment fill in {{name}} in the current tab's request"
        )
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
            self.environments.set_active(self.root, data)
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

        open_editor(self.hub, self.environments, self.root)
