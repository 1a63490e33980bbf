"""Between a collection on disk and `CollectionData` (what importers make and exporters take).

Importing never writes a literal credential: each one found by the secret guard is moved into a
secret collection variable (its value to the secret store) and the request uses ``{{name}}``;
the report says so. Names the file system refuses are made safe, clashes are numbered, and every
change of that kind is a note for the user. Exporting reads the requests with their folders' defaults
filled in; files that cannot be read are left out and named. Saved auth and proxy profiles are never
exported (no format has a place for a reference to them, and their secrets stay in Workbench): each
request sent with one says so in its description, and `profiles_left_out` lists them for the user.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from workbench.engine.spec import RequestSpec
from workbench.formats.model import (
    CollectionData,
    CollectionItem,
    Environment,
    SavedRequest,
    Variable,
)
from workbench.store import environments
from workbench.store.collection_errors import BrokenFile
from workbench.store.collection_files import join
from workbench.store.collection_names import key, numbered, safe_name
from workbench.store.collections import Collection, create_collection
from workbench.store.secret_guard import find_literal_secrets, move_to_secret_variable
from workbench.store.variable_files import SecretBackend


class ImportReport(NamedTuple):
    """What an import wrote and what the user should know about it."""

    paths: tuple[str, ...]
    """Relative paths of the request files written."""
    notes: tuple[str, ...]
    """The importer's notes, then renames and moved secrets, in words."""


def curl_data(spec: RequestSpec, notes: Sequence[str] = (), name: str = "") -> CollectionData:
    """One imported curl command as importable data, named after its method and URL unless `name`."""
    name = name or safe_name(f"{spec.method} {url_name(spec.url)}")
    item = CollectionItem((), SavedRequest(name, spec))
    return CollectionData(name, (item,), notes=tuple(notes))


def url_name(url: str) -> str:
    """Host and path of a URL, for naming an imported request."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") or url


def open_or_create(folder: Path) -> Collection:
    """The collection in `folder`, created empty (named after the folder) when it does not exist."""
    folder = folder.expanduser()
    if folder.exists():
        return Collection.open(folder)
    return create_collection(folder.name, folder.parent.resolve())


def literal_secrets(data: CollectionData) -> list[str]:
    """Literal credentials in the requests of `data`, as ``request name: what``, for a refusal."""
    return [
        f"{item.request.name}: {finding.message}"
        for item in data.items
        for finding in find_literal_secrets(item.request)
    ]


def import_data(
    collection: Collection, data: CollectionData, secrets: SecretBackend, folder: str = ""
) -> ImportReport:
    """Write everything in `data` into `collection` under `folder`."""
    notes = list(data.notes)
    variables = list(collection.settings("").variables)
    taken_vars = {key(v.name) for v in variables}
    for v in data.variables:
        if key(v.name) in taken_vars:
            notes.append(f"The collection already has a variable {v.name!r}; its value was kept.")
        else:
            variables.append(v)
            taken_vars.add(key(v.name))
    written = []
    folder = _folder(collection, "", tuple(folder.split("/")) if folder else (), notes)
    for item in data.items:
        place = _folder(collection, folder, item.folder, notes)
        saved = _without_secrets(item.request, variables, taken_vars, notes)
        name = safe_name(item.request.name)
        free = numbered(name, collection.taken_names(collection.path(place)))
        if free != item.request.name:
            notes.append(f"{item.request.name!r} was saved as {free!r}.")
        written.append(collection.add_request(place, saved._replace(name=free)).path)
    environments.save_collection_variables(collection, variables, secrets)
    for env in data.environments:
        notes.extend(_environment(collection, env, secrets))
    return ImportReport(tuple(written), tuple(notes))


def _folder(collection: Collection, base: str, parts: tuple[str, ...], notes: list[str]) -> str:
    place = base
    for part in parts:
        name = safe_name(part, "folder")
        existing = {key(n): n for n in _names(collection, place)}
        if key(name) in existing and collection.path(join(place, existing[key(name)])).is_dir():
            place = join(place, existing[key(name)])
            continue
        free = numbered(name, set(existing))
        if free != part:
            notes.append(f"The folder {part!r} was saved as {free!r}.")
        place = collection.add_folder(place, free)
    return place


def _names(collection: Collection, folder: str) -> list[str]:
    return [p.name for p in collection.path(folder).iterdir() if not p.name.startswith(".")]


def _without_secrets(
    saved: SavedRequest, variables: list[Variable], taken: set[str], notes: list[str]
) -> SavedRequest:
    for finding in find_literal_secrets(saved):
        name = numbered(finding.suggestion, taken).replace(" ", "_")
        taken.add(key(name))
        saved, variable = move_to_secret_variable(saved, finding, name)
        variables.append(variable)
        notes.append(
            f"{saved.name}: the {finding.name} was moved into the secret variable {{{{{name}}}}}."
        )
    return saved


def _environment(collection: Collection, env: Environment, secrets: SecretBackend) -> list[str]:
    existing = {key(e.name) for e in environments.list_environments(collection)}
    name = numbered(safe_name(env.name, "environment"), existing)
    environments.save_environment(collection, env._replace(name=name), secrets)
    return [f"The environment {env.name!r} was saved as {name!r}."] if name != env.name else []


def export_data(collection: Collection, rel: str = "") -> tuple[CollectionData, list[str]]:
    """The requests at `rel` (a request, a folder or ``""``) as `CollectionData`, and the skipped files.

    Secret variables are exported without their values; a request's saved profiles (its own or
    inherited) are named in its description, as they cannot be exported.
    """
    items, skipped = [], []
    base = rel if not rel.endswith(".wbreq.toml") else rel.rpartition("/")[0]
    for path in collection.requests(rel):
        try:
            saved = _profiles_noted(collection.effective(collection.load(path)))
        except BrokenFile as exc:
            skipped.append(str(exc))
            continue
        inside = path[len(base) + 1 :] if base else path
        items.append(CollectionItem(tuple(inside.split("/")[:-1]), saved))
    settings = collection.settings("")
    envs = []
    for info in environments.list_environments(collection):
        if not info.error:
            envs.append(_blank(environments.load_environment(collection, info.name)))
    name = rel.rpartition("/")[2].removesuffix(".wbreq.toml") if rel else collection.name
    data = CollectionData(
        name=name,
        items=tuple(items),
        variables=tuple(v._replace(value="") if v.secret else v for v in settings.variables),
        environments=tuple(envs),
        description=settings.description,
    )
    return data, skipped


def _blank(env: Environment) -> Environment:
    return env._replace(
        variables=tuple(v._replace(value="") if v.secret else v for v in env.variables)
    )


def profile_words(saved: SavedRequest) -> str:
    """``the auth profile 'work' and the proxy profile 'office'``, or '' when it uses none."""
    named = [
        f"the {kind} profile {name!r}"
        for kind, name in (("auth", saved.auth_profile), ("proxy", saved.proxy_profile))
        if name
    ]
    return " and ".join(named)


def profile_note(saved: SavedRequest) -> str:
    """What to say where a request sent with saved profiles is exported without them ('' if none)."""
    words = profile_words(saved)
    if not words:
        return ""
    return (
        f"Workbench sends this request with {words}, left out of this export "
        "(profiles and their secrets are never exported)."
    )


def profiles_left_out(data: CollectionData) -> list[str]:
    """A line for each exported request sent with saved profiles, naming them, for the user."""
    return [
        f"{'/'.join((*item.folder, item.request.name))}: sent with {profile_words(item.request)}, "
        "left out (profiles and their secrets are never exported)"
        for item in data.items
        if profile_words(item.request)
    ]


def _profiles_noted(saved: SavedRequest) -> SavedRequest:
    note = profile_note(saved)
    if not note:
        return saved
    return saved._replace(description=f"{saved.description}\n\n{note}".strip())
