"""Response bodies: streamed to a spooled file (or the user's file), decoded on the way, never held whole.

`BodySink` receives the wire bytes chunk by chunk while the engine reads; `Payload` is what the exchange
keeps: the content (decoded when it was compressed and decoding is on), the raw bytes, both sizes, the first
part in memory for instant display, and the charset with the reason it was chosen.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import shutil
import tempfile
import threading
import zlib
from collections.abc import Iterator
from typing import IO

from workbench.engine.media import (
    choose_charset,
    looks_binary,
    parse_content_type,
    parse_encodings,
)

SPOOL_IN_MEMORY = 4 * 1024 * 1024
"""Bodies up to this size stay in memory; larger ones roll over to a temporary file."""
PREVIEW_BYTES = 1024 * 1024
"""How much of the content is kept in memory for instant display (and ``body.text`` in JSON output)."""
SUPPORTED_ENCODINGS = ("gzip", "x-gzip", "deflate", "identity")


class _Inflater:
    """Streams one gzip or deflate layer; accepts zlib-wrapped and raw deflate, and gzip members."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._obj = zlib.decompressobj(47)  # 32 + 15: gzip or zlib header, detected
        self._started = False

    def feed(self, data: bytes | memoryview) -> bytes:
        out = []
        while data:
            try:
                chunk = self._obj.decompress(data)
            except zlib.error:
                if self._started or self.coding != "deflate":
                    raise
                # Some servers send raw deflate without the zlib wrapper RFC 9110 asks for.
                self._obj = zlib.decompressobj(-15)
                chunk = self._obj.decompress(data)
            self._started = True
            out.append(chunk)
            data = b""
            if self._obj.eof and self._obj.unused_data:
                data = self._obj.unused_data
                self._obj = zlib.decompressobj(47)
        return b"".join(out)

    def flush(self) -> bytes:
        return self._obj.flush()


class _Decoder:
    """Undoes a list of content codings, last applied first."""

    def __init__(self, encodings: tuple[str, ...]) -> None:
        codings = [e for e in encodings if e != "identity"]
        self.layers = [_Inflater(c) for c in reversed(codings)]

    def feed(self, data: bytes | memoryview) -> bytes:
        out = bytes(data) if not self.layers else b""
        for layer in self.layers:
            out = layer.feed(data)
            data = out
        return out

    def flush(self) -> bytes:
        data = b""
        for layer in self.layers:
            data = layer.feed(data) + layer.flush() if data else layer.flush()
        return data


class _Store:
    """A write-once, read-many byte store: a spooled temporary file or a file the user named."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self.file: IO[bytes]
        if path is None:
            self.file = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY, prefix="wb-body-")  # noqa: SIM115
        else:
            # Kept open for the payload's lifetime, closed by Payload.close().
            self.file = open(path, "wb+")  # noqa: SIM115
        self.size = 0
        self.lock = threading.Lock()

    def write(self, data: bytes | memoryview) -> None:
        if data:
            self.file.write(data)
            self.size += len(data)

    def read(self, offset: int, size: int) -> bytes:
        with self.lock:
            self.file.seek(offset)
            return self.file.read(size)

    def close(self) -> None:
        # A buffered tail that cannot be written was already reported as the send's failure.
        with contextlib.suppress(OSError):
            self.file.close()


class BodySink:
    """Receives a body's wire bytes while the engine reads them."""

    def __init__(
        self,
        *,
        content_type: str | None,
        content_encoding: str | None,
        decode: bool,
        out_path: str | None = None,
    ) -> None:
        self.media_type, self.params = parse_content_type(content_type)
        self.encodings = parse_encodings(content_encoding)
        self.notes: list[str] = []
        self._decoder: _Decoder | None = None
        unknown = [e for e in self.encodings if e not in SUPPORTED_ENCODINGS]
        wants_decoding = any(e != "identity" for e in self.encodings)
        if wants_decoding and decode and not unknown:
            self._decoder = _Decoder(self.encodings)
        elif unknown:
            self.notes.append(
                f"Content-Encoding {', '.join(unknown)} is not supported; the body is shown as received."
            )
        elif wants_decoding:
            self.notes.append("Decoding is off; the body is shown compressed, as received.")
        self.raw = _Store(None if self._decoder else out_path)
        self.content = _Store(out_path) if self._decoder else self.raw
        self.preview = bytearray()
        self.out_path = out_path
        self.write_error: OSError | None = None
        """Writing the body failed (set by the reader, or by `finish` when flushing)."""

    def write(self, chunk: bytes | memoryview) -> None:
        """Take one chunk of wire bytes (a view is copied, never kept)."""
        if self.content is not self.raw:
            self.raw.write(chunk)
        self._take(self._decode(chunk) if self._decoder else chunk)

    def _decode(self, chunk: bytes | memoryview) -> bytes:
        assert self._decoder is not None
        try:
            return self._decoder.feed(chunk)
        except zlib.error as exc:
            self._give_up_decoding(exc)
            return b""

    def _give_up_decoding(self, exc: Exception) -> None:
        self.notes.append(
            f"Could not decode {', '.join(self.encodings)} content ({exc}); the body is shown as received."
        )
        self._decoder = None
        # From now on the raw bytes are the content; what was decoded so far is discarded.
        self.content.close()
        if self.out_path:
            self.raw.file.seek(0)
            self.content = _Store(self.out_path)
            shutil.copyfileobj(self.raw.file, self.content.file)
            self.content.size = self.raw.size
            self.raw.close()
            self.raw = self.content
        else:
            self.content = self.raw
        self.preview = bytearray(self.raw.read(0, PREVIEW_BYTES))

    def _take(self, data: bytes | memoryview) -> None:
        self.content.write(data)
        room = PREVIEW_BYTES - len(self.preview)
        if room > 0:
            self.preview += data[:room]

    def finish(self, *, complete: bool) -> Payload:
        """Flush the decoder and hand over the finished payload."""
        if self._decoder is not None:
            try:
                self._take(self._decoder.flush())
            except zlib.error as exc:
                self._give_up_decoding(exc)
        for store in {id(self.raw): self.raw, id(self.content): self.content}.values():
            try:
                store.file.flush()
            except OSError as exc:  # a full disk: the caller reports it (kind "file")
                self.write_error = self.write_error or exc
        return Payload(
            raw=self.raw,
            content=self.content,
            preview=bytes(self.preview),
            media_type=self.media_type,
            params=self.params,
            encodings=self.encodings,
            decoded=self._decoder is not None,
            saved_to=self.out_path,
            complete=complete,
            notes=tuple(self.notes),
        )


class Payload:
    """A finished body. Reads are thread-safe; the bytes live until `close()` or garbage collection."""

    def __init__(
        self,
        *,
        raw: _Store | None = None,
        content: _Store | None = None,
        preview: bytes = b"",
        media_type: str = "",
        params: dict[str, str] | None = None,
        encodings: tuple[str, ...] = (),
        decoded: bool = False,
        saved_to: str | None = None,
        complete: bool = True,
        notes: tuple[str, ...] = (),
    ) -> None:
        self._raw = raw
        self._content = content if content is not None else raw
        self.preview = preview
        """The first part of the content (at most `PREVIEW_BYTES`)."""
        self.media_type = media_type
        """Lower-case media type from ``Content-Type`` without parameters, '' when absent."""
        self.encodings = encodings
        self.decoded = decoded
        """True when the content was decompressed from `encodings`."""
        self.saved_to = saved_to
        self.complete = complete
        """False when the transfer was cut short (cancelled, timed out, truncated)."""
        self.notes = notes
        self.charset, self.charset_source = choose_charset(media_type, params or {}, preview)
        self.is_binary = looks_binary(media_type, preview)

    @classmethod
    def empty(cls) -> Payload:
        """The body of an exchange that has none."""
        return cls()

    @property
    def size(self) -> int:
        """Bytes received on the wire."""
        return self._raw.size if self._raw else 0

    @property
    def content_size(self) -> int:
        """Bytes of content after decoding (equal to `size` when not compressed)."""
        return self._content.size if self._content else 0

    @property
    def decoded_size(self) -> int | None:
        """Size after decoding, None when the body was not decoded."""
        return self.content_size if self.decoded else None

    @property
    def content_type(self) -> str:
        """The media type (alias kept for readers of the JSON output)."""
        return self.media_type

    def read(self, offset: int = 0, size: int = -1) -> bytes:
        """Bytes of the content from `offset`; the whole rest when `size` is negative."""
        if self._content is None:
            return b""
        if size < 0:
            size = self._content.size - offset
        if offset + size <= len(self.preview):
            return self.preview[offset : offset + size]
        return self._content.read(offset, size)

    def read_raw(self, offset: int = 0, size: int = -1) -> bytes:
        """Bytes as received on the wire (still compressed when the content was decoded)."""
        if self._raw is None:
            return b""
        if size < 0:
            size = self._raw.size - offset
        return self._raw.read(offset, size)

    def iter_content(self, chunk_size: int = 256 * 1024) -> Iterator[bytes]:
        """The whole content in chunks, for saving or hashing without loading it at once."""
        offset = 0
        while offset < self.content_size:
            chunk = self.read(offset, chunk_size)
            if not chunk:
                break
            offset += len(chunk)
            yield chunk

    def text(self, limit: int | None = PREVIEW_BYTES) -> str | None:
        """The content as text (its first `limit` bytes), or None for a binary body."""
        if self.is_binary:
            return None
        size = self.content_size if limit is None else min(limit, self.content_size)
        data = self.read(0, size)
        complete = size == self.content_size
        decoder = codecs.getincrementaldecoder(self.charset or "utf-8")(errors="replace")
        return decoder.decode(data, final=complete)

    def save(self, path: str) -> None:
        """Write the whole content to `path` (through a temporary file, so a failure leaves no half file)."""
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".wb-save-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in self.iter_content():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def close(self) -> None:
        """Release the temporary file."""
        for store in (self._raw, self._content):
            if store is not None:
                store.close()
