"""The environment editor: global variables, the collection's variables and each environment, in one dialog.

Every scope is read on the pool without its secret values (they stay in the keyring); Save writes the
scopes that were edited, secret values to the secret store and never into a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import collection_dialogs, theme
from workbench.ui.environment_work import Scopes, load_scopes, rename_env, save_scopes
from workbench.ui.field_marks import FieldMark, error_label
from workbench.ui.row_table import RowTable
from workbench.ui.send_job import FormatJob, retire
from workbench.ui.variable_model import VALUE_COLUMN, SecretValueDelegate, VariableTableModel

if TYPE_CHECKING:
    from workbench.formats.model import Variable
    from workbench.ui.collection_hub import CollectionHub
    from workbench.ui.environment_state import Environments

GLOBALS = "global"
COLLECTION = "collection"
SCOPE_ROLE = Qt.ItemDataRole.UserRole + 1


class EnvironmentDialog(QDialog):
    """Scopes on the left, the chosen scope's variables on the right."""

    def __init__(
        self,
        hub: CollectionHub,
        environments: Environments,
        root: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("environmentDialog")
        self.setWindowTitle("Environments and variables")
        self.hub, self.environments, self.root = hub, environments, root
        self.scopes = Scopes({}, {})
        self.edited: dict[str, list[Variable]] = {}
        self.current = ""
        self._showing = False
        self._jobs: set[FormatJob] = set()
        self.list = QListWidget(self)
        self.list.setObjectName("environmentScopes")
        self.list.setAccessibleName("Variable scopes")
        self.add_button = QPushButton("Add…", self)
        self.add_button.setObjectName("environmentAddButton")
        self.rename_button = QPushButton("Rename…", self)
        self.rename_button.setObjectName("environmentRenameButton")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("environmentDeleteButton")
        self.title = QLabel(self)
        theme.set_role(self.title, "title")
        self.model = VariableTableModel(self)
        self.table = RowTable(self.model, "variablesTable", self)
        self.table.setItemDelegateForColumn(VALUE_COLUMN, SecretValueDelegate(self.table))
        self.mark = FieldMark(self.table, error_label(self))
        self.mark.label.setObjectName("environmentError")
        note = QLabel(
            "Use a variable as {{name}} in the URL, parameters, headers, body and profiles. "
            "Secret values are kept in the keyring (or the private secrets file), never in the "
            "collection's files; a secret left empty keeps the value already stored.",
            self,
        )
        note.setWordWrap(True)
        theme.set_role(note, "hint")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self._lay_out(note)
        self._connect()
        self.resize(780, 460)
        self.reload()

    def _lay_out(self, note: QLabel) -> None:
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.delete_button):
            row.addWidget(button)
        left.addLayout(row)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.table, 1)
        right.addWidget(self.mark.label)
        right.addWidget(note)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.list.currentItemChanged.connect(self._on_scope_changed)
        self.model.edited.connect(self._on_rows_edited)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    # --- reading ------------------------------------------------------------------------------
    def reload(self, select: str = "") -> None:
        """Read every scope again (on the pool); edits not saved are dropped."""
        self.edited.clear()
        self._run(lambda: load_scopes(self.root), self._on_loaded, select)

    def _run(self, work: Any, receiver: Any, tag: object = None) -> None:
        job = FormatJob(work, tag)
        self._jobs.add(job)
        job.finished.connect(receiver)
        job.failed.connect(self._on_failed)
        job.start()

    def _take(self) -> FormatJob | None:
        job = self.sender()
        if isinstance(job, FormatJob):
            retire(self._jobs, job)
            return job
        return None

    @Slot(object)
    def _on_loaded(self, scopes: Scopes) -> None:
        job = self._take()
        self.scopes = scopes
        wanted = str(job.tag) if job is not None and job.tag else self.current or GLOBALS
        self.list.blockSignals(True)
        self.list.clear()
        for key, label in scopes.labels():
            item = QListWidgetItem(label, self.list)
            item.setData(SCOPE_ROLE, key)
            if key in scopes.errors:
                item.setForeground(theme.error_color())
                item.setToolTip(scopes.errors[key])
        self.list.blockSignals(False)
        self._select(wanted)
        has_collection = bool(self.root)
        self.add_button.setEnabled(has_collection)

    def _select(self, key: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(SCOPE_ROLE) == key:
                self.list.setCurrentRow(row)
                return
        self.list.setCurrentRow(0)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_scope_changed(self, item: QListWidgetItem | None, _old: QListWidgetItem | None) -> None:
        self.current = item.data(SCOPE_ROLE) if item is not None else ""
        is_env = self.current.startswith("env:")
        self.rename_button.setEnabled(is_env)
        self.delete_button.setEnabled(is_env)
        self.title.setText(item.text() if item is not None else "")
        error = self.scopes.errors.get(self.current, "")
        rows = self.edited.get(self.current, list(self.scopes.variables.get(self.current, ())))
        self._showing = True  # not an edit: the scope's rows as read
        self.model.set_rows(rows)
        self._showing = False
        self.table.setEnabled(not error)
        if error:
            self.mark.show(f"{error} It is left as it is; fix the file to edit it here.")
        else:
            self.mark.clear()

    @Slot()
    def _on_rows_edited(self) -> None:
        if not self._showing and self.current and self.current not in self.scopes.errors:
            self.edited[self.current] = self.model.rows()

    # --- writing ------------------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        """Write every edited scope (secret values to the secret store)."""
        if not self.edited:
            return
        edits = {k: list(v) for k, v in self.edited.items()}
        self._run(lambda: save_scopes(self.root, edits), self._on_saved)

    @Slot(object)
    def _on_saved(self, problems: dict[str, str]) -> None:
        self._take()
        for key in [k for k in self.edited if k not in problems]:
            del self.edited[key]
        if problems:
            key, message = next(iter(problems.items()))
            self._select(key)
            self.mark.show(f"Not saved: {message}")
        else:
            self.mark.clear()
            self.hub.message.emit("Variables saved.")
            self.reload(self.current)
        self.environments.refresh_all()

    @Slot()
    def _on_add_clicked(self) -> None:
        name = collection_dialogs.ask_name(self, "New environment", "Environment name:")
        if name is not None:
            self._run(
                lambda: rename_env(self.root, "", name), self._on_env_changed, f"env:{name.strip()}"
            )

    @Slot()
    def _on_rename_clicked(self) -> None:
        old = self.current.removeprefix("env:")
        name = collection_dialogs.ask_name(self, "Rename environment", "New name:", old)
        if name is not None and name != old:
            self._run(
                lambda: rename_env(self.root, old, name),
                self._on_env_changed,
                f"env:{name.strip()}",
            )

    @Slot()
    def _on_delete_clicked(self) -> None:
        name = self.current.removeprefix("env:")
        text = f"Delete the environment {name} and its secret values?"
        if collection_dialogs.confirm(self, "Delete environment", text, "Delete"):
            self._run(lambda: rename_env(self.root, name, None), self._on_env_changed, GLOBALS)

    @Slot(object)
    def _on_env_changed(self, problem: str) -> None:
        job = self._take()
        if problem:
            self.mark.show(problem)
            return
        self.reload(str(job.tag) if job is not None else "")
        self.environments.refresh(self.root)

    @Slot(str)
    def _on_failed(self, details: str) -> None:
        self._take()
        import logging

        logging.getLogger(__name__).error("internal error in the environment editor:\n%s", details)
        self.mark.show("Workbench hit an internal error; nothing was changed.")

    def has_unsaved(self) -> bool:
        """Whether edits are waiting for Save."""
        return bool(self.edited)

    def reject(self) -> None:
        """Closing (Close, Esc, the window's button) with edits not saved asks first."""
        if self.edited and not collection_dialogs.confirm(
            self, "Unsaved variables", "Close without saving your edits?", "Discard"
        ):
            return
        self.edited.clear()
        super().reject()


def open_editor(hub: CollectionHub, environments: Environments, root: str) -> EnvironmentDialog:
    """Show the editor for `root` (the global variables only when it is ''); one per window."""
    dialog = hub.environment_dialog
    if not isinstance(dialog, EnvironmentDialog):
        dialog = EnvironmentDialog(hub, environments, root, hub.window)
        hub.environment_dialog = dialog
    elif dialog.root != root and not dialog.has_unsaved():
        dialog.root = root
        dialog.reload()
    dialog.show()
    dialog.raise_()
    return dialog
