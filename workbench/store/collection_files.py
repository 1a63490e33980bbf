"""The file side of a collection: paths, loading, atomic saving with conflict checks, folder settings.

`CollectionFiles` is the base of `workbench.store.collections.Collection`; see there for the whole API.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import NamedTuple

from workbench.formats import request_file
from workbench.formats.errors import FormatError
from workbench.formats.model import SavedRequest
from workbench.store import atomic, paths
from workbench.store.collection_errors import (
    BrokenFile,
    Conflict,
    DuplicateName,
    NotFound,
    Unwritable,
)
from workbench.store.collection_index import EXTENSION, Index, Stamp, digest, read_entry
from workbench.store.collection_names import key
from workbench.store.collection_tree import Filter, name_of
from workbench.store.errors import StoreError
from workbench.store.folder_settings import (
    COLLECTION_FILE,
    FOLDER_FILE,
    FolderSettings,
    effective,
)
from workbench.store.folder_settings import dumps as settings_dumps
from workbench.store.folder_settings import loads as settings_loads
from workbench.store.secret_guard import SECRET_FIELD_NAMES, LiteralSecrets, find_literal_secrets


def index_cache_file(root: Path) -> Path:
    """The index cache of a collection (to move into `paths` as ``collection_cache_file(root)``)."""
    name = hashlib.sha1(str(root).encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return paths.collection_index_file(name.hexdigest()[:20])


class Loaded(NamedTuple):
    """A request as read from (or written to) its file, with the stamp that detects later changes."""

    path: str
    saved: SavedRequest
    stamp: Stamp


class CollectionFiles:
    """Paths, reading and writing inside one collection folder."""

    def __init__(self, root: Path, *, cache: bool = True) -> None:
        self.root = root
        self.index = Index(root, index_cache_file(root) if cache else None)
        self._settings: dict[str, tuple[tuple[int, int], FolderSettings | BrokenFile]] = {}
        self._filter: Filter | None = None

    def load(self, rel: str) -> Loaded:
        """Read one request; `BrokenFile` (with the reason) when it cannot be read."""
        path = self.path(rel)
        try:
            data = path.read_bytes()
            st = path.stat()
        except FileNotFoundError:
            raise NotFound(path) from None
        except OSError as exc:
            raise StoreError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        try:
            saved = request_file.loads(data.decode("utf-8"), name=name_of(rel))
        except UnicodeDecodeError as exc:
            raise BrokenFile(path, f"not UTF-8 text (byte {exc.start})") from None
        except FormatError as exc:
            raise BrokenFile(path, str(exc)) from None
        return Loaded(rel, saved, Stamp(st.st_mtime_ns, len(data), digest(data)))

    # -- settings and inheritance --------------------------------------------------------------

    def settings(self, folder: str) -> FolderSettings:
        """The settings of a folder (``""``: the collection); `BrokenFile` when unreadable."""
        path = self.path(folder) / (COLLECTION_FILE if not folder else FOLDER_FILE)
        try:
            st = path.stat()
        except FileNotFoundError:
            return FolderSettings()
        cached = self._settings.get(folder)
        if cached is None or cached[0] != (st.st_mtime_ns, st.st_size):
            try:
                text = path.read_text("utf-8")
                value: FolderSettings | BrokenFile = settings_loads(text, path.name)
            except (OSError, UnicodeDecodeError, FormatError) as exc:
                value = BrokenFile(path, str(exc))
            cached = ((st.st_mtime_ns, st.st_size), value)
            self._settings[folder] = cached
        if isinstance(cached[1], BrokenFile):
            raise cached[1]
        return cached[1]

    def save_settings(self, folder: str, settings: FolderSettings) -> None:
        """Write a folder's (or with ``""`` the collection's) settings; a broken file is kept."""
        self.settings(folder)  # refuses to overwrite a settings file that cannot be read
        path = self.path(folder) / (COLLECTION_FILE if not folder else FOLDER_FILE)
        file_name = path.name
        if folder:
            settings = settings._replace(variables=(), name="", id="")
        self._write(path, settings_dumps(settings, file_name))
        self.index.note_settings(path.relative_to(self.root).as_posix(), path)

    def chain(self, rel: str) -> list[FolderSettings]:
        """The settings a request or folder inherits, the collection's first."""
        folders = rel.split("/")[:-1] if rel.endswith(EXTENSION) else rel.split("/") if rel else []
        return [self.settings("/".join(folders[:depth])) for depth in range(len(folders) + 1)]

    def effective(self, loaded: Loaded) -> SavedRequest:
        """The request with its folders' defaults filled in (auth/proxy profile, headers, base URL)."""
        return effective(loaded.saved, self.chain(loaded.path))

    def identity(self) -> str:
        """The id that keys this collection's secrets; written to ``collection.toml`` the first time."""
        settings = self.settings("")
        if not settings.id:
            settings = settings._replace(id=uuid.uuid4().hex)
            self.save_settings("", settings)
        return settings.id

    # -- helpers -------------------------------------------------------------------------------

    def path(self, rel: str) -> Path:
        """The file or folder at a relative path; refuses paths that leave the collection."""
        parts = rel.split("/") if rel else []
        if any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
            raise StoreError(f"{rel!r} is not a place inside the collection {self.root}.")
        return self.root.joinpath(*parts)

    def taken_names(self, folder: Path) -> set[str]:
        """The names in a folder as `key` compares them (requests without their extension)."""
        return {key(n.removesuffix(EXTENSION)) for n in _names(folder)}

    def _check_free(self, folder: Path, name: str, renaming: Path | None = None) -> None:
        """`DuplicateName` when `name` is taken in `folder`; the item `renaming` does not count.

        So ``Login`` -> ``login`` is free where the disk ignores case (one file, listed once),
        while a second file spelled ``login`` (possible where case matters) is not.
        """
        wanted = key(name)
        for found in _names(folder):
            if key(found.removesuffix(EXTENSION)) != wanted:
                continue
            if renaming is not None and same_entry(folder / found, renaming):
                continue
            raise DuplicateName(name, folder)

    def _guard(self, rel: str, saved: SavedRequest, allow: bool) -> None:
        findings = find_literal_secrets(saved)
        must_move = [f for f in findings if f.field in SECRET_FIELD_NAMES]
        if must_move:  # all at once, so the user settles them in one go; none may stay literal
            raise LiteralSecrets(
                str(self.path(rel)), must_move if allow else findings, may_allow=False
            )
        if findings and not allow:
            raise LiteralSecrets(str(self.path(rel)), findings)

    def _check_unchanged(self, path: Path, stamp: Stamp, force: bool) -> None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            if force:
                return
            raise NotFound(path) from None
        except OSError as exc:
            raise StoreError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        if digest(data) != stamp.digest:
            try:
                request_file.loads(data.decode("utf-8"), name="check")
            except (UnicodeDecodeError, FormatError) as exc:
                raise BrokenFile(path, f"{exc}; it is not overwritten") from None
            if not force:
                raise Conflict(path)

    def _store(self, rel: str, saved: SavedRequest) -> Loaded:
        path = self.path(rel)
        try:
            text = request_file.dumps(saved)
        except FormatError as exc:
            raise StoreError(f"Cannot save {path}: {exc}") from None
        self._write(path, text)
        entry, _ = read_entry(path)
        self.index.update(rel, entry)
        self._filter = None
        return Loaded(rel, saved, entry.stamp)

    def _write(self, path: Path, text: str) -> None:
        if not path.parent.is_dir():  # atomic_open would re-create a folder deleted outside
            raise NotFound(path.parent, "folder")
        try:
            atomic.write_text(path, text)
        except UnicodeEncodeError:
            raise StoreError(
                f"Cannot save {path}: it holds text that is not valid Unicode."
            ) from None
        except OSError as exc:
            raise Unwritable(path, exc) from None

    def _rename(self, source: Path, target: Path) -> None:
        """Rename a file or folder; never over another one, and a change of case only safely."""
        if source == target:
            return
        if case_only(source, target):
            if os.path.lexists(target) and not same_entry(target, source):
                raise DuplicateName(target.name, target.parent)  # two files where case matters
            rename_through_hidden(source, target)
            return
        if os.path.lexists(target):
            raise DuplicateName(target.name, target.parent)
        try:
            os.rename(source, target)
        except OSError as exc:
            raise Unwritable(source, exc) from None

    def _remove_quietly(self, rel: str) -> None:
        try:
            self.path(rel).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise Unwritable(self.path(rel), exc) from None
        self.index.update(rel, None)


def join(folder: str, name: str) -> str:
    """A relative path inside a folder's relative path."""
    return f"{folder}/{name}" if folder else name


def case_only(source: Path, target: Path) -> bool:
    """The same folder, and names that differ only as `key` ignores (letter case, Unicode form).

    Where the disk ignores case (macOS, Windows) both name one file: writing one name and then
    deleting the other would delete what was just written.
    """
    return (
        source.parent == target.parent
        and source.name != target.name
        and key(source.name) == key(target.name)
    )


def same_entry(found: Path, item: Path) -> bool:
    """`found` (a name listed in a folder) is `item` itself, however the disk spells it."""
    if found == item:
        return True
    if not case_only(found, item):
        return False  # a hard link under another name is still another name
    try:
        return os.path.samefile(found, item)
    except OSError:  # one of them is gone, or a dangling link
        return False


def _names(folder: Path) -> list[str]:
    """The visible names in a folder; `NotFound` or `StoreError` in words."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        raise NotFound(folder, "folder") from None
    except OSError as exc:
        raise StoreError(f"Cannot read the folder {folder}: {exc.strerror or exc}.") from None
    return [n for n in names if not n.startswith(".")]


def rename_through_hidden(source: Path, target: Path) -> None:
    """Change only a name's case in two renames: a disk that ignores case may take a direct
    rename between two spellings of one file for "nothing to do" (POSIX allows it)."""
    hidden = source.with_name(f".{source.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        os.rename(source, hidden)
    except OSError as exc:
        raise Unwritable(source, exc) from None
    try:
        os.rename(hidden, target)
    except OSError as exc:
        try:
            os.rename(hidden, source)
        except OSError:
            raise StoreError(
                f"Cannot rename {source.name} to {target.name}: {exc.strerror or exc}. "
                f"It is now in the hidden {hidden}; rename that back by hand."
            ) from None
        raise Unwritable(target, exc) from None
