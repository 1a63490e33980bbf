"""Deleting is moving to a trash folder in the app's state folder, so every delete can be undone.

Each deleted file or folder sits in ``trash/<id>/`` beside an ``entry.json`` that says where it came
from. `restore` puts it back (refusing, in words, if its place is taken); `purge` deletes for good.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import NamedTuple

from workbench.store import atomic, paths
from workbench.store.collection_errors import DuplicateName, NotFound, Unwritable
from workbench.store.errors import StoreError

_ENTRY = "entry.json"


def trash_dir() -> Path:
    """Where deleted requests and folders wait (to move into `paths` as ``trash_dir()``)."""
    return paths.trash_dir()


class TrashEntry(NamedTuple):
    """One deleted request or folder."""

    id: str
    collection: Path
    """The collection folder it was deleted from."""
    path: str
    """Its relative path in that collection."""
    deleted_at: float
    """Seconds since the epoch."""

    @property
    def item(self) -> Path:
        """Where it is kept now."""
        return trash_dir() / self.id / Path(self.path).name


def move_to_trash(collection: Path, rel: str) -> TrashEntry:
    """Move `collection/rel` to the trash; the entry is what `restore` takes."""
    source = collection.joinpath(*rel.split("/"))
    if not source.exists():
        raise NotFound(source)
    entry = TrashEntry(uuid.uuid4().hex, collection, rel, time.time())
    folder = trash_dir() / entry.id
    record = {"collection": str(collection), "path": rel, "deleted_at": entry.deleted_at}
    atomic.write_text(folder / _ENTRY, json.dumps(record))  # first: an item never sits unexplained
    try:
        shutil.move(source, entry.item)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise Unwritable(source, exc) from None
    return entry


def entries() -> list[TrashEntry]:
    """Everything in the trash, most recently deleted first."""
    found = []
    root = trash_dir()
    if not root.is_dir():
        return []
    for folder in root.iterdir():
        try:
            record = json.loads((folder / _ENTRY).read_text("utf-8"))
            entry = TrashEntry(
                folder.name, Path(record["collection"]), record["path"], record["deleted_at"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if entry.item.exists() or entry.item.is_symlink():
            found.append(entry)
    return sorted(found, key=lambda e: e.deleted_at, reverse=True)


def restore(entry: TrashEntry) -> Path:
    """Put a deleted item back where it was; `DuplicateName` if something else took its place."""
    target = entry.collection.joinpath(*entry.path.split("/"))
    if not entry.collection.is_dir():
        raise NotFound(entry.collection, "collection folder")
    if os.path.lexists(target):
        raise DuplicateName(target.name, target.parent)
    if not entry.item.exists():
        raise StoreError(f"{entry.path} is no longer in the trash.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(entry.item, target)
    except OSError as exc:
        raise Unwritable(target, exc) from None
    shutil.rmtree(trash_dir() / entry.id, ignore_errors=True)
    return target


def purge(entry: TrashEntry) -> None:
    """Delete one trash entry for good."""
    shutil.rmtree(trash_dir() / entry.id, ignore_errors=True)
