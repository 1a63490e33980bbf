"""The import dialog's work, run on the pool: read and parse the source, then write it all or nothing.

Everything is parsed before anything is written, so a file with an error imports nothing. Writing
goes through `collection_transfer.import_data` (the same path as ``workbench import``); if the
store fails half-way, the request files written by this import are removed again (and a collection
created for it, with them), so no half import is left behind.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from workbench.formats.model import CollectionData
    from workbench.ui.import_target import Target

KINDS = ("curl", "postman", "http")
WHAT = {"curl": "a curl command", "postman": "a Postman collection", "http": "an .http file"}


class Preview(NamedTuple):
    """What a source holds, or why it cannot be imported."""

    data: CollectionData | None = None
    problem: str = ""


class Imported(NamedTuple):
    """What an import wrote, or why it wrote nothing."""

    collection: str = ""
    """The collection's name."""
    folder: str = ""
    """The collection's folder."""
    paths: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    problem: str = ""


def read_text(path: str) -> str:
    """The file's text; OSError / UnicodeDecodeError become ValueError in plain words."""
    file = Path(path).expanduser()
    try:
        return file.read_text("utf-8")
    except FileNotFoundError:
        raise ValueError(f"There is no file {file}.") from None
    except IsADirectoryError:
        raise ValueError(f"{file} is a folder, not a file.") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{file} is not UTF-8 text (byte {exc.start} cannot be read).") from None
    except OSError as exc:
        raise ValueError(f"Cannot read {file}: {exc.strerror or exc}.") from None


def preview(kind: str, source: str, name: str = "") -> Preview:
    """Parse a curl command (`source` is the text) or a file (`source` is its path)."""
    from workbench.formats.errors import FormatError

    try:
        if kind == "curl":
            from workbench.formats.curl import read_curl
            from workbench.store.collection_transfer import curl_data

            spec, notes = read_curl(source)
            return Preview(curl_data(spec, notes, name))
        text = read_text(source)
        if kind == "postman":
            from workbench.formats.postman import parse_postman

            return Preview(parse_postman(text))
        from workbench.formats.http_file import parse_http

        data = parse_http(text, name=Path(source).stem)
    except FormatError as exc:
        if kind == "curl":
            return Preview(problem=f"This curl command cannot be imported: {exc}")
        return Preview(problem=f"{Path(source).name} is not {WHAT[kind]}: {exc}")
    except ValueError as exc:
        return Preview(problem=str(exc))
    if not data.items:
        return Preview(problem=f"{Path(source).name} holds no request to import.")
    return Preview(data)


def import_into(data: CollectionData, target: Target, folder: str = "") -> Imported:
    """Write `data` into the target collection (created when new), all or nothing."""
    from workbench.store.collection_transfer import import_data
    from workbench.store.collections import Collection, create_collection
    from workbench.store.errors import StoreError
    from workbench.store.secrets import SecretStore

    try:
        if target.path is None:
            collection = create_collection(target.new_name)
        else:
            collection = Collection.open(target.path)
    except StoreError as exc:
        return Imported(problem=str(exc))
    before = set(collection.root.rglob("*"))
    try:
        report = import_data(collection, data, SecretStore(), folder)
    except StoreError as exc:
        _undo(collection.root, before, created=target.path is None)
        return Imported(problem=f"{exc} Nothing was imported.")
    return Imported(collection.name, str(collection.root), report.paths, report.notes)


def _undo(root: Path, before: set[Path], created: bool) -> None:
    """Remove what a failed import wrote (only files and folders it created)."""
    if created:
        shutil.rmtree(root, ignore_errors=True)
        return
    added = sorted(set(root.rglob("*")) - before, key=lambda p: len(p.parts), reverse=True)
    for path in added:
        with contextlib.suppress(OSError):  # left over; the message still says it failed
            path.rmdir() if path.is_dir() else path.unlink()
