"""What the sidebar needs from a collection folder, fast: every request's name, method, URL and error.

A scan walks the folder with `os.scandir` and stats each request file. A file whose modification time
and size match the index (kept between runs in the cache folder) is not read again; any other file is
read, hashed and parsed. The hash tells a real change from a touch (``git checkout`` rewrites files
with the same bytes). The filter is a substring search over one lower-case line per request.

A quick scan (the first one of a big collection with no cache) takes the method and URL from the
first three lines our writer always puts first and leaves the entry unchecked; `Index.check` parses
those files in full later, so the tree shows at once and the error marks follow.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import NamedTuple

from workbench.formats import request_file
from workbench.formats.errors import FormatError
from workbench.store import atomic
from workbench.store.folder_settings import COLLECTION_FILE, FOLDER_FILE

EXTENSION = request_file.EXTENSION
SKIPPED_AT_ROOT = frozenset({"environments"})
"""Top-level folders that hold something other than requests."""
_CACHE_VERSION = 2
_HEAD = re.compile(
    r'schema = "workbench\.request/1"\r?\nmethod = "([^"\\\n]+)"\r?\nurl = "([^"\\\n]*)"\r?\n'
)
"""The head our writer puts first; a file starting otherwise is parsed in full at once."""
_RACY_NS = 2_000_000_000
"""A file modified this close to when it was indexed may change again within the same mtime tick."""


class Stamp(NamedTuple):
    """What a file looked like when it was read: a later difference means someone changed it."""

    mtime_ns: int
    size: int
    digest: str


class Entry(NamedTuple):
    """One request file as the tree shows it."""

    stamp: Stamp
    method: str
    url: str
    error: str
    """Why the file cannot be read; empty when it can."""
    checked_ns: int
    """When the file was last read (wall clock), to catch changes within one mtime tick."""
    checked: bool = True
    """False when only the head was read; `Index.check` parses the rest and finds any error."""


class Changes(NamedTuple):
    """What a scan found different from the previous one (relative paths of request files)."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    folders_changed: bool = False
    """Folders, ``folder.toml`` or ``collection.toml`` appeared, vanished or changed."""

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.folders_changed)


def digest(data: bytes) -> str:
    """The content hash kept in a `Stamp`."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_entry(
    path: Path, st: os.stat_result | None = None, *, quick: bool = False
) -> tuple[Entry, bytes]:
    """Read, hash and parse one request file (an unreadable one becomes an entry with an error).

    With `quick`, a file that starts with our writer's head is not parsed further (unchecked).
    """
    data = path.read_bytes()
    if st is None or st.st_size != len(data):  # changed since it was listed: stat it again
        st = os.stat(path)
    stamp = Stamp(st.st_mtime_ns, len(data), digest(data))
    method = url = error = ""
    try:
        text = data.decode("utf-8")
        head = _HEAD.match(text) if quick else None
        if head is not None:
            return Entry(stamp, head[1], head[2], "", time.time_ns(), checked=False), data
        saved = request_file.loads(text, name=path.name.removesuffix(EXTENSION))
        method, url = saved.spec.method, saved.spec.url
    except UnicodeDecodeError as exc:
        error = f"not UTF-8 text (byte {exc.start})"
    except FormatError as exc:
        error = str(exc)
    return Entry(stamp, method, url, error, time.time_ns()), data


class Listing(NamedTuple):
    """One walk of a collection folder."""

    files: dict[str, os.stat_result]
    """Request files by relative POSIX path."""
    folders: dict[str, tuple[str, ...]]
    """Every folder (``""`` is the root) with the settings files it holds."""
    settings: dict[str, os.stat_result]
    """``folder.toml``/``collection.toml`` by relative POSIX path."""


def walk(root: Path, start: str = "") -> Listing:
    """Request files, folders and settings files under `root` (or its folder `start`).

    Hidden names and symbolic links to folders are skipped, and so is ``environments`` at the top.
    """
    listing = Listing({}, {}, {})
    stack = [(start, str(root.joinpath(*start.split("/")) if start else root))]
    while stack:
        rel, folder = stack.pop()
        found = []
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                child = f"{rel}/{name}" if rel else name
                if entry.is_dir(follow_symlinks=False):
                    if not (rel == "" and name in SKIPPED_AT_ROOT):
                        stack.append((child, entry.path))
                elif name.endswith(EXTENSION):
                    listing.files[child] = entry.stat()
                elif name in (FOLDER_FILE, COLLECTION_FILE):
                    listing.settings[child] = entry.stat()
                    found.append(name)
        listing.folders[rel] = tuple(found)
    return listing


def _under(rel: str, prefix: str) -> bool:
    return not prefix or rel == prefix or rel.startswith(prefix + "/")


class Index:
    """Entries of one collection, refreshed by `scan`, kept in a cache file between runs."""

    def __init__(self, root: Path, cache_file: Path | None) -> None:
        self.root = root
        self.cache_file = cache_file
        self.entries: dict[str, Entry] = {}
        self.folders: dict[str, tuple[str, ...]] = {}
        self.settings_stats: dict[str, tuple[int, int]] = {}
        self.scanned = False
        if cache_file is not None:
            self.entries = _read_cache(cache_file, root)

    def scan(self, *, quick: bool = False) -> Changes:
        """Walk the folder again; re-read only files whose time or size changed."""
        first = not self.scanned
        changes = self._merge(walk(self.root), "", quick)
        self.scanned = True
        if first or changes.added or changes.changed or changes.removed:
            self.save_cache()
        return Changes() if first else changes  # the first scan is the caller's baseline

    def refresh(self, rel: str) -> None:
        """Re-list one request or folder Workbench itself just changed, leaving the rest as it was.

        So a change made outside at the same time is still reported by the next `scan`.
        """
        path = self.root.joinpath(*rel.split("/"))
        if path.is_dir():
            listing = walk(self.root, rel)
        elif path.is_file() and rel.endswith(EXTENSION):
            listing = Listing({rel: path.stat()}, {}, {})
        else:
            listing = Listing({}, {}, {})
        self._merge(listing, rel, quick=False)

    def check(self, prefix: str = "") -> tuple[str, ...]:
        """Parse in full the files a quick scan did not; the ones whose entry changed (an error)."""
        found = []
        for rel, entry in list(self.entries.items()):
            if entry.checked or not _under(rel, prefix):
                continue
            try:
                new, _ = read_entry(self.root / rel)
            except OSError:
                continue  # gone or unreadable now: the next scan says so
            if new.stamp.digest != entry.stamp.digest:
                continue  # changed since the scan: the next scan reports it
            self.entries[rel] = new
            if (new.method, new.url, new.error) != (entry.method, entry.url, entry.error):
                found.append(rel)
        if found:
            self.save_cache()
        return tuple(found)

    def _merge(self, listing: Listing, prefix: str, quick: bool) -> Changes:
        """Take in a listing of everything under `prefix` (``""``: the whole collection)."""
        now = time.time_ns()
        old = {rel: e for rel, e in self.entries.items() if _under(rel, prefix)}
        fresh: dict[str, Entry] = {}
        added, changed = [], []
        for rel, st in listing.files.items():
            entry = old.get(rel)
            if entry is not None and _same(entry, st):
                fresh[rel] = entry
                continue
            try:
                new, _ = read_entry(self.root / rel, st, quick=quick)
            except FileNotFoundError:  # removed while we looked
                continue
            except OSError as exc:
                stamp = Stamp(st.st_mtime_ns, st.st_size, "")
                new = Entry(stamp, "", "", f"cannot be read: {exc.strerror or exc}", now)
            fresh[rel] = new
            if entry is None:
                added.append(rel)
            elif entry.stamp.digest != new.stamp.digest or entry.error != new.error:
                changed.append(rel)
        removed = tuple(rel for rel in old if rel not in fresh)
        settings = {rel: (st.st_mtime_ns, st.st_size) for rel, st in listing.settings.items()}
        old_folders = {r: v for r, v in self.folders.items() if _under(r, prefix)}
        old_settings = {r: v for r, v in self.settings_stats.items() if _under(r, prefix)}
        folders_changed = listing.folders != old_folders or settings != old_settings
        keep = [r for r in self.entries if not _under(r, prefix)]
        self.entries = {**{r: self.entries[r] for r in keep}, **fresh}
        self.folders = {r: v for r, v in self.folders.items() if not _under(r, prefix)}
        self.folders.update(listing.folders)
        self.settings_stats = {
            r: v for r, v in self.settings_stats.items() if not _under(r, prefix)
        }
        self.settings_stats.update(settings)
        return Changes(tuple(added), tuple(changed), removed, folders_changed)

    def note_settings(self, rel: str, path: Path) -> None:
        """Record a settings file Workbench itself just wrote, so the next scan is quiet."""
        st = path.stat()
        self.settings_stats[rel] = (st.st_mtime_ns, st.st_size)

    def update(self, rel: str, entry: Entry | None) -> None:
        """Record a file Workbench itself just wrote (or removed), so the next scan is quiet."""
        if entry is None:
            self.entries.pop(rel, None)
        else:
            self.entries[rel] = entry

    def save_cache(self) -> None:
        """Keep the entries for the next run; a cache that cannot be written is only slower."""
        if self.cache_file is None:
            return
        rows = {
            rel: [*e.stamp, e.method, e.url, e.error, e.checked_ns, e.checked]
            for rel, e in self.entries.items()
        }
        data = {"version": _CACHE_VERSION, "root": str(self.root), "entries": rows}
        with contextlib.suppress(OSError):
            atomic.write_text(self.cache_file, json.dumps(data, separators=(",", ":")))


def _same(entry: Entry, st: os.stat_result) -> bool:
    stamp = entry.stamp
    if stamp.mtime_ns != st.st_mtime_ns or stamp.size != st.st_size:
        return False
    # Read within moments of being written: a second write in the same mtime tick would look the
    # same, so such a file is read again (git's "racily clean" entries).
    return entry.checked_ns - stamp.mtime_ns > _RACY_NS


def _read_cache(cache_file: Path, root: Path) -> dict[str, Entry]:
    try:
        data = json.loads(cache_file.read_bytes())
        if data.get("version") != _CACHE_VERSION or data.get("root") != str(root):
            return {}
        return {
            rel: Entry(Stamp(row[0], row[1], row[2]), row[3], row[4], row[5], row[6], row[7])
            for rel, row in data["entries"].items()
        }
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return {}  # a missing or damaged cache only costs a full read
