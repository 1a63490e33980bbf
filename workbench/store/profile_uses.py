"""Which saved requests use a profile, by name or inherited from their folders' settings.

One scan for every caller (``workbench profiles remove`` and the window's Profiles dialog): each
request file of the collections Workbench knows is read with its folders' settings filled in
(`folder_settings.effective`), since a request whose ``collection.toml`` or ``folder.toml`` names
the profile is sent with it just as much as one that names it itself.

The collections known are those in the app's collections folder plus the folders the window opened,
read from the window state file (``collections.opened``). The window autosaves that list a moment
after a change, so a folder opened in the last second or two may not be scanned yet. Files that
cannot be read are skipped: this is a warning before a removal, not a check that must be complete.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from workbench.store import paths
from workbench.store.collection_index import EXTENSION
from workbench.store.collections import Collection, default_collections
from workbench.store.errors import StoreError
from workbench.store.folder_settings import FolderSettings, effective
from workbench.store.profile_model import ProfileKind, ProfileUse, users_of


def known_collections() -> list[Path]:
    """The app's collections, then the folders the window opened, each once."""
    found: list[Path] = []
    for folder in (*_defaults(), *opened_collections()):
        root = folder.expanduser().resolve()
        if root not in found and root.is_dir():
            found.append(root)
    return found


def opened_collections(state_file: Path | None = None) -> list[Path]:
    """The collection folders the window keeps open (none when its state file cannot be read)."""
    try:
        data = json.loads((state_file or paths.window_state_file()).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("format") != paths.WINDOW_STATE_FORMAT:
        return []
    collections = data.get("collections")
    opened = collections.get("opened") if isinstance(collections, dict) else None
    if not isinstance(opened, list):
        return []
    return [Path(folder) for folder in opened if isinstance(folder, str) and folder]


def saved_uses(roots: Iterable[Path] | None = None) -> list[ProfileUse]:
    """The profiles each saved request is sent with (its own or inherited), in `roots`
    (default: `known_collections`). A request whose two profiles come from different places is
    listed once for each, so the label says where the profile asked about comes from."""
    uses: list[ProfileUse] = []
    for root in known_collections() if roots is None else roots:
        try:
            collection = Collection.open(root, cache=False)
            uses += _collection_uses(collection)
        except StoreError:
            continue
    return uses


def users(
    name: str, kind: ProfileKind | None = None, roots: Iterable[Path] | None = None
) -> list[str]:
    """The saved requests sent with profile `name` (of `kind`, or either), as labels to show."""
    return users_of(name, saved_uses(roots), kind)


def _collection_uses(collection: Collection) -> list[ProfileUse]:
    uses: list[ProfileUse] = []
    name = collection.name
    for rel in collection.requests():
        try:
            saved = collection.load(rel).saved
            chain = collection.chain(rel)
        except StoreError:
            continue
        sent = effective(saved, chain)
        label = f"{name} / {rel.removesuffix(EXTENSION)}"
        auth_label = label + _source(chain, rel, "auth_profile", saved.auth_profile)
        proxy_label = label + _source(chain, rel, "proxy_profile", saved.proxy_profile)
        auth, proxy = sent.auth_profile, sent.proxy_profile
        if auth and proxy and auth_label == proxy_label:
            uses.append(ProfileUse(auth_label, auth, proxy))
            continue
        if auth:
            uses.append(ProfileUse(auth_label, auth_profile=auth))
        if proxy:
            uses.append(ProfileUse(proxy_label, proxy_profile=proxy))
    return uses


def _source(chain: list[FolderSettings], rel: str, key: str, own: str) -> str:
    """`` (inherited from folder 'Admin')`` or `` (inherited from the collection)``; '' when own."""
    if own:
        return ""
    folders = rel.split("/")[:-1]
    for depth in range(len(chain) - 1, -1, -1):  # the nearest folder's setting wins
        if getattr(chain[depth], key):
            if depth == 0:
                return " (inherited from the collection)"
            return f" (inherited from folder {'/'.join(folders[:depth])!r})"
    return ""


def _defaults() -> list[Path]:
    try:
        return default_collections()
    except OSError:  # the collections folder cannot be made (a read-only home): none there
        return []
