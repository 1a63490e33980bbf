"""What the collection tree keeps across model resets: unfolded folders and the selection; the Undo bar.

The model is reset whenever a new tree arrives from a collection's worker; `TreeState` records what
was unfolded and selected (by collection and path, which survive the reset) and puts it back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeView,
    QWidget,
)

from workbench.ui import icons
from workbench.ui.collection_model import PATH_ROLE, ROOT_ROLE, CollectionModel

Place = tuple[str, str]


class TreeState:
    """Unfolded folders and the selected node of one tree view."""

    def __init__(self, tree: QTreeView) -> None:
        self.tree = tree
        self.expanded: set[Place] = set()
        self.unfiltered: set[Place] = set()
        self.current: Place | None = None
        self.filtering = False
        self._known_roots: set[str] = set()

    def _model(self) -> CollectionModel:
        model = self.tree.model()
        assert isinstance(model, CollectionModel)
        return model

    def _walk_expanded(self) -> set[Place]:
        model, found = self._model(), set()
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    found.add((index.data(ROOT_ROLE), index.data(PATH_ROLE)))
                    stack.append(index)
        return found

    @Slot()
    def save(self) -> None:
        """Record the state (the model is about to be reset)."""
        if not self.filtering:
            self.expanded = self._walk_expanded()
        index = self.tree.currentIndex()
        self.current = (index.data(ROOT_ROLE), index.data(PATH_ROLE)) if index.isValid() else None

    def restore(self) -> None:
        """Unfold and select again (the model was reset); a new collection shows unfolded."""
        model = self._model()
        for root in model.collections():
            if root not in self._known_roots:
                self._known_roots.add(root)
                self.expanded.add((root, ""))
        if not self.filtering:
            for root, path in self.expanded:
                index = model.find(root, path)
                if index.isValid():
                    self.tree.expand(index)
        if self.current is not None:
            index = model.find(*self.current)
            if index.isValid():
                self.tree.setCurrentIndex(index)

    def remember_unfiltered(self) -> None:
        """The filter is about to narrow the tree: keep what was unfolded before."""
        self.unfiltered = self._walk_expanded()

    def back_to_unfiltered(self) -> None:
        """The filter was cleared: fold the tree as it was before."""
        self.filtering = False
        self.tree.collapseAll()
        self.expanded = set(self.unfiltered)
        self.restore()
        index = self.tree.currentIndex()
        if index.isValid():
            self.tree.scrollTo(index)


class UndoBar(QFrame):
    """ "Deleted X. Undo" under the tree, until the next delete or until closed.

    Signals:
        undo_clicked: the user asked to put the deleted item back.
    """

    undo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collectionUndoBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setObjectName("collectionUndoText")
        self.label.setWordWrap(True)
        self.button = QPushButton("Undo", self)
        self.button.setObjectName("collectionUndoButton")
        self.button.setToolTip("Put the deleted item back where it was")
        close = QToolButton(self)
        close.setIcon(icons.icon("close"))
        close.setAutoRaise(True)
        close.setToolTip("Dismiss (the item stays in the trash)")
        close.setAccessibleName("Dismiss")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 2, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        layout.addWidget(close)
        self.entry: Any = None
        self.button.clicked.connect(self.undo_clicked)
        close.clicked.connect(self._on_close_clicked)
        self.hide()

    def offer(self, entry: Any, name: str) -> None:
        """Show the bar for a fresh delete."""
        self.entry = entry
        self.label.setText(f"Deleted “{name}”.")
        self.show()

    def take(self) -> Any:
        """The entry to restore (the bar hides)."""
        entry, self.entry = self.entry, None
        self.hide()
        return entry

    @Slot()
    def _on_close_clicked(self) -> None:
        self.entry = None
        self.hide()
