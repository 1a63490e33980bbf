"""The Profiles dialog: saved auth and proxy profiles listed on the left, the chosen one's form on the right.

Every store call (files, keyring, scanning collections for users) runs on the pool through a
`StoreRunner`; the dialog only shows results. A save is all or nothing in the store, and the form keeps
what was typed when it fails, so nothing is half-saved and nothing typed is lost.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QListWidgetItem, QWidget

from workbench.store.profile_model import Profile, ProfileKind, Profiles, profile_kind
from workbench.ui import profile_list, profile_work
from workbench.ui.profile_book import ProfileBook, StoreRunner
from workbench.ui.profile_dialog_view import ProfilesView
from workbench.ui.profile_work import Done, Draft, Snapshot


class ProfilesDialog(ProfilesView):
    """Add, duplicate, rename, delete and edit saved profiles; the pickers follow through `book`."""

    def __init__(self, book: ProfileBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.runner = StoreRunner(self)
        self.snapshot: Snapshot | None = None
        self.editing: tuple[ProfileKind, str | None] | None = None
        """The form's kind and the saved name it edits (None: a new profile); None: no form."""
        self.dirty = False
        self._busy = False
        self.runner.done.connect(self._on_done)
        self.list.currentItemChanged.connect(self._on_current_changed)
        for form in self.forms.values():
            form.edited.connect(self._on_form_edited)
        self.add_auth_action.triggered.connect(self.add_auth)
        self.add_proxy_action.triggered.connect(self.add_proxy)
        for button, slot in (
            (self.duplicate_button, self.duplicate),
            (self.rename_button, self.rename),
            (self.delete_button, self.delete),
            (self.save_button, self.save),
            (self.revert_button, self.revert),
        ):
            button.clicked.connect(slot)
        self._show_form(None)

    # --- what the window calls ------------------------------------------------------------------
    def open_at(self, kind: ProfileKind, name: str = "") -> None:
        """Show the dialog (refreshed from the store), with profile `name` of `kind` chosen."""
        if not self.dirty:
            self.runner.run(profile_work.snapshot, ("load", kind, name))
            self._set_busy(True)
        self.show()
        self.raise_()
        self.activateWindow()

    def chosen(self) -> Profile | None:
        """The saved profile selected in the list."""
        key = self.list.chosen_key()
        if key is None or self.snapshot is None:
            return None
        kind, name = key
        found = self.snapshot.profiles.find(name)
        return found if found is not None and profile_kind(found) == kind else None

    # --- actions --------------------------------------------------------------------------------
    @Slot()
    def add_auth(self) -> None:
        """A new, unsaved auth profile in the form."""
        self._add("auth")

    @Slot()
    def add_proxy(self) -> None:
        """A new, unsaved proxy profile in the form."""
        self._add("proxy")

    def _add(self, kind: ProfileKind) -> None:
        if not self._may_leave():
            return
        self.list.select(None)
        name = profile_work.unique_name(f"New {kind} profile", self._names())
        form = self.forms[kind]
        form.show_profile(None, name)
        self.editing = (kind, None)
        self.dirty = False
        self._show_form(kind)
        form.name.setFocus()
        form.name.selectAll()

    @Slot()
    def save(self) -> None:
        """Check the form, then save it (on the pool); the form keeps everything if that fails."""
        if self.editing is None or self.runner.busy():
            return
        kind, old = self.editing
        form = self.forms[kind]
        draft = form.draft(old)
        taken = [n for n in self._names() if n != old]
        errors = profile_work.check_draft(draft, taken)
        form.touched.update(form.marks.by_field)
        loose = form.marks.show(errors, form.live_fields(), form.touched)
        if errors:
            self.show_error(" ".join(loose) or "Not saved: fix the marked fields first.")
            return
        if old is not None and draft.name != old:
            self._start(partial(self._users_of, kind, old), ("users", "save", draft))
        else:
            self._start(partial(profile_work.save, draft), ("save", draft))

    @Slot()
    def revert(self) -> None:
        """Back to what is saved (a new profile is dropped)."""
        self.dirty = False
        self._show_chosen()

    @Slot()
    def duplicate(self) -> None:
        """A copy of the chosen profile, secret included, named ``NAME copy``."""
        profile = self.chosen()
        if profile is None or not self._may_leave():
            return
        new = profile_work.unique_name(f"{profile.name} copy", self._names())
        self._start(
            partial(profile_work.duplicate, profile.name, new),
            ("select", profile_kind(profile), new, ""),
        )

    @Slot()
    def rename(self) -> None:
        """Ask for a new name; warn first when saved requests name the profile."""
        profile = self.chosen()
        if profile is None or not self._may_leave():
            return
        new = profile_list.ask_name(
            self, "Rename profile", f"New name for {profile.name!r}:", profile.name
        )
        if new is None or new == profile.name:
            return
        kind = profile_kind(profile)
        self._start(partial(self._users_of, kind, profile.name), ("users", "rename", profile, new))

    @Slot()
    def delete(self) -> None:
        """Delete the chosen profile and its secret, after saying which saved requests use it."""
        profile = self.chosen()
        if profile is None:
            return
        kind = profile_kind(profile)
        self._start(partial(self._users_of, kind, profile.name), ("users", "delete", profile))

    @staticmethod
    def _users_of(kind: ProfileKind, name: str) -> list[str]:
        from workbench.store.profile_model import users_of

        return users_of(name, profile_work.saved_uses(), kind)

    # --- results --------------------------------------------------------------------------------
    def _start(self, work: Any, tag: tuple[Any, ...]) -> None:
        self.show_error("")
        self._set_busy(True)
        self.runner.run(work, tag)

    @Slot(object, object)
    def _on_done(self, tag: tuple[Any, ...], done: Done) -> None:
        self._set_busy(self.runner.busy())
        what = tag[0]
        if what == "users":
            self._on_users(tag, done)
        elif done.error:
            self._on_failed(tag, done)
        elif what == "load":
            self._take(done.value, (tag[1], tag[2]) if tag[2] else None)
        elif what == "save":
            self._on_saved(tag[1], done.value)
        else:  # select: duplicated, renamed or removed
            _, kind, name, old = tag
            self._take(done.value, (kind, name) if name else None)
            if old:  # after the book has the new name, so the pickers find it
                self.book.renamed.emit(old, name)

    def _on_failed(self, tag: tuple[Any, ...], done: Done) -> None:
        if tag[0] == "save" and self.editing is not None:
            form = self.forms[tag[1].kind]
            loose = form.marks.show(done.fields, form.marks.by_field, form.marks.by_field)
            detail = " ".join(loose) if done.fields else done.error
            self.show_error(detail or "Not saved: fix the marked fields first.")
        else:
            self.show_error(done.error)
        if tag[0] == "load" and self.snapshot is None:
            self._take(Snapshot(self.book.profiles or Profiles(), {}, "unknown", ("", "", "")))

    def _on_saved(self, draft: Draft, snapshot: Snapshot) -> None:
        self.dirty = False
        old = self.editing[1] if self.editing is not None else None
        self._take(snapshot, (draft.kind, draft.name))
        if old is not None and old != draft.name:
            self.book.renamed.emit(old, draft.name)

    def _on_users(self, tag: tuple[Any, ...], done: Done) -> None:
        if done.error:
            self.show_error(done.error)
            return
        users: list[str] = done.value
        action = tag[1]
        if action == "delete":
            self._confirm_delete(tag[2], users)
        elif action == "rename":
            profile, new = tag[2], tag[3]
            if not users or self._confirm_rename(profile.name, users):
                work = partial(profile_work.rename, profile.name, new)
                self._start(work, ("select", profile_kind(profile), new, profile.name))
        elif not users or self._confirm_rename(self._editing_name(), users):
            self._start(partial(profile_work.save, tag[2]), ("save", tag[2]))

    def _confirm_delete(self, profile: Profile, users: list[str]) -> None:
        kind = profile_kind(profile)
        text = f"Delete the {kind} profile {profile.name!r} and its stored secret?"
        details = ""
        if users:
            text = f"{len(users)} saved request(s) use the {kind} profile {profile.name!r}."
            details = profile_list.users_text(
                users, "They will not send until they choose another profile. Delete it anyway?"
            )
        if profile_list.confirm(self, "Delete profile", text, details, "Delete"):
            self.dirty = False  # edits to a deleted profile have nowhere to go
            work = partial(profile_work.remove, profile.name)
            self._start(work, ("select", kind, "", ""))

    def _confirm_rename(self, name: str, users: list[str]) -> bool:
        text = f"{len(users)} saved request(s) name the profile {name!r}."
        details = profile_list.users_text(
            users, "They will not find it under the new name until they are edited. Rename it?"
        )
        return profile_list.confirm(self, "Rename profile", text, details, "Rename")

    def _take(self, snapshot: Snapshot, select: tuple[ProfileKind, str] | None = None) -> None:
        """Show a fresh snapshot of the store; hand its list to the pickers."""
        self.snapshot = snapshot
        self.book.set_profiles(snapshot.profiles, snapshot.problem)
        self.store_label.setText(
            f"Passwords, tokens and API key values are kept in: {snapshot.backend}."
        )
        self.proxy_form.set_system(snapshot.system)
        if snapshot.problem:
            self.show_error(snapshot.problem)
        if select is None and self.editing is not None and self.editing[1] is not None:
            select = (self.editing[0], self.editing[1])
        self._fill(select)

    def _fill(self, select: tuple[ProfileKind, str] | None) -> None:
        assert self.snapshot is not None
        self.list.fill(self.snapshot.profiles)
        if self.dirty and self.editing is not None and self.editing[1] is None:
            return  # a new profile is being typed: keep it on display
        self.list.select(select)
        if not self.dirty:
            self._show_chosen()

    # --- form state -----------------------------------------------------------------------------
    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if self.list.quiet:
            return
        if not self._may_leave():
            self.list.restore(previous)
            return
        self._show_chosen()

    def _show_chosen(self) -> None:
        profile = self.chosen()
        self.show_error(self.snapshot.problem if self.snapshot else "")
        if profile is None:
            self.editing = None
            self._show_form(None)
            return
        kind = profile_kind(profile)
        status = self.snapshot.statuses.get(profile.name, "") if self.snapshot else ""
        self.forms[kind].show_profile(profile, profile.name, status)
        self.editing = (kind, profile.name)
        self.dirty = False
        self._show_form(kind)

    def _show_form(self, kind: ProfileKind | None) -> None:
        if kind is None:
            self.stack.setCurrentWidget(self.placeholder)
            self.title.setText("")
        else:
            self.stack.setCurrentWidget(self.forms[kind])
            new = self.editing is not None and self.editing[1] is None
            self.title.setText(
                f"New {kind} profile (not saved yet)" if new else f"{kind.title()} profile"
            )
        self._update_buttons()

    @Slot()
    def _on_form_edited(self) -> None:
        if self.editing is None or self.sender() is not self.forms[self.editing[0]]:
            return
        self.dirty = True
        kind, old = self.editing
        form = self.forms[kind]
        draft = form.draft(old)
        errors = profile_work.check_draft(draft, [n for n in self._names() if n != old])
        form.marks.show(errors, form.live_fields(), form.touched)

    def _may_leave(self) -> bool:
        """True when the form holds no unsaved edits, or the person agreed to drop them."""
        if not self.dirty or self.editing is None:
            return True
        name = self.forms[self.editing[0]].name.text() or "this profile"
        if not profile_list.confirm(
            self, "Unsaved changes", f"Drop the changes to {name!r}?", "", "Drop"
        ):
            return False
        self.dirty = False
        return True

    def _editing_name(self) -> str:
        return (self.editing[1] or "") if self.editing is not None else ""

    def _names(self) -> list[str]:
        return self.snapshot.profiles.names() if self.snapshot else []

    def _set_busy(self, busy: bool) -> None:
        self.left.setEnabled(not busy)
        self.stack.setEnabled(not busy)
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._busy
        chosen = self.editing is not None and self.editing[1] is not None
        for button in (self.duplicate_button, self.rename_button, self.delete_button):
            button.setEnabled(chosen and not busy)
        self.save_button.setEnabled(self.editing is not None and not busy)
        self.revert_button.setEnabled(self.editing is not None and not busy)
