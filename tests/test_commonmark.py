"""The CommonMark specification's examples, each the body of a document: every one builds or
fails with a content error, and every e-book passes EPUBCheck with nothing to report, with raw
HTML shown as text and kept (`--allow-html`).

`make test` installs the examples (the `commonmark-spec` package, as spec.json) into
.tools/commonmark-spec; EPUBCheck runs once for all the books (tests/writers/CheckEpubs.java).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from conftest import ACE_LEFT_OUT, REPO, epubcheck_findings, run_factsheet

SPEC = Path(os.environ.get("FACTSHEET_COMMONMARK", REPO / ".tools/commonmark-spec/spec.json"))
PROBLEM = re.compile(r"content/example-(\d{3})\.md:\d+:\d+: body: (warning: )?(.*)")
ERRORS = re.compile(
    r"link '.*': links to files are not allowed; .*"
    r"|image '.*' (does not exist|lies outside the project)"
    r"|image '.*': only files inside the project can be used"
    r"|control character U\+0000 cannot be set; remove it"
)


def examples() -> list[dict]:
    assert SPEC.is_file(), f"the CommonMark examples are not installed at {SPEC}; run make test"
    return json.loads(SPEC.read_text(encoding="utf-8"))


@pytest.mark.parametrize("raw_html", [(), ("--allow-html",)], ids=["text", "allow-html"])
def test_every_commonmark_example_builds_or_fails_with_a_content_error(tmp_path, raw_html):
    cases = examples()
    assert len(cases) == 652
    content = tmp_path / "content"
    content.mkdir()
    for case in cases:
        body = case["markdown"].replace("→", "\t")  # the spec shows tabs as arrows
        (content / f"example-{case['number']:03}.md").write_text(
            f"---\ntitle: Example {case['number']}\n---\n{body}", encoding="utf-8"
        )
    build = ("build", "--format", "epub", "--jobs", "2", *raw_html)
    result = run_factsheet(*build, cwd=tmp_path, timeout=1800)
    assert result.returncode == 1, result.stderr[-2000:]
    *lines, summary = result.stderr.splitlines()
    failed = set()
    for line in lines:
        match = PROBLEM.fullmatch(line)
        assert match, line
        if not match[2]:
            assert ERRORS.fullmatch(match[3]), line
            failed.add(int(match[1]))
    books = sorted((tmp_path / "output").glob("*.epub"))
    assert len(books) == len(cases) - len(failed)
    assert summary.startswith(f"built {len(books)} document(s), {len(failed)} failed")

    assert epubcheck_findings(books, tmp_path / "epubcheck") == []
    # Ace takes seconds a book: run by hand on all of them (0 violations), not on every run.
    ACE_LEFT_OUT.update(hashlib.sha256(book.read_bytes()).hexdigest() for book in books)
