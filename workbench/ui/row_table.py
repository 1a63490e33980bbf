"""The table view for `RowTableModel`: edit in place, Delete removes rows, drag or Alt+Up/Down reorders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QDropEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from workbench.ui.table_models import RowTableModel

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
else:
    from workbench.ui.lazy_qt import Qt  # made on first use (see lazy_qt)

NAME_WIDTH = 180
"""Pixels for a text column other than the last (which takes the rest), when there is room."""
MIN_WIDTH = 80


class RowTable(QTableView):
    """An editable table of rows with keyboard and drag reordering."""

    def __init__(self, model: RowTableModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropOverwriteMode(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._size_columns()

    def table_model(self) -> RowTableModel:
        """The model, typed."""
        model = self.model()
        assert isinstance(model, RowTableModel)
        return model

    def _size_columns(self) -> None:
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        columns = self.table_model().columns
        for number, column in enumerate(columns):
            if column.check and not column.title:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed)
                self.setColumnWidth(number, self.fontMetrics().height() + 16)
            elif column.check:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
            else:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(number, NAME_WIDTH)
        header.setStretchLastSection(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow pane, give the text columns a share of the width instead of a scroll bar."""
        super().resizeEvent(event)
        header = self.horizontalHeader()
        last = header.count() - 1
        text = [n for n, c in enumerate(self.table_model().columns) if not c.check and n < last]
        if not text:
            return
        others = sum(self.columnWidth(n) for n in range(last) if n not in text)
        width = self._viewport_width()
        room = width - others
        share = max(MIN_WIDTH, min(NAME_WIDTH, int(room * 0.45) // len(text)))
        overflowing = header.length() > width
        for number in text:  # shrink to fit, or grow back to the share when there is room again
            width = self.columnWidth(number)
            if (overflowing and width > share) or (not overflowing and width < share):
                self.setColumnWidth(number, share)
        if overflowing:
            # The stretched last column never shrinks below its last width on its own.
            rest = width - sum(self.columnWidth(n) for n in range(last))
            self.setColumnWidth(last, max(MIN_WIDTH, rest))

    def _viewport_width(self) -> int:
        """The viewport's width, without asking for the viewport: PySide's first wrapper of it costs
        ~12 ms of type lookup, which would land in the window's first show."""
        bar = self.verticalScrollBar()
        return self.maximumViewportSize().width() - (bar.width() if bar.isVisible() else 0)

    def selected_rows(self) -> list[int]:
        """Selected real rows, in order (the empty last row never counts)."""
        model = self.table_model()
        rows = {i.row() for i in self.selectionModel().selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(r for r in rows if not model.is_blank_row(r))

    def delete_selected(self) -> None:
        """Remove the selected rows."""
        model = self.table_model()
        for row in reversed(self.selected_rows()):
            model.removeRows(row, 1)

    def move_current(self, step: int) -> None:
        """Move the current row up (-1) or down (+1)."""
        row = self.currentIndex().row()
        model = self.table_model()
        if model.is_blank_row(row) or row < 0:
            return
        target = row + step
        if not 0 <= target < model.real_count():
            return
        model.moveRows(QModelIndex(), row, 1, QModelIndex(), target + (1 if step > 0 else 0))
        self.setCurrentIndex(model.index(target, self.currentIndex().column()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete removes rows; Alt+Up/Down moves the current row."""
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and (
            event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Delete
        ):
            self.delete_selected()
            return
        if event.modifiers() == Qt.KeyboardModifier.AltModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)

    def drop_row(self, event: QDropEvent) -> int:
        """The row a drop at the event's position inserts before."""
        model = self.table_model()
        index = self.indexAt(event.position().toPoint())
        where = self.dropIndicatorPosition()
        if not index.isValid() or model.is_blank_row(index.row()):
            return model.real_count()
        if where == QAbstractItemView.DropIndicatorPosition.BelowItem:
            return index.row() + 1
        return index.row()

    def dropEvent(self, event: QDropEvent) -> None:
        """Reorder the dragged rows; the model moves them, so the drag must not delete anything."""
        if event.source() is not self:
            event.ignore()
            return
        self.move_rows(self.selected_rows(), self.drop_row(event))
        # Reported as a copy: a move would make the view delete the (already moved) source rows.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def move_rows(self, rows: list[int], target: int) -> None:
        """Move `rows` so they sit, in order, before row `target` (counted before the move)."""
        model = self.table_model()
        above = [r for r in rows if r < target]
        below = [r for r in rows if r >= target]
        # Rows above the target move down one by one, nearest first; each move shifts the target up.
        end = target
        for row in reversed(above):
            model.moveRows(QModelIndex(), row, 1, QModelIndex(), end)
            end -= 1
        for offset, row in enumerate(below):
            model.moveRows(QModelIndex(), row, 1, QModelIndex(), target + offset)
