"""The HTTP/1.1 connection handling the server and the proxy share: any method, quiet logs, replies."""

from __future__ import annotations

import http.server
from typing import TYPE_CHECKING, Any

from workbench.playground import pages
from workbench.playground.reply import Abort, Reply, html_reply

if TYPE_CHECKING:
    from workbench.playground.loopback import LoopbackServer

IDLE_TIMEOUT = 60.0
"""Seconds a connection may sit idle between requests before it is closed."""
NO_BODY_STATUSES = (204, 205, 304)


class BaseHandler(http.server.BaseHTTPRequestHandler):
    """Reads one request at a time, hands it to `dispatch`, writes `Reply` objects."""

    protocol_version = "HTTP/1.1"
    server_version = "workbench-playground/1"
    sys_version = ""
    timeout = IDLE_TIMEOUT
    server: LoopbackServer

    def version_string(self) -> str:
        """The Server header: the standard one appends `sys_version` after a space, even when empty."""
        return self.server_version

    def dispatch(self) -> None:
        """Answer the parsed request (subclasses)."""
        raise NotImplementedError

    def handle_one_request(self) -> None:
        """As the standard one, but every method goes to `dispatch` and lost clients end quietly."""
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline, self.request_version, self.command = "", "", ""
                self.send_error(414, "The request line is longer than 64 KiB.")
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return  # parse_request has answered 400/505 already
            self.dispatch()
            self.wfile.flush()
        except (OSError, Abort):
            # The client went away, the server is stopping, or the socket was shut: drop it.
            self.close_connection = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Keep the request in the server's recent list instead of printing it."""
        status = int(code) if str(code).isdigit() else 0
        self.server.remember(getattr(self, "command", ""), getattr(self, "path", ""), status)

    def log_message(self, format: str, *args: Any) -> None:
        """No stderr noise: the recent list is the log."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors found while parsing the request (bad request line, headers) as our own page."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":
            # An unreadable request line: answer with a status line anyway.
            self.request_version = "HTTP/1.1"
        text = message or explain or "The request could not be read."
        reply = html_reply(pages.error_page(code, text), code).add("Connection", "close")
        self.write_reply(reply)

    def write_reply(self, reply: Reply) -> None:
        """Status line, headers, then the body unless the method or status says there is none."""
        for name, value in reply.headers:
            if "\r" in value or "\n" in value:
                raise ValueError(f"header {name} has a line break")  # a route bug: never sent
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        no_body = reply.status in NO_BODY_STATUSES or reply.status < 200
        chunked = False
        if not no_body:
            if reply.stream is None:
                self.send_header("Content-Length", str(len(reply.body)))
            elif reply.length is not None:
                self.send_header("Content-Length", str(reply.length))
            elif self.request_version == "HTTP/1.1":
                self.send_header("Transfer-Encoding", "chunked")
                chunked = True
            else:
                # HTTP/1.0 has no chunks: the end of the body is the end of the connection.
                self.close_connection = True
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if no_body or getattr(self, "command", "") == "HEAD":
            return
        if reply.stream is None:
            self.wfile.write(reply.body)
        else:
            self._write_stream(reply, chunked)

    def _write_stream(self, reply: Reply, chunked: bool) -> None:
        assert reply.stream is not None
        stopping = self.server.stopping
        for piece in reply.stream:
            if stopping.is_set():
                raise Abort
            if not piece:
                continue
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
