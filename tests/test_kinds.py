"""A person, a place, a ship and an organisation (tests/fixtures/kinds), built once in every
format with their collection: each infobox sets its kind's rows in Wikipedia's order, with
dates and figures in the document's language, in the web page, the e-book and the PDF; the
e-books pass EPUBCheck and Ace; the booklet's index lists the people the sheets name."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pdfplumber
import pytest
from lxml import etree

from conftest import REPO, ace_report, epubcheck_findings, run_factsheet, violations

KINDS = REPO / "tests" / "fixtures" / "kinds"
SLUGS = sorted(path.stem for path in KINDS.glob("*.md") if path.name != "README.md")
COLLECTION = "kinds"

ROWS: dict[str, list[tuple[str, str | None]]] = {
    "georgy-zhukov": [
        ("Minister of Defence of the Soviet Union", None),
        ("In office", "February 9, 1955 – October 26, 1957"),
        ("Preceded by", "Nikolai Bulganin"),
        ("Succeeded by", "Rodion Malinovsky"),
        ("Personal details", None),
        ("Born", "December 1, 1896 Strelkovka, Kaluga Governorate, Russian Empire"),
        ("Died", "June 18, 1974 (aged 77) Moscow, Russian SFSR, Soviet Union"),
        ("Resting place", "Kremlin Wall Necropolis"),
        ("Nationality", "Soviet"),
        ("Military service", None),
        ("Allegiance", "Russian Empire | Soviet Union"),
        ("Branch/service", "Imperial Russian Army | Red Army | Soviet Army"),
        ("Years of service", "1915–1957"),
        ("Rank", "Marshal of the Soviet Union"),
        (
            "Battles/wars",
            "World War I | Russian Civil War | Battles of Khalkhin Gol | World War II",
        ),
        ("Awards", "Hero of the Soviet Union (four times) | Order of Victory (twice)"),
        ("Political party", "Communist Party of the Soviet Union"),
    ],
    "vladivostok": [
        ("Country", "Russia"),
        ("Region", "Primorsky Krai"),
        ("Coordinates", "43°08′N 131°54′E"),
        ("Established", "July 2, 1860"),
        ("Area", "331.16 km²"),
        ("Elevation", "8 m"),
        ("Population", "604,901 (2018)"),
        ("Time zone", "UTC+10 (MSK+7)"),
        ("City status since", "22 April 1880"),
    ],
    "japanese-gunboat-futami": [
        ("History", None),
        ("Operator", "Imperial Japanese Navy"),
        ("Builder", "Fujinagata Shipyards, Osaka"),
        ("Laid down", "June 25, 1929"),
        ("Launched", "November 20, 1929"),
        ("Commissioned", "February 28, 1930"),
        ("Fate", "Captured by the People’s Republic of China in 1949; scrapped in the 1960s"),
        ("General characteristics", None),
        ("Class and type", "Atami-class river gunboat"),
        ("Displacement", "206 t"),
        ("Length", "46.3 m"),
        ("Beam", "6.79 m"),
        ("Speed", "16 knots"),
        ("Complement", "54"),
        ("Armament", "1 × 80 mm/28 calibre gun | 5 × 7.7 mm machine guns"),
        ("Stricken", "30 September 1945"),
    ],
    "kwantung-army": [
        ("Type", "General army"),
        ("Founded", "April 1919"),
        ("Dissolved", "August 1945"),
        (
            "Headquarters",
            "Ryojun, Kwantung Leased Territory (to 1932); Hsinking, Manchukuo (1932–1945)",
        ),
        (
            "Leaders",
            "Kenkichi Ueda (commander 1936–1939) | Yoshijirō Umezu (commander 1939–1944)"
            " | Otozō Yamada (commander 1944–1945)",
        ),
        ("Members", "713,000 troops (1945)"),
        ("Predecessor", "Kwantung Garrison"),
        ("Allegiance", "Emperor of Japan"),
    ],
}
"""Each sheet's infobox rows as a reader reads them: a band alone, or a label and its values
(a list's items between bars), the kind's rows first, then the free facts."""

FRENCH_ROWS = [
    ("Minister of Defence of the Soviet Union", None),
    ("En fonction", "9 février 1955 – 26 octobre 1957"),
    ("Prédécesseur", "Nikolai Bulganin"),
    ("Successeur", "Rodion Malinovsky"),
    ("Biographie", None),
    ("Naissance", "1 décembre 1896 Strelkovka, Kaluga Governorate, Russian Empire"),
    ("Décès", "18 juin 1974 (à 77 ans) Moscow, Russian SFSR, Soviet Union"),
]


def plain(text: str) -> str:
    return " ".join(text.split())


def infobox_rows(root: etree._Element) -> list[tuple[str, str | None]]:
    """The rows of the infobox in a web page or e-book, as `ROWS` writes them."""
    (box,) = root.xpath("//*[local-name()='aside'][@id='fs-infobox']")
    for br in box.xpath(".//*[local-name()='br']"):
        br.tail = " " + (br.tail or "")  # a line break reads as a space
    rows: list[tuple[str, str | None]] = []
    for tr in box.xpath(".//*[local-name()='tr']"):
        classes = tr.get("class", "").split()
        cells = tr.xpath("./*[local-name()='th' or local-name()='td']")
        if "band" in classes:
            rows.append((plain("".join(cells[0].itertext())), None))
        elif "across" in classes:
            label = plain("".join(tr.xpath(".//*[@class='label']")[0].itertext()))
            rows.append((label, plain("".join(cells[0].itertext()))[len(label) :].strip()))
        else:
            items = cells[1].xpath(".//*[local-name()='li']")
            value = " | ".join(plain("".join(i.itertext())) for i in items) or plain(
                "".join(cells[1].itertext())
            )
            rows.append((plain("".join(cells[0].itertext())), value))
    return rows


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four sheets and their collection, built once as PDF, EPUB and web page."""
    root = tmp_path_factory.mktemp("kinds")
    (root / "content").mkdir()
    for slug in SLUGS:
        shutil.copy(KINDS / f"{slug}.md", root / "content" / f"{slug}.md")
    (root / "content" / "collection.yaml").write_text(
        f"title: Kinds\nslug: {COLLECTION}\ndocuments: [{', '.join(SLUGS)}]\n"
    )
    result = run_factsheet(
        "build", "--content", "content", "--out", "output", "--format", "pdf,epub,html", cwd=root
    )
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("content/")] == []
    assert ", 0 failed, 0 warning(s) in " in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr
    return root / "output"


def test_the_fixtures_are_one_of_each_kind():
    kinds = {
        re.search(r"^kind: (\w+)$", (KINDS / f"{slug}.md").read_text(), re.M)[1] for slug in SLUGS
    }
    assert kinds == {"person", "place", "ship", "organisation"}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_web_page_sets_the_rows_in_order(out, slug):
    page = lxml.html.fromstring((out / f"{slug}.html").read_bytes())
    assert infobox_rows(page) == ROWS[slug]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_ebook_sets_the_rows_in_order(out, slug):
    with zipfile.ZipFile(out / f"{slug}.epub") as book:
        sheet = etree.fromstring(book.read(f"EPUB/{slug}.xhtml"))
    assert infobox_rows(sheet) == ROWS[slug]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_pdf_prints_each_label_in_order_and_each_value(out, slug):
    """Read from the infobox's side of page 1: every label, top to bottom in the expected order
    (by its first word), and every value."""
    with pdfplumber.open(out / f"{slug}.pdf") as pdf:
        page = pdf.pages[0]
        side = page.crop((page.width * 0.55, 0, page.width, page.height * 0.9))
        text = plain(side.extract_text(x_tolerance=1) or "")
        tops = [side.search(re.escape(label.split()[0]))[0]["top"] for label, _ in ROWS[slug]]
    assert tops == sorted(tops)
    for part in (p for _, value in ROWS[slug] if value for p in value.split(" | ")):
        assert part.replace("’", "'") in text.replace("’", "'")


def french_rows(tmp_path: Path, slug: str) -> list[tuple[str, str]]:
    """The infobox rows of a sheet's web page, the sheet set in French."""
    (tmp_path / "content").mkdir()
    text = (KINDS / f"{slug}.md").read_text().replace("lang: en\n", "lang: fr\n", 1)
    (tmp_path / "content" / f"{slug}.md").write_text(text)
    result = run_factsheet("build", "--content", "content", "--format", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return infobox_rows(lxml.html.fromstring((tmp_path / "output" / f"{slug}.html").read_bytes()))


def test_a_french_person_sheet_sets_its_dates_and_labels_in_french(tmp_path):
    assert french_rows(tmp_path, "georgy-zhukov")[: len(FRENCH_ROWS)] == FRENCH_ROWS


def test_every_ebook_passes_epubcheck(out, tmp_path):
    books = [out / f"{slug}.epub" for slug in SLUGS] + [out / f"{COLLECTION}.epub"]
    assert epubcheck_findings(books, tmp_path / "epubcheck") == []


@pytest.mark.parametrize("slug", [*SLUGS, COLLECTION])
def test_every_ebook_passes_ace(out, slug, tmp_path):
    assert violations(ace_report(out / f"{slug}.epub", tmp_path / "ace")) == []


def test_the_booklets_index_lists_the_person_and_the_organisations_leaders(out):
    """The person a sheet is about, filed under the family name with the page of the sheet,
    and an organisation's leaders with theirs."""
    with pdfplumber.open(out / f"{COLLECTION}.pdf") as pdf:
        pages = [page.extract_text(x_tolerance=1) or "" for page in pdf.pages]
    index = next(text for text in pages if text.startswith("Index of names"))
    starts = {
        title: next(n for n, text in enumerate(pages, 1) if text.startswith(title + "\n"))
        for title in ("Georgy Zhukov", "Kwantung Army")
    }
    for name, sheet in (
        ("Zhukov, Georgy", "Georgy Zhukov"),
        ("Ueda, Kenkichi", "Kwantung Army"),
        ("Umezu, Yoshijirō", "Kwantung Army"),
        ("Yamada, Otozō", "Kwantung Army"),
    ):
        assert f"{name} {starts[sheet]}" in index


def test_a_measure_with_a_decimal_point_takes_the_languages_decimal_sign(tmp_path):
    rows = dict(french_rows(tmp_path, "japanese-gunboat-futami"))
    assert rows["Longueur"] == "46,3 m" and rows["Largeur"] == "6,79 m"
