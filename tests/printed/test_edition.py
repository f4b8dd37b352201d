"""The printed edition: laid out once, immutable, with what the other formats read from it."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import FLAGSHIP
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
