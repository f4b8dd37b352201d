"""Ace by DAISY, the EPUB accessibility checker, finds no violation in our e-books.

`make test` installs Ace 1.x into .tools/ace; it drives the system's Chromium.
"""

from __future__ import annotations

from conftest import ace_report, violations
from factsheet.pipeline import Options, build


def test_flagship_epub_passes_ace(flagship_outputs, tmp_path):
    report = ace_report(flagship_outputs["epub"], tmp_path / "ace")
    assert violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    present = set(report["a11y-metadata"]["present"])
    assert {
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
    } <= present


def test_a_book_with_notes_images_and_wide_tables_passes_ace(project, tmp_path):
    from conftest import tiny_png

    sides = "".join(
        f"    - belligerents: [Side {n}]\n      casualties: {{total: {n}00, killed: {{value: {n}0, note: claim}}}}\n"
        for n in range(1, 4)
    )
    (project.content / "mixed").mkdir()
    (project.content / "mixed" / "map.png").write_bytes(tiny_png())
    project.write(
        "mixed/index.md",
        f"---\ntitle: Mixed\nlang: de\ninfobox:\n  sides:\n{sides}---\n"
        "Ein Text.[^n]\n\n![Eine Karte](map.png)\n\n## Teil\n\n- eins\n- zwei\n\n[^n]: Eine Notiz.\n",
    )
    assert build(Options(content=project.content, out=project.out, formats=("epub",)), print).ok
    report = ace_report(project.out / "mixed.epub", tmp_path / "ace")
    assert violations(report) == []


def test_collection_epub_passes_ace(flagship_outputs, tmp_path):
    report = ace_report(flagship_outputs["collection_epub"], tmp_path / "ace")
    assert violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"


def test_raw_html_and_svg_images_pass_ace(project, tmp_path):
    from test_images import EVIL_SVG
    from test_security import RAW_IDS

    project.write("raw.md", RAW_IDS + "\n![A drawing](drawing.svg)\n")
    (project.content / "drawing.svg").write_bytes(EVIL_SVG)
    options = Options(content=project.content, out=project.out, formats=("epub",), allow_html=True)
    assert build(options, print).ok
    report = ace_report(project.out / "raw.epub", tmp_path / "ace")
    assert violations(report) == []
