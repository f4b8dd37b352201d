"""The second sheet, the Battle of Lake Khasan: its facts in every output, and the links
between the two sheets working in each."""

from __future__ import annotations

import shutil
import zipfile

import pikepdf
import pytest
from test_flagship import epub_text, html_text, pdf_text

from conftest import FLAGSHIP, REPO
from factsheet.pipeline import Options, build

SLUG = "battle-of-lake-khasan"
FACTS = [
    "Battle of Lake Khasan",
    "Changkufeng Incident",
    "29 July – 11 August 1938",
    "Lake Khasan, Soviet Union, near the borders of Manchukuo and Korea",
    "The Soviet–Japanese border conflicts",
    "Ceasefire",
    "Tumen River",
    "Vasily Blyukher",
    "Nikolai Berzarin",
    "Grigory Shtern",
    "Kōtoku Satō",
    "22,950 troops",
    "354 tanks",
    "13 self-propelled guns",
    "237 artillery pieces",
    "70 fighters",
    "180 bombers",
    "7,000–7,300 troops",
    "37 artillery pieces",
    "792",
    "3,279",
    "46+",
    "96",
    "526",
    "913",
    "3,000",
    "killed and missing",
    "wounded or sick",
    "Soviet claim",
    "Japanese sources",
    "CC BY-SA 4.0",
]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("khasan")
    shutil.copytree(REPO / "content", root / "content")
    events: list = []
    assert build(Options(content=root / "content", out=root / "output"), events.append).ok, events
    return root / "output"


@pytest.mark.parametrize("fmt", ["pdf", "epub", "html"])
def test_every_fact_reaches_every_output(outputs, fmt):
    reader = {"pdf": pdf_text, "epub": epub_text, "html": html_text}[fmt]
    text = reader(outputs / f"{SLUG}.{fmt}")
    missing = [fact for fact in FACTS if fact not in text]
    assert missing == []


def test_the_sheets_link_to_each_other_where_the_format_allows(outputs):
    overview = (outputs / f"{FLAGSHIP}.html").read_text()
    assert '<a href="battle-of-lake-khasan.html">Battle of Lake Khasan</a>' in overview
    khasan = (outputs / f"{SLUG}.html").read_text()
    assert (
        '<a href="soviet-japanese-border-conflicts.html">Soviet–Japanese border conflicts</a>'
        in khasan
    )
    with zipfile.ZipFile(outputs / f"{FLAGSHIP}.epub") as book:
        sheet = book.read(f"EPUB/{FLAGSHIP}.xhtml").decode()
    # One e-book cannot link into another: the title stays, as text.
    assert '<span class="document-link">Battle of Lake Khasan</span>' in sheet
    with pikepdf.open(outputs / f"{FLAGSHIP}.pdf") as pdf:
        uris = [
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        ]
    assert not [uri for uri in uris if uri.startswith("file:")], "no local path in the PDF"
