"""The print fact sheet as a printer and a screen reader see it: layout, fonts, tags, metadata."""

from __future__ import annotations

import dataclasses
import re

import pdfplumber
import pikepdf
import pytest

from conftest import FLAGSHIP, PEOPLE, unembedded_fonts
from factsheet.writers.job import PrintSettings

MM = 72 / 25.4
PAPERS = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72, 11 * 72)}


def infobox_box(page) -> tuple[float, float, float, float]:
    """The infobox's border: the largest rectangle around the word 'Belligerents'."""
    word = next(w for w in page.extract_words() if w["text"] == "Belligerents")
    around = [
        r
        for r in page.rects
        if r["x0"] <= word["x0"]
        and r["x1"] >= word["x1"]
        and r["top"] <= word["top"]
        and r["bottom"] >= word["bottom"]
    ]
    box = max(around, key=lambda r: r["width"] * r["height"])
    return box["x0"], box["top"], box["x1"], box["bottom"]


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_layout_on_each_paper(flagship_pdf, paper):
    with pdfplumber.open(flagship_pdf(PrintSettings(paper=paper))) as pdf:
        assert 1 <= len(pdf.pages) <= 2
        width, height = PAPERS[paper]
        for page in pdf.pages:
            assert (page.width, page.height) == pytest.approx((width, height), abs=0.5)
            for char in page.chars:
                assert char["x0"] >= 5 * MM and char["x1"] <= width - 5 * MM, char["text"]
                assert char["top"] >= 5 * MM and char["bottom"] <= height - 5 * MM, char["text"]

        first = pdf.pages[0]
        x0, top, x1, bottom = infobox_box(first)
        assert x0 > width / 2 and x1 <= width - 10 * MM, "infobox sits in the right column"
        assert bottom < height - 20 * MM, "infobox ends on page 1"
        inside = [
            c
            for c in first.chars
            if c["x1"] > x0 and c["x0"] < x1 and c["bottom"] > top and c["top"] < bottom
        ]
        assert inside, "the infobox has text"
        assert not [c for c in inside if "Serif" in c["fontname"]], "no body text under the infobox"
        assert all(c["x0"] >= x0 and c["x1"] <= x1 for c in inside), "nothing overflows the box"


def test_body_text_is_set_at_a_reading_size(flagship_pdf):
    with pdfplumber.open(flagship_pdf()) as pdf:
        sizes = [
            round(c["size"], 1) for c in pdf.pages[0].chars if c["fontname"].endswith("Noto-Serif")
        ]
    body = max(set(sizes), key=sizes.count)
    assert 9.5 <= body <= 11


def test_running_header_and_footer(flagship_pdf):
    with pdfplumber.open(flagship_pdf()) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    assert "Adapted from Soviet–Japanese border conflicts (Wikipedia) · CC BY-SA 4.0" in pages[1]
    # The title runs at the head of page 2, and not on page 1 above the big title.
    assert pages[1].splitlines()[0] == "Soviet–Japanese border conflicts"
    first_lines = pages[0].splitlines()
    assert first_lines[0] == "Soviet–Japanese border conflicts"
    assert first_lines[1].startswith("Also known as:"), "no running header above the title"


def test_names_are_never_hyphenated(flagship_pdf):
    with pdfplumber.open(flagship_pdf()) as pdf:
        lines = [line for page in pdf.pages for line in page.extract_text().splitlines()]
    parts = {part for name in [*PEOPLE, "Manchukuo", "Mongolia"] for part in name.split()}
    for line in lines:
        if match := re.search(r"(\w+)[-\u2010]$", line):
            assert not any(p.startswith(match[1]) and p != match[1] for p in parts), line


def test_fonts_are_embedded_and_the_pdf_is_tagged(flagship_pdf):
    with pikepdf.open(flagship_pdf()) as pdf:
        assert unembedded_fonts(pdf) == []
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"
        with pdf.open_outline() as tree:
            outline = [item.title for item in tree.root]
            children = [child.title for item in tree.root for child in item.children]
        assert outline == ["Soviet–Japanese border conflicts"]
        assert {"Background", "Aftermath", "Timeline", "Casualties and losses", "Sources"} <= set(
            children
        )
        info = pdf.docinfo
        assert str(info.Title) == "Soviet–Japanese border conflicts"
        assert str(info.Author) == "Wikipedia contributors"
        assert str(info.Subject).startswith("A series of minor and major conflicts")
        assert "Khalkhin Gol" in str(info.Keywords)


def test_links_are_clickable(flagship_pdf):
    with pikepdf.open(flagship_pdf()) as pdf:
        uris = {
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        }
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in uris
    assert "https://en.wikipedia.org/wiki/Soviet%E2%80%93Japanese_border_conflicts" in uris


def test_a_document_pdf_name_follows_its_slug(flagship_pdf):
    assert flagship_pdf().name == f"{FLAGSHIP}.pdf"


SCRIPTS = {
    "Japanese": "梅津美治郎",
    "Chinese": "满洲国",
    "Cyrillic": "Хорлоогийн Чойбалсан",
    "Mongolian": "ᠴᠣᠢᠪᠠᠯᠰᠠᠩ",
}


def test_names_in_other_scripts_print_with_real_glyphs(project):
    from factsheet.pipeline import Options, build
    from factsheet.reader import load_document

    names = "\n".join(f"    - {name}" for name in SCRIPTS.values())
    # Han alone is Japanese or Chinese only as content says (else a warning).
    marked = {**SCRIPTS, "Japanese": "[梅津美治郎]{lang=ja}", "Chinese": "[满洲国]{lang=zh-Hans}"}
    project.write(
        "scripts.md",
        f"---\ntitle: Scripts\ninfobox:\n  sides:\n  - commanders:\n{names}\n  - {{}}\n---\n"
        + " ".join(marked.values())
        + "\n",
    )
    assert load_document(project.content / "scripts.md", project.root).warnings == ()
    assert build(Options(content=project.content, out=project.out, formats=("pdf",)), print).ok
    with pdfplumber.open(project.out / "scripts.pdf") as pdf:
        text = pdf.pages[0].extract_text()
        fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars}
    for script in ("Japanese", "Chinese", "Cyrillic"):
        assert SCRIPTS[script] in text, script
    assert any("CJK" in font for font in fonts), fonts
    assert any("Mongolian" in font for font in fonts), fonts


def test_a_table_too_long_for_a_page_splits_with_its_header_repeated(project):
    from factsheet.pipeline import Options, build

    items = "\n".join(f"          - {{item: item number {n}, count: {n}}}" for n in range(1, 90))
    project.write(
        "long.md",
        "---\ntitle: Long table\ninfobox:\n  sides:\n"
        "    - name: First side\n      casualties:\n        total: 10\n        material:\n"
        f"{items}\n"
        "    - name: Second side\n      casualties: {total: 20}\n---\nText.\n",
    )
    assert build(Options(content=project.content, out=project.out, formats=("pdf",)), print).ok
    with pdfplumber.open(project.out / "long.pdf") as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    with_rows = [text for text in pages if "item number" in text]
    assert len(with_rows) >= 2
    for text in with_rows:
        assert "First side Second side" in text, "the header row repeats on every page"
    rows = [line for text in pages for line in text.splitlines() if line.startswith("item number")]
    assert len(rows) == 89, "no row is lost or split"


def overlapping_characters(page) -> list[tuple[str, str]]:
    """Pairs of characters drawn over each other (by more than a third of the larger one)."""
    chars = [c for c in page.chars if c["text"].strip()]
    grid: dict[tuple[int, int], list[dict]] = {}
    for char in chars:
        grid.setdefault((int(char["x0"] // 20), int(char["top"] // 20)), []).append(char)
    found = []
    for (gx, gy), cell in grid.items():
        neighbours = [
            c for dx in (-1, 0, 1) for dy in (-1, 0, 1) for c in grid.get((gx + dx, gy + dy), [])
        ]
        for a in cell:
            for b in neighbours:
                if a is b or (a["x0"], a["top"]) >= (b["x0"], b["top"]):
                    continue
                width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                larger = max(
                    (a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
                    (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]),
                )
                # Kerned neighbours ("y,") touch a little; text set over text covers a lot.
                if width > 0 and height > 0 and width * height > larger / 3:
                    found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_no_text_is_drawn_over_other_text_in_any_sheet(project, paper):
    import shutil

    from conftest import COLLECTION, REPO
    from factsheet.pipeline import Options, build

    shutil.copytree(REPO / "content", project.content, dirs_exist_ok=True)
    options = Options(
        content=project.content,
        out=project.out,
        formats=("pdf",),
        printing=PrintSettings(paper=paper),
    )
    assert build(options, print).ok
    for pdf_path in sorted(project.out.glob("*.pdf")):
        with pdfplumber.open(pdf_path) as pdf:
            if pdf_path.stem != COLLECTION:  # the booklet has them all
                assert len(pdf.pages) <= 2, pdf_path.name
            for number, page in enumerate(pdf.pages, 1):
                assert overlapping_characters(page) == [], (pdf_path.name, number)


def test_the_writer_alone_writes_the_printed_edition_it_is_given(flagship_printed):
    import io

    from factsheet.printed.pdf import pdf_identifier
    from factsheet.writers import pdf

    job, printed = flagship_printed
    with pikepdf.open(io.BytesIO(pdf.write(job, printed))) as written:
        assert len(written.pages) == len(printed.layout.pages)
        assert bytes(written.trailer.ID[0]) == pdf_identifier(job.digest, printed).encode()
    changed = dataclasses.replace(printed, html=printed.html + " ")
    assert pdf_identifier(job.digest, changed) != pdf_identifier(job.digest, printed)
    restyled = dataclasses.replace(printed, styles_digest="another stylesheet")
    assert pdf_identifier(job.digest, restyled) != pdf_identifier(job.digest, printed)
