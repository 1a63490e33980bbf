"""The body view: pieces of large bodies, modes, image preview, safe rendering, saving and finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from uihelpers import make_payload

from workbench.ui import body_view, dialogs, pretty
from workbench.ui.body_view import BodyView


@pytest.fixture
def view(qtbot: QtBot) -> BodyView:
    """A body view on screen."""
    widget = BodyView()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    return widget


def _show(qtbot: QtBot, view: BodyView, data: bytes, kind: str) -> None:
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.show_payload(make_payload(data, kind))


def test_small_json_is_pretty_and_highlighted(qtbot: QtBot, view: BodyView) -> None:
    _show(qtbot, view, b'{"name": "Ada", "n": 1, "ok": true}', "application/json")
    assert view.text.toPlainText() == '{\n  "name": "Ada",\n  "n": 1,\n  "ok": true\n}'
    assert view.info.text() == "Showing all of 35 B"
    assert not view.more.isVisible()
    block = view.text.document().findBlockByNumber(1)
    qtbot.waitUntil(lambda: len(block.layout().formats()) >= 2)  # key and string coloured on screen
    view.set_mode("raw")
    assert view.text.toPlainText() == '{"name": "Ada", "n": 1, "ok": true}'
    assert view.text.document().findBlockByNumber(0).layout().formats() == []


def test_large_json_shows_a_first_piece_then_more_on_demand(
    qtbot: QtBot, view: BodyView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(body_view, "SYNC_LIMIT", 1024)
    monkeypatch.setitem(pretty.PIECE_BYTES, "json", 32 * 1024)
    doc = [{"id": i, "name": "x" * 40} for i in range(3000)]
    data = json.dumps(doc).encode()
    _show(qtbot, view, data, "application/json")
    first = view.text.toPlainText()
    assert first.startswith('[\n  {\n    "id": 0,')
    assert view.more.isVisible()
    assert view.info.text() == "Showing 32.0 KiB of 192.3 KiB"
    for _ in range(10):
        if not view.more.isVisible():
            break
        with qtbot.waitSignal(view.more.clicked):
            view.more.click()
        qtbot.waitUntil(lambda: view.more.isEnabled() or not view.more.isVisible(), timeout=10_000)
    assert not view.more.isVisible()
    assert view.text.toPlainText() == json.dumps(doc, indent=2)


def test_binary_body_is_a_hex_dump(qtbot: QtBot, view: BodyView) -> None:
    _show(qtbot, view, b"\x00\x01ABC", "application/octet-stream")
    assert view.mode() == "hex"
    assert view.text.toPlainText() == f"00000000  {'00 01 41 42 43':<23}  {'':<23}  |..ABC|"
    assert not view.buttons.button(0).isVisible()  # no Pretty for binary


def test_image_preview_is_decoded_off_the_gui_thread(qtbot: QtBot, view: BodyView) -> None:
    image = QImage(6, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs miss this overload
    _show(qtbot, view, bytes(data.data()), "image/png")
    assert view.mode() == "image"
    assert view.image.pixmap().size().width() == 6
    assert view.info.text() == "6 × 4 px"


def test_broken_image_says_so(qtbot: QtBot, view: BodyView) -> None:
    _show(qtbot, view, b"\x89PNG not really", "image/png")
    assert "could not be decoded" in view.image.text()


def test_rendered_html_loads_nothing(qtbot: QtBot, view: BodyView) -> None:
    page = (
        b"<html><head><link rel=stylesheet href='http://127.0.0.1:9/s.css'></head>"
        b"<body><h1>Oops</h1><img src='http://127.0.0.1:9/i.png'><img src='file:///etc/hostname'>"
        b"<a href='http://127.0.0.1:9/'>link</a></body></html>"
    )
    _show(qtbot, view, page, "text/html")
    view.set_mode("rendered")
    assert "Oops" in view.rendered.toPlainText()
    assert view.rendered.requested  # it asked...
    assert view.rendered.loadResource(0, "http://127.0.0.1:9/i.png") is None  # ...and got nothing
    assert not view.rendered.openLinks()
    assert not view.rendered.openExternalLinks()


def test_save_writes_the_whole_body_not_just_the_part_shown(
    qtbot: QtBot, view: BodyView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(body_view, "SYNC_LIMIT", 16)
    data = bytes(range(256)) * 1024
    _show(qtbot, view, data, "application/octet-stream")
    target = tmp_path / "body.bin"
    monkeypatch.setattr(dialogs, "save_file", lambda *args: str(target))
    with qtbot.waitSignal(view.message, check_params_cb=lambda text: text.startswith("Saved")):
        qtbot.mouseClick(view.save, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == data


def test_save_into_a_missing_folder_says_why(qtbot: QtBot, view: BodyView, tmp_path: Path) -> None:
    _show(qtbot, view, b"abc", "text/plain")
    with qtbot.waitSignal(view.message, check_params_cb=lambda t: t.startswith("Could not")) as got:
        view.save_to(str(tmp_path / "no" / "such" / "dir" / "f.txt"))
    assert "No such file" in got.args[0]


def test_find_wraps_around_and_reports_no_match(qtbot: QtBot, view: BodyView) -> None:
    _show(qtbot, view, b"alpha beta\ngamma ALPHA\n", "text/plain")
    view.open_find()
    bar = view.find_bar
    assert bar.isVisible()
    assert bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "alpha")
    assert view.text.textCursor().selectionStart() == 0
    assert bar.find_next()
    assert view.text.textCursor().selectionStart() == 17
    bar.case.setChecked(True)
    assert bar.find_next()
    assert view.text.textCursor().selectionStart() == 0
    bar.edit.setText("delta")
    assert not bar.find_next()
    assert bar.result.text() == "No matches"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
