"""The printed edition: laid out once, immutable, with what the other formats read from it."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import FLAGSHIP, built_files, run_factsheet
from factsheet.pagemap import PageStart


def test_a_printed_edition_cannot_be_changed(flagship_printed):
    _, printed = flagship_printed
    with pytest.raises(dataclasses.FrozenInstanceError):
        printed.html = ""
    with pytest.raises(TypeError):
        printed.anchor_pages["x"] = 1


def test_it_knows_where_each_page_begins_and_where_each_anchor_fell(flagship_printed):
    _, printed = flagship_printed
    pages = len(printed.layout.pages)
    (starts,) = printed.page_starts  # one sheet, one article
    assert starts == printed.sheet_starts
    assert starts[0] == PageStart(1, (), 0)
    assert [start.number for start in starts] == list(range(1, pages + 1))
    assert printed.anchor_pages["background"] == 1
    assert printed.anchor_pages["fs-colophon"] == pages
    assert printed.anchor_pages[f"fs-{FLAGSHIP}"] == pages, "an element over pages: its last"
    assert set(printed.anchor_pages.values()) == set(range(1, pages + 1))


def test_every_footnote_is_set_on_the_page_of_its_call(flagship_printed):
    _, printed = flagship_printed
    assert [note.id for note in printed.footnotes] == ["fn1"]
    assert [note for note in printed.footnotes if note.note_page != note.call_page] == []


@pytest.mark.parametrize("fmt", ["pdf", "epub"])
def test_a_print_stylesheet_url_the_door_refuses_is_an_error_at_its_line(project, fmt):
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    (project.root / "mine" / "css").mkdir(parents=True)
    (project.root / "mine" / "css" / "print.css").write_text(
        "p { color: red }\nh1 { background: url(http://127.0.0.1:9/x.png) }\n"
    )
    result = run_factsheet(
        "build", "--templates", "mine", "--format", fmt, cwd=project.root, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        "mine/css/print.css:2:1: (template): 'http://127.0.0.1:9/x.png':"
        " only files inside the project can be used (for content/one.md)"
    )
    assert built_files(project.out) == []
