"""Make the README screenshot: a real exchange with a local server, shown in the real window, offscreen.

    .venv/bin/python packaging/screenshot.py                  # resources/screenshots/main-window.png
    .venv/bin/python packaging/screenshot.py --dark --tab timeline --out /tmp/dark.png

The server binds 127.0.0.1 only; the window state goes to a throw-away WORKBENCH_HOME.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "screenshots" / "main-window.png"
USERS = [
    {
        "id": 1,
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "roles": ["admin"],
        "active": True,
    },
    {"id": 2, "name": "Alan Turing", "email": "alan@example.org", "roles": [], "active": True},
    {
        "id": 3,
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "roles": ["ops"],
        "active": False,
    },
]


class Handler(http.server.BaseHTTPRequestHandler):
    """/api/users redirects to /api/v2/users, which answers JSON (so the final URL differs)."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path.startswith("/api/users"):
            self.send_response(301)
            self.send_header("Location", self.path.replace("/api/users", "/api/v2/users", 1))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = json.dumps({"page": 1, "per_page": 3, "total": 3, "users": USERS}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Request-Id", "3f1c9a7e-5b2d-4c1e-9a55-0d6c2b7e8f10")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    """Serve, drive the window, save the PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--tab", choices=("body", "headers", "timeline"), default="body")
    parser.add_argument("--url", help="send this URL instead of the local server's")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["WORKBENCH_HOME"] = tempfile.mkdtemp(prefix="wb-screenshot-")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = args.url or f"http://127.0.0.1:{server.server_port}/api/users?active=true&limit=3"
        return shoot(url, args)
    finally:
        server.shutdown()
        server.server_close()


def shoot(url: str, args: argparse.Namespace) -> int:
    """Send `url` in a fresh window and grab it."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.app import application, create_window
    from workbench.engine.spec import Field

    app = application()
    if args.dark:
        app.setPalette(dark_palette())
    window = create_window()
    window.resize(args.width, args.height)
    window.show()
    tab = window.current_tab()
    tab.url_bar.url.setText(url)
    tab.editor.headers.model.set_rows([Field("Accept", "application/json")])
    tab.editor.setCurrentIndex(0)
    loop = QEventLoop()
    tab.exchange_shown.connect(loop.quit)
    QTimer.singleShot(15_000, loop.quit)
    tab.send()
    loop.exec()
    tab.response.tabs.setCurrentIndex(("body", "headers", "timeline").index(args.tab))
    # The send is recorded on the pool; the History panel lists it a moment later.
    history = window.history_ui.panel.model
    deadline = QDeadlineTimer(5_000)
    while not history.rowCount() and not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _ in range(20):
        QApplication.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(args.out))
    window.close()
    print(f"{'wrote' if ok else 'could not write'} {args.out}")
    return 0 if ok else 1


def dark_palette() -> QPalette:
    """A dark palette like the desktops' dark themes (the offscreen platform has no theme of its own)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#1f2227"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#16181c"),
        (roles.AlternateBase, "#23262c"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#2a2e35"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.Highlight, "#2f6fbf"),
        (roles.HighlightedText, "#ffffff"),
        (roles.PlaceholderText, "#8b949e"),
        (roles.ToolTipBase, "#2a2e35"),
        (roles.ToolTipText, "#e6e6e6"),
        (roles.Mid, "#3a3f47"),
        (roles.Dark, "#111316"),
        (roles.Light, "#3d424a"),
        (roles.Link, "#58a6ff"),
    ):
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#6e7681"))
    return palette


if __name__ == "__main__":
    sys.exit(main())
