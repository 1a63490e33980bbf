"""Save As: pick a collection and folder, and a name the file system accepts and the folder does not hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import collection_badges, theme
from workbench.ui.field_marks import FieldMark, error_label

if TYPE_CHECKING:
    from workbench.store.collection_tree import FolderNode
    from workbench.ui.collection_hub import CollectionHub

PLACE_ROLE = Qt.ItemDataRole.UserRole + 1


class SaveAsDialog(QDialog):
    """Where to save a request, and under which name."""

    def __init__(
        self, hub: CollectionHub, name: str, root: str, folder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("saveAsDialog")
        self.setWindowTitle("Save request as")
        self.hub = hub
        self.places = QTreeWidget(self)
        self.places.setObjectName("saveAsPlaces")
        self.places.setHeaderHidden(True)
        self.places.setAccessibleName("Collection and folder")
        self.places.setIconSize(collection_badges.size())
        self.none_label = QLabel("No collection is open yet: create one first.", self)
        theme.set_role(self.none_label, "hint")
        self.new_collection = QPushButton("New Collection…", self)
        self.name = QLineEdit(name, self)
        self.name.setObjectName("saveAsName")
        self.name.setAccessibleName("Request name")
        self.mark = FieldMark(self.name, error_label(self))
        self.mark.label.setObjectName("saveAsNameError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("", self.mark.label)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Save in:", self))
        layout.addWidget(self.places, 1)
        layout.addWidget(self.none_label)
        layout.addWidget(self.new_collection, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._on_changed)
        self.places.currentItemChanged.connect(self._on_changed)
        self.new_collection.clicked.connect(hub.ops.new_collection)
        hub.tree_changed.connect(self._on_tree_changed)
        self._fill((root, folder))
        self.resize(460, 480)
        self.name.setFocus()
        self.name.selectAll()

    def _fill(self, wanted: tuple[str, str]) -> None:
        self.places.clear()
        for handle in self.hub.handles.values():
            if handle.tree is None:
                continue
            top = self._item(self.places.invisibleRootItem(), handle.key, handle.tree, "collection")
            top.setExpanded(True)
        found = self._find(wanted) or self.places.topLevelItem(0)
        if found is not None:
            self.places.setCurrentItem(found)
        empty = self.places.topLevelItemCount() == 0
        self.none_label.setVisible(empty)
        self.new_collection.setVisible(empty)
        self._on_changed()

    def _item(
        self, parent: QTreeWidgetItem, root: str, node: FolderNode, kind: str
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [node.name])
        item.setData(0, PLACE_ROLE, (root, node.path))
        item.setIcon(0, collection_badges.badge(kind))
        for child in node.children:
            if child.kind == "folder":
                self._item(item, root, child, "folder")
        return item

    def _find(self, place: tuple[str, str]) -> QTreeWidgetItem | None:
        stack = [self.places.topLevelItem(i) for i in range(self.places.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            if item.data(0, PLACE_ROLE) == place:
                return item
            stack.extend(item.child(i) for i in range(item.childCount()))
        return None

    def place(self) -> tuple[str, str] | None:
        """The chosen (collection, folder)."""
        item = self.places.currentItem()
        if item is None:
            return None
        root, path = item.data(0, PLACE_ROLE)
        return str(root), str(path)

    def _problem(self) -> str:
        from workbench.store.collection_names import check_name, key
        from workbench.store.errors import StoreError

        try:
            name = check_name(self.name.text())
        except StoreError as exc:
            return str(exc)
        place = self.place()
        if place is None:
            return ""
        handle = self.hub.handle(place[0])
        folder = _folder(handle.tree, place[1]) if handle and handle.tree else None
        taken = {key(child.name) for child in folder.children} if folder is not None else set()
        if key(name) in taken:
            return f"{folder.name if folder else 'That folder'} already holds {name!r}; choose another name."
        return ""

    @Slot()
    def _on_changed(self) -> None:
        problem = self._problem()
        if problem:
            self.mark.show(problem)
        else:
            self.mark.clear()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not problem and self.place() is not None)

    @Slot()
    def _on_accepted(self) -> None:
        if not self._problem() and self.place() is not None:
            self.accept()

    @Slot(str)
    def _on_tree_changed(self, _root: str) -> None:
        self._fill(self.place() or ("", ""))


def _folder(tree: FolderNode, path: str) -> FolderNode | None:
    if not path:
        return tree
    for node in tree.walk():
        if node.path == path and node.kind == "folder":
            return node
    return None


def ask_save_as(
    parent: QWidget | None, hub: CollectionHub, name: str, root: str, folder: str
) -> tuple[str, str, str] | None:
    """(collection, folder, name) to save to; None when cancelled."""
    dialog = SaveAsDialog(hub, name, root, folder, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        place = dialog.place()
        if place is None:
            return None
        return place[0], place[1], dialog.name.text().strip()
    finally:
        hub.tree_changed.disconnect(dialog._on_tree_changed)
        dialog.deleteLater()
