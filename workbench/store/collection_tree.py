"""The collection as a tree of folders and requests, and the filter that narrows it as the user types.

Paths are relative POSIX paths from the collection folder: ``"Users/Get user.wbreq.toml"`` for a
request, ``"Users"`` for a folder, ``""`` for the collection itself. They are the keys the sidebar
passes back to `Collection` methods.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from workbench.store.collection_index import EXTENSION, Entry
from workbench.store.collection_names import key, natural_key
from workbench.store.folder_settings import FolderSettings


class RequestNode(NamedTuple):
    """A request file: what the sidebar shows for it."""

    path: str
    name: str
    method: str
    url: str
    error: str = ""
    """Why the file cannot be read (shown with an error mark); empty when it can."""

    @property
    def kind(self) -> Literal["request"]:
        """Tells nodes apart without isinstance."""
        return "request"


class FolderNode(NamedTuple):
    """A folder (or the collection itself, with path ``""``) and what it holds, in display order."""

    path: str
    name: str
    children: tuple[Node, ...] = ()
    error: str = ""
    """Why its ``folder.toml``/``collection.toml`` cannot be read; empty when it can."""

    @property
    def kind(self) -> Literal["folder"]:
        """Tells nodes apart without isinstance."""
        return "folder"

    def walk(self) -> list[Node]:
        """Every node below, depth first in display order (the order ``workbench run`` sends in)."""
        out: list[Node] = []
        for child in self.children:
            out.append(child)
            if isinstance(child, FolderNode):
                out.extend(child.walk())
        return out


Node = RequestNode | FolderNode


def parent_of(path: str) -> str:
    """The folder holding `path` (``""`` for the top level)."""
    return path.rpartition("/")[0]


def name_of(path: str) -> str:
    """The display name of a path: the folder name, or the request name without the extension."""
    return path.rpartition("/")[2].removesuffix(EXTENSION)


def build(
    entries: Mapping[str, Entry],
    folders: Mapping[str, object],
    settings: Mapping[str, FolderSettings],
    errors: Mapping[str, str],
    root_name: str,
) -> FolderNode:
    """The tree from an index: `settings` give each folder's order, `errors` its settings error."""
    kids: dict[str, list[Node]] = {rel: [] for rel in folders}
    for rel, entry in entries.items():
        node = RequestNode(rel, name_of(rel), entry.method, entry.url, entry.error)
        kids.setdefault(parent_of(rel), []).append(node)
    for rel in sorted(kids, key=lambda r: r.count("/"), reverse=True):  # deepest first
        if not rel:
            continue
        children = _ordered(kids[rel], settings.get(rel))
        folder = FolderNode(rel, name_of(rel), children, errors.get(rel, ""))
        kids.setdefault(parent_of(rel), []).append(folder)
    return FolderNode(
        "", root_name, _ordered(kids.get("", []), settings.get("")), errors.get("", "")
    )


def _ordered(nodes: list[Node], settings: FolderSettings | None) -> tuple[Node, ...]:
    order = {key(n): i for i, n in enumerate(settings.order)} if settings else {}

    def sort_key(node: Node) -> tuple[object, ...]:
        place = order.get(key(node.name))
        if place is not None:
            return (0, place)
        return (1, node.kind == "request", natural_key(node.name))

    return tuple(sorted(nodes, key=sort_key))


class FilterResult(NamedTuple):
    """What the filter keeps: matching requests, and the folders to show to reach them."""

    requests: frozenset[str]
    folders: frozenset[str]

    def shows(self, path: str) -> bool:
        """Whether the sidebar keeps the node at `path`."""
        return path in self.requests or path in self.folders or path == ""


class Filter:
    """Substring search over names (with their folders), methods and URLs; every word must match."""

    def __init__(self, entries: Mapping[str, Entry], folders: Mapping[str, object]) -> None:
        self._requests = [
            (rel, f"{rel.removesuffix(EXTENSION)}\n{e.method}\n{e.url}".lower())
            for rel, e in entries.items()
        ]
        self._folders = [(rel, rel.lower()) for rel in folders if rel]

    def match(self, text: str) -> FilterResult | None:
        """The nodes to keep for `text`; None when the text is blank (show everything)."""
        words = text.lower().split()
        if not words:
            return None
        requests, folders = self._requests, self._folders
        for word in words:
            requests = [row for row in requests if word in row[1]]
            folders = [row for row in folders if word in row[1]]
        shown: set[str] = set()
        for rel, _ in (*requests, *folders):
            parent = parent_of(rel)
            while parent and parent not in shown:
                shown.add(parent)
                parent = parent_of(parent)
        shown.update(rel for rel, _ in folders)
        return FilterResult(frozenset(rel for rel, _ in requests), frozenset(shown))
