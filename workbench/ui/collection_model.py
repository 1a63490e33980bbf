"""The sidebar's tree: every open collection, its folders and requests, narrowed by the filter.

A `QAbstractItemModel` over the store's immutable trees (`FolderNode`/`RequestNode`). Each node is a
small `_Item` found by an integer id (``internalId``), so nothing depends on Python object lifetimes.
Rename and move go out as signals: the window does the file work on the collection's worker and the
model shows the result when the new tree arrives. A request that cannot be read carries an error mark
and its message as tooltip.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from workbench.ui import theme
from workbench.ui.collection_badges import badge

if TYPE_CHECKING:
    from workbench.store.collection_tree import FilterResult, FolderNode, Node

AnyIndex = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
"""The node's relative path in its collection ('' for the collection itself)."""
ROOT_ROLE = Qt.ItemDataRole.UserRole + 2
"""The collection's folder (its key)."""
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
"""``collection``, ``folder`` or ``request``."""
ERROR_ROLE = Qt.ItemDataRole.UserRole + 4
"""Why the node cannot be read ('' when it can)."""
MIME = "application/x-workbench-collection-items"


class _Item:
    """One row of the tree."""

    __slots__ = (
        "error",
        "id",
        "kids",
        "kind",
        "method",
        "name",
        "parent",
        "path",
        "root",
        "row",
        "shown",
        "url",
    )

    def __init__(self, item_id: int, root: str, parent: _Item | None) -> None:
        self.id, self.root, self.parent = item_id, root, parent
        self.kind = self.name = self.path = self.method = self.url = self.error = ""
        self.kids: list[_Item] = []
        self.shown: list[_Item] = []
        self.row = 0


class CollectionModel(QAbstractItemModel):
    """The open collections as one tree.

    Signals:
        rename_requested(root, path, name): the user typed a new name for a node.
        move_requested(root, path, folder): a node was dropped on another folder.
    """

    rename_requested = Signal(str, str, str)
    move_requested = Signal(str, str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._trees: dict[str, tuple[str, FolderNode | None, str]] = {}
        self._filters: dict[str, FilterResult | None] = {}
        self._filtering = False
        self._roots: list[_Item] = []
        self._shown_roots: list[_Item] = []
        self._items: dict[int, _Item] = {}
        self._by_place: dict[tuple[str, str], _Item] = {}

    # --- what is shown ------------------------------------------------------------------------
    def set_collection(self, root: str, name: str, tree: FolderNode | None, error: str) -> None:
        """Show one collection (or replace what it showed); `error` marks it unreadable."""
        self.beginResetModel()
        self._trees[root] = (name, tree, error)
        self._rebuild()
        self.endResetModel()

    def remove_collection(self, root: str) -> None:
        """Stop showing a collection."""
        self.beginResetModel()
        self._trees.pop(root, None)
        self._filters.pop(root, None)
        self._rebuild()
        self.endResetModel()

    def collections(self) -> list[str]:
        """The collections shown, in order."""
        return list(self._trees)

    def set_filter(self, results: dict[str, FilterResult | None], active: bool) -> None:
        """Keep only what each collection's filter result shows (`active`: the text is not blank)."""
        self.beginResetModel()
        self._filters, self._filtering = dict(results), active
        for item in self._roots:
            self._narrow(item)
        self._shown_roots = [r for r in self._roots if not active or r.shown or r.error]
        _number(self._shown_roots)
        self.endResetModel()

    def find(self, root: str, path: str) -> QModelIndex:
        """The index of a node, or an invalid index when it is not shown."""
        item = self._by_place.get((root, path))
        if item is None or not self._is_shown(item):
            return QModelIndex()
        return self.createIndex(item.row, 0, item.id)

    def match_count(self) -> int:
        """Requests shown (for "no match" messages)."""
        return sum(
            1 for item in self._by_place.values() if item.kind == "request" and self._is_shown(item)
        )

    def _is_shown(self, item: _Item) -> bool:
        node: _Item | None = item
        while node is not None:
            siblings = node.parent.shown if node.parent else self._shown_roots
            if node.row >= len(siblings) or siblings[node.row] is not node:
                return False
            node = node.parent
        return True

    def _rebuild(self) -> None:
        self._items.clear()
        self._by_place.clear()
        self._roots = []
        for root, (name, tree, error) in self._trees.items():
            item = self._new(root, None)
            item.kind, item.name, item.path, item.error = "collection", name, "", error
            self._by_place[(root, "")] = item
            if tree is not None:
                item.error = error or tree.error
                item.kids = [self._add(root, child, item) for child in tree.children]
            self._roots.append(item)
            self._narrow(item)
        self._shown_roots = [r for r in self._roots if not self._filtering or r.shown or r.error]
        _number(self._shown_roots)

    def _new(self, root: str, parent: _Item | None) -> _Item:
        item = _Item(len(self._items) + 1, root, parent)
        self._items[item.id] = item
        return item

    def _add(self, root: str, node: Node, parent: _Item) -> _Item:
        item = self._new(root, parent)
        item.kind, item.name, item.path, item.error = node.kind, node.name, node.path, node.error
        if node.kind == "request":
            item.method, item.url = node.method, node.url
        else:
            item.kids = [self._add(root, child, item) for child in node.children]
        self._by_place[(root, node.path)] = item
        return item

    def _narrow(self, root: _Item) -> None:
        result = self._filters.get(root.root) if self._filtering else None
        stack = [root]
        while stack:
            item = stack.pop()
            if result is None:
                item.shown = list(item.kids)
            else:
                item.shown = [k for k in item.kids if result.shows(k.path)]
            _number(item.shown)
            stack.extend(k for k in item.shown if k.kind != "request")

    # --- Qt's model interface -------------------------------------------------------------------
    def _item(self, index: AnyIndex) -> _Item | None:
        return self._items.get(index.internalId()) if index.isValid() else None

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a child row."""
        owner = self._item(parent)
        rows = owner.shown if owner is not None else self._shown_roots
        if column != 0 or not 0 <= row < len(rows):
            return QModelIndex()
        return self.createIndex(row, 0, rows[row].id)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """The folder or collection holding a node."""
        item = self._item(index)
        if item is None or item.parent is None:
            return QModelIndex()
        return self.createIndex(item.parent.row, 0, item.parent.id)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Children shown."""
        if parent.column() > 0:
            return 0
        owner = self._item(parent)
        return len(owner.shown) if owner is not None else len(self._shown_roots)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """One column: the name."""
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Names, marks, tooltips and the roles the panel reads."""
        item = self._item(index)
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.name
        if role == Qt.ItemDataRole.DecorationRole:
            return badge("error" if item.error else item.kind, item.method)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(item)
        if role == Qt.ItemDataRole.ForegroundRole:
            return theme.error_color() if item.error else None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return item.error or None
        return {PATH_ROLE: item.path, ROOT_ROLE: item.root, KIND_ROLE: item.kind}.get(
            role, item.error if role == ERROR_ROLE else None
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Folders take drops; folders and requests can be renamed and dragged."""
        item = self._item(index)
        if item is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if item.kind != "request":
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        if item.kind != "collection":
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A typed new name asks for a rename (done on the worker; the new tree shows it)."""
        item = self._item(index)
        if item is None or role != Qt.ItemDataRole.EditRole or item.kind == "collection":
            return False
        name = str(value or "").strip()
        if not name or name == item.name:
            return False
        self.rename_requested.emit(item.root, item.path, name)
        return True

    # --- drag and drop --------------------------------------------------------------------------
    def supportedDragActions(self) -> Qt.DropAction:
        """Dragging moves."""
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        """Dropping moves."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """Our own type: the dragged nodes' collection and path."""
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged nodes, as JSON."""
        places = []
        for index in indexes:
            item = self._item(index)
            if item is not None and item.kind != "collection":
                places.append({"root": item.root, "path": item.path})
        data = QMimeData()
        data.setData(MIME, json.dumps(places).encode("utf-8"))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Only into a folder of the same collection, never into itself, and not where it is."""
        target = self._item(parent)
        places = _places(data)
        if target is None or target.kind == "request" or not places:
            return False
        return all(_may_move(place, target) for place in places)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Ask for each dropped node to be moved into the folder."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self._item(parent)
        assert target is not None
        for root, path in _places(data):
            self.move_requested.emit(root, path, target.path)
        return True


def _number(items: Iterable[_Item]) -> None:
    for row, item in enumerate(items):
        item.row = row


def _tooltip(item: _Item) -> str:
    if item.error:
        return f"Cannot be read: {item.error}\nThe file is left as it is."
    if item.kind == "request":
        return f"{item.method} {item.url}".strip()
    if item.kind == "collection":
        return item.root
    return item.path


def _places(data: QMimeData) -> list[tuple[str, str]]:
    if not data.hasFormat(MIME):
        return []
    try:
        raw = json.loads(bytes(data.data(MIME).data()).decode("utf-8"))
        return [(str(p["root"]), str(p["path"])) for p in raw]
    except (ValueError, TypeError, KeyError):
        return []


def _may_move(place: tuple[str, str], target: _Item) -> bool:
    root, path = place
    if root != target.root or not path:
        return False
    if target.path == path or target.path.startswith(path + "/"):
        return False  # a folder into itself
    return path.rpartition("/")[0] != target.path  # already there
