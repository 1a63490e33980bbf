"""A loopback server for the benchmarks, run in its own process so it does not share our GIL.

Paths: /small (a 1 KiB JSON body), /big/N (N MiB generated, Content-Length), /chunked/N (N MiB, chunked).
Prints its port on the first line of stdout.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import sys

SMALL = json.dumps({"items": ["x" * 16] * 48}).encode()[:1024]
MIB = bytes(range(256)) * 4096


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path == "/small":
            self._head(len(SMALL), "application/json")
            self.wfile.write(SMALL)
        elif self.path.startswith("/big/"):
            count = int(self.path.rsplit("/", 1)[1])
            self._head(count * len(MIB), "application/octet-stream")
            for _ in range(count):
                self.wfile.write(MIB)
        elif self.path.startswith("/chunked/"):
            count = int(self.path.rsplit("/", 1)[1])
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(count):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(MIB), MIB))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_error(404)

    def _head(self, length: int, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_port, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
