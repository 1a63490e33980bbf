"""The result of a send: the final response, the body, every hop that went over the wire, or the error.

An `Exchange` is immutable and produced only by the engine; views render it, they never reconstruct it.
"""

# No ``from __future__ import annotations`` here: typing.NamedTuple compiles every string annotation
# into a ForwardRef, which made importing this module (every send's first) ~1 ms slower. The
# annotations below are all defined above their use.
from typing import Literal, NamedTuple

from workbench.engine.body import Payload

ErrorKind = Literal[
    "invalid-request",
    "dns",
    "connection-refused",
    "connection",
    "timeout",
    "tls",
    "proxy",
    "protocol",
    "redirect",
    "unsupported-scheme",
    "cancelled",
    "file",
]

ERROR_KINDS: tuple[ErrorKind, ...] = (
    "invalid-request",
    "dns",
    "connection-refused",
    "connection",
    "timeout",
    "tls",
    "proxy",
    "protocol",
    "redirect",
    "unsupported-scheme",
    "cancelled",
    "file",
)

Header = tuple[str, str]


class Timing(NamedTuple):
    """Milliseconds from the start of the hop to each milestone; None when it did not happen."""

    dns: float | None = None
    connect: float | None = None
    tunnel: float | None = None
    tls: float | None = None
    first_byte: float | None = None
    total: float | None = None


class TLSInfo(NamedTuple):
    """What the TLS handshake agreed on."""

    version: str
    cipher: str
    peer_subject: str = ""
    peer_issuer: str = ""
    peer_not_after: str = ""


class SentRequest(NamedTuple):
    """A request head exactly as it went on the wire."""

    method: str
    url: str
    """Absolute URL of this hop."""
    target: str
    """The request-target of the request line (absolute-form through a plain HTTP proxy)."""
    version: str
    headers: tuple[Header, ...]
    added: tuple[str, ...] = ()
    """Lower-case names of headers the user did not type: added by urllib, http.client or the engine."""
    body_size: int = 0
    body_preview: bytes = b""
    head: bytes = b""


class Informational(NamedTuple):
    """An interim 1xx response (102 Processing, 103 Early Hints) received before the final one."""

    status: int
    reason: str
    headers: tuple[Header, ...]


class ReceivedResponse(NamedTuple):
    """A response head as it came off the wire."""

    version: str
    status: int
    reason: str
    headers: tuple[Header, ...]
    informational: tuple[Informational, ...] = ()
    defects: tuple[str, ...] = ()
    """Header parsing problems (a line without a colon ends the header block in http.client)."""
    head: bytes = b""


class Hop(NamedTuple):
    """One request the opener actually sent and what came back on that connection."""

    number: int
    """1 for the first request sent, then 2, 3... (a redirect or an auth retry is a new hop)."""
    request: SentRequest | None
    response: ReceivedResponse | None
    peer: str = ""
    """Address the socket connected to (the proxy's when one is used)."""
    proxy: str | None = None
    """``host:port`` of the proxy the hop went through, None when direct."""
    tunnel_request: bytes = b""
    """The CONNECT request sent to the proxy for an https URL."""
    tunnel_response: bytes = b""
    tls: TLSInfo | None = None
    timing: Timing = Timing()
    notes: tuple[str, ...] = ()
    """Plain-words facts about this hop: why a proxy was used, headers dropped on redirect, auth steps."""


class Response(NamedTuple):
    """The final response: urllib's ``code``/``reason``, ``info()`` and ``geturl()``."""

    status: int | None
    """None for URLs without HTTP status (``data:``, ``file:``)."""
    reason: str
    meaning: str
    """The long explanation of the status from the standard response table."""
    url: str
    """Where the response came from (``geturl()``): the URL of the last hop."""
    headers: tuple[Header, ...]
    """``info()`` headers in order, duplicates kept."""
    version: str = ""
    is_error: bool = False
    """True when urllib raised it as ``HTTPError`` (any status outside 2xx)."""

    def header(self, name: str) -> str | None:
        """The first value of a header, case-insensitively."""
        lname = name.lower()
        return next((v for k, v in self.headers if k.lower() == lname), None)

    def header_all(self, name: str) -> list[str]:
        """Every value of a header, in order."""
        lname = name.lower()
        return [v for k, v in self.headers if k.lower() == lname]


class Failure(NamedTuple):
    """Why no (complete) response arrived, in plain words."""

    kind: ErrorKind
    message: str
    hint: str = ""
    field: str = ""
    """For ``invalid-request``: the field at fault (``url``, ``method``, ``header``...)."""
    detail: str = ""
    """The underlying exception, for the curious (``ConnectionRefusedError(111, ...)``)."""


class Exchange(NamedTuple):
    """Everything one send produced."""

    method: str
    url: str
    """The URL as prepared for the first hop (query parameters applied, host IDNA-encoded)."""
    headers: tuple[Header, ...]
    """The headers the engine set on the request, before urllib and http.client added theirs."""
    response: Response | None
    body: Payload
    hops: tuple[Hop, ...]
    error: Failure | None
    started_at: float
    """Wall-clock time of the start (``time.time()``)."""
    elapsed_ms: float
    notes: tuple[str, ...] = ()
    """Notes about the exchange as a whole (decoding, charset, truncation)."""
    secret_headers: frozenset[str] = frozenset({"authorization", "proxy-authorization"})
    """Lower-case names of headers whose values views mask (API key headers join the usual two)."""

    @property
    def ok(self) -> bool:
        """A response arrived and nothing failed."""
        return self.error is None and self.response is not None

    @property
    def final_url(self) -> str:
        """``geturl()`` when a response arrived, otherwise the URL of the last hop tried."""
        if self.response is not None:
            return self.response.url
        if self.hops and self.hops[-1].request is not None:
            return self.hops[-1].request.url
        return self.url
