"""The collection in the build: rebuilt only when a sheet or collection.yaml changes, never from
a partial set of sheets, and never under a document's name."""

from __future__ import annotations

import shutil

from conftest import COLLECTION, REPO
from factsheet.pipeline import Options, Outcome, build


def copy_content(project) -> None:
    shutil.copytree(REPO / "content", project.content, dirs_exist_ok=True)


def run(project, **options):
    events: list = []
    opts = Options(content=project.content, out=project.out, formats=("pdf", "epub"), **options)
    report = build(opts, events.append)
    return report, [e.format(relative_to=project.root) for e in events if hasattr(e, "format")]


def test_collection_is_rebuilt_only_when_a_sheet_changes(project):
    copy_content(project)
    first, _ = run(project)
    assert first.collection is Outcome.BUILT
    booklet = project.out / f"{COLLECTION}.pdf"
    before = booklet.read_bytes()
    again, _ = run(project)
    assert again.collection is Outcome.CURRENT and again.built == []
    sheet = project.content / "battle-of-lake-khasan.md"
    sheet.write_text(sheet.read_text().replace("Ceasefire}", "Ceasefire agreed}"))
    changed, _ = run(project)
    assert changed.built == ["battle-of-lake-khasan"]
    assert changed.collection is Outcome.BUILT
    assert booklet.read_bytes() != before


def test_a_failing_sheet_keeps_the_last_good_collection(project):
    copy_content(project)
    run(project)
    booklet = project.out / f"{COLLECTION}.pdf"
    good = booklet.read_bytes()
    sheet = project.content / "battle-of-lake-khasan.md"
    sheet.write_text(sheet.read_text().replace("title: Battle of Lake Khasan", "title: [oops"))
    report, problems = run(project)
    assert report.collection is Outcome.FAILED or report.collection is None
    assert any(
        "collection.yaml:1:1: (collection): not built, because battle-of-lake-khasan failed" in p
        for p in problems
    ), problems
    assert booklet.read_bytes() == good
    assert report.built == [] and report.skipped == ["soviet-japanese-border-conflicts"]


def test_collection_slug_may_not_be_a_documents(project):
    copy_content(project)
    yaml = project.content / "collection.yaml"
    yaml.write_text(
        yaml.read_text().replace("slug: border-conflicts-1932-1939", "slug: battle-of-lake-khasan")
    )
    report, problems = run(project)
    assert not report.ok
    assert any(
        "collection.yaml:5:7: slug: the collection's files would be named 'battle-of-lake-khasan'"
        in p
        for p in problems
    ), problems


def test_without_a_reading_order_a_failing_sheet_still_keeps_the_collection(project):
    copy_content(project)
    yaml = project.content / "collection.yaml"
    text = yaml.read_text()
    yaml.write_text(text[: text.index("documents:")])  # alphabetical order: every document
    run(project)
    booklet = project.out / f"{COLLECTION}.pdf"
    good = booklet.read_bytes()
    sheet = project.content / "battle-of-lake-khasan.md"
    sheet.write_text(sheet.read_text().replace("title: Battle of Lake Khasan", "title: [oops"))
    report, problems = run(project)
    assert report.collection is Outcome.FAILED
    assert any("not built, because battle-of-lake-khasan failed" in p for p in problems)
    assert booklet.read_bytes() == good


def test_the_collection_is_written_only_by_a_build_of_all_documents(project):
    copy_content(project)
    options = Options(
        content=project.content,
        out=project.out,
        formats=("epub",),
        documents=("battle-of-lake-khasan",),
    )
    report = build(options, lambda event: None)
    assert report.ok and report.built == ["battle-of-lake-khasan"]
    assert report.collection is None
    assert not (project.out / f"{COLLECTION}.epub").exists()


def test_keeping_raw_html_or_not_rebuilds_the_collection(project):
    copy_content(project)
    sheet = project.content / "battle-of-lake-khasan.md"
    sheet.write_text(sheet.read_text() + "\nA <b>raw</b> word.\n")
    plain, _ = run(project)
    assert plain.collection is Outcome.BUILT
    book = project.out / f"{COLLECTION}.epub"
    assert b"&lt;b&gt;raw&lt;/b&gt;" in _page(book)
    kept, _ = run(project, allow_html=True)
    assert kept.collection is Outcome.BUILT
    assert b"<b>raw</b>" in _page(book)


def _page(book) -> bytes:
    import zipfile

    with zipfile.ZipFile(book) as epub:
        return epub.read("EPUB/battle-of-lake-khasan.xhtml")
