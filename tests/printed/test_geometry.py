"""The geometry checks of printed pages: each finds the defect it names on a page the real
WeasyPrint laid out (a small stylesheet of the test's own makes the defect, where our
stylesheet would not), finds nothing on the same page without it, and finds nothing on any
fixture: content/, its booklet, and every folder of good documents under tests/fixtures/."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO, fixtures
from factsheet.printed.geometry import Finding, findings
from factsheet.printed.proof import booklet_edition, sheet_edition
from factsheet.writers.job import PrintSettings

SHEET = """\
---
title: A plain sheet
subtitle: A test of the page's geometry
lang: en-GB
sources:
  - {id: src, title: A source, url: https://example.org/a, accessed: 2026-01-10}
infobox:
  facts:
    - {label: Date, value: 1938}
  sides:
    - belligerents: [North]
      commanders: [Ada Leader]
    - belligerents: [South]
      commanders: [Ben Commander]
---

The first paragraph says what happened, and it says so at some length, so that its line wraps
once or twice in the narrative column beside the infobox.

The second paragraph follows the first, and it is long enough as well to wrap at least once in
the narrative column of the page.

## A heading

The text under the heading, with a note.[^n]

[^n]: A footnote.
"""

BASE = """\
@page { margin: 15mm; @footnote { border-top: 0.5pt solid; padding-top: 1mm } }
html { font: 10pt/1.4 "Noto Serif", serif; }
body { margin: 0; }
.running-source { display: none; }
.infobox { float: right; width: 55mm; margin: 0 0 3mm 5mm; font-size: 8.5pt; }
.infobox-table tr { break-inside: avoid; }
h2 { break-after: avoid; }
.footnote { float: footnote; font-size: 8pt; }
"""

DEFECTS = {
    "overlap": (
        ".narrative p + p { margin-top: -2.6em; }",
        [
            (
                1,
                "overlap",
                'p (in div.narrative) "The first paragraph says what h…" and'
                ' p (in div.narrative) "The second paragraph follows th…" overlap',
            )
        ],
    ),
    "heading": (
        ".narrative h2 { break-after: page; }",
        [(1, "stranded heading", 'h2 (in div.narrative) "A heading" ends the page')],
    ),
    "band": (
        ".infobox-table tr.side-lists.commanders { break-before: page; }"
        " .infobox { float: none; width: auto; }",
        [(1, "stranded heading", 'th (in tr.band) "Commanders" ends the page')],
    ),
    "footnote area": (
        ".masthead .subtitle { position: absolute; bottom: 0; right: 0; margin: 0; }",
        [
            (
                1,
                "footnote area",
                'p.subtitle "A test of the page\'s geometry" is in the footnote area',
            )
        ],
    ),
    "colophon": (
        ".colophon { break-before: page; }",
        [(2, "colophon alone", "the page holds only the colophon")],
    ),
    "trim": (
        ".masthead .title { white-space: nowrap; margin-left: 160mm; }",
        [(1, "past the trim", 'h1.title "A plain sheet" lies past the trim')],
    ),
    "bleed": (
        ".masthead .title { position: absolute; top: -16mm; margin: 0; }",
        [(1, "past the trim", 'h1.title "A plain sheet" lies past the trim')],
    ),
}


def found_on(tmp_path: Path, css: str | None, printing: PrintSettings | None = None) -> list:
    """The findings on SHEET laid out with BASE and `css` as print.css (None: our own)."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "plain.md").write_text(SHEET, encoding="utf-8")
    templates = None
    if css is not None:
        templates = tmp_path / "mine"
        (templates / "css").mkdir(parents=True)
        (templates / "css" / "print.css").write_text(BASE + css, encoding="utf-8")
    printed = sheet_edition(content / "plain.md", content, templates=templates, printing=printing)
    return [(found.page, found.check, found.message) for found in findings(printed)]


@pytest.mark.parametrize("name", DEFECTS)
def test_each_check_finds_its_defect(tmp_path, name):
    css, expected = DEFECTS[name]
    printing = PrintSettings(bleed="3mm") if name == "bleed" else None
    assert found_on(tmp_path, css, printing) == expected


def test_the_same_sheet_without_the_defects_has_no_finding(tmp_path):
    assert found_on(tmp_path, "") == []


def test_our_stylesheet_sets_the_sheet_without_a_finding(tmp_path):
    """Text in its cell, a word in its paragraph, a note in the footnote area: the layout's
    own nesting is no overlap."""
    assert found_on(tmp_path, None, PrintSettings(bleed="3mm", marks=True)) == []


FIXTURES = fixtures()


def test_the_fixtures_include_the_sheets_the_booklet_and_the_golden_cases():
    names = [name for name, _, _ in FIXTURES]
    assert {
        "content/soviet-japanese-border-conflicts.md",
        "content/battle-of-lake-khasan.md",
        "content (booklet)",
        "tests/fixtures/golden/small-sheet",
    } <= set(names)
    assert not [name for name in names if "/bad/" in name]


@pytest.mark.parametrize(("name", "content", "path"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_no_fixture_has_a_finding(name, content, path):
    printed = sheet_edition(path, content) if path else booklet_edition(content)
    assert [str(found) for found in findings(printed)] == []


@functools.cache
def proof_script():
    """scripts/proof.py, the program `make proof` runs, imported as a module."""
    spec = importlib.util.spec_from_file_location("proof_script", REPO / "scripts" / "proof.py")
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # its dataclasses look their module up
    spec.loader.exec_module(script)
    return script


def test_make_proof_proofs_every_fixture_these_tests_check():
    folders = list(proof_script().folders())
    proofed = {(folder.content, path) for folder in folders for path in folder.documents}
    proofed |= {
        (folder.content, None)
        for folder in folders
        if folder.whole and (folder.content / "collection.yaml").is_file()
    }
    assert proofed == {(content, path) for _, content, path in FIXTURES}


def test_a_contact_sheet_sets_the_pages_side_by_side_and_marks_the_findings(tmp_path):
    script = proof_script()
    pages = []
    for number in (1, 2):
        pages.append(tmp_path / f"page-{number}.png")
        Image.new("RGB", (100, 140), "white").save(pages[-1])
    # 96 CSS pixels make an inch: at 60 dots per inch, 0 to 80 is 0 to 50 on the image.
    found = (Finding(2, "overlap", "two boxes overlap", (0.0, 0.0, 80.0, 80.0)),)
    sheet = script.contact_sheet("a-sheet", pages, found)
    gap, band, label = script.GAP, script.BAND, script.LABEL
    assert sheet.size == (gap + 2 * (100 + gap), band + 140 + label + gap)
    second = gap + 100 + gap
    assert sheet.getpixel((second + 25, band + 30)) == (255, 255, 255), "inside the mark"
    assert sheet.getpixel((second + 51, band + 30)) == script.MARK, "the mark's right side"
    assert sheet.getpixel((gap + 51, band + 30)) == (255, 255, 255), "page 1 has no finding"
