"""Lines of mixed scripts in the printed sheet's justified narrative: Chinese and Japanese
break between characters, Korean between words, and no line is left short."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from factsheet.fixity import document_files
from factsheet.printed import weasyprint_layout
from factsheet.printed.edition import print_sheet
from factsheet.reader import load_document
from factsheet.writers import Job

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scripts"
MIXED = FIXTURES / "mixed-scripts.md"


def printed(path: Path):
    document = load_document(path, path.parent).document
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    job = Job(
        document,
        path.parent,
        when=when,
        files=document_files(document, path.parent),
        digest="0" * 64,
    )
    return print_sheet(job)


@pytest.fixture(scope="module")
def lines():
    fills = list(weasyprint_layout.line_fills(printed(MIXED).layout))
    return [fill for fill in fills if fill.width > 300]  # the narrative, not the colophon


def test_every_line_of_a_justified_paragraph_but_its_last_fills_the_column(lines):
    narrative = [fill for fill in lines if any(ord(char) > 0x2E80 for char in fill.text)]
    assert len(narrative) >= 8, [fill.text for fill in lines]
    for fill in lines:
        if not fill.last:
            assert fill.natural >= 0.8 * fill.width, (fill.text, fill.natural, fill.width)
            assert fill.justified >= fill.width - fill.em, (fill.text, fill.justified)


def _hangul(text: str) -> bool:
    return bool(text) and "\uac00" <= text <= "\ud7a3"


def test_korean_breaks_lines_between_words_not_between_syllables(lines):
    korean = [fill for fill in lines if any(_hangul(char) for char in fill.text)]
    assert len(korean) >= 2, "the Korean sentence runs over a line's end"
    written = " ".join(MIXED.read_text(encoding="utf-8").split())
    for before, after in itertools.pairwise(lines):
        end, start = before.text.rstrip()[-1:], after.text[:1]
        if _hangul(end) and _hangul(start):
            assert end + start not in written, (before.text, after.text)
