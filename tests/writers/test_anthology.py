"""The collection as one e-book: a content document per sheet, nested navigation, links between
sheets that work inside the book, the booklet's page numbers, and EPUBCheck clean."""

from __future__ import annotations

import re
import zipfile

import pdfplumber
import pytest
from lxml import etree
from test_epub import assert_epubcheck_clean

from conftest import COLLECTION, FLAGSHIP
from factsheet.pagemap import XHTML

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
EPUB = "{http://www.idpf.org/2007/ops}"
KHASAN = "battle-of-lake-khasan"


@pytest.fixture(scope="module")
def book(flagship_outputs):
    with zipfile.ZipFile(flagship_outputs["collection_epub"]) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_collection_epub_passes_epubcheck(flagship_outputs):
    assert flagship_outputs["collection_epub"].name == f"{COLLECTION}.epub"
    assert_epubcheck_clean(flagship_outputs["collection_epub"])


def test_one_content_document_per_sheet_in_reading_order_and_one_stylesheet(book):
    package = etree.fromstring(book["EPUB/content.opf"])
    manifest = {item.get("id"): item.get("href") for item in package.iter(f"{OPF}item")}
    spine = [manifest[ref.get("idref")] for ref in package.iter(f"{OPF}itemref")]
    assert spine == ["cover.xhtml", "nav.xhtml", f"{FLAGSHIP}.xhtml", f"{KHASAN}.xhtml"]
    assert [href for href in manifest.values() if href.endswith(".css")] == ["css/ebook.css"]
    for name in (f"{FLAGSHIP}.xhtml", f"{KHASAN}.xhtml"):
        page = etree.fromstring(book[f"EPUB/{name}"])
        links = [link.get("href") for link in page.iter(f"{{{XHTML}}}link")]
        assert links == ["css/ebook.css"]
    assert package.find(f".//{DC}title").text == "Soviet–Japanese border conflicts"
    assert package.find(f".//{DC}language").text == "en-GB"
    assert package.find(f".//{DC}identifier").text.startswith("urn:uuid:")


def test_navigation_nests_each_sheets_sections_under_it(book):
    nav = etree.fromstring(book["EPUB/nav.xhtml"])
    toc = next(n for n in nav.iter(f"{{{XHTML}}}nav") if n.get(f"{EPUB}type") == "toc")
    top = toc.find(f"{{{XHTML}}}ol").findall(f"{{{XHTML}}}li")
    assert [li.find(f"{{{XHTML}}}a").text for li in top] == [
        "Soviet–Japanese border conflicts",
        "Battle of Lake Khasan",
    ]
    khasan = [a.text for a in top[1].iter(f"{{{XHTML}}}a")][1:]
    assert {"The fighting", "Outcome", "Timeline", "Sources"} <= set(khasan)
    for li in top:
        sheet = li.find(f"{{{XHTML}}}a").get("href")
        assert all(a.get("href").startswith(sheet) for a in li.iter(f"{{{XHTML}}}a"))


def test_links_between_sheets_point_inside_the_book(book):
    overview = book[f"EPUB/{FLAGSHIP}.xhtml"].decode()
    khasan = book[f"EPUB/{KHASAN}.xhtml"].decode()
    assert f'href="{KHASAN}.xhtml"' in overview
    assert f'href="{FLAGSHIP}.xhtml"' in khasan
    assert not re.search(r'href="[^"]*\.md', overview + khasan)


def test_page_list_carries_the_booklets_page_numbers(book, flagship_outputs):
    nav = etree.fromstring(book["EPUB/nav.xhtml"])
    page_list = next(n for n in nav.iter(f"{{{XHTML}}}nav") if n.get(f"{EPUB}type") == "page-list")
    entries = [(a.get("href"), int(a.text)) for a in page_list.iter(f"{{{XHTML}}}a")]
    with pdfplumber.open(flagship_outputs["booklet"]) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert entries, "a page list"
    assert [n for _, n in entries] == sorted(n for _, n in entries)
    for href, number in entries:
        file, anchor = href.split("#")
        assert anchor == f"page-{number}"
        page = etree.fromstring(book[f"EPUB/{file}"])
        marker = page.find(f".//*[@id='{anchor}']")
        assert marker is not None and marker.get(f"{EPUB}type") == "pagebreak"
        # The sheet whose document holds the marker is the sheet printed on that page.
        title = page.find(f".//{{{XHTML}}}h1").text
        header_or_title = texts[number - 1]
        assert title in header_or_title, (number, title)
    package = etree.fromstring(book["EPUB/content.opf"])
    sources = [m.text for m in package.iter(f"{OPF}meta") if m.get("property") == "pageBreakSource"]
    assert len(sources) == 1


def test_a_link_to_a_missing_part_of_another_sheet_leads_to_the_sheet(project):
    from factsheet.pipeline import Options, build

    project.write("one.md", "---\ntitle: One\n---\nSee [there](two.md#x), [gone](two.md#gone).\n")
    project.write("two.md", "---\ntitle: Two\n---\n## X\n\nBack to [one](one.md).\n")
    project.write("collection.yaml", "title: Both\n")
    options = Options(content=project.content, out=project.out, formats=("epub",))
    assert build(options, print).ok
    with zipfile.ZipFile(project.out / "both.epub") as archive:
        page = etree.fromstring(archive.read("EPUB/one.xhtml"))
    links = {a.text: a.get("href") for a in page.iter(f"{{{XHTML}}}a") if a.text}
    assert links["there"] == "two.xhtml#x" and links["gone"] == "two.xhtml"
    assert_epubcheck_clean(project.out / "both.epub")
