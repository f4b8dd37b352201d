"""The Python API: docs/api.md's examples run as written, and the API and the command line
build the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import factsheet
from factsheet.starter import init_project

REPO = Path(__file__).resolve().parent.parent
API_DOC = REPO / "docs" / "api.md"


def _examples() -> list[tuple[int, str]]:
    """docs/api.md's Python blocks, with their lines, in order."""
    tokens = MarkdownIt("commonmark").parse(API_DOC.read_text(encoding="utf-8"))
    return [
        (token.map[0] + 1, token.content)
        for token in tokens
        if token.type == "fence" and token.info.strip() == "python"
    ]


@pytest.fixture
def starter(tmp_path, monkeypatch) -> Path:
    init_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_examples_in_docs_api_md_run(starter, capsys):
    examples = _examples()
    assert len(examples) >= 8
    names: dict = {}
    for line, code in examples[1:]:  # the first is the overview of the others
        try:
            exec(compile(code, f"{API_DOC}:{line}", "exec"), names)
        except Exception as error:
            pytest.fail(f"docs/api.md, example at line {line}: {type(error).__name__}: {error}")
    printed = capsys.readouterr().out
    assert "content/broken.md:3:7: lang: expected a BCP 47 language tag" in printed


def test_the_overview_example_runs(starter):
    exec(compile(_examples()[0][1], str(API_DOC), "exec"), {})


def test_the_api_and_the_command_line_write_the_same_bytes(tmp_path):
    for name in ("by-api", "by-cli"):
        init_project(tmp_path / name)
    report = factsheet.build(tmp_path / "by-api", formats=["pdf", "epub", "html"], jobs=1)
    assert report.ok and len(report.built) == 5
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "factsheet", "build", "--format", "pdf,epub,html"]
    subprocess.run(command, cwd=tmp_path / "by-cli", env=env, check=True, capture_output=True)
    made = sorted(p.relative_to(tmp_path / "by-api") for p in (tmp_path / "by-api").rglob("*.*"))
    built = [
        p
        for p in made
        if p.parts[0] == "output" and p.suffix != ".json" and not p.name.startswith(".")
    ]
    assert len(built) == 5 * 3 + 2  # each sheet, and the collection's booklet and e-book
    for path in built:
        assert (tmp_path / "by-api" / path).read_bytes() == (
            tmp_path / "by-cli" / path
        ).read_bytes(), path


def test_render_gives_the_bytes_a_build_writes(starter):
    factsheet.build(".", formats=["pdf", "epub", "html"], jobs=1)
    zhukov = factsheet.load("content/georgy-zhukov.md")
    for fmt, suffix in (("pdf", "pdf"), ("epub", "epub"), ("html", "html")):
        written = (starter / "output" / f"georgy-zhukov.{suffix}").read_bytes()
        assert factsheet.render(zhukov, fmt) == written, fmt


def test_the_project_file_is_read_by_the_api(starter):
    (starter / "factsheet.toml").write_text('out = "site"\nformats = ["html"]\n')
    report = factsheet.build(".")
    assert report.ok
    assert sorted(p.name for p in (starter / "site").glob("*.html"))[:1] == [
        "battle-of-lake-khasan.html"
    ]
    assert not (starter / "output").exists()
    # a keyword wins over the file
    factsheet.build(".", out="other")
    assert (starter / "other" / "vladivostok.html").is_file()


def test_render_refuses_an_unknown_format(starter):
    document = factsheet.load("content/vladivostok.md")
    with pytest.raises(ValueError, match="format: unknown format 'docx'; choose from pdf, "):
        factsheet.render(document, "docx")


def test_importing_factsheet_loads_none_of_the_rendering_libraries():
    code = "import sys, factsheet; print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'ebooklib', 'pydantic', 'jinja2')))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.stdout.strip() == "[]"


def test_every_name_factsheet_exports_is_there():
    for name in factsheet.__all__:
        assert getattr(factsheet, name) is not None, name
    with pytest.raises(AttributeError):
        factsheet.nothing_here  # noqa: B018


def test_check_returns_every_problem_located_and_writes_nothing(starter):
    (starter / "content" / "bad.md").write_text(
        "---\ntitle: Bad\nlang: en\nupdated: 2026-02-30\n---\n"
    )
    problems = factsheet.check(starter)
    assert [p.format(starter) for p in problems] == [
        "content/bad.md:4:10: updated: expected a real date, got '2026-02-30'"
        " (day is out of range for month)"
    ]
    assert all(p.severity is factsheet.Severity.ERROR for p in problems)
    assert not (starter / "output").exists()


def test_load_takes_the_projects_language_for_a_document_that_names_none(starter):
    (starter / "content" / "plain.md").write_text("---\ntitle: Plain\n---\nText.\n")
    assert factsheet.load("content/plain.md").meta.lang == "en"
    assert factsheet.load("content/plain.md", lang="fr").meta.lang == "fr"
    assert factsheet.load("content/vladivostok.md", lang="fr").meta.lang == "en"  # its own
