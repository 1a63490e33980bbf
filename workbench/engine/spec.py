"""The request description: what a user asks the engine to send.

Every UI table, command-line flag and request file turns into one `RequestSpec`. The specs are immutable
named tuples of plain values so they can cross threads, be compared in tests and be written to files.
Variables (``{{name}}``) are resolved by the store before the engine sees a spec.
"""

# No ``from __future__ import annotations`` here: typing.NamedTuple turns every string annotation into
# a ForwardRef, compiling it, which made importing this module ~1.5 ms slower (59 fields) for the
# window's start and every command-line run. The annotations below are all defined above their use.
from typing import Any, Literal, NamedTuple

BodyKind = Literal["none", "form", "multipart", "raw", "file"]
AuthKind = Literal["none", "basic", "digest", "bearer", "apikey"]
ProxyMode = Literal["system", "direct", "manual"]
KeyPlacement = Literal["header", "query"]

BODY_KINDS: tuple[BodyKind, ...] = ("none", "form", "multipart", "raw", "file")
AUTH_KINDS: tuple[AuthKind, ...] = ("none", "basic", "digest", "bearer", "apikey")
PROXY_MODES: tuple[ProxyMode, ...] = ("system", "direct", "manual")

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_REDIRECTS = 10


class Field(NamedTuple):
    """One name/value row of a table (query parameter, header or form field)."""

    name: str
    value: str = ""
    enabled: bool = True
    """Disabled rows stay in the request file but are not sent."""


class Part(NamedTuple):
    """One field of a multipart/form-data body: a text value or a file read at send time."""

    name: str
    value: str = ""
    """The text value, or the file's path when `is_file` is set."""
    is_file: bool = False
    content_type: str = ""
    """Content type of the part; guessed from the file name when empty."""
    filename: str = ""
    """The file name announced to the server; the path's base name when empty."""
    enabled: bool = True


class Body(NamedTuple):
    """The request body, in one of the shapes the Body tab offers."""

    kind: BodyKind = "none"
    fields: tuple[Field, ...] = ()
    """Rows of a form-urlencoded body."""
    parts: tuple[Part, ...] = ()
    """Rows of a multipart body."""
    text: str = ""
    """Text of a raw body, sent as UTF-8."""
    content_type: str = ""
    """Content type of a raw or file body (a user `Content-Type` header wins)."""
    path: str = ""
    """The file sent as the body when kind is ``file``."""


class Auth(NamedTuple):
    """How the request authenticates to the server."""

    kind: AuthKind = "none"
    username: str = ""
    password: str = ""
    realm: str = ""
    """Only answer challenges for this realm; any realm when empty."""
    scope: str = ""
    """Full URL or ``host[:port]`` the credentials apply to (deeper paths too); the request's
    origin when empty. Exactly what `HTTPPasswordMgr.add_password` takes."""
    preemptive: bool = False
    """Basic only: send the credentials with the first request instead of waiting for a 401."""
    token: str = ""
    """Bearer token."""
    key_name: str = ""
    key_value: str = ""
    key_in: KeyPlacement = "header"


class Proxy(NamedTuple):
    """Which proxy carries the request."""

    mode: ProxyMode = "system"
    url: str = ""
    """Manual mode: the proxy for every scheme, ``http://host:port``."""
    https_url: str = ""
    """Manual mode: a different proxy for https URLs (CONNECT); `url` when empty."""
    username: str = ""
    password: str = ""
    no_proxy: tuple[str, ...] = ()
    """Manual mode: hosts and domains (``.example.com``) reached directly."""


class TLS(NamedTuple):
    """Certificate checks and client certificates for https."""

    verify: bool = True
    ca_file: str = ""
    """Trusted CA bundle (PEM) that replaces the system store (as curl's --cacert); empty: the
    system store."""
    client_cert: str = ""
    client_key: str = ""
    """Key of the client certificate; inside `client_cert` when empty."""


class Options(NamedTuple):
    """How the engine behaves while sending."""

    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds each connect or read may wait (urllib's ``timeout=``); None waits forever."""
    total_timeout: float | None = None
    """A deadline for the whole exchange, redirects and body included."""
    follow_redirects: bool = True
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    cookies: bool = True
    """Keep a cookie jar across the hops of this send (and across sends when the caller shares one)."""
    decode: bool = True
    """Ask for and decode gzip/deflate content; the raw bytes are always kept."""
    headers_as_typed: bool = True
    """Send header names in the case typed instead of urllib's ``Title-Case``."""
    tls: TLS = TLS()


class RequestSpec(NamedTuple):
    """Everything needed to send one request."""

    url: str
    method: str = "GET"
    params: tuple[Field, ...] = ()
    """Query parameters appended to the URL's own query."""
    headers: tuple[Field, ...] = ()
    body: Body = Body()
    auth: Auth = Auth()
    proxy: Proxy = Proxy()
    options: Options = Options()

    def with_options(self, **changes: Any) -> "RequestSpec":
        """A copy with some options changed."""
        return self._replace(options=self.options._replace(**changes))
