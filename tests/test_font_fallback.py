"""A document set in fonts its theme does not name is told, once, in one line; `factsheet fonts`
lists the theme's families, what each PDF is set in, and what is missing. Real builds: the
fonts are read from the PDFs WeasyPrint made, and "Noto is not installed" is a real fontconfig
that knows only the DejaVu fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from factsheet import fonts
from factsheet.embedded_fonts import set_in

SHEETS = ("battle-of-lake-khasan", "soviet-japanese-border-conflicts")
NOTO_MISSING = (
    "Noto Sans, Noto Sans CJK JP, Noto Serif, Noto Serif CJK JP, Noto Sans Mongolian and"
    " Noto Sans Mono CJK JP are not installed (Debian: apt-get install fonts-noto-cjk"
    " fonts-noto-core)"
)
GOOD = "---\ntitle: Good sheet\n---\nA paragraph.\n"


def factsheet(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "factsheet", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


def font_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": fonts: " in line]


@pytest.fixture(scope="module")
def dejavu_only(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose fontconfig knows the DejaVu fonts and nothing else: a machine
    without Noto, as far as fontconfig, Pango and WeasyPrint can tell."""
    files = (fonts.family_files() or {}).get("dejavu serif")
    if not files:
        pytest.skip("the DejaVu fonts are not installed")
    folder = tmp_path_factory.mktemp("fontconfig")
    (folder / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{Path(files[0]).parent}</dir>"
        f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>\n"
    )
    return {"FONTCONFIG_FILE": str(folder / "fonts.conf")}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path


def test_the_default_build_of_content_gives_no_font_warning(content):
    built = factsheet("build", "--strict", cwd=content)
    assert built.returncode == 0, built.stderr
    assert font_lines(built.stderr) == []
    for slug in SHEETS:
        used = {font.family for font in set_in((content / "output" / f"{slug}.pdf").read_bytes())}
        assert used == {"Noto Sans", "Noto Serif"}


def test_without_noto_each_sheet_warns_once_naming_dejavu_and_the_packages(content, dejavu_only):
    built = factsheet("build", cwd=content, env=dejavu_only)
    assert built.returncode == 0, built.stderr
    # Every format was made (PDF, e-book, page, archival PDF): one line per document still.
    assert font_lines(built.stderr) == [
        f"content/{slug}.md:1:1: fonts: warning: set in DejaVu Math TeX Gyre, DejaVu Sans and"
        f" DejaVu Serif, which the theme does not name; {NOTO_MISSING}"
        for slug in SHEETS
    ]
    used = {font.family for font in set_in((content / "output" / f"{SHEETS[0]}.pdf").read_bytes())}
    assert used == {"DejaVu Math TeX Gyre", "DejaVu Sans", "DejaVu Serif"}


def test_strict_fails_a_sheet_set_in_fallback_fonts(content, dejavu_only):
    built = factsheet("build", "--strict", "--format", "pdf", cwd=content, env=dejavu_only)
    assert built.returncode == 1
    assert len(font_lines(built.stderr)) == 2
    assert not any((content / "output" / f"{slug}.pdf").exists() for slug in SHEETS)


@pytest.mark.parametrize(("formats", "warned"), [("html", 0), ("epub,html", 0), ("archive", 2)])
def test_only_a_pdf_is_set_in_the_build_machine_s_fonts(content, dejavu_only, formats, warned):
    built = factsheet("build", "--format", formats, cwd=content, env=dejavu_only)
    assert built.returncode == 0 and len(font_lines(built.stderr)) == warned


def test_a_theme_of_generic_families_only_leaves_the_choice_to_fontconfig(flagship_pdf):
    from factsheet.font_fallback import fallback_problems
    from factsheet.reader import load_document

    document = load_document(REPO / "content" / f"{SHEETS[1]}.md", REPO).document
    pdf = flagship_pdf().read_bytes()
    assert fallback_problems(document, pdf, ("html { font-family: serif }",)) == ()
    [problem] = fallback_problems(document, pdf, ('html { font: 10pt "Other Serif", serif }',))
    assert problem.format() == (
        f"{document.path}:1:1: fonts: warning: set in Noto Sans and Noto Serif, which the theme"
        " does not name; Other Serif is not installed"
    )


def test_a_family_an_at_font_face_brings_is_not_missing(tmp_path):
    from factsheet.font_listing import theme_listing

    css = tmp_path / "css"
    css.mkdir()
    (css / "print.css").write_text(
        '@font-face { font-family: "House Sans"; src: url(house.ttf) }\n'
        'html { font-family: "House Sans", sans-serif }\n'
    )
    [family] = [f for f in theme_listing(tmp_path).theme if f.name == "House Sans"]
    assert family.installed is True


def test_factsheet_fonts_outside_a_project_lists_the_theme_alone(tmp_path):
    listed = factsheet("fonts", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "What each document" not in listed.stdout
    assert listed.stdout.splitlines()[-1] == "nothing is missing"


def missing_family(folder: Path, family: str) -> Path:
    """User templates whose print stylesheet sets the text in `family`, or else monospace."""
    css = folder / "css"
    css.mkdir(parents=True)
    ours = (REPO / "templates" / "css" / "print.css").read_text(encoding="utf-8")
    code = "code, kbd, samp, pre { font-family: var(--font-mono); }\n"
    assert code in ours
    ours = ours.replace(code, "")  # the theme's monospace, DejaVu Sans Mono, named no more
    rule = "html, .infobox, .masthead .aliases, .casualties, .timeline, .running-source"
    (css / "print.css").write_text(f"{ours}\n{rule} {{ font-family: {family}, monospace; }}\n")
    return folder


def test_a_theme_family_that_is_not_installed_is_named_with_the_fallback(project, tmp_path):
    project.write("good.md", GOOD)
    templates = missing_family(tmp_path / "mine", '"Nonexistent Sans"')
    built = factsheet("build", "--format", "pdf", "--templates", str(templates), cwd=project.root)
    assert built.returncode == 0, built.stderr
    assert font_lines(built.stderr) == [
        "content/good.md:1:1: fonts: warning: set in DejaVu Sans Mono, which the theme does not"
        " name; Nonexistent Sans is not installed"
    ]
    strict = factsheet(
        *("build", "--strict", "--format", "pdf", "--out", "strict"),
        *("--templates", str(templates)),
        cwd=project.root,
    )
    assert strict.returncode == 1 and len(font_lines(strict.stderr)) == 1
    assert not (project.root / "strict" / "good.pdf").exists()


def test_a_character_the_theme_s_fonts_lack_is_named_with_the_font_that_drew_it(project):
    project.write("swords.md", "---\ntitle: Swords\n---\nCrossed swords ⚔ mark a battle.\n")
    built = factsheet("build", "--format", "pdf", cwd=project.root)
    assert built.returncode == 0, built.stderr
    [line] = font_lines(built.stderr)
    assert line.startswith("content/swords.md:1:1: fonts: warning: set in ")
    assert "for “⚔”, which the theme does not name: none of its fonts draws" in line


def test_a_language_no_font_is_made_for_is_told_once_by_the_language_check(project):
    project.write("vai.md", "---\ntitle: Vai\n---\nA word in Vai: [ꔀꔁꔂ]{lang=vai}.\n")
    built = factsheet("build", "--format", "pdf", cwd=project.root)
    assert built.returncode == 0, built.stderr
    assert "no installed font is made for the language 'vai'" in built.stderr
    assert font_lines(built.stderr) == []


def test_a_family_name_that_forges_lines_is_escaped_on_its_one_line(project, tmp_path):
    project.write("good.md", GOOD)
    forged = '"Evil\\A content/good.md:9:9: title: forged\\D\\202E"'
    templates = missing_family(tmp_path / "mine", forged)
    built = factsheet("build", "--format", "pdf", "--templates", str(templates), cwd=project.root)
    assert built.returncode == 0, built.stderr
    assert "forged" in built.stderr
    assert [line for line in built.stderr.splitlines() if "forged" in line] == [
        "content/good.md:1:1: fonts: warning: set in DejaVu Sans Mono, which the theme does not"
        " name; Evil\\u000acontent/good.md:9:9: title: forged\\u000d\\u202e is not installed"
    ]
    listed = factsheet("fonts", "--templates", str(templates), cwd=project.root)
    assert "Evil\\u000acontent/good.md:9:9: title: forged\\u000d\\u202e" in listed.stdout
    assert "\u202e" not in listed.stdout and "\r" not in listed.stdout


def test_factsheet_fonts_lists_the_noto_families_installed_and_exits_0():
    listed = factsheet("fonts", cwd=REPO)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[:9] == [
        "The theme's fonts (the print stylesheets):",
        "  FAMILY                 STATUS     DEBIAN PACKAGE",
        "  Noto Sans              installed  fonts-noto-core",
        "  Noto Sans CJK JP       installed  fonts-noto-cjk",
        "  Noto Serif             installed  fonts-noto-core",
        "  Noto Serif CJK JP      installed  fonts-noto-cjk",
        "  Noto Sans Mongolian    installed  fonts-noto-core",
        "  DejaVu Sans Mono       installed  fonts-dejavu-core",
        "  Noto Sans Mono CJK JP  installed  fonts-noto-cjk",
    ]
    assert listed.stdout.splitlines()[10:] == [
        "What each document's PDF is set in:",
        "  DOCUMENT                          FAMILY      SCRIPTS",
        "  battle-of-lake-khasan             Noto Sans   Latin",
        "  battle-of-lake-khasan             Noto Serif  Latin",
        "  soviet-japanese-border-conflicts  Noto Sans   Latin",
        "  soviet-japanese-border-conflicts  Noto Serif  Latin",
        "",
        "nothing is missing",
    ]
    assert not (REPO / "content" / "output").exists()


def test_factsheet_fonts_by_script_for_a_japanese_document():
    listed = factsheet(
        "fonts", "--content", "tests/format_v1", "kanchazu-island-incident", cwd=REPO
    )
    assert listed.returncode == 0, listed.stderr
    assert "  kanchazu-island-incident  Noto Serif CJK JP  Han" in listed.stdout


def test_factsheet_fonts_lists_a_missing_family_with_its_package_and_exits_1(content, dejavu_only):
    listed = factsheet("fonts", cwd=content, env=dejavu_only)
    assert listed.returncode == 1
    lines = listed.stdout.splitlines()
    assert lines[2:9] == [
        "  Noto Sans              missing    fonts-noto-core",
        "  Noto Sans CJK JP       missing    fonts-noto-cjk",
        "  Noto Serif             missing    fonts-noto-core",
        "  Noto Serif CJK JP      missing    fonts-noto-cjk",
        "  Noto Sans Mongolian    missing    fonts-noto-core",
        "  DejaVu Sans Mono       installed  fonts-dejavu-core",
        "  Noto Sans Mono CJK JP  missing    fonts-noto-cjk",
    ]
    assert (
        "  battle-of-lake-khasan             DejaVu Serif          Latin    not named by the theme"
        in lines
    )
    assert lines[-3:] == [
        "missing: Noto Sans, Noto Sans CJK JP, Noto Serif, Noto Serif CJK JP, Noto Sans Mongolian,"
        " Noto Sans Mono CJK JP",
        "install them with: sudo apt-get install fonts-noto-cjk fonts-noto-core",
        f"set in fonts the theme does not name: {', '.join(SHEETS)}",
    ]
    assert font_lines(listed.stderr) == []  # the listing says it; no build warnings besides


def test_factsheet_fonts_names_a_family_no_package_has(project, tmp_path):
    templates = missing_family(tmp_path / "mine", '"Nonexistent Sans"')
    listed = factsheet("fonts", "--templates", str(templates), cwd=project.root)
    assert listed.returncode == 1
    assert "  Nonexistent Sans     missing    (no Debian package known)" in listed.stdout
    assert listed.stdout.splitlines()[-1] == "missing: Nonexistent Sans"


def test_factsheet_fonts_with_an_unknown_document_is_a_usage_error(project):
    project.write("good.md", GOOD)
    listed = factsheet("fonts", "no-such-sheet", cwd=project.root)
    assert listed.returncode == 2 and listed.stdout == ""
    assert listed.stderr == (
        "factsheet: error: no document 'no-such-sheet': not a file, and no"
        " content/no-such-sheet.md\n"
    )


def test_factsheet_fonts_names_a_document_that_cannot_be_built(project):
    project.write("broken.md", "---\nlang: en\n---\nNo title.\n")
    listed = factsheet("fonts", cwd=project.root)
    assert listed.returncode == 1
    assert listed.stderr.splitlines() == ["content/broken.md:2:1: title: required field is missing"]


def test_installing_the_fonts_remakes_the_pdfs_the_warning_was_about(content, dejavu_only):
    without = factsheet("build", "--format", "pdf", cwd=content, env=dejavu_only)
    assert len(font_lines(without.stderr)) == 2
    installed = factsheet("build", "--format", "pdf", cwd=content)
    assert installed.returncode == 0 and "up to date" not in installed.stdout
    assert font_lines(installed.stderr) == []
    used = {font.family for font in set_in((content / "output" / f"{SHEETS[0]}.pdf").read_bytes())}
    assert used == {"Noto Sans", "Noto Serif"}


def test_installing_the_fonts_checks_the_characters_again(project, dejavu_only):
    project.write("ja.md", "---\ntitle: Kanji\n---\nThe island [東]{lang=ja}.\n")
    without = factsheet("build", "--format", "html", cwd=project.root, env=dejavu_only)
    assert "content/ja.md:4:13: body: warning: no available font can draw '東'" in without.stderr
    installed = factsheet("build", "--format", "html", cwd=project.root)
    assert installed.returncode == 0 and ": warning:" not in installed.stderr
