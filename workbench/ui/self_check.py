"""The packaging smoke test: every resource loads, and a real window sends one request to the playground.

``workbench --self-check`` runs it; so does the bundle's smoke test, where a missing data file, an
unimportable module or a lost package-metadata entry would otherwise only show on a user's machine.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from importlib.resources.abc import Traversable

from PySide6.QtCore import QByteArray, QEventLoop, QThreadPool, QTimer
from PySide6.QtGui import QImage

from workbench import assets
from workbench.engine.exchange import Exchange
from workbench.store import paths
from workbench.ui import icons
from workbench.ui.main_window import MainWindow

APP_ID = "io.github.workbench.Workbench"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MARKER = "self_check"


def check_resources() -> list[str]:
    """What is missing or broken among the shipped files (icons, styles, the tour); empty when all load."""
    problems = [f"icon {name} does not render" for name in icons.check_all()]
    for check in (_check_app_icons, _check_styles, _check_tour):
        try:
            problems += check()
        except (OSError, ValueError) as exc:  # a missing folder: the installation is broken
            problems.append(f"{check.__name__.removeprefix('_check_')}: {exc}")
    return problems


def _check_app_icons() -> list[str]:
    problems = []
    for size in APP_ICON_SIZES:
        data = assets.read_bytes(f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png")
        image = QImage.fromData(QByteArray(data))
        if image.isNull() or image.width() != size or image.height() != size:
            problems.append(f"the {size}x{size} app icon is not a {size}-pixel PNG")
    assets.read_bytes(f"icons/hicolor/scalable/apps/{APP_ID}.svg")
    return problems


def _check_styles() -> list[str]:
    sheets = [n for n in assets.find("styles").iterdir() if n.name.endswith(".qss")]
    if not sheets:
        return ["no style sheets in resources/styles"]
    return [f"style {n.name} is empty" for n in sheets if not n.read_text("utf-8").strip()]


def _check_tour() -> list[str]:
    from workbench.formats import request_file
    from workbench.formats.errors import FormatError
    from workbench.store import folder_settings

    problems, requests = [], 0
    for rel, node in _walk(assets.find("tour")):
        name = rel.rpartition("/")[2]
        try:
            if name.endswith(request_file.EXTENSION):
                request_file.loads(node.read_text("utf-8"), name=name)
                requests += 1
            elif name in (folder_settings.FOLDER_FILE, folder_settings.COLLECTION_FILE):
                folder_settings.loads(node.read_text("utf-8"), name)
        except FormatError as exc:
            problems.append(f"tour file {rel}: {exc}")
    return problems if requests else [*problems, "the tour has no requests"]


def _walk(node: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for child in node.iterdir():
        if child.is_dir():
            yield from _walk(child, f"{prefix}{child.name}/")
        else:
            yield f"{prefix}{child.name}", child


def run_self_check(timeout_ms: int) -> str:
    """'' when a send through the window to the playground worked, else what went wrong."""
    from workbench.playground import Playground, PlaygroundError

    try:
        playground = Playground(port=0).start()
    except PlaygroundError as exc:
        return f"the playground did not start: {exc}"
    # The window records history and saves its state: give it a throw-away home, so the check
    # leaves the user's files exactly as they were.
    with _scratch_home():
        window = MainWindow(restore=False)
        window.writer.enabled = False
        try:
            return _send(window, f"{playground.url}/get?{MARKER}=1", timeout_ms)
        finally:
            window.close()
            window.deleteLater()
            playground.stop()


@contextlib.contextmanager
def _scratch_home() -> Iterator[None]:
    previous = os.environ.get(paths.HOME_VARIABLE)
    with tempfile.TemporaryDirectory(
        prefix="workbench-self-check-", ignore_cleanup_errors=True
    ) as home:
        os.environ[paths.HOME_VARIABLE] = home
        try:
            yield
        finally:
            QThreadPool.globalInstance().waitForDone(5000)  # nothing may still write there
            if previous is None:
                del os.environ[paths.HOME_VARIABLE]
            else:
                os.environ[paths.HOME_VARIABLE] = previous


def _send(window: MainWindow, url: str, timeout_ms: int) -> str:
    tab = window.current_tab()
    tab.url_bar.url.setText(url)
    # The playground is on loopback: go direct, whatever the system's proxy settings say.
    tab.editor.restore_page("proxy", {"mode": "direct"})
    loop = QEventLoop()
    shown: list[Exchange] = []
    tab.exchange_shown.connect(shown.append)
    tab.exchange_shown.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    if not tab.send():
        return "the window refused to send"
    loop.exec()
    if not shown:
        return f"no response within {timeout_ms} ms"
    exchange = shown[0]
    if exchange.error is not None or exchange.response is None:
        return f"the send failed: {exchange.error.message if exchange.error else 'no response'}"
    if exchange.response.status != 200:
        return f"the playground answered {exchange.response.status}, not 200"
    if MARKER not in tab.response.body.text.toPlainText():
        return "the response body was not displayed"
    return ""
