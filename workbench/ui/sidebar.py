"""The sidebar left of the request tabs: one page per panel (Collections, History...)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget


class Sidebar(QTabWidget):
    """Panels stacked as tabs; hidden while it has none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Sidebar")
        self.setDocumentMode(True)
        self.setMinimumWidth(160)
        self.setVisible(False)

    def add_panel(self, widget: QWidget, title: str) -> None:
        """Add a panel (its objectName identifies it to tests); the sidebar shows itself."""
        self.addTab(widget, title)
        self.setVisible(True)

    def panel(self, name: str) -> QWidget | None:
        """The panel whose objectName is `name`."""
        for index in range(self.count()):
            widget = self.widget(index)
            if widget is not None and widget.objectName() == name:
                return widget
        return None

    def show_panel(self, name: str) -> None:
        """Bring a panel to the front."""
        widget = self.panel(name)
        if widget is not None:
            self.setCurrentWidget(widget)
            self.setVisible(True)
