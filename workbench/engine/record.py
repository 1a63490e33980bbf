"""Recording hops as they happen: the bytes each connection sent and received, and when.

One `HopRecorder` per connection (urllib always sends ``Connection: close``, so one connection is one hop).
The connection classes in `wire` feed it; `freeze()` turns it into the immutable `Hop` the views show.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from workbench.engine.errors import Situation
from workbench.engine.exchange import (
    Header,
    Hop,
    Informational,
    ReceivedResponse,
    SentRequest,
    Timing,
    TLSInfo,
)

HEAD_LIMIT = 1024 * 1024
"""Most bytes of a request or response head kept per hop (http.client allows 100 lines of 64 KiB)."""
BODY_PREVIEW = 4096


class HopRecorder:
    """Mutable notes about one hop, filled in by the connection while it works."""

    def __init__(self, index: int, method: str, url: str, user_headers: frozenset[str]) -> None:
        self.index = index
        self.method = method
        self.url = url
        self.user_headers = user_headers
        self.notes: list[str] = []
        self.proxy: str | None = None
        self.peer = ""
        self.tls: TLSInfo | None = None
        self.tunnel_sent = bytearray()
        self.tunnel_received = bytearray()
        self.sent_head = bytearray()
        self.head_complete = False
        self.body_size = 0
        self.body_preview = bytearray()
        self.received_head = bytearray()
        self.response: ReceivedResponse | None = None
        self._t0 = time.perf_counter()
        self._marks: dict[str, float] = {}

    def mark(self, name: str) -> None:
        """Note the time of a milestone (dns, connect, tunnel, tls, first_byte, total) once."""
        if name not in self._marks:
            self._marks[name] = (time.perf_counter() - self._t0) * 1000.0

    def sent(self, data: bytes, phase: str) -> None:
        """Bytes written to the socket."""
        if phase == "tunnel":
            self.tunnel_sent += data[: HEAD_LIMIT - len(self.tunnel_sent)]
            return
        if not self.head_complete:
            self.sent_head += data
            end = self.sent_head.find(b"\r\n\r\n")
            if end < 0:
                return
            data = bytes(self.sent_head[end + 4 :])
            del self.sent_head[end + 4 :]
            self.head_complete = True
        self.body_size += len(data)
        room = BODY_PREVIEW - len(self.body_preview)
        if room > 0:
            self.body_preview += data[:room]

    def received(self, data: bytes, phase: str) -> None:
        """Head bytes read from the socket (body bytes are not recorded here)."""
        target = self.tunnel_received if phase == "tunnel" else self.received_head
        if phase != "tunnel":
            self.mark("first_byte")
        if len(target) < HEAD_LIMIT:
            target += data[: HEAD_LIMIT - len(target)]

    def freeze(self) -> Hop:
        """The finished, immutable hop."""
        self.mark("total")
        marks = self._marks
        return Hop(
            number=self.index,
            request=self._sent_request(),
            response=self.response,
            peer=self.peer,
            proxy=self.proxy,
            tunnel_request=bytes(self.tunnel_sent),
            tunnel_response=bytes(self.tunnel_received),
            tls=self.tls,
            timing=Timing(
                dns=marks.get("dns"),
                connect=marks.get("connect"),
                tunnel=marks.get("tunnel"),
                tls=marks.get("tls"),
                first_byte=marks.get("first_byte"),
                total=marks.get("total"),
            ),
            notes=tuple(self.notes),
        )

    def _sent_request(self) -> SentRequest | None:
        if not self.sent_head:
            return None
        lines = bytes(self.sent_head).decode("latin-1").split("\r\n")
        method, _, rest = lines[0].partition(" ")
        target, _, version = rest.rpartition(" ")
        headers = parse_header_lines(lines[1:])
        return SentRequest(
            method=method,
            url=self.url,
            target=target,
            version=version,
            headers=headers,
            added=tuple(
                dict.fromkeys(n.lower() for n, _ in headers if n.lower() not in self.user_headers)
            ),
            body_size=self.body_size,
            body_preview=bytes(self.body_preview),
            head=bytes(self.sent_head),
        )


def parse_header_lines(lines: Iterable[str]) -> tuple[Header, ...]:
    """``Name: value`` lines into pairs, in order; blank lines and lines without a colon skipped."""
    pairs = []
    for line in lines:
        name, sep, value = line.partition(":")
        if sep and name:
            pairs.append((name, value.strip()))
    return tuple(pairs)


def build_response(
    *,
    version: int,
    status: int,
    reason: str,
    headers: Iterable[Header],
    informational: Iterable[Informational],
    defects: Iterable[object],
    head: bytes,
) -> ReceivedResponse:
    """A `ReceivedResponse` from what http.client parsed."""
    return ReceivedResponse(
        version={9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1"}.get(version, f"HTTP/{version}"),
        status=status,
        reason=reason,
        headers=tuple(headers),
        informational=tuple(informational),
        defects=tuple(_describe_defect(d) for d in defects),
        head=head,
    )


def _describe_defect(defect: object) -> str:
    name = type(defect).__name__
    if name == "MissingHeaderBodySeparatorDefect":
        return (
            "A header line without a colon ended the header block: http.client ignored every "
            "header after it (see the raw head)."
        )
    return f"{name}: {defect}"


class SendContext:
    """What the handlers and connections of one send share: the hops, the token, the situation."""

    def __init__(self, *, timeout: float | None, user_headers: frozenset[str]) -> None:
        self.hops: list[HopRecorder] = []
        self.situation = Situation(timeout=timeout)
        self.user_headers = user_headers

    def begin_hop(self, method: str, url: str, notes: list[str], proxy: str | None) -> HopRecorder:
        """Start recording a new hop; `notes` (pending for this request) move onto it."""
        if self.hops:
            self.hops[-1].mark("total")  # the previous hop ended when this one began
        hop = HopRecorder(len(self.hops) + 1, method, url, self.user_headers)
        hop.notes.extend(notes)
        notes.clear()
        hop.proxy = proxy
        self.hops.append(hop)
        self.situation.phase = "connecting"
        self.situation.proxy = proxy
        return hop

    def note(self, text: str) -> None:
        """Add a note to the latest hop."""
        if self.hops:
            self.hops[-1].notes.append(text)

    @property
    def current(self) -> HopRecorder | None:
        """The hop being recorded."""
        return self.hops[-1] if self.hops else None
