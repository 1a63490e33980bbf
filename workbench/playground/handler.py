"""The playground server's request handler: read the body, route, answer; a bug becomes a 500 page."""

from __future__ import annotations

import traceback
from urllib.parse import parse_qsl, urlsplit

from workbench.playground import endpoints, pages
from workbench.playground.base import BaseHandler
from workbench.playground.reply import Abort, BadInput, Reply, Request, html_reply

MAX_BODY = 64 * 1024 * 1024
"""Request bodies are read into memory for the echo; larger ones get 413."""


class PlaygroundHandler(BaseHandler):
    """Answers the endpoints listed by `router.catalog`."""

    def dispatch(self) -> None:
        """Read, route, write."""
        try:
            body = self.read_body()
        except BadInput as exc:
            self.close_connection = True  # the unread body would be taken for the next request
            self.write_reply(_error(exc))
            return
        assert self.server.context is not None
        target = self.path
        if "://" in target.split("?", 1)[0]:  # absolute-form, as a proxy would receive it
            parts = urlsplit(target)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        path, _, query = target.partition("?")
        request = Request(
            method=self.command,
            target=target,
            path=path,
            query=parse_qsl(query, keep_blank_values=True),
            headers=self.headers,
            body=body,
            client=self.client_address[0],
            ctx=self.server.context,
        )
        self.write_reply(self.answer(request))

    def answer(self, request: Request) -> Reply:
        """The route's reply, a page for refused input, or a 500 page for a playground bug."""
        try:
            return endpoints.dispatch(request)
        except BadInput as exc:
            return _error(exc)
        except Abort:
            raise
        except Exception:
            self.server.errors.append(traceback.format_exc())
            message = "The playground hit a bug answering this request. Nothing is wrong with your request."
            return html_reply(pages.error_page(500, message), 500)

    def read_body(self) -> bytes:
        """The request body, by Content-Length or chunked."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        text = self.headers.get("Content-Length")
        if text is None:
            return b""
        try:
            size = int(text)
            if size < 0:
                raise ValueError(text)
        except ValueError:
            raise BadInput(f"Content-Length {text!r} is not a number of bytes.") from None
        if size > MAX_BODY:
            raise _too_large(size)
        data = self.rfile.read(size)
        if len(data) < size:
            raise Abort  # the client went away half-way
        return data

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            if not line:
                raise Abort
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise BadInput("The chunked request body is malformed.") from None
            if size == 0:
                break
            total += size
            if total > MAX_BODY:
                raise _too_large(total)
            parts.append(self.rfile.read(size))
            self.rfile.readline()  # the CRLF after the chunk
        while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
            pass  # trailers are read and ignored
        return b"".join(parts)


def _error(exc: BadInput) -> Reply:
    return html_reply(pages.error_page(exc.status, exc.message), exc.status)


def _too_large(size: int) -> BadInput:
    return BadInput(
        f"Request bodies are limited to 64 MiB ({MAX_BODY} bytes); this one has {size}.", 413
    )
