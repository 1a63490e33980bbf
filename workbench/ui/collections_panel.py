"""The Collections panel of the sidebar: the tree, the filter, and what its menus do.

Double-click or Enter opens a request in a tab; F2 renames in place; Delete moves to the trash with
an Undo bar; dragging moves into another folder. The filter narrows the tree as you type (names with
their folders, methods and URLs, every word must match).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import collection_badges, icons, theme
from workbench.ui.collection_model import ERROR_ROLE, KIND_ROLE, PATH_ROLE, ROOT_ROLE
from workbench.ui.collection_view import TreeState, UndoBar
from workbench.ui.description_view import DescriptionView

if TYPE_CHECKING:
    from workbench.ui.collection_hub import CollectionHub

EXPAND_ALL_LIMIT = 2000
"""Matches up to this many are all unfolded; more, and only the collections are."""


class CollectionsPanel(QWidget):
    """The sidebar page listing the open collections."""

    def __init__(self, hub: CollectionHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collectionsPanel")
        self.hub = hub
        self.model = hub.model
        self.ops = hub.ops
        self.filter = QLineEdit(self)
        self.filter.setObjectName("collectionFilter")
        self.filter.setAccessibleName("Filter requests")
        self.filter.setPlaceholderText("Filter requests")
        self.filter.setToolTip("Names, folders, methods and URLs; every word must match")
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icons.icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.add_button = self._tool(
            "add", "New request, folder or collection", "collectionAddButton"
        )
        self.open_button = self._tool(
            "folder", "Open a folder as a collection…", "collectionOpenButton"
        )
        self.tree = self._make_tree()
        self.state = TreeState(self.tree)
        self.empty = QLabel(self)
        self.empty.setObjectName("collectionEmptyLabel")
        self.empty.setWordWrap(True)
        theme.set_role(self.empty, "hint")
        self.empty.hide()
        self.problem = QLabel(self)
        self.problem.setObjectName("collectionProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.set_role(self.problem, "field-error")
        self.problem.hide()
        self.undo_bar = UndoBar(self)
        self.folder_description = DescriptionView(self, "folderDescription")
        self._build()
        self._actions = self._make_actions()
        self._connect()

    def _tool(self, icon: str, tip: str, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(icons.icon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(tip.rstrip("…"))
        button.setAutoRaise(True)
        return button

    def _make_tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setObjectName("collectionTree")
        tree.setAccessibleName("Collections")
        tree.setModel(self.model)
        tree.setHeaderHidden(True)
        tree.setUniformRowHeights(True)
        tree.setIconSize(collection_badges.size())
        tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        return tree

    def _build(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        top.addWidget(self.filter, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.folder_description)
        self.setFocusProxy(self.tree)

    def _make_actions(self) -> dict[str, QAction]:
        specs: dict[str, tuple[str, str | QKeySequence.StandardKey, Any]] = {
            "open": ("Open", "Return", self.open_current),
            "new_request": ("New Request…", "", self.new_request),
            "new_folder": ("New Folder…", "", self.new_folder),
            "rename": ("Rename", "F2", self.rename_current),
            "duplicate": ("Duplicate", "Ctrl+D", self.duplicate_current),
            "delete": ("Delete", QKeySequence.StandardKey.Delete, self.delete_current),
            "settings": ("Folder Settings…", "", self.edit_settings),
            "new_collection": ("New Collection…", "", self.ops.new_collection),
            "open_folder": ("Open Folder as Collection…", "", self.ops.open_folder),
            "close": ("Close Collection", "", self.close_current),
        }
        actions = {}
        for key, (text, shortcut, slot) in specs.items():
            action = QAction(text, self)
            action.setObjectName(f"collection_{key}")
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.tree.addAction(action)
            action.triggered.connect(slot)
            actions[key] = action
        add_menu = QMenu(self)
        for key in ("new_request", "new_folder", "new_collection"):
            add_menu.addAction(actions[key])
        self.add_button.setMenu(add_menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return actions

    def action(self, key: str) -> QAction:
        """One of the panel's actions (``rename``, ``delete``...)."""
        return self._actions[key]

    def _connect(self) -> None:
        self.filter.textChanged.connect(self._on_filter_changed)
        self.open_button.clicked.connect(self.ops.open_folder)
        self.tree.activated.connect(self._on_activated)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.customContextMenuRequested.connect(self._on_context_menu)
        self.model.rename_requested.connect(self.ops.rename)
        self.model.move_requested.connect(self.ops.move)
        self.model.modelAboutToBeReset.connect(self.state.save)
        self.model.modelReset.connect(self._on_model_reset)
        self.ops.problem.connect(self.show_problem)
        self.ops.select.connect(self.select)
        self.ops.deleted.connect(self._on_deleted)
        self.hub.problem.connect(self.show_problem)
        self.hub.tree_changed.connect(self._on_tree_changed)
        self.undo_bar.undo_clicked.connect(self._on_undo_clicked)

    # --- where the user is --------------------------------------------------------------------
    def current_place(self) -> tuple[str, str, str]:
        """(collection, path, kind) of the selected node; kind is '' when nothing is selected."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return "", "", ""
        return index.data(ROOT_ROLE), index.data(PATH_ROLE), index.data(KIND_ROLE)

    def _target_folder(self) -> tuple[str, str]:
        root, path, kind = self.current_place()
        if kind == "request":
            path = path.rpartition("/")[0]
        if not root and self.model.collections():
            root, path = self.model.collections()[0], ""
        return root, path

    @Slot(str, str)
    def select(self, root: str, path: str) -> None:
        """Show and select a node (unfolding what holds it)."""
        index = self.model.find(root, path)
        if index.isValid():
            parent = index.parent()
            while parent.isValid():
                self.tree.expand(parent)
                parent = parent.parent()
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    # --- actions ------------------------------------------------------------------------------
    @Slot()
    def open_current(self) -> None:
        """Open the selected request in a tab."""
        self._on_activated(self.tree.currentIndex())

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        if not index.isValid() or index.data(KIND_ROLE) != "request":
            return
        error = self.model.data(index, Qt.ItemDataRole.AccessibleDescriptionRole)
        if error:
            self.show_problem(f"{index.data()} cannot be opened: {error}")
            return
        self.clear_problem()
        self.hub.open_saved_request(index.data(ROOT_ROLE), index.data(PATH_ROLE))

    @Slot()
    def new_request(self) -> None:
        """A new request in the selected folder."""
        root, folder = self._target_folder()
        if root:
            self.ops.new_request(root, folder)
        else:
            self.show_problem("Open or create a collection first.")

    @Slot()
    def new_folder(self) -> None:
        """A new folder in the selected folder."""
        root, folder = self._target_folder()
        if root:
            self.ops.new_folder(root, folder)
        else:
            self.show_problem("Open or create a collection first.")

    @Slot()
    def rename_current(self) -> None:
        """Edit the selected node's name in place."""
        index = self.tree.currentIndex()
        if index.isValid() and index.data(KIND_ROLE) != "collection":
            self.tree.edit(index)

    @Slot()
    def duplicate_current(self) -> None:
        """Copy the selected request or folder."""
        root, path, kind = self.current_place()
        if kind in ("request", "folder"):
            self.ops.duplicate(root, path)

    @Slot()
    def delete_current(self) -> None:
        """Move the selected request or folder to the trash."""
        root, path, kind = self.current_place()
        if kind in ("request", "folder"):
            self.clear_problem()
            self.ops.delete(root, path)

    @Slot()
    def edit_settings(self) -> None:
        """The selected folder's (or collection's) defaults."""
        root, path, kind = self.current_place()
        if kind in ("folder", "collection"):
            from workbench.ui.collection_settings import edit_settings

            edit_settings(self.hub, self.ops, root, path)

    @Slot()
    def close_current(self) -> None:
        """Stop showing the selected collection."""
        root, _path, kind = self.current_place()
        if kind == "collection":
            self.hub.close_collection(root)

    @Slot(QPoint)
    def _on_context_menu(self, point: QPoint) -> None:
        index = self.tree.indexAt(point)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        kind = index.data(KIND_ROLE) if index.isValid() else ""
        keys = {
            "request": ("open", None, "rename", "duplicate", "delete"),
            "folder": (
                "new_request",
                "new_folder",
                None,
                "rename",
                "duplicate",
                "delete",
                None,
                "settings",
            ),
            "collection": ("new_request", "new_folder", None, "settings", "close"),
        }.get(kind, ("new_collection", "open_folder"))
        self._actions["settings"].setText(
            "Collection Settings…" if kind == "collection" else "Folder Settings…"
        )
        menu = QMenu(self)
        for key in keys:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self._actions[key])
        menu.exec(self.tree.viewport().mapToGlobal(point))

    # --- messages -----------------------------------------------------------------------------
    @Slot(str)
    def show_problem(self, text: str) -> None:
        """Say what went wrong above the tree (and in the status bar)."""
        self.problem.setText(text)
        self.problem.show()
        self.hub.message.emit(text)

    def clear_problem(self) -> None:
        """Hide the last problem."""
        self.problem.clear()
        self.problem.hide()

    @Slot(object, str)
    def _on_deleted(self, entry: object, name: str) -> None:
        self.undo_bar.offer(entry, name)

    @Slot()
    def _on_undo_clicked(self) -> None:
        entry = self.undo_bar.take()
        if entry is not None:
            self.ops.undo(str(entry.collection), entry)

    # --- filtering ----------------------------------------------------------------------------
    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        active = bool(text.split())
        if active and not self.state.filtering:
            self.state.remember_unfiltered()
        results = {}
        for root in self.model.collections():
            handle = self.hub.handle(root)
            results[root] = handle.searcher.match(text) if handle and handle.searcher else None
        self.model.set_filter(results, active)
        if not active and self.state.filtering:
            self.state.back_to_unfiltered()
        self._show_matches(active)

    def _show_matches(self, active: bool) -> None:
        self.state.filtering = active
        count = self.model.match_count() if active else -1
        if active and count <= EXPAND_ALL_LIMIT:
            self.tree.expandAll()
        elif active:
            self.tree.expandToDepth(0)
        self.empty.setText("No request matches the filter." if count == 0 else "")
        self.empty.setVisible(count == 0)

    @Slot(str)
    def _on_tree_changed(self, _root: str) -> None:
        if self.state.filtering:
            self._on_filter_changed(self.filter.text())

    @Slot()
    def _on_model_reset(self) -> None:
        self.state.restore()

    # --- folder descriptions ------------------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        root, path, kind = self.current_place()
        handle = self.hub.handle(root) if kind in ("folder", "collection") else None
        if handle is None or index.data(ERROR_ROLE):
            self.folder_description.set_text("")
            return
        handle.run(
            lambda c: c.settings(path).description,
            refresh=False,
            on_done=_Describe(self, root, path),
        )


class _Describe:
    """Shows a folder's description when it arrives, if that folder is still selected."""

    def __init__(self, panel: CollectionsPanel, root: str, path: str) -> None:
        self.panel, self.root, self.path = panel, root, path

    def __call__(self, outcome: Any) -> None:
        root, path, _kind = self.panel.current_place()
        if (root, path) != (self.root, self.path):
            return
        name = self.panel.tree.currentIndex().data()
        text = outcome.value if isinstance(outcome.value, str) else ""
        self.panel.folder_description.set_text(text, str(name or ""))
