"""The engine's urllib handlers: redirect policy, Basic and Digest auth that explain themselves, proxies
that say why they were (or were not) used.

Each subclasses the urllib handler it replaces so the opener stays the HOWTO's ``build_opener(...)``; each
fixes what ENGINE-NOTES lists: 307/308 not followed for POST (2.1), secrets carried to other hosts (2.1),
ValueError on unknown challenges (2.4), Digest's six silent retries (2.4), env ``no_proxy`` overriding an
explicit proxy (2.5).
"""

from __future__ import annotations

import base64
import hashlib
import os
import string
import urllib.request
from collections.abc import Callable
from email.message import Message
from typing import IO, Any
from urllib.error import URLError
from urllib.parse import quote, unquote, urljoin, urlparse, urlsplit, urlunparse

from workbench.engine.errors import InvalidRequest, RedirectLimit
from workbench.engine.record import SendContext
from workbench.engine.validate import check_url
from workbench.engine.wire import WireRequest

ALWAYS_DROPPED_CROSS_ORIGIN = frozenset({"authorization", "cookie", "proxy-authorization", "host"})
_CONTENT_HEADERS = frozenset({"content-length", "content-type", "transfer-encoding"})


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and effective port: what must match for secrets to travel."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def parse_challenges(values: list[str]) -> list[tuple[str, str | None]]:
    """``WWW-Authenticate`` values as (scheme, realm) pairs, in order (RFC 9110 section 11.6.1)."""
    found: list[tuple[str, dict[str, str]]] = []
    for value in values:
        for item in _split_commas(value):
            head, _, rest = item.partition(" ")
            param = item
            if "=" not in head:  # "Scheme" or "Scheme param=value" starts a new challenge
                found.append((head, {}))
                param = rest.strip()
            if found and "=" in param:
                key, _, val = param.partition("=")
                found[-1][1].setdefault(key.strip().lower(), val.strip().strip('"'))
    return [(scheme, params.get("realm")) for scheme, params in found]


def _split_commas(value: str) -> list[str]:
    """Split on commas that are not inside a quoted string."""
    items: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def describe_challenges(challenges: list[tuple[str, str | None]]) -> str:
    """``Basic (realm "R"), Bearer`` for a note."""
    return ", ".join(
        f'{scheme} (realm "{realm}")' if realm is not None else scheme
        for scheme, realm in challenges
    )


class RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects as browsers do and drops secrets when the origin changes.

    301/302 turn POST into GET; 303 turns anything but HEAD into GET; 307/308 (and 301/302 for other
    methods) keep the method and the body. urllib's own handler refuses 307/308 for POST and PUT.
    """

    def __init__(self, wb: SendContext, *, follow: bool, max_redirects: int) -> None:
        super().__init__()
        self._wb = wb
        self._follow = follow
        # Class attributes in urllib; set per instance so each send has its own limit.
        self.max_redirections = max_redirects  # type: ignore[misc]
        self.max_repeats = max_redirects  # type: ignore[misc]

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> Any:
        location = headers.get("Location") or headers.get("URI")
        if location is None:
            self._wb.note(f"{code} without a Location header: nothing to follow.")
            return None
        if not self._follow:
            self._wb.note(f"Not followed (follow redirects is off): Location {location}")
            return None
        try:
            # Recover the original bytes (http.client decodes as Latin-1) and percent-encode them.
            newurl = urljoin(req.full_url, _quote_location(location))
            scheme = urlsplit(newurl).scheme.lower()
        except ValueError as exc:  # unbalanced IPv6 brackets
            self._wb.note(f"Not followed: the Location {location!r} is not usable: {exc}.")
            return None
        if scheme not in ("http", "https"):
            self._wb.note(f"Not followed: redirects to {scheme}: URLs are not allowed ({newurl}).")
            return None
        try:
            # A bad port or host in Location would otherwise escape as a ValueError and lose the 3xx.
            newurl = check_url(newurl, "location")
        except InvalidRequest as exc:
            self._wb.note(f"Not followed: the Location {location!r} is not usable: {exc.message}")
            return None
        new = self.redirect_request(req, fp, code, msg, headers, newurl)
        if new is None:
            return None
        visited: dict[str, int] = getattr(req, "redirect_dict", {})
        new.redirect_dict = req.redirect_dict = visited  # type: ignore[attr-defined]
        if visited.get(newurl, 0) >= self.max_repeats or len(visited) >= self.max_redirections:
            raise RedirectLimit(self._limit_message(newurl, visited))
        visited[newurl] = visited.get(newurl, 0) + 1
        fp.read()
        fp.close()
        return self.parent.open(new, timeout=req.timeout)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def _limit_message(self, newurl: str, visited: dict[str, int]) -> str:
        hops = sum(visited.values()) + 1
        if newurl in visited:
            return (
                f"Redirect loop: the server keeps sending the request back to {newurl} "
                f"(stopped after {hops} requests)."
            )
        return f"Too many redirects: more than {self.max_redirections} (stopped after {hops} requests)."

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        method = req.get_method()
        keep_body = True
        if (code in (301, 302) and method == "POST") or (code == 303 and method != "HEAD"):
            method, keep_body = "GET", False
        data = req.data if keep_body else None
        notes = []
        if req.get_method() != method:
            notes.append(
                f"{code} turned {req.get_method()} into {method}; the body was not re-sent."
            )
        cross = origin(req.full_url) != origin(newurl)
        secret: frozenset[str] = getattr(req, "wb_secret", frozenset())
        case: dict[str, str] = getattr(req, "wb_case", {})
        drop = {"proxy-authorization"}  # the proxy handler adds it again for hops through the proxy
        if data is None:
            drop |= _CONTENT_HEADERS
        if cross:
            drop |= ALWAYS_DROPPED_CROSS_ORIGIN | secret
        dropped = [
            case.get(k.lower(), k)
            for k in req.headers
            if cross and k.lower() in ALWAYS_DROPPED_CROSS_ORIGIN | secret
        ]
        new = WireRequest(
            newurl,
            data=data,
            headers={k: v for k, v in req.headers.items() if k.lower() not in drop},
            origin_req_host=req.origin_req_host,
            unverifiable=True,
            method=method,
        )
        new.wb_case = case
        new.wb_secret = secret
        extra: list[tuple[str, str]] = getattr(req, "wb_extra", [])
        new.wb_extra = [(n, v) for n, v in extra if n.lower() not in drop]
        dropped += [n for n, _ in extra if cross and n.lower() in drop and n not in dropped]
        if dropped:
            before, after = _show_origin(req.full_url), _show_origin(newurl)
            notes.append(
                f"Dropped on redirect to another origin ({before} → {after}): {', '.join(dropped)}."
            )
        new.wb_notes = [f"Redirected here by {code} from {req.full_url}.", *notes]
        return new


def _quote_location(location: str) -> str:
    parts = urlparse(location)
    if not parts.path and parts.netloc:
        parts = parts._replace(path="/")
    return quote(urlunparse(parts), encoding="iso-8859-1", safe=string.punctuation)


def _show_origin(url: str) -> str:
    scheme, host, port = origin(url)
    return f"{scheme}://{host}:{port}"


class SchemeAwarePasswordMgr(urllib.request.HTTPPasswordMgrWithPriorAuth):
    """urllib's password manager, but credentials registered for https are not sent over http.

    urllib ignores the scheme when matching (gh-155694); a scope given with a scheme keeps to it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._schemes: dict[str, str] = {}
        self._realms: dict[str, str] = {}

    def add_scoped(
        self, realm: str | None, scope: str, user: str, password: str, *, preemptive: bool
    ) -> None:
        """Register credentials for a URL or authority, as `add_password` does."""
        self.add_password(realm, scope, user, password, is_authenticated=preemptive)
        authority = self.reduce_uri(scope)[0]
        scheme = urlsplit(scope).scheme if "://" in scope else ""
        if scheme:
            self._schemes[authority] = scheme.lower()
        if realm is not None:
            # The prior-auth manager also files the credentials under the default realm (None),
            # which would answer every realm; remember the one the user named.
            self._realms[authority] = realm

    def find_user_password(self, realm: str | None, authuri: str) -> tuple[str | None, str | None]:
        authority = self.reduce_uri(authuri)[0]
        if "://" in authuri:
            wanted = self._schemes.get(authority)
            if wanted and urlsplit(authuri).scheme.lower() != wanted:
                return None, None
        named = self._realms.get(authority)
        if realm is not None and named is not None and realm != named:
            return None, None
        return super().find_user_password(realm, authuri)


class BasicAuthHandler(urllib.request.HTTPBasicAuthHandler):
    """`HTTPBasicAuthHandler` that explains each step and never raises on a challenge it cannot answer."""

    def __init__(self, mgr: SchemeAwarePasswordMgr, wb: SendContext) -> None:
        super().__init__(mgr)
        self._wb = wb

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        had = req.has_header("Authorization")
        req = super().http_request(req)
        if not had and req.has_header("Authorization") and isinstance(req, WireRequest):
            req.wb_notes.append("Basic credentials sent preemptively, without waiting for a 401.")
        return req

    https_request = http_request

    def http_error_401(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> Any:
        challenges = parse_challenges(headers.get_all("WWW-Authenticate") or [])
        basic = [realm for scheme, realm in challenges if scheme.lower() == "basic"]
        if not challenges:
            self._wb.note("401 without a WWW-Authenticate challenge: nothing to answer.")
            return None
        self._wb.note(f"Server asks for {describe_challenges(challenges)}.")
        if not basic:
            schemes = ", ".join(dict.fromkeys(s for s, _ in challenges))
            self._wb.note(f"Challenge scheme {schemes} but this request is set up for Basic.")
            return None
        realm = basic[0]
        user, password = self.passwd.find_user_password(realm, req.full_url)  # type: ignore[arg-type]
        where = f'realm "{realm}"' if realm else "this server (no realm given)"
        if password is None:
            self._wb.note(f"No saved credentials match {where} at {req.full_url}.")
            return None
        raw = f"{user}:{password}"
        value = "Basic " + base64.b64encode(raw.encode()).decode("ascii")
        if req.get_header("Authorization") == value:
            self._wb.note(f"The server rejected the credentials of user {user!r} for {where}.")
            return None
        req.add_unredirected_header("Authorization", value)
        if isinstance(req, WireRequest):
            req.wb_notes.append(f"Retry with Basic credentials of user {user!r} for {where}.")
        return self.parent.open(req, timeout=req.timeout)


class DigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """`HTTPDigestAuthHandler` with SHA-256, one retry instead of six, and reasons instead of raises."""

    def __init__(self, mgr: SchemeAwarePasswordMgr, wb: SendContext) -> None:
        super().__init__(mgr)
        self._wb = wb

    def http_error_401(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> Any:
        values = headers.get_all("WWW-Authenticate") or []
        challenges = parse_challenges(values)
        if not challenges:
            self._wb.note("401 without a WWW-Authenticate challenge: nothing to answer.")
            return None
        self._wb.note(f"Server asks for {describe_challenges(challenges)}.")
        digest = next((v for v in values if v.strip().lower().startswith("digest")), None)
        if digest is None:
            schemes = ", ".join(dict.fromkeys(s for s, _ in challenges))
            self._wb.note(f"Challenge scheme {schemes} but this request is set up for Digest.")
            return None
        realm = next((r for s, r in challenges if s.lower() == "digest"), None)
        sent = req.get_header("Authorization") or ""
        if sent.startswith("Digest ") and "stale=true" not in digest.lower().replace(" ", ""):
            self._wb.note(f'The server rejected the Digest credentials for realm "{realm}".')
            return None
        user, _ = self.passwd.find_user_password(realm, req.full_url)  # type: ignore[attr-defined]
        if user is None:
            self._wb.note(f'No saved credentials match realm "{realm}" at {req.full_url}.')
            return None
        try:
            response = self.retry_http_digest_auth(req, digest)
        except (ValueError, UnicodeError, URLError) as exc:
            reason = exc.reason if isinstance(exc, URLError) else exc
            text = str(reason).rstrip(".")  # urllib's own messages end with a period
            if isinstance(exc, UnicodeError):  # urllib hashes "user:realm:password" as ASCII
                text = "urllib's Digest accepts only ASCII user names and passwords"
            self._wb.note(f"Digest authentication is not possible here: {text}.")
            return None
        return response

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        if isinstance(req, WireRequest):
            req.wb_notes.append("Retry with Digest credentials.")
        return super().retry_http_digest_auth(req, auth)

    def get_algorithm_impls(
        self, algorithm: str
    ) -> tuple[Callable[[str], str], Callable[[str, str], str]]:
        if algorithm.upper() == "SHA-256":  # urllib has it only from Python 3.14

            def h(text: str) -> str:
                return hashlib.sha256(text.encode("utf-8")).hexdigest()

            return h, lambda secret, data: h(f"{secret}:{data}")
        return super().get_algorithm_impls(algorithm)


class BodyLengthProcessor(urllib.request.BaseHandler):
    """Sets Content-Length for file bodies so urllib does not fall back to chunked uploads.

    Many servers (http.server among them) reject chunked request bodies; urllib uses chunked whenever
    the body is a file object (ENGINE-NOTES 2.14).
    """

    handler_order = 400  # before AbstractHTTPHandler.do_request_ (500)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        size = getattr(req.data, "wb_size", None)
        if size is not None and not req.has_header("Content-length"):
            req.add_unredirected_header("Content-length", str(size))
        return req

    https_request = http_request


BypassRule = Callable[[str], str | None]
"""Given ``host[:port]``, the reason to go direct, or None to use the proxy."""


class RoutingProxyHandler(urllib.request.ProxyHandler):
    """`ProxyHandler` whose bypass rule is ours, and which notes on each hop why it went where it went.

    urllib consults the environment's ``no_proxy`` even for proxies passed explicitly (ENGINE-NOTES 2.5);
    here the rule comes from the mode: the environment's for System, the profile's list for Manual.
    """

    def __init__(
        self, proxies: dict[str, str], bypass: BypassRule, sources: dict[str, str]
    ) -> None:
        super().__init__(proxies)
        self._bypass = bypass
        self._sources = sources

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
