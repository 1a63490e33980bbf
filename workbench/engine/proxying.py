"""Proxies that say why they were (or were not) used, and why a proxy answered 407.

urllib consults the environment's ``no_proxy`` even for proxies passed explicitly (ENGINE-NOTES 2.5);
here the bypass rule comes from the mode: the environment's for System, the profile's list for Manual.
"""

from __future__ import annotations

import base64
import os
import urllib.request
from collections.abc import Callable
from email.message import Message
from functools import partial
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from workbench.engine.proxyauth import explain_407
from workbench.engine.record import SendContext
from workbench.engine.wire import WireRequest

BypassRule = Callable[[str], str | None]
"""Given ``host[:port]``, the reason to go direct, or None to use the proxy."""


class RoutingProxyHandler(urllib.request.ProxyHandler):
    """`ProxyHandler` whose bypass rule is ours, and which notes on each hop why it went where it went.

    Args:
        wb: this send's hops, for the notes on a 407.
        proxies: proxy URL per scheme; `bypass` decides per host whether to skip it.
        sources: per scheme, the setting that chose the proxy, for the note.
        direct: per scheme without a proxy, the note saying why the request goes direct.
    """

    def __init__(
        self,
        wb: SendContext,
        proxies: dict[str, str],
        bypass: BypassRule,
        sources: dict[str, str],
        direct: dict[str, str] | None = None,
    ) -> None:
        super().__init__(proxies)
        self._wb = wb
        self._bypass = bypass
        self._sources = sources
        for scheme, why in (direct or {}).items():
            if scheme not in proxies:  # ProxyHandler registers "<scheme>_open" the same way
                setattr(self, f"{scheme}_open", partial(_go_direct, why))

    def proxy_open(self, req: urllib.request.Request, proxy: str, type: str) -> Any:
        orig_type = req.type
        proxy_type, user, password, hostport = urllib.request._parse_proxy(proxy)  # type: ignore[attr-defined]
        proxy_type = proxy_type or orig_type
        why = self._bypass(req.host) if req.host else None
        notes = req.wb_notes if isinstance(req, WireRequest) else []
        if why is not None:
            notes.append(f"Direct, not through the proxy: {why}.")
            return None
        if user and password:
            creds = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode(
                "ascii"
            )
            req.add_header("Proxy-authorization", "Basic " + creds)
        hostport = unquote(hostport)
        if isinstance(req, WireRequest):
            req.wb_proxy = hostport
        how = "CONNECT tunnel" if orig_type == "https" else "absolute URL in the request line"
        notes.append(
            f"Through proxy {hostport} ({how}); chosen by {self._sources.get(type, 'settings')}."
        )
        req.set_proxy(hostport, proxy_type)
        if orig_type in (proxy_type, "https"):
            return None
        return self.parent.open(req, timeout=req.timeout)

    def http_error_407(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> None:
        """Say why the proxy refused; the 407 stays the response (the credentials already went out)."""
        proxy = req.wb_proxy if isinstance(req, WireRequest) else None
        if proxy is None or req.type == "https":  # direct, or from inside a CONNECT tunnel
            server = urlsplit(req.full_url).netloc
            self._wb.note(
                f"{server} itself answered 407, not a proxy of this request: "
                "proxy credentials cannot answer it."
            )
            return None
        challenges = headers.get_all("Proxy-Authenticate") or []
        for note in explain_407(challenges, req.get_header("Proxy-authorization")):
            self._wb.note(note)
        return None


def _go_direct(why: str, req: urllib.request.Request) -> None:
    """The ``<scheme>_open`` of a scheme without a proxy: note why, and let the next handler open."""
    if isinstance(req, WireRequest):
        req.wb_notes.append(why)


def environment_bypass(host: str) -> str | None:
    """The environment's ``no_proxy`` rule, as urllib applies it, with the matching entry named."""
    if urllib.request.proxy_bypass(host):
        env = os.environ.get("no_proxy") or os.environ.get("NO_PROXY") or ""
        return (
            f"{host} matches no_proxy={env!r}" if env else f"{host} is excluded by system settings"
        )
    return None


def list_bypass(entries: tuple[str, ...]) -> BypassRule:
    """A bypass rule from a profile's no-proxy list: hosts, ``.domain`` suffixes, ``host:port``, ``*``."""
    cleaned = tuple(e.strip().lower() for e in entries if e.strip())

    def rule(hostport: str) -> str | None:
        host, _, port = (
            hostport.lower().rpartition(":") if ":" in hostport else (hostport.lower(), "", "")
        )
        host = host.strip("[]")
        for entry in cleaned:
            entry_host, _, entry_port = entry.partition(":")
            if entry_port and entry_port != port:
                continue
            domain = entry_host.lstrip(".")
            if entry_host == "*" or host == domain or host.endswith("." + domain):
                return f"{hostport} matches the no-proxy entry {entry!r}"
        return None

    return rule
