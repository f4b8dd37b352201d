"""The collection's booklet: title page, contents with page numbers, right-hand starts, running
headers, an index of names, read back from the real PDF."""

from __future__ import annotations

import re
import zipfile

import pdfplumber
import pikepdf
import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import REPO, unembedded_fonts
from factsheet.load import load_document
from factsheet.pagemap import XHTML
from factsheet.printed.booklet import name_index, sort_key

SHEETS = ["Soviet–Japanese border conflicts", "Battle of Lake Khasan"]


@pytest.fixture(scope="module")
def booklet(flagship_outputs):
    with pdfplumber.open(flagship_outputs["booklet"]) as pdf:
        pages = [page.extract_text(x_tolerance=1) or "" for page in pdf.pages]
        headers = [page.crop((0, 0, page.width, 46)).extract_text() or "" for page in pdf.pages]
        # The index is set in two columns: read each half of its pages on its own.
        index = [
            page.crop(half).extract_text(x_tolerance=1) or ""
            for page, text in zip(pdf.pages, pages, strict=True)
            if text.startswith("Index of names")
            for half in (
                (0, 0, page.width / 2, page.height),
                (page.width / 2, 0, page.width, page.height),
            )
        ]
    return pages, headers, "\n".join(index)


def first_page_of(pages: list[str], title: str) -> int:
    """The page (1-based) where a sheet's big title stands at the top, after the contents."""
    contents = next(n for n, text in enumerate(pages, 1) if text.startswith("Contents"))
    for number, text in enumerate(pages[contents:], contents + 1):
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and lines[0] == title:
            return number
    raise AssertionError(f"no page starts with {title!r}")


def test_title_page_names_the_collection(booklet):
    pages, _, _ = booklet
    assert "Soviet–Japanese border conflicts" in pages[0]
    assert "Fact sheets, 1932–1939" in pages[0]
    assert "2 fact sheets" in pages[0]
    assert "CC BY-SA 4.0" in pages[0]
    assert not re.search(r"^\d+$", pages[0], re.MULTILINE), "no page number on the title page"


def test_contents_give_the_page_each_sheet_starts_on(booklet):
    pages, _, _ = booklet
    contents = next(text for text in pages if text.startswith("Contents"))
    for title in SHEETS:
        match = re.search(re.escape(title) + r"[ .]*(\d+)", contents)
        assert match, f"{title} missing from the contents"
        assert int(match[1]) == first_page_of(pages, title)
    index = re.search(r"Index of names[ .]*(\d+)", contents)
    assert index and pages[int(index[1]) - 1].startswith("Index of names")


def test_every_sheet_opens_on_a_right_hand_page(booklet):
    pages, _, _ = booklet
    starts = [first_page_of(pages, title) for title in SHEETS]
    assert starts == sorted(starts)
    assert all(number % 2 == 1 for number in starts), starts
    # The page before a sheet that would start on a left page is left blank, headers and all.
    for number in starts:
        previous = pages[number - 2]
        assert "Contents" in previous or previous.strip() == "" or "About this" in previous


def test_running_headers_name_the_sheet_of_the_page(booklet):
    pages, headers, _ = booklet
    first, second = (first_page_of(pages, title) for title in SHEETS)
    assert SHEETS[0] in headers[first]  # the overview's second page
    assert headers[first - 1].strip() == "", "no running header on a sheet's opening page"
    for number in range(second + 1, len(pages)):
        if "Battle of Lake Khasan" not in pages[number - 1].split("\n", 1)[0]:
            continue
        assert SHEETS[1] in headers[number - 1]


def test_index_lists_every_name_with_the_pages_it_appears_on(booklet):
    pages, _, index = booklet
    index_page = next(n for n, text in enumerate(pages, 1) if text.startswith("Index of names"))
    expected: set[str] = set()
    for name in ("soviet-japanese-border-conflicts", "battle-of-lake-khasan"):
        document = load_document(REPO / "content" / f"{name}.md", REPO).document
        for side in document.meta.infobox.sides:
            expected |= {*side.belligerents, *side.leaders, *side.commanders}
    assert len(expected) > 15
    flat = [" ".join(text.split()) for text in pages[: index_page - 1]]
    opening = {first_page_of(pages, title) for title in SHEETS}
    for name in expected:
        match = re.search(re.escape(name) + r" (\d+(?:, \d+)*)", index)
        assert match, f"{name} missing from the index"
        listed = [int(n) for n in match[1].split(", ")]
        assert listed == sorted(set(listed)), name
        # Every page listed shows the name; the infobox page of its sheet is always listed.
        assert all(name in flat[n - 1] for n in listed), (name, listed)
        assert opening & set(listed), (name, listed)
    # Alphabetical, letters as headings, accented initials filed with their letter.
    listed = [
        re.sub(r"( \d+,?)+$", "", line)
        for line in index.splitlines()
        if line[-1:].isdigit() and not line.isdigit()
    ]
    assert listed == sorted(listed, key=sort_key)
    assert len(listed) == len(expected)


def test_links_between_sheets_lead_to_the_sheet_inside_the_booklet(flagship_outputs, booklet):
    pages, _, _ = booklet
    reader = PdfReader(flagship_outputs["booklet"])
    named = reader.named_destinations
    overview = first_page_of(pages, SHEETS[0])
    khasan = first_page_of(pages, SHEETS[1])

    def link_targets(number: int) -> set[int]:
        found = set()
        for annotation in reader.pages[number - 1].get("/Annots") or []:
            annotation = annotation.get_object()
            destination = annotation.get("/Dest")
            if destination is None and "/A" in annotation:
                destination = annotation["/A"].get("/D")
            if isinstance(destination, str) and destination in named:
                found.add(reader.get_destination_page_number(named[destination]) + 1)
        return found

    # The overview's "See also" goes to Lake Khasan, and Lake Khasan links back.
    assert khasan in link_targets(overview)
    assert overview in link_targets(khasan)
    uris = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    ]
    assert not [uri for uri in uris if uri.startswith("file:")]


def test_booklet_embeds_all_fonts_and_carries_metadata(flagship_outputs):
    with pikepdf.open(flagship_outputs["booklet"]) as pdf:
        assert unembedded_fonts(pdf) == []
        assert "/StructTreeRoot" in pdf.Root, "tagged"
    assert PdfReader(flagship_outputs["booklet"]).metadata.title == SHEETS[0]


def test_a_heading_with_a_double_hyphen_id_is_reached_in_the_booklet_and_the_book(project):
    """ "Khasan – 1938" has the id `khasan--1938`, which looks like an id that already has a
    sheet's prefix: links to it, from its own sheet and from the other, still reach it."""
    from factsheet.pipeline import Options, build

    project.write(
        "one.md",
        "---\ntitle: One\n---\nIntro, [below](#khasan--1938).\n\n## Khasan – 1938\n\nText.\n",
    )
    project.write("two.md", "---\ntitle: Two\n---\nSee [Khasan](one.md#khasan--1938).\n")
    project.write("collection.yaml", "title: Both\n")
    options = Options(content=project.content, out=project.out, formats=("pdf", "epub"))
    assert build(options, print).ok

    reader = PdfReader(project.out / "both.pdf")
    named = reader.named_destinations
    assert "one--khasan--1938" in named and "khasan--1938" not in named
    heading_page = reader.get_destination_page_number(named["one--khasan--1938"])
    links = [
        (number, annotation.get_object().get("/Dest"))
        for number, page in enumerate(reader.pages)
        for annotation in page.get("/Annots") or []
    ]
    to_heading = [number for number, target in links if target == "one--khasan--1938"]
    assert len(to_heading) == 2, links  # from One's intro and from Two
    assert heading_page in to_heading and max(to_heading) > heading_page

    with zipfile.ZipFile(project.out / "both.epub") as archive:
        one = etree.fromstring(archive.read("EPUB/one.xhtml"))
        two = etree.fromstring(archive.read("EPUB/two.xhtml"))
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    heading = one.find(f".//{{{XHTML}}}h2")
    assert (heading.get("id"), heading.text) == ("khasan--1938", "Khasan – 1938")
    hrefs = {a.text: a.get("href") for tree in (one, two) for a in tree.iter(f"{{{XHTML}}}a")}
    assert hrefs["below"] == "#khasan--1938" and hrefs["Khasan"] == "one.xhtml#khasan--1938"
    toc = {a.text: a.get("href") for a in nav.iter(f"{{{XHTML}}}a")}
    assert toc["Khasan – 1938"] == "one.xhtml#khasan--1938"


def test_index_groups_names_by_initial_and_merges_pages():
    names = {"ix-1": "Ōyama", "ix-2": "Zhukov", "ix-3": "Ōyama", "ix-4": "Abe", "ix-5": "Abe"}
    pages = {"ix-1": 7, "ix-2": 3, "ix-3": 5, "ix-4": 2, "ix-5": 2}
    groups = name_index(names, pages)
    assert [group.letter for group in groups] == ["A", "O", "Z"]
    assert groups[0].entries[0].pages == ((2, "ix-4"),)
    assert groups[1].entries[0].pages == ((5, "ix-3"), (7, "ix-1"))
