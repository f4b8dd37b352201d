"""Incremental builds: only what changed is rebuilt; --force rebuilds everything."""

from __future__ import annotations

import shutil

from conftest import REPO
from factsheet.pipeline import Options, build
from factsheet.writers.job import PrintSettings


def run(project, **options) -> tuple[list[str], list[str]]:
    report = build(Options(content=project.content, out=project.out, **options), lambda e: None)
    assert report.ok
    return sorted(report.built), sorted(report.skipped)


def test_only_what_changed_is_rebuilt(project, tmp_path):
    shutil.copytree(REPO / "content", project.content, dirs_exist_ok=True)
    both = ["battle-of-lake-khasan", "soviet-japanese-border-conflicts"]
    assert run(project) == (both, [])
    before = {p: p.read_bytes() for p in project.out.rglob("*.pdf")}
    assert run(project) == ([], both), "nothing changed, nothing built"
    assert {p: p.read_bytes() for p in project.out.rglob("*.pdf")} == before

    sheet = project.content / "battle-of-lake-khasan.md"
    sheet.write_text(sheet.read_text().replace("Ceasefire}", "Ceasefire agreed}"))
    assert run(project) == (["battle-of-lake-khasan"], ["soviet-japanese-border-conflicts"])

    assert run(project, printing=PrintSettings(paper="letter")) == (both, []), "options count"
    assert run(project, printing=PrintSettings(paper="letter"), force=True) == (both, [])

    (project.out / "soviet-japanese-border-conflicts.html").write_text("tampered")
    assert run(project, printing=PrintSettings(paper="letter")) == (
        ["soviet-japanese-border-conflicts"],
        ["battle-of-lake-khasan"],
    ), "an output changed since the last build is rebuilt"

    templates = tmp_path / "mine"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "colophon.html.j2").write_text("<footer>Ours</footer>\n")
    assert run(project, printing=PrintSettings(paper="letter"), templates=templates) == (both, [])
