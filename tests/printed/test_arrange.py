"""The printed sheet arranged from a layout of it: infobox breaks, the casualty section's place,
the page budget (`--pages`, `print: {pages: N}`), the colophon, and the build's page count."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from factsheet.pipeline import build
from factsheet.printed.proof import sheet_edition
from factsheet.run import Options
from tests.conftest import epubcheck_findings, fixtures, run_factsheet

EVERY_FIXTURE = sorted(path for _, _, path in fixtures() if path is not None)
"""Every document the geometry tests check: content/, the golden cases, the corpus…"""


def pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def collected(folder: Path) -> Path:
    """Every fixture as one content folder (a golden case's input under its case's name)."""
    content = folder / "content"
    content.mkdir(parents=True)
    for path in EVERY_FIXTURE:
        name = f"{path.parent.name}.md" if path.name == "input.md" else path.name
        shutil.copy(path, content / name)
    return content


@pytest.fixture(scope="module")
def budget_build(tmp_path_factory):
    """Every fixture built with --pages 2, once, as a user runs it."""
    root = tmp_path_factory.mktemp("budget")
    collected(root)
    done = run_factsheet(
        "build", "--pages", "2", "--format", "pdf,epub", "--jobs", "2", cwd=root, timeout=900
    )
    return root, done


def test_every_fixture_prints_on_at_most_two_pages_with_a_budget_of_two(budget_build):
    """Or, where its infobox and tables alone take more (the v2 infoboxes of the Korean War
    and Manchuria), as few as they take, with the narrative cut and a warning."""
    root, done = budget_build
    assert done.returncode == 0, done.stderr
    over = []
    for pdf in sorted((root / "output").glob("*.pdf")):
        if pdf.stem.startswith("border-conflicts"):
            continue  # the collection's booklet: a budget is a sheet's
        pages = len(pdf_pages(pdf))
        line = re.search(rf"\] {pdf.stem}: built, (\d+) pages?", done.stdout)
        assert line and int(line[1]) == pages, done.stdout
        if pages > 2:
            over.append(pdf.stem)
            said = f"{pdf.stem}.md:1:1: --pages: warning: the printed sheet takes {pages} pages,"
            assert said in done.stderr and "its infobox and tables alone" in done.stderr
            assert _left_out_every_section(pdf.stem, done.stderr)
    assert over == ["korean-war", "soviet-invasion-of-manchuria"]


def _left_out_every_section(slug: str, said: str) -> bool:
    """Whether the build says it left out every section of the document's narrative."""
    text = next(path for path in EVERY_FIXTURE if path.stem == slug).read_text(encoding="utf-8")
    sections = [line[3:].strip() for line in text.splitlines() if line.startswith("## ")]
    told = next(
        (line for line in said.splitlines() if f"{slug}.md" in line and "leaves out" in line), ""
    )
    return bool(sections) and all(f"“{section}”" in told for section in sections)


def test_a_sheet_cut_to_its_budget_says_what_it_left_out_and_where_it_all_is(budget_build):
    root, done = budget_build
    cut = re.findall(
        r"content/([a-z0-9-]+)\.md:\d+:\d+: --pages: warning: the printed sheet leaves out (.*)"
        r" to fit on 2 page\(s\)",
        done.stderr,
    )
    assert cut, done.stderr
    assert "battles-of-khalkhin-gol" in dict(cut)
    for slug, titles in cut:
        text = "\n".join(pdf_pages(root / "output" / f"{slug}.pdf"))
        flat = " ".join(text.split())
        assert "This handout leaves out:" in flat
        first = re.findall(r"“([^”]+)”", titles)[0]
        assert " ".join(first.split()) in flat  # named in the sheet as in the warning
        source = (root / "content" / f"{slug}.md").read_text(encoding="utf-8")
        url = re.search(r"^\s+url: (https://en\.wikipedia\.org/\S+)", source, re.MULTILINE)[1]
        assert url in flat.replace(" ", "")  # the first source's address, in full


def test_the_qr_code_of_a_cut_sheet_is_drawn_in_its_pdf(budget_build):
    root, _ = budget_build
    with pdfplumber.open(root / "output" / "battles-of-khalkhin-gol.pdf") as pdf:
        # segno draws each run of dark modules as a line: a QR code is a hundred or more.
        runs = [len(page.lines) for page in pdf.pages]
    assert max(runs) > 100, runs


def test_the_e_book_of_a_cut_sheet_is_whole_and_lists_only_the_printed_pages(budget_build):
    root, _ = budget_build
    epub = root / "output" / "battles-of-khalkhin-gol.epub"
    import zipfile

    with zipfile.ZipFile(epub) as book:
        page = etree.fromstring(book.read("EPUB/battles-of-khalkhin-gol.xhtml"))
    text = "".join(page.itertext())
    source = (root / "content" / "battles-of-khalkhin-gol.md").read_text(encoding="utf-8")
    for heading in re.findall(r"^## (.+)$", source, re.MULTILINE):
        assert heading in text
    markers = page.xpath("//*[@role='doc-pagebreak']/@id")
    assert markers == ["page-1", "page-2"]
    assert epubcheck_findings([epub], root / "epubcheck") == []


def test_front_matter_budget_wins_over_the_command_line(project):
    long_body = "\n\n".join(f"## Part {n}\n\n" + "Word " * 400 for n in range(1, 9))
    project.write(
        "budget.md",
        f"---\ntitle: Budget\nurl: https://example.org/budget\nprint: {{pages: 1}}\n---\n"
        f"Lead paragraph.\n\n{long_body}\n",
    )
    done = run_factsheet("build", "--pages", "3", "--format", "pdf", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert re.search(
        r"budget\.md:4:16: print\.pages: warning: the printed sheet leaves out", done.stderr
    )
    pages = pdf_pages(project.out / "budget.pdf")
    assert len(pages) == 1
    assert "https://example.org/budget" in pages[0]
    assert "Lead paragraph." in pages[0]


def test_the_archival_pdf_keeps_the_whole_text_under_a_budget(project):
    long_body = "\n\n".join(f"## Part {n}\n\n" + "Word " * 400 for n in range(1, 6))
    project.write("budget.md", f"---\ntitle: Budget\n---\nLead.\n\n{long_body}\n")
    done = run_factsheet("build", "--pages", "1", "--format", "pdf,archive", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert len(pdf_pages(project.out / "budget.pdf")) == 1
    whole = " ".join(pdf_pages(project.out / "archive" / "budget.pdf"))
    assert "Part 5" in whole and "leaves out" not in whole


def test_under_strict_a_cut_sheet_fails_and_writes_no_pdf(project):
    long_body = "\n\n".join(f"## Part {n}\n\n" + "Word " * 400 for n in range(1, 6))
    project.write("budget.md", f"---\ntitle: Budget\n---\nLead.\n\n{long_body}\n")
    done = run_factsheet("build", "--pages", "1", "--strict", "--format", "pdf", cwd=project.root)
    assert done.returncode == 1
    assert (
        "budget.md:1:1: --pages: warning: the printed sheet leaves out “Part 2”, “Part 3”"
        in done.stderr
    )
    assert "The full text is in the e-book" not in done.stderr
    assert not (project.out / "budget.pdf").exists()


def test_without_a_budget_a_sheet_is_as_long_as_its_content(project):
    long_body = "\n\n".join(f"## Part {n}\n\n" + "Word " * 400 for n in range(1, 6))
    project.write("long.md", f"---\ntitle: Long\n---\nLead.\n\n{long_body}\n")
    done = run_factsheet("build", "--format", "pdf", cwd=project.root)
    assert done.returncode == 0
    text = "\n".join(pdf_pages(project.out / "long.pdf"))
    assert "Part 5" in text and "leaves out" not in text
    assert "warning:" not in done.stderr


@pytest.mark.parametrize("value", ["0", "101", "two"])
def test_a_budget_that_is_not_a_number_of_pages_is_a_usage_error(project, value):
    done = run_factsheet("build", "--pages", value, cwd=project.root)
    assert done.returncode == 2
    assert f"argument --pages: expected a number of pages from 1 to 100, got '{value}'" in (
        done.stderr
    )


def large_infobox(project, belligerents: int, paragraphs: int = 12, facts: int = 30) -> Path:
    north = "\n".join(f"        - Regiment {n} of the north" for n in range(1, belligerents))
    facts = "\n".join(f"    - {{label: Fact {n}, value: Value {n}}}" for n in range(1, facts))
    body = "\n\n".join(f"Paragraph {p}: " + "word " * 80 for p in range(paragraphs))
    return project.write(
        "large.md",
        "---\ntitle: A large infobox\ninfobox:\n  facts:\n"
        f"{facts}\n  sides:\n"
        f"    - name: North\n      belligerents:\n{north}\n"
        "      commanders: [Ivan One, Ivan Two, Ivan Three]\n"
        "      strength: [{item: troops, count: 1000}]\n"
        "    - name: South\n      belligerents: [The south]\n"
        "      commanders: [Pyotr One]\n"
        f"---\n{body}\n",
    )


def test_an_infobox_over_pages_repeats_its_title_and_loses_nothing(project):
    """Rows of facts fill page 1; the infobox goes on over page 2 under its title again (a
    list of names longer than a page splits between names, where no title can stand)."""
    large_infobox(project, 60, facts=90)
    report = build(Options(content=project.content, out=project.out, formats=("pdf",)), print)
    assert report.ok
    pages = pdf_pages(project.out / "large.pdf")
    text = " ".join("\n".join(pages).split())
    assert len(pages) >= 2
    for n in range(1, 60):
        assert f"Regiment {n} of" in text
    for n in range(1, 90):
        assert f"Fact {n} Value {n}" in text
    continued = [n for n, page in enumerate(pages, 1) if "A large infobox (continued)" in page]
    assert continued and 1 not in continued


def test_no_band_heading_ends_a_page_of_the_infobox(project):
    from factsheet.printed import weasyprint_layout
    from factsheet.printed.arrange import measure

    for size in (25, 40, 55):
        path = large_infobox(project, size, paragraphs=4)
        printed = sheet_edition(path, project.content)
        found = measure(
            printed.source,
            weasyprint_layout.placed_blocks(printed.layout),
            weasyprint_layout.flow_bottoms(printed.layout),
        )
        rows = found.rows
        for band in found.bands:
            if band + 1 < len(rows):
                assert rows[band].last == rows[band + 1].first, (size, band)
        for n, row in enumerate(rows):
            if row.first == row.last:
                assert row.bottom <= found.flow_bottoms[row.first - 1] + 0.5, (size, n)


def test_the_casualty_section_stays_near_the_infobox_of_a_long_sheet(project):
    sides = (
        "  sides:\n"
        "    - belligerents: [North]\n      casualties: {total: 100, notes: [Northern count.]}\n"
        "    - belligerents: [South]\n      casualties: {total: 200, notes: [Southern count.]}\n"
    )
    body = "\n\n".join(f"## Part {n}\n\n" + "Word " * 300 for n in range(1, 9))
    path = project.write(
        "near.md",
        f"---\ntitle: Near\ninfobox:\n  facts: [{{label: Date, value: 1939}}]\n{sides}---\n"
        f"Lead.\n\n{body}\n",
    )
    printed = sheet_edition(path, project.content)
    assert printed.arrangement.casualties_at is not None
    infobox_page = printed.anchor_pages["fs-infobox"]
    assert printed.anchor_pages["fs-casualties"] <= infobox_page + 1
    assert printed.pages >= 4
    # Inside the narrative it keeps its own setting: its notes are not indented as text is.
    report = build(Options(content=project.content, out=project.out, formats=("pdf",)), print)
    assert report.ok
    with pdfplumber.open(project.out / "near.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    starts = {w["text"]: round(w["x0"], 1) for w in words if w["text"] in ("North:", "South:")}
    assert len(starts) == 2 and starts["North:"] == starts["South:"], starts
    # The e-book still sets it after the narrative, and its page markers stay valid.
    project.write("near.md", path.read_text(encoding="utf-8"))
    report = build(Options(content=project.content, out=project.out, formats=("epub",)), print)
    assert report.ok
    assert epubcheck_findings([project.out / "near.epub"], project.root / "check") == []


def test_a_short_sheet_prints_on_one_page_and_the_colophon_never_stands_alone(tmp_path):
    content = collected(tmp_path)
    done = run_factsheet("build", "--format", "pdf", "--jobs", "2", cwd=tmp_path, timeout=900)
    assert done.returncode == 0, done.stderr
    assert len(pdf_pages(tmp_path / "output" / "battle-of-lake-khasan.pdf")) == 1
    assert len(pdf_pages(tmp_path / "output" / "kanchazu-island-incident.pdf")) == 1
    assert len(pdf_pages(tmp_path / "output" / "soviet-japanese-border-conflicts.pdf")) == 2
    for path in sorted(content.glob("*.md")):
        pages = pdf_pages(tmp_path / "output" / f"{path.stem}.pdf")
        last = pages[-1].split("\n")
        body = [line for line in last[:-1] if line.strip()]  # the footer line goes
        assert not body[0].startswith("About this document"), path.name


def test_a_casualty_table_over_pages_repeats_its_header_row(project):
    items = "\n".join(f"          - {{item: kind {n} lost, count: {n}}}" for n in range(1, 140))
    project.write(
        "table.md",
        "---\ntitle: Table\ninfobox:\n  sides:\n"
        "    - name: Alpha Side\n      belligerents: [North]\n"
        f"      casualties:\n        total: 100\n        material:\n{items}\n"
        "    - name: Beta Side\n      belligerents: [South]\n"
        "      casualties: {total: 200}\n---\nLead.\n",
    )
    done = run_factsheet("build", "--format", "pdf", cwd=project.root)
    assert done.returncode == 0, done.stderr
    pages = pdf_pages(project.out / "table.pdf")
    with_rows = [page for page in pages if re.search(r"kind \d+ lost", page)]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "Alpha Side" in page and "Beta Side" in page


def test_a_budget_the_infobox_alone_overruns_says_so_and_prints_what_it_can(project):
    large_infobox(project, 60, paragraphs=3, facts=90)
    done = run_factsheet("build", "--pages", "1", "--format", "pdf", cwd=project.root)
    assert done.returncode == 0, done.stderr
    pages = len(pdf_pages(project.out / "large.pdf"))
    assert pages > 1
    assert (
        f"large.md:1:1: --pages: warning: the printed sheet takes {pages} pages, more than 1,"
        " even with its narrative cut: its infobox and tables alone do not fit"
    ) in done.stderr


def test_a_list_of_names_that_would_go_over_whole_is_split_where_the_page_ends():
    """WeasyPrint moves a row of names that fits on a page to the next page whole: the Boxer
    Rebellion's commanders (with their roles) would leave a third of page 1 empty. The page
    ends between the names instead, and the rest begin the next page under the title."""
    path = next(p for p in EVERY_FIXTURE if p.stem == "boxer-rebellion")
    printed = sheet_edition(path, path.parent)
    ((part, counts),) = printed.arrangement.list_splits
    assert part == "commanders" and counts[0] > 10
    assert printed.pages == 2
    text = [" ".join(page.split()) for page in pdf_texts(printed)]
    assert "Boxer Rebellion (continued)" in text[1]
    commanders = ["Claude MacDonald", "Li Hongzhang", "Liu Kunyi", "Zhang Zhidong", "Dong Fuxiang"]
    assert [name for name in commanders if not any(name in page for page in text)] == []
    assert "Li Hongzhang" in text[0] and "Zhang Zhidong" in text[1]


def pdf_texts(printed) -> list[str]:
    import io

    with pdfplumber.open(io.BytesIO(printed.layout.write_pdf())) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]
