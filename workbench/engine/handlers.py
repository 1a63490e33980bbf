"""The engine's redirect policy and request-body handler (auth is in `auth`, proxies in `proxying`).

Each subclasses the urllib handler it replaces; together they fix what ENGINE-NOTES 2.1 lists: 307/308 not
followed for POST, PUT/PATCH/DELETE never followed, secrets carried to other hosts, and (2.14) chunked
uploads for file bodies.
"""

from __future__ import annotations

import string
import urllib.request
from email.message import Message
from typing import IO, Any
from urllib.parse import quote, urljoin, urlparse, urlsplit, urlunparse

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


class SessionCookies(urllib.request.BaseHandler):
    """urllib's HTTPCookieProcessor, with the jar (and ``http.cookiejar``, about 10 ms to import)
    made when the first ``Set-Cookie`` arrives: most sends get none. A caller's jar is used as is."""

    def __init__(self, jar: Any = None) -> None:
        self.jar = jar

    def http_request(self, request: urllib.request.Request) -> urllib.request.Request:
        """Add the cookies the jar holds for this URL (none before the first Set-Cookie)."""
        if self.jar is not None:
            self.jar.add_cookie_header(request)
        return request

    def http_response(self, request: urllib.request.Request, response: Any) -> Any:
        """Keep the cookies the response sets."""
        if self.jar is None:
            headers = response.info()
            if not (headers.get_all("Set-Cookie") or headers.get_all("Set-Cookie2")):
                return response
            import http.cookiejar

            self.jar = http.cookiejar.CookieJar()
        self.jar.extract_cookies(response, request)
        return response

    https_request = http_request
    https_response = http_response
