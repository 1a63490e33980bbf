"""`send`: one request description in, one `Exchange` out. Transport failures are data, not exceptions.

The steps (DESIGN section 2): validate and prepare, build this send's opener, ``opener.open`` (an
``HTTPError`` is a response like any other), stream the body into a spooled file with progress and cancel,
then freeze the hops the connections recorded.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workbench.engine import opener as opener_module
from workbench.engine.body import BodySink, Payload
from workbench.engine.cancel import CancelToken
from workbench.engine.classify import classify
from workbench.engine.errors import HINTS, InvalidRequest
from workbench.engine.exchange import Exchange, Failure, Response
from workbench.engine.prepare import Prepared, prepare
from workbench.engine.record import SendContext
from workbench.engine.spec import RequestSpec
from workbench.engine.status import meaning

if TYPE_CHECKING:
    import http.cookiejar

Progress = Callable[[int, int | None], None]
"""Called with (bytes received, total bytes or None when unknown) as the body streams in."""

CHUNK = 256 * 1024


def send(
    spec: RequestSpec,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    cookie_jar: http.cookiejar.CookieJar | None = None,
    out_path: str | None = None,
) -> Exchange:
    """Send `spec` through a fresh urllib opener and return everything that happened.

    Args:
        progress: called on the sending thread for every chunk of body received.
        cancel: set it from any thread to stop within milliseconds; partial bytes are kept.
        cookie_jar: shared across sends to keep a session; a fresh jar per send otherwise.
        out_path: stream the (decoded) body straight into this file instead of a temporary one.
    """
    token = cancel or CancelToken()
    started, t0 = time.time(), time.perf_counter()
    try:
        prepared = prepare(spec)
    except InvalidRequest as exc:
        return _early_failure(spec, exc.failure(), started, t0)
    timer = None
    if prepared.total_timeout is not None:
        timer = threading.Timer(prepared.total_timeout, token.cancel, args=("timeout",))
        timer.daemon = True
        timer.start()
    try:
        return _Send(spec, prepared, token, started, t0).run(cookie_jar, out_path, progress)
    finally:
        if timer is not None:
            timer.cancel()
        prepared.close()


def refused(spec: RequestSpec, problem: InvalidRequest) -> Exchange:
    """The exchange of a request stopped before anything was sent (a layer above found it wrong)."""
    now = time.perf_counter()
    return _early_failure(spec, problem.failure(), time.time(), now)


def _early_failure(spec: RequestSpec, failure: Failure, started: float, t0: float) -> Exchange:
    return Exchange(
        method=spec.method,
        url=spec.url,
        headers=(),
        response=None,
        body=Payload.empty(),
        hops=(),
        error=failure,
        started_at=started,
        elapsed_ms=(time.perf_counter() - t0) * 1000,
    )


class _Send:
    """The state of one send while it runs on the calling thread."""

    def __init__(
        self, spec: RequestSpec, prepared: Prepared, token: CancelToken, started: float, t0: float
    ) -> None:
        self.spec = spec
        self.prepared = prepared
        self.token = token
        self.started = started
        self.t0 = t0
        self.wb = SendContext(timeout=prepared.timeout, user_headers=prepared.user_headers)

    def run(
        self,
        cookie_jar: http.cookiejar.CookieJar | None,
        out_path: str | None,
        progress: Progress | None,
    ) -> Exchange:
        try:
            opener = opener_module.build(self.spec, self.prepared, self.wb, self.token, cookie_jar)
        except InvalidRequest as exc:
            return _early_failure(self.spec, exc.failure(), self.started, self.t0)
        response: Response | None = None
        payload: Payload | None = None
        failure: Failure | None = None
        try:
            answer: Any = opener.open(self.prepared.to_request(), timeout=self.prepared.timeout)
        except urllib.error.HTTPError as err:
            answer = err  # 4xx, 5xx and unfollowed 3xx: a response with its page, not a failure
        except Exception as exc:
            answer = None
            failure = self.classify(exc)
        if answer is not None:
            try:
                response = self.describe(answer)
                payload, failure = self.read_body(answer, out_path, progress)
            finally:
                answer.close()
        return Exchange(
            method=self.prepared.method,
            url=self.prepared.url,
            headers=tuple(self.prepared.headers),
            response=response,
            body=payload if payload is not None else Payload.empty(),
            hops=tuple(hop.freeze() for hop in self.wb.hops),
            error=failure,
            started_at=self.started,
            elapsed_ms=(time.perf_counter() - self.t0) * 1000,
            notes=payload.notes if payload is not None else (),
            secret_headers=self.prepared.secret_headers - {"cookie"},
        )

    def classify(self, exc: Exception) -> Failure:
        situation = self.wb.situation
        situation.cancel_reason = self.token.reason if self.token.cancelled else ""
        situation.elapsed_s = time.perf_counter() - self.t0
        failure = classify(exc, situation)
        if failure is None:
            raise exc  # not a transport failure: a bug, let it surface
        return failure

    def describe(self, answer: Any) -> Response:
        """urllib's view of the final response: code, reason, ``info()``, ``geturl()``."""
        if isinstance(answer, urllib.error.HTTPError):
            status, reason = answer.code, answer.reason
        else:
            status, reason = answer.status, getattr(answer, "reason", "")
        reader = _reader(answer)
        version = ""
        if isinstance(reader, http.client.HTTPResponse):
            version = {10: "HTTP/1.0", 11: "HTTP/1.1"}.get(reader.version, "")
        return Response(
            status=status,
            reason=str(reason or "").strip(),
            meaning=meaning(status),
            url=answer.geturl(),
            headers=tuple(answer.headers.items()),
            version=version,
            is_error=isinstance(answer, urllib.error.HTTPError),
        )

    def read_body(
        self, answer: Any, out_path: str | None, progress: Progress | None
    ) -> tuple[Payload, Failure | None]:
        """Stream the body into a sink, chunk by chunk, until EOF, cancel or failure."""
        headers = answer.headers
        reader = _reader(answer)
        total = _announced_length(reader, headers)
        sink = BodySink(
            content_type=headers.get("Content-Type"),
            content_encoding=headers.get("Content-Encoding"),
            decode=self.spec.options.decode,
            out_path=out_path,
        )
        situation = self.wb.situation
        situation.phase, situation.total = "reading", total
        buffer = memoryview(bytearray(CHUNK))
        received = 0
        failure: Failure | None = None
        if progress is not None:
            progress(0, total)
        # readinto1, not readinto: readinto keeps reading until the buffer is full and, when a
        # timeout, cancel or reset interrupts it, drops the bytes it had already read in that call.
        # readinto1 returns what one read brought (one chunk at most for chunked bodies).
        read_some = _read_some(reader)
        try:
            while not self.token.cancelled:
                count = read_some(buffer)
                if not count:
                    break
                try:
                    sink.write(buffer[:count])
                except OSError as exc:  # this computer's disk, not the network
                    failure = _write_failure(exc, out_path)
                    break
                received += count
                situation.received = received
                if progress is not None:
                    progress(received, total)
        except Exception as exc:
            failure = self.classify(exc)
        if failure is None and self.token.cancelled:
            failure = self.classify(InterruptedError("cancelled"))
        if failure is None and _left_unread(reader):
            failure = Failure(
                "protocol",
                f"The response body was cut short: {received} of {total} bytes arrived "
                "(the connection closed before Content-Length was reached).",
                "The bytes that did arrive are kept.",
            )
        if self.wb.current is not None:
            self.wb.current.mark("total")
        payload = sink.finish(complete=failure is None)
        if sink.write_error is not None and failure is None:  # flushing the last bytes failed
            failure = _write_failure(sink.write_error, out_path)
        return payload, failure


def _write_failure(exc: OSError, out_path: str | None) -> Failure:
    """The body could not be written (a full disk, a file gone): said as this computer's problem."""
    where = f" to {out_path}" if out_path else " to its temporary file"
    return Failure(
        "file",
        f"The response arrived, but writing its body{where} failed: {exc.strerror or exc}.",
        HINTS["file"],
        detail=repr(exc),
    )


def _reader(answer: Any) -> Any:
    """The object to read the body from: the HTTPResponse inside an HTTPError or addinfourl."""
    if isinstance(answer, http.client.HTTPResponse):
        return answer
    inner = getattr(answer, "fp", None)
    return inner if inner is not None else answer


def _read_some(reader: Any) -> Any:
    """`readinto1` for the reader: what one read of the socket brought, copied once.

    HTTPResponse has no readinto1 of its own (io's default calls read1 and copies the bytes
    again); for a body that is not chunked, read its buffered socket file directly, keeping
    `length` as HTTPResponse's own read1 does (the cut-short check reads it). The first read goes
    through read1: it hands over the bytes that arrived with the headers without waiting for more,
    where the file's readinto1 would append a socket read (a stalled server would hide them).
    """
    fallback = getattr(reader, "readinto1", None) or reader.readinto
    if not isinstance(reader, http.client.HTTPResponse) or reader.chunked:
        return fallback
    first = [True]

    def read_into(view: memoryview) -> int:
        if first[0]:
            first[0] = False
            return int(fallback(view))
        if reader.fp is None:
            return 0
        if reader.length is not None:
            view = view[: reader.length]
        count: int = reader.fp.readinto1(view) if len(view) else 0
        if reader.length is not None:
            reader.length -= count
        return count

    return read_into


def _announced_length(reader: Any, headers: Any) -> int | None:
    if isinstance(reader, http.client.HTTPResponse):
        return reader.length
    try:
        return int(headers.get("Content-Length", ""))
    except ValueError:
        return None


def _left_unread(reader: Any) -> bool:
    # After a quiet short read, HTTPResponse.length still holds the missing count (ENGINE-NOTES 2.8).
    return isinstance(reader, http.client.HTTPResponse) and bool(reader.length)
