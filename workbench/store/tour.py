"""The urllib HOWTO tour: the collection shipped in ``resources/tour``, installed for the user.

On first run the app offers the tour; accepting calls `install`, which copies the shipped collection
into the collections folder as ``urllib HOWTO tour``. A copy already there belongs to the user (who
may have edited it) and is never overwritten; ``install(fresh=True)`` puts a new copy beside it.

The requests use ``{{playground}}`` and ``{{playground_proxy}}``. While the playground runs, the app
passes `playground_variables` as request-level values (``variables_for(..., overrides=...)``); the
playground's proxy must be started with `PROXY_AUTH`. The other demo values (Basic user name and
passwords) are published, not secret, and sit as plain variables in the tour's ``collection.toml``.
`ensure_tour_profiles` saves the same values as auth and proxy profiles for the user's own requests.
"""

from __future__ import annotations

import os
import shutil
import uuid
from importlib.resources.abc import Traversable
from pathlib import Path

from workbench import assets
from workbench.engine.spec import Auth, Proxy
from workbench.formats.errors import FormatError
from workbench.store import atomic, paths
from workbench.store import folder_settings as settings_file
from workbench.store.collection_errors import Unwritable
from workbench.store.collection_names import key, numbered
from workbench.store.errors import StoreError
from workbench.store.folder_settings import COLLECTION_FILE
from workbench.store.profile_model import ProxyProfile
from workbench.store.profiles import ProfileStore

TOUR_NAME = "urllib HOWTO tour"
RESOURCE = "tour"
"""The tour's folder under ``resources/``."""

DEMO_USER = "user"
DEMO_PASSWORD = "passwd"
"""What the playground's ``/basic-auth`` and ``/digest-auth`` steps use (``demo_user``/``demo_password``)."""
PROXY_USER = "tour"
PROXY_PASSWORD = "tour-demo"
PROXY_AUTH = (PROXY_USER, PROXY_PASSWORD)
"""Start the playground with ``Playground(proxy_port=0, proxy_auth=PROXY_AUTH)`` for the proxy steps."""

AUTH_PROFILE = "Playground Basic"
PROXY_PROFILE = "Playground proxy"


def shipped() -> Traversable:
    """The tour as shipped with Workbench (a folder in the installed package's resources)."""
    try:
        return assets.find(RESOURCE)
    except FileNotFoundError:
        raise StoreError(
            "The tour is missing from this installation of Workbench; reinstall Workbench to get it."
        ) from None


def tour_dir() -> Path:
    """Where the tour is installed: ``urllib HOWTO tour`` in the collections folder."""
    return paths.collections_dir() / TOUR_NAME


def is_installed() -> bool:
    """Whether the tour's folder is in the collections folder (possibly edited by the user)."""
    return tour_dir().is_dir()


def install(*, fresh: bool = False) -> Path:
    """The installed tour's folder, copying the shipped tour there first when it is missing.

    An existing copy is returned untouched. With `fresh`, a new copy is made beside it
    (``urllib HOWTO tour 2``...) so a user who changed theirs can start again without losing it.
    Raises `StoreError` when the copy cannot be written (nothing half-copied is left behind).
    """
    source = shipped()
    base = paths.collections_dir()
    name = TOUR_NAME
    if (base / name).is_dir():
        if not fresh:
            return base / name
        name = numbered(TOUR_NAME, {key(n) for n in os.listdir(base)})
    target = base / name
    staging = base / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        _copy(source, staging)
        _stamp(staging / COLLECTION_FILE, name)
        os.rename(staging, target)  # the folder appears whole, or not at all
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if not fresh and target.is_dir():  # another Workbench window installed it meanwhile
            return target
        raise Unwritable(target, exc) from None
    return target


def _copy(source: Traversable, folder: Path) -> None:
    """Copy a resource folder; works from a wheel, a zip or a bundle as well as from a checkout."""
    folder.mkdir()
    for child in source.iterdir():
        if child.name.startswith((".", "__")) or child.name.endswith(".pyc"):
            continue
        if child.is_dir():
            _copy(child, folder / child.name)
        else:
            atomic.write_bytes(folder / child.name, child.read_bytes())


def _stamp(path: Path, name: str) -> None:
    """Give the copy its own name and id (the id keys the collection's secrets)."""
    try:
        settings = settings_file.loads(path.read_text("utf-8"), COLLECTION_FILE)
    except FormatError as exc:  # a packaging mistake; the tests read every shipped file
        raise StoreError(f"The shipped tour's {COLLECTION_FILE} cannot be read: {exc}") from None
    settings = settings._replace(name=name, id=uuid.uuid4().hex)
    atomic.write_text(path, settings_file.dumps(settings, COLLECTION_FILE))


def playground_variables(url: str, proxy_url: str | None) -> dict[str, str]:
    """The values the app sets while the playground runs: its address, its proxy's and credentials.

    `url` and `proxy_url` are the running playground's ``url`` and ``proxy_url``. The proxy
    credentials are included because the app chose them (`PROXY_AUTH`) when it started the proxy.
    """
    values = {
        "playground": url.rstrip("/"),
        "proxy_user": PROXY_USER,
        "proxy_password": PROXY_PASSWORD,
    }
    if proxy_url:
        values["playground_proxy"] = proxy_url.rstrip("/")
    return values


def ensure_tour_profiles(store: ProfileStore, proxy_url: str | None) -> list[str]:
    """Save the demo credentials as profiles "Playground Basic" and "Playground proxy"; the names saved.

    Each is created when missing and otherwise left as the user has it, except that the proxy
    profile follows the playground's proxy to its new address (the port changes between runs).
    A profile of the other kind under one of these names is left alone.
    """
    saved = []
    profiles = store.load()
    if profiles.find(AUTH_PROFILE) is None:
        store.save_auth(AUTH_PROFILE, Auth("basic", DEMO_USER, DEMO_PASSWORD))
        saved.append(AUTH_PROFILE)
    if not proxy_url:
        return saved
    current = profiles.find(PROXY_PROFILE)
    if current is None:
        wanted = Proxy("manual", proxy_url, username=PROXY_USER, password=PROXY_PASSWORD)
        store.save_proxy(PROXY_PROFILE, wanted)
        saved.append(PROXY_PROFILE)
    elif (
        isinstance(current, ProxyProfile)
        and current.proxy.mode == "manual"
        and current.proxy.url != proxy_url
    ):
        moved = current.proxy._replace(url=proxy_url)
        store.save_proxy(
            PROXY_PROFILE, moved, current.tls, replacing=PROXY_PROFILE, keep_secret=True
        )
        saved.append(PROXY_PROFILE)
    return saved
