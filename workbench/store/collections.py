"""A collection is a folder: sub-folders are folders, each saved request is one ``*.wbreq.toml`` file.

`Collection` is what the sidebar and ``workbench run`` use. Every write is atomic; a file that cannot
be read is never overwritten or deleted; every error is a `StoreError` whose message names the place.
One `Collection` is used from one thread at a time: give it one worker (the first `tree` of a big
collection reads every file) and hand its results, which are immutable, to the GUI. Places are
relative POSIX paths (`collection_tree`).

How the sidebar uses it:

- ``Collection.open(folder)`` or `create_collection`; `default_collections` lists the app's own.
- `tree` gives `FolderNode`/`RequestNode` (``kind``, ``path``, ``name``, ``method``, ``url``,
  ``error``: a non-empty error means "show the error mark and this message, do not open").
  Right after the first `tree`, run `check` in the background: files only glanced at are parsed
  and ``changed`` names those that turned out broken (take `tree` again to show their marks).
- `filter` per keystroke: a `FilterResult` (``shows(path)``), or None for "show all". From the
  GUI thread, use the `Filter` that `searcher` returns with each tree (``match(text)``).
- `scan` on a timer or a file-system watcher: `Changes` (added/changed/removed request paths,
  ``folders_changed``); when it is not empty, take `tree` again. An open tab whose path is in
  ``changed`` reloads (`load`) if it has no edits, else offers "reload or keep".
- `load` gives `Loaded` (request and stamp); `save` raises `Conflict` when the file changed since
  (offer overwrite, ``force=True``, or saving under another name with `add_request`), and
  `LiteralSecrets` listing literal credentials (see `secret_guard`: move them, or confirm with
  ``allow_literal_secrets=True`` when ``may_allow``).
- `add_request`, `add_folder`, `rename`, `duplicate`, `move`, `delete` (returns a `TrashEntry`:
  keep it for "Undo", which is `restore`), `settings`/`save_settings` for folder defaults,
  `effective` for what a request inherits. Environments are in `workbench.store.environments`.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from workbench.formats.model import SavedRequest
from workbench.store import atomic, collection_trash, paths
from workbench.store.collection_errors import (
    BrokenFile,
    DuplicateName,
    InvalidName,
    NotFound,
    Unwritable,
)
from workbench.store.collection_files import CollectionFiles, Loaded, case_only, join
from workbench.store.collection_index import (
    EXTENSION,
    SKIPPED_AT_ROOT,
    Changes,
    read_entry,
)
from workbench.store.collection_names import check_name, key, numbered
from workbench.store.collection_trash import TrashEntry
from workbench.store.collection_tree import (
    Filter,
    FilterResult,
    FolderNode,
    build,
    name_of,
    parent_of,
)
from workbench.store.errors import StoreError
from workbench.store.folder_settings import COLLECTION_FILE, FolderSettings


def default_collections() -> list[Path]:
    """The collections in the app's data folder, by name."""
    root = paths.collections_dir()
    return sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: key(p.name),
    )


def create_collection(name: str, parent: Path | None = None) -> Collection:
    """A new, empty collection folder (in the app's data folder unless `parent` is given)."""
    name = check_name(name, "collection")
    base = parent if parent is not None else paths.collections_dir()
    if not base.is_dir():
        raise NotFound(base, "folder")
    folder = base / name
    if key(name) in {key(n) for n in os.listdir(base)}:
        raise DuplicateName(name, base)
    try:
        folder.mkdir()
    except OSError as exc:
        raise Unwritable(folder, exc) from None
    collection = Collection.open(folder)
    collection.save_settings("", FolderSettings(name=name, id=uuid.uuid4().hex))
    return collection


class Collection(CollectionFiles):
    """One collection folder on disk."""

    @classmethod
    def open(cls, folder: str | os.PathLike[str], *, cache: bool = True) -> Collection:
        """Open any folder as a collection (a git checkout, say); nothing is written by opening."""
        root = Path(folder).expanduser().resolve()
        if not root.exists():
            raise NotFound(root, "collection folder")
        if not root.is_dir():
            raise StoreError(f"{root} is a file, not a folder: a collection is a folder.")
        if not os.access(root, os.R_OK | os.X_OK):
            raise StoreError(f"Cannot read the folder {root}: permission denied.")
        return cls(root, cache=cache)

    # -- reading -------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The display name: ``collection.toml``'s name, or the folder's."""
        try:
            return self.settings("").name or self.root.name
        except StoreError:
            return self.root.name

    def tree(self) -> FolderNode:
        """The tree to show; the first call reads the folder, later ones show what `scan` found.

        The first call of a collection with no index cache reads only each file's head: `check`
        then finds the files that cannot be read (run it next, off the GUI thread).
        """
        if not self.index.scanned:
            self.scan(quick=True)
        settings, errors = {}, {}
        for rel in self.index.folders:
            try:
                settings[rel] = self.settings(rel)
            except BrokenFile as exc:
                errors[rel] = exc.message
        return build(self.index.entries, self.index.folders, settings, errors, self.name)

    def scan(self, *, quick: bool = False) -> Changes:
        """What changed on disk since the last scan (files edited, added or removed outside)."""
        try:
            changes = self.index.scan(quick=quick)
        except FileNotFoundError:
            raise NotFound(self.root, "collection folder") from None
        except OSError as exc:
            raise StoreError(
                f"Cannot read the folder {self.root}: {exc.strerror or exc}."
            ) from None
        if changes:
            self._filter = None
        return changes

    def filter(self, text: str) -> FilterResult | None:
        """The requests and folders matching every word of `text` (None: show all)."""
        return self.searcher().match(text)

    def searcher(self) -> Filter:
        """The filter over the current tree: a snapshot, so the GUI thread may use it freely."""
        if self._filter is None:
            if not self.index.scanned:
                self.scan()
            self._filter = Filter(self.index.entries, self.index.folders)
        return self._filter

    def check(self) -> Changes:
        """Parse the files a quick first `tree` only glanced at; ``changed`` lists new error marks."""
        found = self.index.check()
        if found:
            self._filter = None
        return Changes(changed=found)

    def errors(self) -> dict[str, str]:
        """Request files that cannot be read, with the reason (complete after `check`)."""
        return {rel: e.error for rel, e in self.index.entries.items() if e.error}

    def requests(self, rel: str = "") -> list[str]:
        """The request paths at `rel` (a request, a folder or ``""``), in display order."""
        if rel.endswith(EXTENSION):
            self.path(rel)
            return [rel]
        tree = self.tree()
        folder = tree if not rel else next((n for n in tree.walk() if n.path == rel), None)
        if not isinstance(folder, FolderNode):
            raise NotFound(self.path(rel), "folder")
        return [n.path for n in folder.walk() if n.kind == "request"]

    # -- writing -------------------------------------------------------------------------------

    def add_request(
        self, folder: str, saved: SavedRequest, *, allow_literal_secrets: bool = False
    ) -> Loaded:
        """Save a new request in `folder`; `DuplicateName` if the name is taken."""
        name = check_name(saved.name)
        saved = saved._replace(name=name)
        place = self.path(folder)
        self._check_free(place, name)
        rel = join(folder, name + EXTENSION)
        self._guard(rel, saved, allow_literal_secrets)
        return self._store(rel, saved)

    def save(
        self,
        loaded: Loaded,
        saved: SavedRequest,
        *,
        force: bool = False,
        allow_literal_secrets: bool = False,
    ) -> Loaded:
        """Save edits to a loaded request (renaming the file if the name changed).

        Raises `Conflict` when the file changed on disk since `loaded` (unless `force`),
        `LiteralSecrets` when the request holds literal credentials (unless allowed) and
        `BrokenFile` when the file on disk cannot be read (it is never overwritten).
        """
        path = self.path(loaded.path)
        name = check_name(saved.name)
        saved = saved._replace(name=name)
        rel = join(parent_of(loaded.path), name + EXTENSION)
        if rel != loaded.path:
            self._check_free(path.parent, name, renaming=path)
        self._guard(rel, saved, allow_literal_secrets)
        self._check_unchanged(path, loaded.stamp, force)
        if rel == loaded.path:
            return self._store(rel, saved)
        if case_only(path, self.path(rel)):
            return self._store_recased(loaded.path, rel, saved)
        result = self._store(rel, saved)
        self._remove_quietly(loaded.path)
        return result

    def _store_recased(self, old: str, rel: str, saved: SavedRequest) -> Loaded:
        """Save under a name that differs only in case: where the disk ignores case both name one
        file, so writing the new name and deleting the old would delete what was just written.
        Write the old name, then rename it."""
        self._store(old, saved)
        self._rename(self.path(old), self.path(rel))
        self.index.update(old, None)
        entry, _ = read_entry(self.path(rel))
        self.index.update(rel, entry)
        return Loaded(rel, saved, entry.stamp)

    def add_folder(self, parent: str, name: str) -> str:
        """A new empty folder; its relative path."""
        name = check_name(name, "folder")
        if not parent and key(name) in SKIPPED_AT_ROOT:
            raise InvalidName(name, f"{name!r} is where the collection keeps its environments.")
        place = self.path(parent)
        self._check_free(place, name)
        try:
            (place / name).mkdir()
        except OSError as exc:
            raise Unwritable(place / name, exc) from None
        self._refresh(join(parent, name))
        return join(parent, name)

    def rename(self, rel: str, new_name: str) -> str:
        """Rename a request or folder; its new relative path."""
        is_request = rel.endswith(EXTENSION)
        new_name = check_name(new_name, "request" if is_request else "folder")
        source = self.path(rel)
        if not os.path.lexists(source):
            raise NotFound(source)
        if not is_request and not parent_of(rel) and key(new_name) in SKIPPED_AT_ROOT:
            raise InvalidName(
                new_name, f"{new_name!r} is where the collection keeps its environments."
            )
        target = join(parent_of(rel), new_name + (EXTENSION if is_request else ""))
        if target == rel:
            return rel
        self._check_free(source.parent, new_name, renaming=source)
        self._rename(source, self.path(target))
        if case_only(source, self.path(target)):
            # Where case is ignored the old spelling still answers: re-list the folder by name.
            self._refresh(parent_of(rel))
        else:
            self._refresh(rel, target)
        return target

    def move(self, rel: str, folder: str) -> str:
        """Move a request or folder into another folder; its new relative path."""
        source = self.path(rel)
        if not os.path.lexists(source):
            raise NotFound(source)
        if folder == rel or folder.startswith(rel + "/"):
            raise StoreError(f"Cannot move the folder {source} into itself.")
        destination = self.path(folder)
        if not destination.is_dir():
            raise NotFound(destination, "folder")
        self._check_free(destination, name_of(rel))
        target = join(folder, source.name)
        self._rename(source, self.path(target))
        self._refresh(rel, target)
        return target

    def duplicate(self, rel: str) -> str:
        """A copy beside the original, named ``NAME copy`` (``copy 2``...); its relative path."""
        source = self.path(rel)
        is_request = rel.endswith(EXTENSION)
        if is_request:
            self.load(rel)  # a copy of a broken file would hide which one is the original
        elif not source.is_dir():
            raise NotFound(source, "folder")
        taken = self.taken_names(source.parent)
        name = numbered(f"{name_of(rel)} copy", taken)
        target = join(parent_of(rel), name + (EXTENSION if is_request else ""))
        try:
            if is_request:
                atomic.write_bytes(self.path(target), source.read_bytes())
            else:
                staging = source.parent / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
                shutil.copytree(source, staging, symlinks=True)
                os.rename(staging, self.path(target))  # appears whole, or not at all
        except OSError as exc:
            raise Unwritable(self.path(target), exc) from None
        self._refresh(target)
        return target

    def delete(self, rel: str) -> TrashEntry:
        """Move a request or folder to the trash (`restore` undoes it); broken files are kept."""
        self._refresh(rel)
        self.index.check(rel)
        prefix = rel + "/"
        for other, indexed in self.index.entries.items():
            if indexed.error and (other == rel or other.startswith(prefix)):
                raise BrokenFile(
                    self.path(other), f"cannot be read ({indexed.error}), so it is not deleted"
                )
        if not rel.endswith(EXTENSION):
            for folder in self.index.folders:
                if folder == rel or folder.startswith(prefix):
                    self.settings(folder)  # raises for a broken folder.toml
        entry = collection_trash.move_to_trash(self.root, rel)
        self._refresh(rel)
        return entry

    def restore(self, entry: TrashEntry) -> str:
        """Undo a delete; the restored item's relative path."""
        collection_trash.restore(entry)
        self._refresh(entry.path)
        return entry.path

    def _refresh(self, *rels: str) -> None:
        """Take in what an operation of ours changed, without swallowing outside changes."""
        if not self.index.scanned:
            self.scan()
        for rel in rels:
            self.index.refresh(rel)
        self._filter = None


def locate(path: str | os.PathLike[str]) -> tuple[Collection, str]:
    """The collection holding `path` (a request file, a folder or a collection) and its place in it.

    The collection is the nearest folder upwards with a ``collection.toml``; without one, `path`
    itself (or a request file's folder) is opened as the collection.
    """
    target = Path(path).expanduser().resolve()
    if not target.exists():
        raise NotFound(target, "file or folder")
    if target.is_file() and not target.name.endswith(EXTENSION):
        raise StoreError(
            f"{target} is not a request file (*{EXTENSION}), a folder or a collection."
        )
    start = target if target.is_dir() else target.parent
    for folder in (start, *start.parents):
        if (folder / COLLECTION_FILE).is_file():
            break
    else:
        folder = start
    collection = Collection.open(folder)
    rel = target.relative_to(folder).as_posix()
    return collection, "" if rel == "." else rel
