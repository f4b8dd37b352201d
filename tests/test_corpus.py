"""The corpus of real Wikipedia articles (tests/fixtures/corpus): each is checked and built
once, and every e-book passes EPUBCheck and Ace; the web page and e-book show every
belligerent, leader and commander of the front matter."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest
import yaml
from lxml import etree

from conftest import REPO, ace_report, epubcheck_findings, run_factsheet, violations

CORPUS = REPO / "tests" / "fixtures" / "corpus"
SLUGS = sorted(path.stem for path in CORPUS.glob("*.md") if path.name != "README.md")
WARNINGS = [
    "content/battles-of-khalkhin-gol.md:79:16: infobox.sides[1].casualties.total: warning: "
    "combat + non_combat adds up to 19,714–20,066, which does not match total 21,000–30,000",
    "content/sino-soviet-conflict-1929.md:43:19: infobox.sides[0].casualties.captured: warning: "
    "captured (8,550) is more than total 4,500–5,500",
    "content/sino-soviet-conflict-1929.md:44:16: infobox.sides[0].casualties.total: warning: "
    "killed + wounded + captured adds up to 11,550, more than total 4,500–5,500",
]
"""True warnings: the article gives Japan's combat and non-combat losses alone, and a total
that also counts Manchukuo's; for China in 1929 it gives official counts of killed, wounded
and captured beside a modern estimate of the total that cannot hold the 8,550 captured."""


def front_matter(slug: str) -> dict:
    text = (CORPUS / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def people_and_parties(slug: str) -> list[str]:
    """Every belligerent, leader and commander the document's sides name."""
    sides = front_matter(slug)["infobox"]["sides"]
    return [
        name
        for side in sides
        for field in ("belligerents", "leaders", "commanders")
        for name in side.get(field, [])
    ]


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
    with four sides or more, one with unnamed sides of many belligerents."""
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


@pytest.mark.parametrize("slug", SLUGS)
def test_the_web_page_and_the_ebook_name_every_party_and_person(out, slug):
    page = lxml.html.fromstring((out / f"{slug}.html").read_bytes())
    for style in page.iter("style"):
        style.drop_tree()
    with zipfile.ZipFile(out / f"{slug}.epub") as book:
        sheet = etree.fromstring(book.read(f"EPUB/{slug}.xhtml"))
    texts = {"html": plain(page.text_content()), "epub": plain(" ".join(sheet.itertext()))}
    missing = {
        kind: [name for name in people_and_parties(slug) if name not in text]
        for kind, text in texts.items()
    }
    assert missing == {"html": [], "epub": []}
