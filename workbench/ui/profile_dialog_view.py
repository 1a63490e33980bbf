"""The profiles dialog's widgets and their layout: the list and its buttons left, the form right.

`ProfilesDialog` adds the behaviour; keeping the layout here keeps each module short.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.store.profile_model import ProfileKind
from workbench.ui import icons, theme
from workbench.ui.profile_fields import ProfileForm
from workbench.ui.profile_forms import AuthProfileForm, ProxyProfileForm
from workbench.ui.profile_list import ProfileList


class ProfilesView(QDialog):
    """The widgets of the profiles dialog, laid out; no behaviour beyond showing text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilesDialog")
        self.setWindowTitle("Auth and proxy profiles")
        self.list = ProfileList(self)
        self.auth_form = AuthProfileForm(self)
        self.proxy_form = ProxyProfileForm(self)
        self.forms: dict[ProfileKind, ProfileForm] = {
            "auth": self.auth_form,
            "proxy": self.proxy_form,
        }
        self._build()
        self.resize(820, 600)

    # --- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("profileAddButton")
        self.add_button.setText("Add")
        self.add_button.setIcon(icons.icon("add"))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        self.add_auth_action = menu.addAction("Auth profile")
        self.add_proxy_action = menu.addAction("Proxy profile")
        self.add_button.setMenu(menu)
        self.duplicate_button = self._button("Duplicate", "profileDuplicateButton")
        self.rename_button = self._button("Rename…", "profileRenameButton")
        self.delete_button = self._button("Delete", "profileDeleteButton")
        self.title = QLabel(self)
        self.title.setObjectName("profileFormTitle")
        theme.set_bold(self.title, True)
        self.placeholder = QLabel("Choose a profile on the left, or add one.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_role(self.placeholder, "hint")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        for form in self.forms.values():
            self.stack.addWidget(form)
        self.error = QLabel(self)
        self.error.setObjectName("profileErrorPanel")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.set_role(self.error, "field-error")
        self.error.hide()
        self.save_button = self._button("Save", "profileSaveButton")
        self.revert_button = self._button("Revert", "profileRevertButton")
        self.store_label = QLabel("Secrets are kept in: finding out…", self)
        self.store_label.setObjectName("secretStoreLabel")
        self.store_label.setWordWrap(True)
        theme.set_role(self.store_label, "hint")
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        closing.rejected.connect(self.reject)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._left())
        splitter.addWidget(self._right())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 590])
        splitter.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.store_label, 1)
        bottom.addWidget(closing)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        return button

    def _left(self) -> QWidget:
        left = QWidget(self)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (self.add_button, self.duplicate_button, self.rename_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)
        self.left = left
        return left

    def _right(self) -> QWidget:
        right = QWidget(self)
        scroll = QScrollArea(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.stack)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        column = QVBoxLayout(right)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(scroll, 1)
        column.addWidget(self.error)
        column.addLayout(actions)
        return right

    def show_error(self, text: str) -> None:
        """Show `text` in the error panel under the form ('' hides it)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
