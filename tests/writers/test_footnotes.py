"""Page-foot footnotes: each note on the page of its call, several to a page, near a break too.

WeasyPrint's tracker reports notes that land on the page before their call and trouble with
several notes on one page; these tests set calls at many places around a page break.
"""

from __future__ import annotations

import pdfplumber
import pytest

from factsheet.pipeline import Options, build

FILLER = (
    "This paragraph is filler text of ordinary length, set to move the next call further "
    "down the page so that it lands near the foot, where a note is most easily misplaced. "
)


WORDS = FILLER.split()


def sheet(extra_words: int) -> str:
    """Eight filler paragraphs put the Delta call low on page 1; extra words push it to the foot
    and over the break, a fraction of a line at a time."""
    body = [
        "Alpha starts here.[^alpha] Bravo follows.[^bravo] Charlie ends the trio.[^charlie]",
        *[FILLER * 3 for _ in range(8)],
        " ".join((WORDS * 10)[:extra_words]),
        "Delta is the call near the break.[^delta]",
        *[FILLER * 2 for _ in range(3)],
        "[^alpha]: Note for alpha.",
        "[^bravo]: Note for bravo.",
        "[^charlie]: Note for charlie.",
        "[^delta]: Note for delta.",
    ]
    return "---\ntitle: Footnote test\n---\n" + "\n\n".join(body) + "\n"


def pages_of(pdf_path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


@pytest.mark.parametrize("extra_words", range(0, 160, 8))
def test_each_note_is_on_the_page_of_its_call(project, extra_words):
    project.write("notes.md", sheet(extra_words))
    report = build(Options(content=project.content, out=project.out, formats=("pdf",)), print)
    assert report.ok
    pages = pages_of(project.out / "notes.pdf")
    for word, call in (
        ("alpha", "Alpha starts"),
        ("bravo", "Bravo follows"),
        ("charlie", "Charlie ends"),
        ("delta", "Delta is"),
    ):
        call_pages = [n for n, text in enumerate(pages) if call in text]
        note_pages = [n for n, text in enumerate(pages) if f"Note for {word}." in text]
        assert len(call_pages) == 1 and note_pages == call_pages, (word, call_pages, note_pages)
    first = pages[0]
    # Three notes at the foot of page 1, numbered in order, after the body text.
    assert (
        first.index("1. Note for alpha.")
        < first.index("2. Note for bravo.")
        < first.index("3. Note for charlie.")
    )
