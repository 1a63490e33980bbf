"""Sample bodies in many shapes: compressed, JSON, XML, HTML, a PNG image, UTF-8 text."""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from functools import cache

from workbench.playground import pages
from workbench.playground.echo import describe
from workbench.playground.reply import Reply, Request, html_reply, json_reply
from workbench.playground.router import Route


def _compressed(req: Request, coding: str) -> Reply:
    data = describe(req, with_body=False)
    data["gzipped" if coding == "gzip" else "deflated"] = True
    text = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    # deflate is the zlib-wrapped format (RFC 9110), not raw deflate.
    body = gzip.compress(text, mtime=0) if coding == "gzip" else zlib.compress(text)
    return Reply(200, [("Content-Type", "application/json"), ("Content-Encoding", coding)], body)


def gzipped(req: Request) -> Reply:
    """The /get echo, gzip-encoded."""
    return _compressed(req, "gzip")


def deflated(req: Request) -> Reply:
    """The /get echo, deflate-encoded (zlib wrapper)."""
    return _compressed(req, "deflate")


def sample_json(req: Request) -> Reply:
    """A small nested JSON document."""
    return json_reply(
        {
            "slideshow": {
                "title": "Sample Slide Show",
                "author": "Workbench",
                "date": "2024-01-01",
                "slides": [
                    {"type": "all", "title": "Wake up to WonderWidgets!"},
                    {
                        "type": "all",
                        "title": "Overview",
                        "items": ["Why WonderWidgets", "Who buys them"],
                    },
                ],
            },
            "numbers": [1, 2.5, -3, 1e21],
            "flags": {"yes": True, "no": False, "nothing": None},
        }
    )


XML = """<?xml version='1.0' encoding='utf-8'?>
<slideshow title="Sample Slide Show" author="Workbench" date="2024-01-01">
  <slide type="all"><title>Wake up to WonderWidgets!</title></slide>
  <slide type="all">
    <title>Overview</title>
    <item>Why <em>WonderWidgets</em> are great</item>
    <item>Who <em>buys</em> WonderWidgets</item>
  </slide>
</slideshow>
"""


def sample_xml(req: Request) -> Reply:
    """A small XML document."""
    return Reply(200, [("Content-Type", "application/xml")], XML.encode("utf-8"))


def sample_html(req: Request) -> Reply:
    """A small HTML page without scripts or remote resources."""
    body = (
        "<h1>Herman Melville - Moby-Dick</h1>\n"
        "<p>Call me Ishmael. Some years ago - never mind how long precisely - having little or no "
        "money in my purse, and nothing particular to interest me on shore, I thought I would sail "
        "about a little and see the watery part of the world.</p>"
    )
    return html_reply(pages.page("Moby-Dick", body))


UTF8_TEXT = """UTF-8 sample
English: The quick brown fox jumps over the lazy dog.
Français : Voix ambiguë d'un cœur qui, au zéphyr, préfère les jattes de kiwis.
Deutsch: Falsches Üben von Xylophonmusik quält jeden größeren Zwerg.
Ελληνικά: Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.
Русский: Съешь же ещё этих мягких французских булок, да выпей чаю.
日本語: いろはにほへと ちりぬるを
中文: 我能吞下玻璃而不伤身体。
עברית: דג סקרן שט בים מאוכזב
العربية: أنا قادر على أكل الزجاج و هذا لا يؤلمني.
Emoji: 🙂 🚀 ✓
"""


def utf8(req: Request) -> Reply:
    """Text in many scripts, UTF-8 encoded."""
    return Reply(200, [("Content-Type", "text/plain; charset=utf-8")], UTF8_TEXT.encode("utf-8"))


@cache
def png_bytes(size: int = 32) -> bytes:
    """A small valid PNG: an RGB colour gradient, built with zlib and CRC-32 only."""
    rows = b"".join(
        b"\x00" + bytes(c for x in range(size) for c in (x * 255 // size, y * 255 // size, 160))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def image_png(req: Request) -> Reply:
    """A 32x32 PNG image."""
    return Reply(200, [("Content-Type", "image/png")], png_bytes())


ROUTES = (
    Route(
        "/gzip", "The /get echo, gzip-encoded (Content-Encoding: gzip).", gzipped, example="/gzip"
    ),
    Route(
        "/deflate",
        "The /get echo, deflate-encoded (zlib-wrapped, Content-Encoding: deflate).",
        deflated,
        example="/deflate",
    ),
    Route("/json", "A JSON document.", sample_json, example="/json"),
    Route("/xml", "An XML document.", sample_xml, example="/xml"),
    Route("/html", "An HTML page.", sample_html, example="/html"),
    Route("/image/png", "A 32x32 PNG image.", image_png, example="/image/png"),
    Route(
        "/encoding/utf8",
        "Plain text in many scripts, UTF-8 encoded.",
        utf8,
        example="/encoding/utf8",
    ),
)
