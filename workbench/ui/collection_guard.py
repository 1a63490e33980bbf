"""The guard before saving: literal credentials are named and moved into secret variables, never written silently.

The store refuses to write a request holding literal credentials (`LiteralSecrets`). This dialog lists
each one and offers to move it into a secret variable (its value goes to the keyring or the 0600
secrets file; the request keeps ``{{name}}``), or, where the store allows it, to save it as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import icons, theme
from workbench.ui.field_marks import FieldMark, error_label

if TYPE_CHECKING:
    from workbench.formats.model import SavedRequest, Variable
    from workbench.store.secret_guard import LiteralSecrets, SecretFinding


class GuardAnswer(NamedTuple):
    """What the user chose: findings to move (with variable names), where, and whether the rest may be written."""

    moves: tuple[tuple[SecretFinding, str], ...]
    target: str
    """'' for the collection's variables, else an environment's name."""
    allow_rest: bool


class GuardDialog(QDialog):
    """Lists the literal credentials of a request about to be saved."""

    def __init__(
        self, error: LiteralSecrets, environments: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("secretGuardDialog")
        self.setWindowTitle("Literal credentials")
        self.error = error
        self.rows: list[tuple[SecretFinding, QCheckBox, QLineEdit, FieldMark]] = []
        intro = QLabel(
            "This request holds credentials typed in literally. Request files are meant to be "
            "shared (in git, say), so Workbench does not write them silently. Move each into a "
            "secret variable: its value is kept in the keyring (or the private secrets file) and "
            "the request keeps only {{name}}. Or pick a saved profile in the Auth tab instead.",
            self,
        )
        intro.setWordWrap(True)
        self.target = QComboBox(self)
        self.target.setObjectName("guardTarget")
        self.target.setAccessibleName("Keep the secret values in")
        self.target.addItem("the collection's variables", "")
        for name in environments:
            self.target.addItem(f"the environment {name}", name)
        self.buttons = QDialogButtonBox(self)
        self.move_button = self.buttons.addButton(
            "Move and save", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.move_button.setObjectName("guardMoveButton")
        self.move_button.setIcon(icons.icon("save"))
        self.literal_button: QPushButton | None = None
        if error.may_allow:
            self.literal_button = self.buttons.addButton(
                "Save as it is", QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.literal_button.setObjectName("guardLiteralButton")
            self.literal_button.setToolTip("Write the credentials into the file as they are")
            self.literal_button.clicked.connect(self._on_literal_clicked)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_move_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._findings())
        where = QGridLayout()
        where.addWidget(QLabel("Keep the secret values in:", self), 0, 0)
        where.addWidget(self.target, 0, 1)
        where.setColumnStretch(1, 1)
        layout.addLayout(where)
        layout.addWidget(self.buttons)
        self.literal = False
        self.resize(620, self.sizeHint().height())

    def _findings(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(_bold(QLabel("Found", self)), 0, 0)
        grid.addWidget(_bold(QLabel("Secret variable", self)), 0, 1)
        from workbench.store.secret_guard import SECRET_FIELD_NAMES

        for number, finding in enumerate(self.error.findings):
            must = finding.field in SECRET_FIELD_NAMES
            box = QCheckBox(finding.name + (" (always moved)" if must else ""), self)
            box.setChecked(True)
            box.setObjectName(f"guardMove{number}")
            box.setEnabled(not must)  # a password field can only ever hold a reference
            box.setToolTip(
                "A password or token field can only hold a {{variable}}" if must else "Move it"
            )
            name = QLineEdit(finding.suggestion, self)
            name.setObjectName(f"guardName{number}")
            name.setAccessibleName(f"Variable for the {finding.name}")
            mark = FieldMark(name, error_label(self))
            name.textChanged.connect(self._on_changed)
            box.toggled.connect(self._on_changed)
            row = 1 + number * 2
            grid.addWidget(box, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(mark.label, row + 1, 1)
            self.rows.append((finding, box, name, mark))
        grid.setColumnStretch(1, 1)
        return grid

    def _problems(self) -> bool:
        from workbench.store.errors import StoreError
        from workbench.store.variables import check_variable_name

        wrong, seen = False, set()
        for _finding, box, name, mark in self.rows:
            try:
                if box.isChecked():
                    checked = check_variable_name(name.text())
                    if checked in seen:
                        raise StoreError(f"{checked} is already used for another credential above.")
                    seen.add(checked)
                mark.clear()
            except StoreError as exc:
                mark.show(str(exc))
                wrong = True
        return wrong

    @Slot()
    def _on_changed(self) -> None:
        self.move_button.setEnabled(not self._problems())

    @Slot()
    def _on_move_clicked(self) -> None:
        if not self._problems():
            self.accept()

    @Slot()
    def _on_literal_clicked(self) -> None:
        self.literal = True
        self.accept()

    def answer(self) -> GuardAnswer:
        """What the user chose (after the dialog was accepted)."""
        if self.literal:
            return GuardAnswer((), "", True)
        moves = tuple((f, name.text().strip()) for f, box, name, _m in self.rows if box.isChecked())
        allow = len(moves) < len(self.rows)
        return GuardAnswer(moves, str(self.target.currentData() or ""), allow)


def _bold(label: QLabel) -> QLabel:
    theme.set_bold(label, True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft)
    return label


def ask_guard(
    parent: QWidget | None, error: LiteralSecrets, environments: list[str]
) -> GuardAnswer | None:
    """Show the guard; None when the user cancelled (nothing is written)."""
    dialog = GuardDialog(error, environments, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()
    finally:
        dialog.deleteLater()


def apply(saved: SavedRequest, answer: GuardAnswer) -> tuple[SavedRequest, list[Variable]]:
    """The request with the chosen credentials replaced by ``{{name}}``, and the secret variables."""
    from workbench.store.secret_guard import move_to_secret_variable

    variables = []
    for finding, name in answer.moves:
        saved, variable = move_to_secret_variable(saved, finding, name)
        variables.append(variable)
    return saved, variables
