"""One `OpenerDirector` per send, built from explicit handlers.

Never ``install_opener`` (it changes every ``urlopen()`` in the process) and never a shared opener: Digest
and prior-auth handlers keep state per instance (ENGINE-NOTES 2.15). Building one costs about 170 us.
"""

from __future__ import annotations

import os
import ssl
import sys
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from workbench.engine.auth import BasicAuthHandler, DigestAuthHandler, SchemeAwarePasswordMgr
from workbench.engine.cancel import CancelToken
from workbench.engine.errors import InvalidRequest
from workbench.engine.handlers import BodyLengthProcessor, RedirectHandler, SessionCookies
from workbench.engine.prepare import Prepared
from workbench.engine.proxyauth import TunnelHTTPSHandler
from workbench.engine.proxying import RoutingProxyHandler, environment_bypass, list_bypass
from workbench.engine.record import SendContext
from workbench.engine.spec import TLS, Proxy, RequestSpec
from workbench.engine.validate import split_host_port
from workbench.engine.wire import TapHTTPHandler

if TYPE_CHECKING:
    import http.cookiejar

WEB_SCHEMES = ("http", "https")


def build(
    spec: RequestSpec,
    prepared: Prepared,
    wb: SendContext,
    token: CancelToken,
    cookie_jar: http.cookiejar.CookieJar | None,
) -> urllib.request.OpenerDirector:
    """The opener for this one send."""
    handlers: list[urllib.request.BaseHandler] = [
        proxy_handler(spec.proxy, wb),
        TapHTTPHandler(wb, token),
        TunnelHTTPSHandler(wb, token, _context_maker(spec.options.tls)),
        RedirectHandler(
            wb, follow=spec.options.follow_redirects, max_redirects=prepared.max_redirects
        ),
        BodyLengthProcessor(),
    ]
    auth = prepared.auth
    if auth.kind in ("basic", "digest"):
        mgr = SchemeAwarePasswordMgr()
        scope = auth.scope.strip() or _origin_of(prepared.url)
        mgr.add_scoped(
            auth.realm or None,
            scope,
            auth.username,
            auth.password,
            preemptive=auth.kind == "basic" and auth.preemptive,
        )
        handler_class = BasicAuthHandler if auth.kind == "basic" else DigestAuthHandler
        handlers.append(handler_class(mgr, wb))
    if spec.options.cookies:
        handlers.append(SessionCookies(cookie_jar))
    scheme = urlsplit(prepared.url).scheme
    if scheme == "data":
        handlers.append(urllib.request.DataHandler())
    elif scheme == "file":
        handlers.append(urllib.request.FileHandler())
    # What build_opener() would add, minus the FTP/file/data handlers this URL cannot reach.
    handlers += [
        urllib.request.UnknownHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ]
    opener = urllib.request.OpenerDirector()
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _context_maker(tls: TLS) -> Callable[[], ssl.SSLContext]:
    """Settings that name files are checked now (a wrong path must stop the send before it starts);
    the default context is made only when an https hop needs it."""
    if tls == TLS():
        return lambda: tls_context(tls)
    context = tls_context(tls)
    return lambda: context


def tls_context(tls: TLS) -> ssl.SSLContext:
    """A fresh SSL context for this send: verification, extra CA file, client certificate."""
    try:
        context = ssl.create_default_context(cafile=tls.ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise InvalidRequest(
            "ca_file", f"The CA file {tls.ca_file!r} cannot be used: {_why(exc)}."
        ) from None
    if not tls.verify:
        # Both are needed, in this order (ENGINE-NOTES 2.12).
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if tls.client_cert:
        try:
            context.load_cert_chain(tls.client_cert, tls.client_key or None)
        except (OSError, ssl.SSLError) as exc:
            raise InvalidRequest(
                "client_cert", f"The client certificate cannot be used: {_why(exc)}."
            ) from None
    elif tls.client_key:
        raise InvalidRequest("client_cert", "A client key was given without its certificate.")
    return context


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)


def proxy_handler(proxy: Proxy, wb: SendContext) -> urllib.request.ProxyHandler:
    """The proxy handler for the mode: system (environment), direct, or manual."""
    if proxy.mode == "direct":
        return RoutingProxyHandler(wb, {}, _never, {}, _direct_setting_reasons())
    if proxy.mode == "manual":
        proxies = manual_proxies(proxy)
        # A spec carries no profile name, so the note cannot say which saved profile this was.
        sources = dict.fromkeys(proxies, "the manual proxy setting")
        return RoutingProxyHandler(wb, proxies, list_bypass(proxy.no_proxy), sources)
    variables = dict(_proxy_variables())
    found = system_proxies(variables)
    proxies = {k: v for k, v in found.items() if k in WEB_SCHEMES}
    return RoutingProxyHandler(
        wb,
        proxies,
        environment_bypass,
        {scheme: _env_source(scheme) for scheme in proxies},
        {s: _no_system_proxy(s, variables) for s in WEB_SCHEMES if s not in proxies},
    )


def _never(host: str) -> str | None:
    return None


def _direct_setting_reasons() -> dict[str, str]:
    """Direct mode's note per scheme, naming the variable it overrules (the usual surprise)."""
    variables = dict(_proxy_variables())
    reasons = {}
    for scheme in WEB_SCHEMES:
        lower, upper = f"{scheme}_proxy", f"{scheme}_proxy".upper()
        name = lower if variables.get(lower) else upper if variables.get(upper) else ""
        even = f", even though {name} is set in the environment" if name else ""
        reasons[scheme] = f"Direct: no proxy, as the proxy setting says{even}."
    return reasons


def _no_system_proxy(scheme: str, variables: dict[str, str]) -> str:
    """Why System mode found no proxy for `scheme` (the rules of `system_proxies`), given the
    environment's ``*_proxy`` variables."""
    if sys.platform in ("win32", "darwin"):
        return f"Direct: the system proxy settings name no proxy for {scheme} URLs."
    lower, upper = f"{scheme}_proxy", f"{scheme}_proxy".upper()
    if variables.get(upper) and lower not in variables:
        if scheme == "http" and "REQUEST_METHOD" in os.environ:
            return "Direct: HTTP_PROXY ignored because REQUEST_METHOD is set (CGI)."
    elif variables.get(upper):
        return f"Direct: {lower} is set but empty, which cancels {upper}."
    others = [n for n, v in variables.items() if v and n.lower() not in ("no_proxy", lower)]
    if not others:
        return "Direct: no proxy variable is set in the environment."
    return (
        f"Direct: no {lower} variable is set in the environment "
        f"({', '.join(sorted(others))} does not apply to {scheme} URLs)."
    )


def system_proxies(variables: dict[str, str] | None = None) -> dict[str, str]:
    """urllib's ``getproxies()``, reading the environment in one pass (getproxies reads it twice,
    item by item: 0.2 ms, more than the rest of a loopback send).

    Args:
        variables: the ``*_proxy`` variables when the caller has read them already.
    """
    if sys.platform in ("win32", "darwin"):
        return urllib.request.getproxies()  # registry / system configuration as well
    items = list((variables if variables is not None else dict(_proxy_variables())).items())
    found: dict[str, str] = {}
    for name, value in items:  # any case first...
        if value and name[-6:].lower() == "_proxy":
            found[name[:-6].lower()] = value
    if "REQUEST_METHOD" in os.environ:
        found.pop("http", None)  # httpoxy: a CGI client can set HTTP_PROXY through a header
    for name, value in items:  # ...then lower case wins, and an empty one clears
        if name[-6:] == "_proxy":
            if value:
                found[name[:-6].lower()] = value
            else:
                found.pop(name[:-6].lower(), None)
    return found


def _proxy_variables() -> list[tuple[str, str]]:
    """The environment's ``*_proxy`` variables. os.environ decodes every name on iteration; its raw
    bytes mapping (CPython's ``_data`` on POSIX) lets us decode only the few that matter."""
    raw = getattr(os.environ, "_data", None)
    if not isinstance(raw, dict) or not all(isinstance(k, bytes) for k in list(raw)[:1]):
        return [(k, v) for k, v in os.environ.items() if k[-6:].lower() == "_proxy"]
    return [(os.fsdecode(k), os.fsdecode(v)) for k, v in raw.items() if k[-6:].lower() == b"_proxy"]


def _env_source(scheme: str) -> str:
    lower, upper = f"{scheme}_proxy", f"{scheme}_proxy".upper()
    if os.environ.get(lower):
        return f"the environment variable {lower}"
    if os.environ.get(upper):
        return f"the environment variable {upper}"
    return "the system proxy settings"


def manual_proxies(proxy: Proxy) -> dict[str, str]:
    """``{"http": url, "https": url}`` with credentials percent-encoded into the URLs."""
    if not proxy.url.strip():
        raise InvalidRequest("proxy", "Manual proxy mode needs a proxy URL (http://host:port).")
    http_url = check_proxy_url(proxy.url)
    https_url = check_proxy_url(proxy.https_url) if proxy.https_url.strip() else http_url
    if proxy.username:
        http_url, https_url = (_with_credentials(u, proxy) for u in (http_url, https_url))
    return {"http": http_url, "https": https_url}


def check_proxy_url(url: str) -> str:
    """A proxy URL is ``http://host:port`` (TLS to the proxy itself is not something urllib does)."""
    text = url.strip()
    if "://" not in text:
        raise InvalidRequest("proxy", f"The proxy URL {text!r} needs a scheme: http://{text}")
    parts = urlsplit(text)
    if parts.scheme.lower() != "http":
        raise InvalidRequest(
            "proxy",
            f"Proxy URLs must start with http:// ({parts.scheme}:// is not supported by urllib; "
            "https URLs still go through an http:// proxy, tunnelled with CONNECT).",
        )
    host, _ = split_host_port(parts.netloc.rpartition("@")[2], "proxy")
    if not host:
        raise InvalidRequest("proxy", f"The proxy URL {text!r} has no host.")
    return f"http://{parts.netloc}"


def _with_credentials(url: str, proxy: Proxy) -> str:
    # Credentials in the URL are sent preemptively, on the CONNECT too (ENGINE-NOTES 2.4).
    hostport = urlsplit(url).netloc.rpartition("@")[2]
    user = quote(proxy.username, safe="")
    password = quote(proxy.password, safe="")
    return f"http://{user}:{password}@{hostport}"
