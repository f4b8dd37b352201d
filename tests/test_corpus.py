"""The corpus of real Wikipedia articles in format v2 (tests/fixtures/corpus): each is checked
and built once, and every e-book passes EPUBCheck and Ace; the web page and e-book show every
belligerent, leader and commander of the front matter, and what v2 adds to a conflict: group
headings, supporters, commanders' roles, civilian casualties and each belligerent's figures."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest
import yaml
from lxml import etree

from conftest import REPO, ace_report, epubcheck_findings, run_factsheet, violations
from factsheet.frontmatter import split
from factsheet.model import BREAKDOWN, FrontMatter, Quantity
from factsheet.values import quantities_in

CORPUS = REPO / "tests" / "fixtures" / "corpus"
SLUGS = sorted(path.stem for path in CORPUS.glob("*.md") if path.name != "README.md")
WARNINGS = [
    "content/battles-of-khalkhin-gol.md:91:16: infobox.sides[1].casualties.total: warning: "
    "combat + non_combat adds up to 19,714–20,066, which does not match total 21,000–30,000",
    "content/sino-soviet-conflict-1929.md:44:19: infobox.sides[0].casualties.captured: warning: "
    "captured (8,550) is more than total 4,500–5,500",
    "content/sino-soviet-conflict-1929.md:45:16: infobox.sides[0].casualties.total: warning: "
    "killed + wounded + captured adds up to 11,550, more than total 4,500–5,500",
]
"""True warnings: the article gives Japan's combat and non-combat losses alone, and a total
(~21,000–30,000) that also counts Manchukuo's; for China in 1929 it gives official counts of
killed, wounded and captured beside a modern estimate of the total (c. 5,000) that cannot
hold the 8,550 captured. Each pair comes from different counts, as the article says."""


def front_matter(slug: str) -> dict:
    text = (CORPUS / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def model(slug: str) -> FrontMatter:
    """The document's front matter as factsheet reads it (figures as written, dates as text)."""
    path = CORPUS / f"{slug}.md"
    return FrontMatter.model_validate(split(path, path.read_text(encoding="utf-8")).data)


def people_and_parties(slug: str) -> list[str]:
    """Every belligerent, leader and commander the document's sides name."""
    return [
        str(named)
        for side in model(slug).infobox.sides
        for field in ("belligerents", "leaders", "commanders")
        for named in getattr(side, field)
    ]


def written(quantity: Quantity) -> str:
    """The figure as an English page shows it, without the approximation's sign."""
    match quantity.kind:
        case "exact":
            return f"{quantity.value:,}"
        case "approx":
            return f"{quantity.approx:,}"
        case "range":
            return f"{quantity.min:,}–{quantity.max:,}"
        case "at_least":
            return f"{quantity.at_least:,}+"
    return str(quantity.value)


def quantities(meta: FrontMatter) -> list[Quantity]:
    """Every quantity of the infobox, wherever it is given."""
    return [quantity for _, quantity in quantities_in(meta.infobox)]


def v2_words(slug: str) -> list[str]:
    """What v2 adds that a reader must see: each group heading, supporter, commander's role
    and civilian casualty figure, and each belligerent's killed and wounded figures."""
    infobox = model(slug).infobox
    words = [written(q) for q in infobox.civilian_casualties or ()]
    for side in infobox.sides:
        for belligerent in side.belligerents:
            words += [belligerent.group or "", *(belligerent.supported_by or ())]
        words += [person.role or "" for person in side.people]
        for entry in side.casualties.by_belligerent if side.casualties else ():
            for kind in ("killed", "wounded"):
                words += [written(q) for q in getattr(entry, kind) or ()]
    return [word for word in dict.fromkeys(words) if word]


def problems(stderr: str) -> list[str]:
    """The problem lines of a run, without its summary line (which carries a time)."""
    return [line for line in stderr.splitlines() if line.startswith("content/")]


def plain(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding the corpus' documents (not its README) in content/."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "content").mkdir()
    for slug in SLUGS:
        shutil.copy(CORPUS / f"{slug}.md", root / "content" / f"{slug}.md")
    return root


@pytest.fixture(scope="module")
def out(project: Path) -> Path:
    """Every document of the corpus built once, in one run, as PDF, EPUB and web page."""
    result = run_factsheet(
        "build",
        "--content",
        "content",
        "--out",
        "output",
        "--format",
        "pdf,epub,html",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == WARNINGS
    assert "Traceback" not in result.stderr
    return project / "output"


def test_the_corpus_covers_the_issue():
    """At least eight articles, one of them with more than ten belligerents on a side, one
    with four sides or more, one with unnamed sides of many belligerents (issue 13)."""
    assert len(SLUGS) >= 8
    sides = {slug: front_matter(slug)["infobox"]["sides"] for slug in SLUGS}
    assert max(len(s["belligerents"]) for each in sides.values() for s in each) > 10
    assert max(len(each) for each in sides.values()) >= 4
    assert any(
        "name" not in s and len(s["belligerents"]) > 3 for each in sides.values() for s in each
    )


def test_check_finds_no_error_and_only_the_true_warnings(project):
    result = run_factsheet("check", "--content", "content", cwd=project)
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == WARNINGS
    assert result.stderr.splitlines()[-1].startswith(
        f"checked: 0 failed, {len(WARNINGS)} warning(s) in "
    )


def test_the_corpus_exercises_every_v2_conflict_field():
    """Issue 14: the corpus is the test bed of v2's conflict fields; each is given somewhere,
    as the README's "How v2 says it" lists, so that rendering them is tested on real data."""
    used: dict[str, list[str]] = {}

    def seen(field: str, slug: str) -> None:
        used.setdefault(field, [])
        if slug not in used[field]:
            used[field].append(slug)

    for slug in SLUGS:
        infobox = model(slug).infobox
        if infobox.civilian_casualties:
            seen("civilian_casualties", slug)
        for fact in infobox.facts:
            if isinstance(fact.value, tuple):
                seen("fact list value", slug)
            if fact.quantity and fact.unit:
                seen("fact quantity with unit", slug)
            elif fact.quantity:
                seen("fact quantity", slug)
        for side in infobox.sides:
            for belligerent in side.belligerents:
                for field in ("group", "supported_by", "start", "end"):
                    if getattr(belligerent, field):
                        seen(f"belligerent {field}", slug)
            for person in side.people:
                for field in ("role", "fate"):
                    if getattr(person, field):
                        seen(f"person {field}", slug)
            for entry in side.strength:
                for field in ("belligerent", "date"):
                    if getattr(entry, field):
                        seen(f"strength {field}", slug)
            casualties = side.casualties
            if casualties is None:
                continue
            if casualties.other:
                seen("casualties other", slug)
            for entry in casualties.by_belligerent:
                seen("by_belligerents" if entry.belligerents else "by_belligerent", slug)
                for kind in (*BREAKDOWN, "other", "part"):
                    if getattr(entry, kind):
                        seen(f"by_belligerent {kind}", slug)
    assert used == {
        "belligerent end": ["russian-civil-war", "second-sino-japanese-war"],
        "belligerent group": [
            "boxer-rebellion",
            "korean-war",
            "second-sino-japanese-war",
            "soviet-invasion-of-manchuria",
        ],
        "belligerent start": ["russian-civil-war", "second-sino-japanese-war"],
        "belligerent supported_by": ["mongolian-revolution-of-1921", "second-sino-japanese-war"],
        "by_belligerent": [
            "battles-of-khalkhin-gol",
            "korean-war",
            "russian-civil-war",
            "second-sino-japanese-war",
            "soviet-invasion-of-manchuria",
        ],
        "by_belligerent captured": [
            "russian-civil-war",
            "second-sino-japanese-war",
            "soviet-invasion-of-manchuria",
        ],
        "by_belligerent count": [
            "battles-of-khalkhin-gol",
            "russian-civil-war",
            "second-sino-japanese-war",
        ],
        "by_belligerent killed": [
            "russian-civil-war",
            "second-sino-japanese-war",
            "soviet-invasion-of-manchuria",
        ],
        "by_belligerent missing": ["second-sino-japanese-war"],
        "by_belligerent other": [
            "korean-war",
            "second-sino-japanese-war",
            "soviet-invasion-of-manchuria",
        ],
        "by_belligerent part": ["second-sino-japanese-war"],
        "by_belligerent wounded": [
            "russian-civil-war",
            "second-sino-japanese-war",
            "soviet-invasion-of-manchuria",
        ],
        "by_belligerents": ["korean-war", "soviet-invasion-of-manchuria"],
        "casualties other": ["korean-war", "russian-civil-war", "second-sino-japanese-war"],
        "civilian_casualties": ["boxer-rebellion", "korean-war", "second-sino-japanese-war"],
        "fact list value": [
            "battles-of-khalkhin-gol",
            "korean-war",
            "russian-civil-war",
            "sino-soviet-conflict-1929",
            "soviet-invasion-of-manchuria",
        ],
        "fact quantity": ["boxer-rebellion", "russian-civil-war"],
        "fact quantity with unit": ["mongolian-revolution-of-1921"],
        "person fate": ["boxer-rebellion", "russian-civil-war", "soviet-invasion-of-manchuria"],
        "person role": [
            "battles-of-khalkhin-gol",
            "boxer-rebellion",
            "korean-war",
            "second-sino-japanese-war",
            "soviet-invasion-of-manchuria",
        ],
        "strength belligerent": [
            "battles-of-khalkhin-gol",
            "boxer-rebellion",
            "kanchazu-island-incident",
            "korean-war",
            "second-sino-japanese-war",
            "sino-soviet-conflict-1929",
            "soviet-invasion-of-manchuria",
        ],
        "strength date": ["battles-of-khalkhin-gol", "second-sino-japanese-war"],
    }


def test_figures_written_as_wikipedia_writes_them_are_read_as_numbers():
    """`c. 20,000`, `5,700–8,000`, `7,000+` in the corpus are figures, not text: the only text
    quantities left are the words Wikipedia gives instead of a figure."""
    texts = sorted(
        {
            quantity.value
            for slug in SLUGS
            for quantity in quantities(model(slug))
            if quantity.kind == "text"
        }
    )
    assert texts == [
        "far more than officially reported",
        "large amounts",
        "most of their troops",
        "none",
        "significant losses",
        "unknown",
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_format_is_built(out, slug):
    for suffix in ("pdf", "epub", "html"):
        assert (out / f"{slug}.{suffix}").stat().st_size > 0


def test_every_epub_passes_epubcheck(out, tmp_path):
    books = [out / f"{slug}.epub" for slug in SLUGS]
    assert epubcheck_findings(books, tmp_path / "epubcheck") == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_epub_passes_ace(out, slug, tmp_path):
    report = ace_report(out / f"{slug}.epub", tmp_path / "ace")
    assert violations(report) == []


def reader_texts(out: Path, slug: str) -> dict[str, str]:
    """What a reader reads of the sheet in the web page (its styles left out) and the e-book."""
    page = lxml.html.fromstring((out / f"{slug}.html").read_bytes())
    for style in page.iter("style"):
        style.drop_tree()
    with zipfile.ZipFile(out / f"{slug}.epub") as book:
        sheet = etree.fromstring(book.read(f"EPUB/{slug}.xhtml"))
    return {"html": plain(page.text_content()), "epub": plain(" ".join(sheet.itertext()))}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_web_page_and_the_ebook_name_every_party_and_person(out, slug):
    texts = reader_texts(out, slug)
    missing = {
        kind: [name for name in people_and_parties(slug) if name not in text]
        for kind, text in texts.items()
    }
    assert missing == {"html": [], "epub": []}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_web_page_and_the_ebook_show_what_v2_adds(out, slug):
    """Group headings, supporters, commanders' roles, civilian casualties and each
    belligerent's killed and wounded figures reach the reader in both outputs."""
    texts = reader_texts(out, slug)
    missing = {
        kind: [word for word in v2_words(slug) if word not in text] for kind, text in texts.items()
    }
    assert missing == {"html": [], "epub": []}
