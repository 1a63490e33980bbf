"""Saved auth and proxy profiles: load, save, remove and resolve them for a send.

The profiles file holds no secret, only references into the `SecretStore`. A save is all or nothing:
the new secret goes in under a fresh reference first, then the file is replaced atomically, and only
then is the old secret forgotten; if any step fails the previous profile and secret are untouched.
A profiles file that cannot be parsed is reported (`ProfilesUnreadable`) and never overwritten.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from workbench.engine.spec import TLS, Auth, Proxy, RequestSpec
from workbench.store import atomic, paths, profile_file
from workbench.store.errors import StoreError
from workbench.store.locking import locked
from workbench.store.profile_apply import apply_profiles
from workbench.store.profile_check import FieldError, InvalidProfile, check_auth, check_name
from workbench.store.profile_check import check_proxy as check_proxy_fields
from workbench.store.profile_model import (
    AuthProfile,
    Profile,
    ProfileKind,
    Profiles,
    ProfileUse,
    ProxyProfile,
    auth_secret_field,
    profile_kind,
    users_of,
)
from workbench.store.secrets import SecretStore

__all__ = ["ProfileNotFound", "ProfileStore", "ProfileUse", "ProfilesUnreadable", "users_of"]


class ProfileNotFound(StoreError):
    """No profile of that kind has that name."""

    def __init__(self, name: str, kind: ProfileKind | None = None) -> None:
        what = f"{kind} profile" if kind else "profile"
        super().__init__(f"no {what} named {name!r} (see workbench profiles list)")
        self.name = name
        self.kind = kind


class ProfilesUnreadable(StoreError):
    """The profiles file exists but cannot be read; it is left as it is."""


class Resolved(NamedTuple):
    """The profiles a send names, with the secrets they refer to."""

    auth: AuthProfile | None
    proxy: ProxyProfile | None
    secrets: dict[str, str]


class ProfileStore:
    """The profiles file and the secret store behind it."""

    def __init__(self, path: Path | None = None, secrets: SecretStore | None = None) -> None:
        self.path = path or paths.profiles_file()
        self._secrets = secrets

    @property
    def secrets(self) -> SecretStore:
        """The secret store (created on first use: it may import the keyring library)."""
        if self._secrets is None:
            self._secrets = SecretStore()
        return self._secrets

    def load(self) -> Profiles:
        """Every profile; an absent file is no profiles, an unreadable one raises `ProfilesUnreadable`."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Profiles()
        except (OSError, UnicodeDecodeError) as exc:
            raise self._unreadable(str(exc)) from None
        try:
            return profile_file.loads(text)
        except StoreError as exc:
            raise self._unreadable(str(exc)) from None

    def auth(self, name: str) -> AuthProfile:
        """The auth profile called `name`; raises `ProfileNotFound`."""
        found = self.load().auth_named(name)
        if found is None:
            raise ProfileNotFound(name, "auth")
        return found

    def proxy(self, name: str) -> ProxyProfile:
        """The proxy profile called `name`; raises `ProfileNotFound`."""
        found = self.load().proxy_named(name)
        if found is None:
            raise ProfileNotFound(name, "proxy")
        return found

    def save_auth(
        self,
        name: str,
        auth: Auth,
        tls: TLS | None = None,
        *,
        replacing: str | None = None,
        keep_secret: bool = False,
    ) -> AuthProfile:
        """Add an auth profile, or replace the one named `replacing` (renaming it when names differ).

        `auth` carries the secret in its usual field (password, token or key value), exactly as a
        request's auth does. With `keep_secret`, the secret already stored for `replacing` stays
        (the field is ignored) when it still fits the kind. Raises `InvalidProfile` listing every
        field at fault, `ProfileNotFound` when `replacing` does not exist, `StoreError` when the
        secret store or the file fails; in every case nothing is changed.
        """
        field = auth_secret_field(auth.kind)
        secret = str(getattr(auth, field)) if field else ""
        blank: dict[str, Any] = {field: ""} if field else {}
        draft = AuthProfile(name, auth._replace(**blank), _tls(tls))
        saved = self._save(
            draft,
            secret,
            replacing,
            keep_secret,
            lambda kept: check_auth(auth, draft.tls, secret_kept=kept),
        )
        assert isinstance(saved, AuthProfile)
        return saved

    def save_proxy(
        self,
        name: str,
        proxy: Proxy,
        tls: TLS | None = None,
        *,
        replacing: str | None = None,
        keep_secret: bool = False,
    ) -> ProxyProfile:
        """Add a proxy profile, or replace the one named `replacing`; like `save_auth`."""
        draft = ProxyProfile(name, proxy._replace(password=""), _tls(tls))
        saved = self._save(
            draft,
            proxy.password,
            replacing,
            keep_secret,
            lambda kept: check_proxy_fields(
                proxy._replace(password="kept") if kept else proxy, draft.tls
            ),
        )
        assert isinstance(saved, ProxyProfile)
        return saved

    def remove(self, name: str) -> Profile:
        """Delete the profile called `name` and its secret; returns what was removed."""
        with locked(self.path):
            profiles = self.load()
            found = profiles.find(name)
            if found is None:
                raise ProfileNotFound(name)
            self._write(_without(profiles, found))
        self._forget(found.secret_ref)
        return found

    def secret_status(self, profile: Profile) -> str:
        """Where the profile's secret is, in words (never the secret): for ``show`` and dialogs."""
        if not profile.secret_ref:
            return "none"
        where = self.secrets.describe(profile.secret_ref)
        try:
            present = self.secrets.get(profile.secret_ref) is not None
        except StoreError as exc:
            return f"in {where}, which cannot be read now: {exc}"
        return f"stored in {where}" if present else f"missing from {where} (enter it again)"

    def resolve(self, auth_name: str = "", proxy_name: str = "") -> Resolved:
        """The named profiles (empty names: none) with their secrets read from the secret store."""
        auth = self.auth(auth_name) if auth_name else None
        proxy = self.proxy(proxy_name) if proxy_name else None
        found = {}
        for profile in (auth, proxy):
            if profile is not None and profile.secret_ref:
                value = self.secrets.get(profile.secret_ref)
                if value is not None:
                    found[profile.secret_ref] = value
        return Resolved(auth, proxy, found)

    def apply(self, spec: RequestSpec, auth_name: str = "", proxy_name: str = "") -> RequestSpec:
        """`spec` with the named profiles applied (see `apply_profiles`)."""
        if not auth_name and not proxy_name:
            return spec
        resolved = self.resolve(auth_name, proxy_name)
        return apply_profiles(spec, resolved.auth, resolved.proxy, resolved.secrets)

    def _save(
        self,
        draft: Profile,
        secret: str,
        replacing: str | None,
        keep_secret: bool,
        check: Callable[[bool], list[FieldError]],
    ) -> Profile:
        with locked(self.path):
            profiles = self.load()
            old = _replaced(profiles, draft, replacing)
            kept = keep_secret and _can_keep(old, draft)
            taken = [n for n in profiles.names() if old is None or n != old.name]
            errors = check_name(draft.name, taken) + check(kept)
            if errors:
                raise InvalidProfile(errors)
            ref = old.secret_ref if kept and old is not None else self._store_secret(secret)
            saved = draft._replace(secret_ref=ref)
            try:
                self._write(_with(_without(profiles, old) if old else profiles, saved))
            except BaseException:
                if ref and not kept:
                    self._forget(ref)
                raise
        if old is not None and old.secret_ref and old.secret_ref != ref:
            self._forget(old.secret_ref)
        return saved

    def _store_secret(self, secret: str) -> str:
        if not secret:
            return ""
        ref = self.secrets.new_ref()
        self.secrets.set(ref, secret)
        return ref

    def _forget(self, ref: str) -> None:
        # Best effort: a secret left behind is harmless (nothing refers to it); losing one is not.
        if ref:
            with contextlib.suppress(StoreError):
                self.secrets.delete(ref)

    def _write(self, profiles: Profiles) -> None:
        try:
            atomic.write_text(self.path, profile_file.dumps(profiles))
        except OSError as exc:
            raise StoreError(
                f"The profiles file {self.path} could not be written ({exc}); nothing was changed."
            ) from None

    def _unreadable(self, why: str) -> ProfilesUnreadable:
        return ProfilesUnreadable(
            f"The profiles file {self.path} cannot be read ({why}). It was left as it is; "
            "fix it or move it away, then try again."
        )


def _tls(tls: TLS | None) -> TLS | None:
    return None if tls is None or tls == TLS() else tls


def _can_keep(old: Profile | None, draft: Profile) -> bool:
    """The old secret still fits: same secret field, and the new profile uses one."""
    if old is None or not old.secret_ref or type(old) is not type(draft):
        return False
    if isinstance(draft, ProxyProfile):
        return draft.proxy.mode == "manual" and bool(draft.proxy.username)
    return bool(draft.secret_field) and draft.secret_field == old.secret_field


def _replaced(profiles: Profiles, draft: Profile, replacing: str | None) -> Profile | None:
    if replacing is None:
        return None
    kind = profile_kind(draft)
    old = profiles.auth_named(replacing) if kind == "auth" else profiles.proxy_named(replacing)
    if old is None:
        raise ProfileNotFound(replacing, kind)
    return old


def _without(profiles: Profiles, old: Profile) -> Profiles:
    return Profiles(
        tuple(p for p in profiles.auth if p is not old),
        tuple(p for p in profiles.proxy if p is not old),
    )


def _with(profiles: Profiles, new: Profile) -> Profiles:
    if isinstance(new, AuthProfile):
        return profiles._replace(auth=(*profiles.auth, new))
    return profiles._replace(proxy=(*profiles.proxy, new))
