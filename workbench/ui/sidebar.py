"""The sidebar left of the request tabs: one page per panel (Collections, History...).

A panel may be given as a builder (`add_lazy_panel`): its page stands empty until the panel is
first asked for (`panel`), its tab chosen, or the window builds it right after the first frame. The
window then paints sooner: the History and Collections panels cost ~25 ms of imports and building.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import QTabWidget, QWidget

Builder = Callable[[], QWidget]

HISTORY_PANEL = "historyPanel"
COLLECTIONS_PANEL = "collectionsPanel"


class Sidebar(QTabWidget):
    """Panels stacked as tabs; hidden while it has none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Sidebar")
        self.setDocumentMode(True)
        self.setMinimumWidth(160)
        self.setVisible(False)
        self._builders: dict[str, Builder] = {}
        """Panels not built yet, by the objectName their panel will have."""
        self.currentChanged.connect(self._on_current_changed)

    def sizeHint(self) -> QSize:
        """Room for a history line or a collection path (~44 characters), whether or not the panels
        are built yet: the window's first frame lays the sidebar out before they are."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.fontMetrics().averageCharWidth() * 44), hint.height())

    def add_panel(self, widget: QWidget, title: str) -> None:
        """Add a panel (its objectName identifies it to tests); the sidebar shows itself."""
        self.addTab(widget, title)
        self.setVisible(True)

    def add_lazy_panel(self, name: str, title: str, build: Builder) -> None:
        """Add a page for the panel `build()` makes (its objectName must be `name`), built later."""
        holder = QWidget()
        holder.setObjectName(f"{name}Holder")
        self._builders[name] = build
        self.blockSignals(True)  # the first page added becomes current: not a reason to build it
        try:
            self.add_panel(holder, title)
        finally:
            self.blockSignals(False)

    def panel(self, name: str) -> QWidget | None:
        """The panel whose objectName is `name` (built now if it was waiting)."""
        if name in self._builders:
            self._build(name)
        for index in range(self.count()):
            widget = self.widget(index)
            if widget is not None and widget.objectName() == name:
                return widget
        return None

    def waiting(self) -> bool:
        """Whether a panel is still waiting to be built."""
        return bool(self._builders)

    def build_all(self) -> None:
        """Build every panel still waiting (the window calls it after its first frame)."""
        for name in list(self._builders):
            self._build(name)

    def show_panel(self, name: str) -> None:
        """Bring a panel to the front."""
        widget = self.panel(name)
        if widget is not None:
            self.setCurrentWidget(widget)
            self.setVisible(True)

    def _build(self, name: str) -> None:
        build = self._builders.pop(name)
        index = next(
            i
            for i in range(self.count())
            if (w := self.widget(i)) is not None and w.objectName() == f"{name}Holder"
        )
        holder, title, current = self.widget(index), self.tabText(index), self.currentIndex()
        widget = build()
        assert widget.objectName() == name, (widget.objectName(), name)
        self.blockSignals(True)  # the swap is no change of panel
        try:
            self.removeTab(index)
            self.insertTab(index, widget, title)
            self.setCurrentIndex(current)
        finally:
            self.blockSignals(False)
        if holder is not None:
            holder.deleteLater()

    @Slot(int)
    def _on_current_changed(self, index: int) -> None:
        widget = self.widget(index)
        if widget is not None and widget.objectName().endswith("Holder"):
            name = widget.objectName().removesuffix("Holder")
            if name in self._builders:
                self._build(name)
