"""calibre reads our e-books as a library and a Kindle conversion do: title, author, language,
and our cover; a round trip through AZW3 keeps the cover, the table of contents and the notes.

`make test` installs Debian's calibre (scripts/system-deps).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image, ImageChops, ImageStat

from factsheet.cover import cover_png

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


def calibre(tool: str, *args: str | Path, home: Path) -> str:
    """Run a calibre command headless: no display, no sandbox (root in a container), and its
    configuration in a folder of the test's own rather than the user's."""
    command = shutil.which(tool)
    assert command, f"calibre's {tool} is not installed; run make test"
    env = dict(os.environ)
    env.update(
        CALIBRE_CONFIG_DIRECTORY=str(home / "config"),
        CALIBRE_TEMP_DIR=str(home / "tmp"),
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox",
        QTWEBENGINE_DISABLE_SANDBOX="1",
    )
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [command, *map(str, args)], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def metadata(report: str) -> dict[str, str]:
    """ebook-meta's `Field : value` lines."""
    return dict(re.findall(r"^(\S[^:]*?)\s+: (.*)$", report, re.MULTILINE))


def looks_like(picture: Image.Image, png: bytes) -> bool:
    """Whether a picture calibre re-encoded (scaled, JPEG) is this PNG: both at the same small
    size, no channel differs by more than 1.5 of 255 on average."""
    ours = Image.open(io.BytesIO(png)).convert("RGB").resize((120, 180), Image.Resampling.BOX)
    theirs = picture.convert("RGB").resize((120, 180), Image.Resampling.BOX)
    return max(ImageStat.Stat(ImageChops.difference(ours, theirs)).mean) < 1.5


def book_cover(epub: Path) -> bytes:
    with zipfile.ZipFile(epub) as book:
        return book.read("EPUB/images/cover.png")


def test_ebook_meta_reads_the_title_author_language_and_our_cover(flagship_outputs, tmp_path):
    for name, title in (
        ("epub", "Soviet–Japanese border conflicts"),
        ("collection_epub", "Soviet–Japanese border conflicts"),
    ):
        epub = flagship_outputs[name]
        saved = tmp_path / f"{name}-cover.png"
        found = metadata(calibre("ebook-meta", epub, f"--get-cover={saved}", home=tmp_path))
        assert found["Title"] == title
        assert found["Author(s)"] == "Wikipedia contributors"
        assert found["Languages"] == "eng"
        assert saved.read_bytes() == book_cover(epub)


def test_an_azw3_round_trip_keeps_the_cover_contents_and_notes(flagship_outputs, tmp_path):
    epub = flagship_outputs["epub"]
    ours = book_cover(epub)
    # The tolerance tells covers apart: one with another title is far from ours.
    other = cover_png(title="Battle of Lake Khasan", subtitle=None, kicker=None, byline="")
    assert not looks_like(Image.open(io.BytesIO(other)), ours)

    azw3 = tmp_path / "book.azw3"
    calibre("ebook-convert", epub, azw3, home=tmp_path)
    calibre("ebook-meta", azw3, f"--get-cover={tmp_path / 'kindle.jpg'}", home=tmp_path)
    with Image.open(tmp_path / "kindle.jpg") as kindle:
        assert kindle.size == (1200, 1800) and looks_like(kindle, ours)

    back = tmp_path / "back.epub"
    calibre("ebook-convert", azw3, back, home=tmp_path)
    with zipfile.ZipFile(back) as book:
        files = {name: book.read(name) for name in book.namelist()}
    opf = etree.fromstring(files["content.opf"])
    manifest = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:item", NS)}
    cover_id = opf.find(".//opf:meta[@name='cover']", NS).get("content")
    with Image.open(io.BytesIO(files[manifest[cover_id]])) as cover:
        assert looks_like(cover, ours)
    # One cover page, calibre's, first in the reading order: ours was recognised, not doubled.
    spine = [manifest[ref.get("idref")] for ref in opf.iterfind(".//opf:itemref", NS)]
    pages_with_the_cover = [
        href for href in spine if manifest[cover_id].rsplit("/", 1)[-1] in files[href].decode()
    ]
    assert pages_with_the_cover == [spine[0]]

    def toc(ncx: bytes) -> list[str]:
        return [t.text for t in etree.fromstring(ncx).iterfind(".//ncx:navLabel/ncx:text", NS)]

    with zipfile.ZipFile(epub) as book:
        expected = toc(book.read("EPUB/toc.ncx"))
    assert toc(files["toc.ncx"]) == expected
    assert expected[1:4] == ["Background", "Aftermath", "See also"]

    pages = {href: etree.fromstring(files[href]) for href in spine}
    notes = {
        element.get("id"): " ".join("".join(element.itertext()).split())
        for tree in pages.values()
        for element in tree.iterfind(".//x:aside", NS)
        if element.get("role") == "doc-footnote"
    }
    assert notes == {"fn1": "1. Signed in Moscow on 13 April 1941."}
    calls = [
        link.get("href")
        for tree in pages.values()
        for link in tree.iterfind(".//x:a", NS)
        if link.get("role") == "doc-noteref"
    ]
    assert len(calls) == 1 and calls[0].endswith("#fn1")
