"""The same input gives the same bytes, in every format; the date never comes from the clock."""

from __future__ import annotations

import os
import shutil
import zipfile

from conftest import COLLECTION, REPO, built_files
from factsheet.pipeline import Options, build

SLUGS = ("battle-of-lake-khasan", "soviet-japanese-border-conflicts")


def build_into(content, out) -> dict[str, bytes]:
    report = build(Options(content=content, out=out), lambda event: None)
    assert report.ok
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in built_files(out)}


def test_two_builds_are_byte_identical(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    first = build_into(content, tmp_path / "a")
    os.utime(content / "soviet-japanese-border-conflicts.md")  # a touched file changes nothing
    second = build_into(content, tmp_path / "b")
    assert set(first) == {
        *(f"{slug}.{f}" for slug in SLUGS for f in ("pdf", "epub", "html")),
        *(f"archive/{slug}.pdf" for slug in SLUGS),
        f"{COLLECTION}.pdf",
        f"{COLLECTION}.epub",
        "manifest.json",
    }
    assert first == second


def test_epub_entries_carry_the_content_date(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    build_into(content, tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / "soviet-japanese-border-conflicts.epub") as book:
        stamps = {info.date_time for info in book.infolist()}
        opf = book.read("EPUB/content.opf").decode()
    assert stamps == {(2026, 11, 26, 0, 0, 0)}
    assert '<meta property="dcterms:modified">2026-11-26T00:00:00Z</meta>' in opf


def test_source_date_epoch_wins(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 2000-01-01
    outputs = build_into(content, tmp_path / "out")
    assert (
        b'<time datetime="2000-01-01">1 January 2000</time>'
        in outputs["soviet-japanese-border-conflicts.html"]
    )
