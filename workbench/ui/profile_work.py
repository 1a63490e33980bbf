"""What the profiles dialog and pickers ask of the store, as plain functions run on the pool.

Reading the keyring can take a while (and importing it takes about 100 ms), and scanning collections
reads many files, so none of this runs on the GUI thread. No Qt here: each function returns immutable
values, and `guarded` turns a `StoreError` into a message so no traceback reaches the user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import TLS, Auth, Proxy, RequestSpec
from workbench.store.profile_model import (
    AuthProfile,
    Profile,
    ProfileKind,
    Profiles,
    ProfileUse,
    auth_secret_field,
    profile_kind,
)

KIND_WORDS = {"auth": "Auth", "proxy": "Proxy"}


class Snapshot(NamedTuple):
    """Everything the dialog shows: profiles, where each secret is, the store in use, the system proxy."""

    profiles: Profiles
    statuses: dict[str, str]
    """Profile name to where its secret is, in words (`ProfileStore.secret_status`)."""
    backend: str
    """Where new secrets go (`SecretStore.backend_name`)."""
    system: tuple[str, str, str]
    """What a System proxy profile would use now: http_proxy, https_proxy, no_proxy."""
    problem: str = ""
    """The profiles file cannot be read: why, in words."""


class Done(NamedTuple):
    """The outcome of one store call: its value, or what went wrong in words."""

    value: Any = None
    error: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    """(field, message) pairs when the store refused a profile (`InvalidProfile`)."""


class Draft(NamedTuple):
    """A profile as typed in the dialog, ready to hand to the store."""

    kind: ProfileKind
    name: str
    value: Auth | Proxy
    tls: TLS | None
    replacing: str | None = None
    keep_secret: bool = False


def guarded(work: Callable[[], Any]) -> Callable[[], Done]:
    """`work` wrapped so a store failure becomes a `Done` with the message (other errors still raise)."""

    def run() -> Done:
        # Imported on the worker: the profile checks load the engine's opener machinery.
        from workbench.store.errors import StoreError
        from workbench.store.profile_check import InvalidProfile

        try:
            return Done(work())
        except InvalidProfile as exc:
            return Done(error=str(exc), fields=tuple((e.field, e.message) for e in exc.errors))
        except StoreError as exc:
            return Done(error=str(exc))

    return run


def _store() -> Any:
    from workbench.store.profiles import ProfileStore

    return ProfileStore()


def load_profiles() -> Profiles:
    """The profiles file (no keyring): what the pickers list."""
    profiles: Profiles = _store().load()
    return profiles


def snapshot() -> Snapshot:
    """Profiles, secret statuses and the secret store in use; an unreadable file is reported."""
    from workbench.store.errors import StoreError
    from workbench.store.profile_apply import system_proxy

    store = _store()
    found = system_proxy()
    try:
        profiles: Profiles = store.load()
        problem = ""
    except StoreError as exc:
        profiles, problem = Profiles(), str(exc)
    every: list[Profile] = [*profiles.auth, *profiles.proxy]
    statuses = {p.name: store.secret_status(p) for p in every}
    system = (found.http, found.https, found.no_proxy)
    return Snapshot(profiles, statuses, store.secrets.backend_name, system, problem)


def save(draft: Draft) -> Snapshot:
    """Save a typed profile (all or nothing, see `ProfileStore.save_auth`); the new snapshot."""
    store = _store()
    saving = store.save_auth if draft.kind == "auth" else store.save_proxy
    saving(
        draft.name,
        draft.value,
        draft.tls,
        replacing=draft.replacing,
        keep_secret=draft.keep_secret,
    )
    return snapshot()


def duplicate(name: str, new_name: str) -> Snapshot:
    """A copy of profile `name` under `new_name`, secret included (read from the secret store)."""
    from workbench.store.profile_apply import MissingSecret

    store = _store()
    profiles: Profiles = store.load()
    found = profiles.find(name)
    if found is None:
        from workbench.store.profiles import ProfileNotFound

        raise ProfileNotFound(name)
    secret = store.secrets.get(found.secret_ref) if found.secret_ref else ""
    if secret is None:
        raise MissingSecret(found)
    if isinstance(found, AuthProfile):
        field = auth_secret_field(found.auth.kind)
        filled: dict[str, Any] = {field: secret} if field else {}
        auth = found.auth._replace(**filled)
        store.save_auth(new_name, auth, found.tls)
    else:
        store.save_proxy(new_name, found.proxy._replace(password=secret), found.tls)
    return snapshot()


def rename(name: str, new_name: str) -> Snapshot:
    """Give profile `name` a new name, keeping its secret where it is."""
    store = _store()
    found: Profile | None = store.load().find(name)
    if found is None:
        from workbench.store.profiles import ProfileNotFound

        raise ProfileNotFound(name)
    if isinstance(found, AuthProfile):
        store.save_auth(new_name, found.auth, found.tls, replacing=name, keep_secret=True)
    else:
        store.save_proxy(new_name, found.proxy, found.tls, replacing=name, keep_secret=True)
    return snapshot()


def remove(name: str) -> Snapshot:
    """Delete profile `name` and its secret."""
    _store().remove(name)
    return snapshot()


def users(profile: Profile) -> list[str]:
    """The saved requests sent with `profile`, by name or inherited (`store.profile_uses`)."""
    from workbench.store import profile_uses

    return profile_uses.users(profile.name, profile_kind(profile))


def saved_uses() -> list[ProfileUse]:
    """The profiles every saved request Workbench knows is sent with (`store.profile_uses`)."""
    from workbench.store import profile_uses

    return profile_uses.saved_uses()


def apply(spec: RequestSpec, auth_name: str, proxy_name: str) -> RequestSpec:
    """The spec with the named profiles applied; a problem is an `InvalidRequest` saying what to do."""
    if not auth_name and not proxy_name:
        return spec
    from workbench.store.errors import StoreError
    from workbench.store.profile_apply import MissingSecret
    from workbench.store.profiles import ProfileNotFound

    try:
        return _store().apply(spec, auth_name, proxy_name)  # type: ignore[no-any-return]
    except ProfileNotFound as exc:
        kind = exc.kind or ("auth" if auth_name else "proxy")
        raise InvalidRequest(
            kind,
            f"There is no saved {kind} profile named {exc.name!r} any more: choose another in "
            f"the {KIND_WORDS[kind]} tab, or Inline settings, or add it again in Manage profiles.",
        ) from None
    except MissingSecret as exc:
        raise InvalidRequest(profile_kind(exc.profile), str(exc)) from None
    except StoreError as exc:
        raise InvalidRequest("auth" if auth_name else "proxy", str(exc)) from None


def summary_line(profile: Profile) -> str:
    """``Basic · alice, for api.example.com``: the kind and the profile's own summary."""
    from workbench.store.profile_check import masked_proxy_url
    from workbench.store.profile_model import KIND_LABELS, summary

    kind: str
    if isinstance(profile, AuthProfile):
        kind = profile.auth.kind
    else:  # a file from before URL passwords were refused may still hold one
        kind, proxy = profile.proxy.mode, profile.proxy
        shown = (masked_proxy_url(proxy.url), masked_proxy_url(proxy.https_url))
        profile = profile._replace(proxy=proxy._replace(url=shown[0], https_url=shown[1]))
    text = summary(profile)
    return f"{KIND_LABELS[kind]} · {text}" if text else KIND_LABELS[kind]


def check_draft(draft: Draft, taken: list[str]) -> list[tuple[str, str]]:
    """The store's own checks on a typed profile, minus file paths (checked when saving)."""
    from workbench.store.profile_check import check_auth, check_name, check_proxy

    errors = check_name(draft.name, taken)
    if isinstance(draft.value, Auth):
        errors += check_auth(draft.value, None, secret_kept=draft.keep_secret)
    else:
        errors += check_proxy(draft.value)  # a kept password changes no check's outcome
    return [(e.field, e.message) for e in errors]


def unique_name(wanted: str, taken: list[str]) -> str:
    """`wanted`, or ``wanted 2``, ``wanted 3``... whichever is free (names ignore case)."""
    used = {n.casefold() for n in taken}
    name, number = wanted, 1
    while name.casefold() in used:
        number += 1
        name = f"{wanted} {number}"
    return name
