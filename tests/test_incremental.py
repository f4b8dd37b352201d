"""Incremental builds: only what changed is rebuilt; --force rebuilds everything."""

from __future__ import annotations

import json
import pickle
import shutil

from conftest import COLLECTION, REPO, run_factsheet
from factsheet.cache import LOADED_FORMAT
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


def problems_of(project, **options) -> list[str]:
    events: list = []
    build(Options(content=project.content, out=project.out, **options), events.append)
    return [e.format(relative_to=project.root) for e in events if hasattr(e, "severity")]


def test_unchanged_documents_are_not_parsed_again_but_still_report_their_problems(
    project, monkeypatch
):
    from conftest import tiny_png

    # A field the file writes under another name than the model's (`print`) is remembered too.
    project.write(
        "other.md",
        "---\ntitle: Other\nurl: https://example.org/o\nprint: {pages: 1}\n---\nText.\n",
    )
    (project.content / "map.png").write_bytes(tiny_png())
    project.write(
        "one.md",
        """
        ---
        title: One
        infobox:
          sides:
            - belligerents: [North]
              casualties: {total: 100, combat: 70, non_combat: 50}
            - belligerents: [South]
        ---
        See [the other](other.md) and ![A map](map.png).
        """,
    )
    first = problems_of(project, formats=("html",))
    assert len(first) == 1 and "does not match total 100" in first[0]
    loaded = list((project.out / ".cache" / "loaded").glob("*.json"))
    assert len(loaded) == 2, "both documents remembered"
    # From the cache: the same warning again, and nothing parsed.
    with monkeypatch.context() as patch:
        patch.setattr("factsheet.loading.load_document", lambda *a, **k: 1 / 0)
        assert problems_of(project, formats=("html",)) == first

    # What a document's checks depend on beside its own bytes is noticed.
    (project.content / "other.md").unlink()
    assert any("other.md" in p and "no document" in p for p in problems_of(project)), (
        "a link to a document that is gone"
    )
    (project.content / "map.png").unlink()
    assert any("map.png" in p for p in problems_of(project)), "an image that is gone"


def test_the_cache_runs_nothing_it_reads_and_ignores_what_is_not_its_own(project):
    """A cache entry is data: a pickle, or an entry of another document, is ignored."""
    project.write("one.md", "---\ntitle: One\n---\nThe first text.\n")
    project.write("two.md", "---\ntitle: Two\n---\nThe second text.\n")
    assert problems_of(project, formats=("html",)) == []
    first, second = sorted((project.out / ".cache" / "loaded").glob("*.json"))
    saved = first.read_bytes()
    assert json.loads(saved)["format"] == LOADED_FORMAT
    # Whatever a pickle would run, reading the cache must not run it.
    marker = project.root / "ran"
    first.write_bytes(pickle.dumps(_Run(str(marker))))
    # An entry copied from the other document does not stand for this one.
    second.write_bytes(saved)
    (project.out / "one.html").unlink()
    (project.out / "two.html").unlink()
    result = run_factsheet("build", "--format", "html", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), "the cache ran code"
    assert "The first text." in (project.out / "one.html").read_text(encoding="utf-8")
    assert "The second text." in (project.out / "two.html").read_text(encoding="utf-8")
    for entry in (first, second):
        assert json.loads(entry.read_bytes())["format"] == LOADED_FORMAT, "rewritten as its own"


class _Run:
    """An object whose unpickling would create a file: proof that code ran."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_document_that_arrives_turns_the_links_to_it_into_links(project):
    project.write("one.md", "---\ntitle: One\n---\nSee [the other](other.md).\n")
    assert run(project, formats=("html",)) == (["one"], [])
    assert 'href="other.md"' not in (project.out / "one.html").read_text(encoding="utf-8")
    project.write("other.md", "---\ntitle: Other\n---\nText.\n")
    assert run(project, formats=("html",)) == (["one", "other"], [])
    assert 'href="other.html"' in (project.out / "one.html").read_text(encoding="utf-8")
    (project.content / "other.md").unlink()
    with_warning = build(
        Options(content=project.content, out=project.out, formats=("html",)), lambda e: None
    )
    assert with_warning.built == ["one"]
    assert 'href="other.html"' not in (project.out / "one.html").read_text(encoding="utf-8")


def test_records_of_other_code_are_not_trusted(project, monkeypatch):
    """Another factsheet (an upgrade, or a change under the same version number) rebuilds."""
    from factsheet import cache

    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    assert run(project, formats=("html",)) == (["one"], [])
    assert run(project, formats=("html",)) == ([], ["one"])
    assert len(cache.code_version()) == 64
    monkeypatch.setattr(cache, "code_version", lambda: "another factsheet")
    assert run(project, formats=("html",)) == (["one"], [])


def test_a_cache_entry_of_another_format_is_loaded_again(project, monkeypatch):
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    assert problems_of(project, formats=("html",)) == []
    [entry] = (project.out / ".cache" / "loaded").glob("*.json")
    data = json.loads(entry.read_bytes())
    data["format"] = 1
    entry.write_text(json.dumps(data))
    loads = []
    real = __import__("factsheet.loading", fromlist=["load_document"]).load_document
    monkeypatch.setattr(
        "factsheet.loading.load_document", lambda *a, **k: loads.append(a) or real(*a, **k)
    )
    assert problems_of(project, formats=("html",)) == []
    assert len(loads) == 1, "loaded again, not taken from an entry of another format"
    assert json.loads(entry.read_bytes())["format"] == LOADED_FORMAT


def test_each_output_is_rebuilt_only_when_what_it_uses_changes(project, tmp_path):
    shutil.copytree(REPO / "content", project.content, dirs_exist_ok=True)
    templates = tmp_path / "mine" / "css"
    templates.mkdir(parents=True)
    for name in ("booklet.css", "page.css", "print.css"):
        shutil.copy(REPO / "templates" / "css" / name, templates / name)
    options = Options(content=project.content, out=project.out, templates=templates.parent)

    def written_after(change: str | None) -> list[str]:
        if change:
            with (templates / change).open("a") as stylesheet:
                stylesheet.write("\n/* changed */\n")
        report = build(options, lambda e: None)
        assert report.ok
        return sorted(path.relative_to(project.out).as_posix() for path in report.written)

    sheets = ("battle-of-lake-khasan", "soviet-japanese-border-conflicts")
    booklet, collection_book = f"{COLLECTION}.pdf", f"{COLLECTION}.epub"
    assert len(written_after(None)) == 3 * 2 + 2 + 2  # pdf, epub, html; archives; collection
    assert written_after(None) == []
    assert written_after("booklet.css") == [collection_book, booklet]  # its pages, its markers
    assert written_after("page.css") == [f"{slug}.html" for slug in sheets]
    assert written_after("print.css") == sorted(
        [booklet, collection_book]
        + [f"archive/{slug}.pdf" for slug in sheets]
        + [f"{slug}.{fmt}" for slug in sheets for fmt in ("epub", "pdf")]
    )
    manifest = json.loads((project.out / "manifest.json").read_text())
    assert len(manifest["outputs"]) == 10, "outputs not rebuilt stay in the manifest"
