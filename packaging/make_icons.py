"""Draw the app icon from ``resources/icons/app.svg`` in the sizes desktops look for.

    .venv/bin/python packaging/make_icons.py          # rewrite the PNGs, the scalable copy and the .ico
    .venv/bin/python packaging/make_icons.py --check  # exit 1 when a committed file is missing or stale

Writes ``resources/icons/hicolor/<N>x<N>/apps/<APP_ID>.png`` for the usual sizes, the SVG itself as
``hicolor/scalable/apps/<APP_ID>.svg`` (the layout of the freedesktop icon theme, so the folder can be
copied to ``/usr/share/icons/hicolor`` as it is), and ``packaging/workbench.ico`` for the Windows bundle.
Rendering uses QSvgRenderer on the offscreen platform; no screen is needed.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.workbench.Workbench"
SOURCE = ROOT / "resources" / "icons" / "app.svg"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
ICO = ROOT / "packaging" / "workbench.ico"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""Windows reads at most 256 px from an .ico."""


def png_path(size: int) -> Path:
    """Where the PNG of one size goes."""
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def scalable_path() -> Path:
    """Where the SVG goes in the icon theme layout."""
    return HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"


def render(svg: bytes, size: int) -> bytes:
    """The icon drawn `size` pixels square, as PNG bytes (antialiased, transparent corners)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not an SVG that Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    return bytes(buffer.data().data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding one PNG-compressed image per size (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, data = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def wanted() -> dict[Path, bytes]:
    """Every file this script makes, with its bytes."""
    svg = SOURCE.read_bytes()
    pngs = {size: render(svg, size) for size in SIZES}
    files = {png_path(size): png for size, png in pngs.items()}
    files[scalable_path()] = svg
    files[ICO] = ico({size: pngs[size] for size in ICO_SIZES})
    return files


def main() -> int:
    """Write the files, or with --check compare them with what is committed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when stale")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    stale = []
    for path, data in wanted().items():
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'} {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
