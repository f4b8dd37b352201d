"""Format v2's conflict fields reach every output, set as Wikipedia sets them, and v1 files are
left exactly as they were: they do not get v2's stylesheet."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from conftest import REPO, epubcheck_findings, run_factsheet
from factsheet.chart import casualty_chart
from factsheet.context import Breakdown, casualty_table, fate_legend
from factsheet.reader import load_document
from factsheet.versions import needs_v2
from factsheet.words import labels_for

V2 = REPO / "tests" / "fixtures" / "golden" / "conflict-v2" / "input.md"
SLUG = "northern-war"


def meta(path: Path):
    return load_document(path, path.parent).document.meta


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("v2")
    (root / "content").mkdir()
    shutil.copy(V2, root / "content" / f"{SLUG}.md")
    result = run_factsheet("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "0 failed, 0 warning(s)" in result.stderr
    return root / "output"


def v1_documents() -> list[Path]:
    return [
        *sorted((REPO / "content").glob("*.md")),
        REPO / "tests" / "fixtures" / "golden" / "small-sheet" / "input.md",
        *sorted(p for p in (REPO / "tests" / "format_v1").glob("*.md") if p.stem != "README"),
    ]


@pytest.mark.parametrize("path", v1_documents(), ids=lambda p: p.parent.name + "/" + p.name)
def test_a_v1_document_still_loads_and_needs_nothing_of_v2(path):
    loaded = load_document(path, path.parent)  # raises ContentError on any error
    assert not needs_v2(loaded.document.meta)


def test_a_document_that_gives_a_v2_field_gets_v2s_rules(built):
    assert needs_v2(meta(V2))
    page = (built / f"{SLUG}.html").read_text(encoding="utf-8")
    assert ".infobox-table .group-label" in page
    with zipfile.ZipFile(built / f"{SLUG}.epub") as book:
        assert ".infobox-table .group-label" in book.read("EPUB/css/ebook.css").decode()


def test_the_flagships_page_has_no_v2_rules(flagship_outputs):
    page = flagship_outputs["html"].read_text(encoding="utf-8")
    assert ".group-label" not in page and "fate-legend" not in page


def test_each_v2_field_reaches_the_printed_sheet(built):
    with pdfplumber.open(built / f"{SLUG}.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    flat = squash(text)
    for shown in (
        "Treaty of the Lakes",  # a list fact
        "Area of operations",  # a heading row
        "c. 2,400 km",  # a quantity with its unit
        "† Killed in action # Died during the conflict (WIA) Wounded in action",
        "(POW) Prisoner of war ‡ Executed",
        "Died of disease c. 1,000",  # another loss, under its label
        "(Killed: 5,000; Wounded: 3,000)",
        "Reed Clans and Heron",  # one figure for a group
        "Killed: 9,372; Captured: 7,000+",  # a breakdown without a total
        "Civilians 5,700–8,000",
    ):
        assert squash(shown) in flat, shown


def squash(text: str) -> str:
    """Text without its spaces: the PDF's text sets no space for a no-break space."""
    return "".join(text.split())


def test_each_side_list_entry_is_set_whole(built):
    """Side-list entries are set in columns side by side, which text extraction interleaves:
    each entry is looked for in its own cell of the printed sheet."""
    with pdfplumber.open(built / f"{SLUG}.pdf") as pdf:
        page = pdf.pages[0]
        cells = [word for word in page.extract_words() if word["x0"] > page.width / 2]
        middle = (min(w["x0"] for w in cells) + max(w["x1"] for w in cells)) / 2
        left = page.crop((0, 0, middle, page.height)).extract_text()
        right = page.crop((middle, 0, page.width, page.height)).extract_text()
    left, right = squash(left), squash(right)
    for shown in (
        "Kingdom of Aster (from 1779)",
        "Marsh Republic (1780–1782)",
        "Supported by: Duchy of Fenn",
        "Allied peoples Reed Clans Heron Clans",
        "Bror Aster † Kingdom of Aster",  # the role under the name
        "Cato Marsh (POW)",
        "35,000 (Lake League, army)",
        "60 ships (Kingdom of Aster, navy, 1780)",
    ):
        assert squash(shown) in left, shown
    for shown in ("Empire of Gale Auxiliaries Pike Auxiliaries", "Edda Gale ‡ Northern army"):
        assert squash(shown) in right, shown


def test_the_e_book_carries_them_and_passes_epubcheck(built, tmp_path):
    with zipfile.ZipFile(built / f"{SLUG}.epub") as book:
        sheet = book.read(f"EPUB/{SLUG}.xhtml").decode()
    assert '<abbr class="fate" title="Killed in action">†</abbr>' in sheet
    assert '<span class="group-label">Allied peoples</span>' in sheet
    assert '<tbody class="civilians">' in sheet
    assert epubcheck_findings([built / f"{SLUG}.epub"], tmp_path / "epubcheck") == []


def test_the_legend_lists_the_marks_used_in_wikipedias_order():
    sides = meta(V2).infobox.sides
    labels = labels_for("en")
    assert fate_legend(sides, labels) == (
        ("†", "Killed in action"),
        ("#", "Died during the conflict"),
        ("(WIA)", "Wounded in action"),
        ("(POW)", "Prisoner of war"),
        ("‡", "Executed"),
    )
    assert fate_legend(sides[1:], labels) == (
        ("#", "Died during the conflict"),
        ("(WIA)", "Wounded in action"),
        ("‡", "Executed"),
    )


def test_the_table_has_a_row_per_belligerent_or_group_and_one_for_civilians():
    document = meta(V2)
    labels = labels_for("en")
    table = casualty_table(
        document.infobox.sides, labels, "en", document.infobox.civilian_casualties
    )
    groups = {group.name: group for group in table.groups}
    assert [row.label for row in groups["kinds"].rows] == [
        "Total",
        "Killed",
        "Wounded",
        "Died of disease",
    ]
    rows = {row.label: row.cells for row in groups["by_belligerent"].rows}
    assert list(rows) == ["Lake League", "Reed Clans and Heron Clans", "Empire of Gale"]
    league = rows["Lake League"][0]
    assert isinstance(league, Breakdown) and [label for label, _ in league.parts] == [
        "Killed",
        "Wounded",
    ]
    assert rows["Reed Clans and Heron Clans"][0][0].at_least == 1000
    assert rows["Empire of Gale"][1].total is None
    (civilians,) = groups["civilians"].rows
    assert civilians.label == "Civilians" and civilians.cells[0][0].min == 5700


def test_a_group_of_belligerents_is_named_in_the_documents_language():
    document = meta(V2)
    table = casualty_table(document.infobox.sides, labels_for("fr"), "fr")
    names = [row.label for group in table.groups for row in group.rows]
    assert "Reed Clans et Heron Clans" in names


def test_civilians_are_a_bar_of_the_chart_and_alone_make_none():
    document = meta(V2)
    labels = labels_for("en")
    civilians = document.infobox.civilian_casualties
    chart = casualty_chart(document.infobox.sides, "en", labels, civilians)
    assert [bar.name for bar in chart.bars][-1] == "Civilians"
    assert chart.bars[-1].kind == "range"
    assert "Civilians: 5,700–8,000." in chart.description
    assert casualty_chart(document.infobox.sides[:1], "en", labels, civilians) is not None
    assert casualty_chart((), "en", labels, civilians) is None


def test_the_legend_and_the_civilians_row_speak_the_documents_language():
    sides = meta(V2).infobox.sides
    assert fate_legend(sides, labels_for("fr"))[0] == ("†", "Tué au combat")
    assert fate_legend(sides, labels_for("ru"))[-1] == ("‡", "Казнён")
    assert labels_for("de")["civilians"] == "Zivilisten"
    assert labels_for("ja")["since"].format(date="1779") == "1779から"
