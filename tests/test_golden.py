"""Golden fixtures: input and expected HTML side by side in tests/fixtures/golden/<name>/.

Set FACTSHEET_UPDATE_GOLDEN=1 to rewrite the expected files after an intended change.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from factsheet.contexts import build_context
from factsheet.reader import load_document
from factsheet.templates import environment, render

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.md").is_file())


def article_html(case: Path) -> str:
    document = load_document(case / "input.md", case).document
    when = dt.datetime.combine(document.meta.updated, dt.time(), dt.UTC)
    page = render(environment(), "page.html.j2", build_context(document, when=when))
    return re.search(r"<article.*</article>\n", page, re.DOTALL).group(0)


@pytest.mark.parametrize("name", CASES)
def test_rendered_article_matches_the_golden_file(name):
    case = GOLDEN / name
    actual = article_html(case)
    expected_path = case / "expected.html"
    if os.environ.get("FACTSHEET_UPDATE_GOLDEN") == "1":
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")
