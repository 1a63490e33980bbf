"""Profiles onto a request: a pure function from a spec, profiles and their secrets to the spec to send.

The caller fetches the secrets (``ProfileStore.resolve`` does), so this module does no I/O and a
test can check every combination with plain values. See `profile_model` for the TLS model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from workbench.engine.opener import system_proxies
from workbench.engine.spec import TLS, RequestSpec
from workbench.store.errors import StoreError
from workbench.store.profile_model import AuthProfile, Profile, ProxyProfile


class MissingSecret(StoreError):
    """A profile's secret is not in the secret store (deleted outside Workbench, another machine)."""

    def __init__(self, profile: Profile) -> None:
        what = profile.secret_field.replace("key_value", "API key value")
        super().__init__(
            f"The {what} of profile {profile.name!r} is missing from the secret store; "
            "edit the profile and enter it again."
        )
        self.profile = profile


class SystemProxy(NamedTuple):
    """What a System proxy profile uses: the environment's settings, as urllib reads them."""

    http: str
    https: str
    no_proxy: str


def merge_tls(base: TLS, over: TLS | None) -> TLS:
    """`base` with a profile's TLS on top: its CA file and client certificate win; any "off" wins."""
    if over is None:
        return base
    cert, key = (
        (over.client_cert, over.client_key)
        if over.client_cert
        else (base.client_cert, base.client_key)
    )
    return TLS(
        verify=base.verify and over.verify,
        ca_file=over.ca_file or base.ca_file,
        client_cert=cert,
        client_key=key,
    )


def _secret(profile: Profile, secrets: Mapping[str, str]) -> dict[str, Any]:
    if not profile.secret_ref:
        return {}
    if profile.secret_ref not in secrets:
        raise MissingSecret(profile)
    return {profile.secret_field: secrets[profile.secret_ref]}


def apply_profiles(
    spec: RequestSpec,
    auth_profile: AuthProfile | None,
    proxy_profile: ProxyProfile | None,
    secrets: Mapping[str, str],
) -> RequestSpec:
    """The spec with the profiles' auth, proxy and TLS in place of its own; raises `MissingSecret`."""
    tls = spec.options.tls
    if proxy_profile is not None:
        proxy = proxy_profile.proxy._replace(**_secret(proxy_profile, secrets))
        spec = spec._replace(proxy=proxy)
        tls = merge_tls(tls, proxy_profile.tls)
    if auth_profile is not None:
        auth = auth_profile.auth._replace(**_secret(auth_profile, secrets))
        spec = spec._replace(auth=auth)
        tls = merge_tls(tls, auth_profile.tls)
    return spec.with_options(tls=tls) if tls != spec.options.tls else spec


def system_proxy() -> SystemProxy:
    """The proxies a System profile would use now (``http_proxy``, ``https_proxy``, ``no_proxy``)."""
    found = system_proxies()
    return SystemProxy(found.get("http", ""), found.get("https", ""), found.get("no", ""))
