"""The import dialog's preview table: each request that will be written, with its folder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from workbench.formats.model import CollectionData

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Name", "Method", "URL")
NAME, METHOD, URL = range(3)


class PreviewModel(QAbstractTableModel):
    """Rows of (folder/name, method, URL) of the requests about to be imported."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, str]] = []
        """(name with its folder path, method, URL, profile note) per request."""

    def set_data(self, data: CollectionData | None) -> None:
        """Show the requests of `data` (None: nothing)."""
        self.beginResetModel()
        self.rows = []
        for item in data.items if data is not None else ():
            saved = item.request
            profiles = ", ".join(p for p in (saved.auth_profile, saved.proxy_profile) if p)
            name = "/".join((*item.folder, saved.name))
            self.rows.append((name, saved.spec.method, saved.spec.url, profiles))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per request."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Name, method, URL."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text; the tooltip names the profile a request wants."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row[URL] if index.column() == URL else row[NAME]
            return f"{tip}\nUses the profile {row[3]}" if row[3] else tip
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
