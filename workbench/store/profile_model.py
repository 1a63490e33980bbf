"""Saved auth and proxy profiles: what they hold and how each secret is kept apart.

A profile wraps the engine's own `Auth` or `Proxy`, so the editor that fills in a request's auth can
fill in a profile too. The secret field (the password, token or API key value) is always empty inside
a stored profile: the value lives in the `SecretStore` and the profile holds its reference.

TLS model: a profile may carry a `TLS` (None means it has no TLS opinion). When a send applies
profiles, the request's own TLS is the base, then the proxy profile's, then the auth profile's:
a later CA file or client certificate (with its key) replaces an earlier one, and verification is off
when any of them switches it off. So a client certificate travels with the auth profile it proves,
a corporate proxy's CA file with the proxy profile, and anything else stays per request.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from workbench.engine.spec import TLS, Auth, AuthKind, Proxy, ProxyMode

ProfileKind = Literal["auth", "proxy"]
AUTH_PROFILE_KINDS: tuple[AuthKind, ...] = ("basic", "digest", "bearer", "apikey")
PROXY_PROFILE_MODES: tuple[ProxyMode, ...] = ("system", "direct", "manual")
KIND_LABELS = {
    "basic": "Basic",
    "digest": "Digest",
    "bearer": "Bearer token",
    "apikey": "API key",
    "system": "System",
    "direct": "Direct",
    "manual": "Manual",
}


class AuthProfile(NamedTuple):
    """A named auth setting, its secret kept by reference."""

    name: str
    auth: Auth
    """Kind and the non-secret fields; the secret field is always empty here."""
    tls: TLS | None = None
    """TLS that travels with this profile (typically a client certificate); None for none."""
    secret_ref: str = ""
    """Reference of the password, token or key value in the `SecretStore`; empty when none."""

    @property
    def secret_field(self) -> str:
        """The `Auth` field the secret fills: ``password``, ``token`` or ``key_value``."""
        return auth_secret_field(self.auth.kind)


class ProxyProfile(NamedTuple):
    """A named proxy setting, its password kept by reference."""

    name: str
    proxy: Proxy
    """Mode and the non-secret fields; the password is always empty here."""
    tls: TLS | None = None
    """TLS that travels with this proxy (typically the CA file of an intercepting proxy)."""
    secret_ref: str = ""
    """Reference of the proxy password in the `SecretStore`; empty when none."""

    @property
    def secret_field(self) -> str:
        """The `Proxy` field the secret fills."""
        return "password"


Profile = AuthProfile | ProxyProfile


class Profiles(NamedTuple):
    """Everything in the profiles file, each list sorted by name."""

    auth: tuple[AuthProfile, ...] = ()
    proxy: tuple[ProxyProfile, ...] = ()

    def find(self, name: str) -> Profile | None:
        """The auth or proxy profile called `name` (names are unique across both)."""
        return self.auth_named(name) or self.proxy_named(name)

    def names(self) -> list[str]:
        """Every profile name, auth first."""
        return [p.name for p in self.auth] + [p.name for p in self.proxy]

    def auth_named(self, name: str) -> AuthProfile | None:
        """The auth profile called `name`."""
        return next((p for p in self.auth if p.name == name), None)

    def proxy_named(self, name: str) -> ProxyProfile | None:
        """The proxy profile called `name`."""
        return next((p for p in self.proxy if p.name == name), None)


class ProfileUse(NamedTuple):
    """A saved request and the profiles it names (supplied by the collections store)."""

    request: str
    """Name or path of the saved request, as it should be shown."""
    auth_profile: str = ""
    proxy_profile: str = ""


def auth_secret_field(kind: str) -> str:
    """Which `Auth` field holds the secret for `kind` (``""`` for none)."""
    return {
        "basic": "password",
        "digest": "password",
        "bearer": "token",
        "apikey": "key_value",
    }.get(kind, "")


def summary(profile: Profile) -> str:
    """One line about a profile for lists (never its secret)."""
    if isinstance(profile, ProxyProfile):
        proxy = profile.proxy
        if proxy.mode != "manual":
            return "the environment's proxy settings" if proxy.mode == "system" else "no proxy"
        text = proxy.url + (f", https via {proxy.https_url}" if proxy.https_url else "")
        text += f" as {proxy.username}" if proxy.username else ""
        return text + (f", not for {', '.join(proxy.no_proxy)}" if proxy.no_proxy else "")
    auth = profile.auth
    if auth.kind == "bearer":
        return "Authorization: Bearer"
    if auth.kind == "apikey":
        where = "header" if auth.key_in == "header" else "query parameter"
        return f"{where} {auth.key_name}"
    text = auth.username + (", preemptive" if auth.preemptive else "")
    text += f", realm {auth.realm}" if auth.realm else ""
    return text + (f", for {auth.scope}" if auth.scope else "")


def profile_kind(profile: Profile) -> ProfileKind:
    """``auth`` or ``proxy``."""
    return "auth" if isinstance(profile, AuthProfile) else "proxy"


def users_of(
    name: str, uses: list[ProfileUse] | list[tuple[str, str, str]], kind: ProfileKind | None = None
) -> list[str]:
    """The saved requests (from `uses`) that name profile `name`, in the order given.

    `kind` limits the match to the auth or the proxy column; both when None.
    """
    found = []
    for request, auth, proxy in uses:
        if (kind != "proxy" and auth == name) or (kind != "auth" and proxy == name):
            found.append(request)
    return found
