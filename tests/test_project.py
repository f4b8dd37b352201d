"""The project file: factsheet.toml or [tool.factsheet], under the command line, over the
defaults; `factsheet config` says where each setting came from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from factsheet.project import ProjectError, find_project, read_project
from factsheet.settings import BY_KEY

REPO = Path(__file__).resolve().parent.parent
GOOD = "---\ntitle: Good\n---\nText.\n"
FRENCH = "---\ntitle: Bon\nlang: fr\n---\nTexte.\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "factsheet", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _config(result: subprocess.CompletedProcess) -> dict[str, str]:
    """`factsheet config`'s lines by setting: 'value  # source'."""
    lines = {}
    for line in result.stdout.splitlines()[1:]:
        key = line.removeprefix("# ").split(" = ")[0]
        lines[key] = line.split(" = ", 1)[1]
    return lines


def test_config_shows_each_setting_and_where_it_came_from(project):
    project.write("good.md", GOOD)
    (project.root / "factsheet.toml").write_text(
        '# the shop\'s settings\nout = "site"\n\npaper = "letter"\nformats = ["pdf", "html"]\n'
    )
    result = run("config", "--paper", "a4", "--no-strict", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "# settings in force; project file: factsheet.toml"
    shown = _config(result)
    assert list(shown) == list(BY_KEY)
    assert shown["out"] == '"site"  # factsheet.toml:2'
    assert shown["formats"] == '["pdf", "html"]  # factsheet.toml:5'
    assert shown["paper"] == '"a4"  # command line'
    assert shown["strict"] == "false  # command line"
    assert shown["content"] == '"content"  # default'
    assert shown["time-limit"] == "120  # default"
    assert shown["templates"] == "(not set)  # default"


def test_the_command_line_overrides_the_project_file_which_overrides_the_defaults(project):
    project.write("good.md", GOOD)
    (project.root / "factsheet.toml").write_text(
        'paper = "letter"\nformats = "pdf"\nout = "site"\n'
    )
    assert run("build", cwd=project.root).returncode == 0
    with pikepdf.open(project.root / "site" / "good.pdf") as pdf:
        assert [round(float(v)) for v in pdf.pages[0].MediaBox] == [0, 0, 612, 792]
    assert not (project.root / "site" / "good.html").exists()
    assert run("build", "--paper", "a4", "--out", "a4", cwd=project.root).returncode == 0
    with pikepdf.open(project.root / "a4" / "good.pdf") as pdf:
        assert [round(float(v)) for v in pdf.pages[0].MediaBox] == [0, 0, 595, 842]


def test_a_build_started_in_a_subfolder_builds_the_project(project):
    project.write("good.md", GOOD)
    (project.root / "factsheet.toml").write_text('formats = ["html"]\n')
    result = run("build", cwd=project.content)
    assert result.returncode == 0, result.stderr
    assert (project.root / "output" / "good.html").is_file()
    assert not (project.content / "output").exists()


def test_pyproject_tool_factsheet_is_a_project_file(project):
    project.write("good.md", GOOD)
    (project.root / "pyproject.toml").write_text(
        '[project]\nname = "sheets"\n\n[tool.factsheet]\nformats = ["html"]\nout = "site"\n'
    )
    result = run("config", cwd=project.root)
    assert "project file: pyproject.toml" in result.stdout
    assert _config(result)["out"] == '"site"  # pyproject.toml:6'
    assert run("build", cwd=project.root).returncode == 0
    assert sorted(p.name for p in (project.root / "site").glob("good.*")) == ["good.html"]


def test_a_pyproject_without_the_table_is_no_project_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert find_project(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text("this is [not toml")
    assert find_project(tmp_path) is None  # other tools' file: not ours to refuse


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('outt = "site"', "1:1: outt: not a setting factsheet knows; did you mean 'out'?"),
        (
            "time_limit = 5",
            "1:1: time_limit: not a setting factsheet knows; did you mean 'time-limit'?",
        ),
        ("format = 'pdf'", "1:1: format: not a setting factsheet knows; did you mean 'formats'?"),
        ('\n  paper = "a3"', "2:3: paper: expected one of a4, letter, got 'a3'"),
        ("pages = 0", "1:1: pages: expected a number of pages from 1 to 100, got 0"),
        ("strict = 'yes'", "1:1: strict: expected true or false, got 'yes'"),
        ('formats = ["pdf", "docx"]', "1:1: formats: unknown format docx; choose from"),
        ("marks = true", '1:1: marks: crop marks stand outside the bleed; set bleed = "3mm"'),
        ('templates = "mine"', "1:1: templates: no folder at mine"),
        ("jobs = -2", "1:1: jobs: expected a whole number of 1 or more, got -2"),
        ('lang = "english!"', "1:1: lang: expected a BCP 47 language tag"),
        ("time-limit = 1e300", "1:1: time-limit: expected seconds from 0 (no limit) to 86,400"),
        ("out = ", "1:7: (file): Invalid value"),
        ('"\\u001b[31mred" = 1', "1:1: '\\x1b[31mred': not a setting factsheet knows"),
    ],
)
def test_a_bad_project_file_is_one_line_naming_the_place_and_nothing_is_built(
    project, text, message
):
    project.write("good.md", GOOD)
    (project.root / "factsheet.toml").write_text(text + "\n")
    result = run("build", cwd=project.root)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"factsheet.toml:{message}"), line
    assert "Traceback" not in result.stderr
    assert not project.out.exists()


def test_relative_paths_in_the_project_file_are_relative_to_its_folder(project, tmp_path):
    project.write("good.md", GOOD)
    (project.root / "factsheet.toml").write_text('out = "built"\nformats = ["html"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    given = read_project(find_project(project.root))
    assert given["out"].base == project.root
    assert run("build", cwd=project.content).returncode == 0
    assert (project.root / "built" / "good.html").is_file()


def test_lang_is_the_language_of_documents_that_name_none(project):
    project.write("good.md", GOOD)
    project.write("bon.md", FRENCH)
    (project.root / "factsheet.toml").write_text('lang = "de"\nformats = ["html"]\n')
    assert run("build", cwd=project.root).returncode == 0
    assert '<html lang="de"' in (project.out / "good.html").read_text()
    assert '<html lang="fr"' in (project.out / "bon.html").read_text()
    assert run("build", "--lang", "it", cwd=project.root).returncode == 0
    assert '<html lang="it"' in (project.out / "good.html").read_text()  # rebuilt, not cached


def test_a_project_file_that_cannot_be_read_is_one_line(project):
    project.write("good.md", GOOD)
    (project.root / "factsheet.toml").write_bytes(b"out = '\xff'\n")
    result = run("check", cwd=project.root)
    assert result.returncode == 2
    assert result.stderr.startswith("factsheet.toml:1:1: (file): cannot be read:")


def test_read_project_names_the_first_bad_key(tmp_path):
    (tmp_path / "factsheet.toml").write_text('paper = "a4"\ncolour = "red"\n')
    with pytest.raises(ProjectError, match=r"factsheet.toml:2:1: colour: not a setting"):
        read_project(find_project(tmp_path))


def test_the_readmes_project_file_is_one_factsheet_reads(tmp_path):
    from markdown_it import MarkdownIt

    from factsheet.settings import options

    tokens = MarkdownIt("commonmark").parse((REPO / "README.md").read_text(encoding="utf-8"))
    example = next(t.content for t in tokens if t.type == "fence" and t.info.strip() == "toml")
    (tmp_path / "factsheet.toml").write_text(example)
    built = options(read_project(find_project(tmp_path)))
    assert built.formats == ("pdf", "epub")
    assert (built.printing.paper, built.out, built.lang) == ("letter", tmp_path / "site", "fr")
    assert (built.strict, built.time_limit) == (True, 60)


def test_the_readmes_theme_override_changes_the_accent(project):
    from markdown_it import MarkdownIt

    import factsheet

    tokens = MarkdownIt("commonmark").parse((REPO / "README.md").read_text(encoding="utf-8"))
    fences = [t for t in tokens if t.type == "fence"]
    [css] = [t.content for t in fences if t.info.strip() == "css"]
    settings = [t.content for t in fences if t.info.strip() == "toml"][1]
    (project.root / "house.css").write_text(css)
    (project.root / "factsheet.toml").write_text(settings)
    flagship = (REPO / "content" / "soviet-japanese-border-conflicts.md").read_text()
    project.write("flagship.md", flagship)
    report = factsheet.build(project.root, formats=["html"], jobs=1)
    assert report.ok, report.problems
    page = (project.out / "flagship.html").read_text()
    assert css.count("\n") == 1 and "#8b0000" in css
    assert "color: #8b0000" in page  # the title and headings, over print-friendly's black
    assert 'fill="#8b0000"' not in page  # print-friendly's chart stays grey
    factsheet.build(project.root, formats=["html"], jobs=1, theme="default", out="default")
    page = (project.root / "default" / "flagship.html").read_text()
    assert "color: #8b0000" in page
    assert 'fill="#8b0000"' in page  # the chart's first bar, in the accent
