"""Which context each kind of output gets: one policy per output, read from what it renders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from lxml import etree
from PIL import Image

from factsheet.contexts import (
    TocEntry,
    booklet_sheet,
    collection_ebook_sheet,
    ebook_sheet,
    printed_sheet,
    table_of_contents,
    web_page,
)
from factsheet.fetch import Door
from factsheet.markdown import NameIndex
from factsheet.markdown.parse import heading_id, slug
from factsheet.reader import load_document
from factsheet.templates import environment, render

WHEN = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
SHEET = """
---
title: One
lang: en-GB
sources:
  - {id: wp, title: A source}
infobox:
  sides:
    - belligerents: [Soviet Union]
      commanders: [Grigory Shtern]
      casualties: {killed: {value: 792, note: killed and missing}}
    - belligerents: [Japan]
      units: [19th Division]
      casualties: {killed: 526}
---
Grigory Shtern led the Soviet Union's troops against Japan [@wp], not the 19th Division.[^a]
See [two](two.md#part-two), [nowhere](three.md) and [below](#khasan--1938).

## Khasan – 1938

![Map](map.png)

[^a]: Japan again, in a note.
"""


@pytest.fixture
def sheets(project):
    project.write("one.md", SHEET)
    project.write("two.md", "---\ntitle: Two\n---\n## Part two\n\nText.\n")
    Image.new("RGB", (4, 3), "white").save(project.content / "map.png")
    root = project.root
    return {
        slug: load_document(project.content / f"{slug}.md", root).document
        for slug in ("one", "two")
    }


def body(context) -> etree._Element:
    epub = "http://www.idpf.org/2007/ops"
    return etree.fromstring(f'<div xmlns:epub="{epub}">{context["body"].__html__()}</div>')


def test_the_web_page_lists_notes_inlines_images_and_links_to_pages(sheets, project):
    context = web_page(sheets["one"], WHEN, Door(project.root))
    tree = body(context)
    links = {a.text: a.get("href") for a in tree.iter("a")}
    assert links["two"] == "two.html#part-two" and links["below"] == "#khasan--1938"
    assert tree.xpath("string(//span[@class='document-link'])") == "nowhere"
    assert tree.find(".//img").get("src").startswith("data:image/png;base64,")
    assert [(note.id, note.calls) for note in context["notes"]] == [("fn1", ("fnref1",))]
    assert context["id_prefix"] == ""


def test_print_sets_notes_at_their_calls_and_other_documents_as_text(sheets):
    context = printed_sheet(sheets["one"], WHEN)
    tree = body(context)
    assert context["notes"] == ()
    assert tree.xpath("string(//span[@class='footnote'][@id='fn1'])") == "Japan again, in a note."
    assert [s.text for s in tree.iter("span") if s.get("class") == "document-link"] == [
        "two",
        "nowhere",
    ]
    assert tree.find(".//img").get("src") == "map.png"


def test_the_ebook_marks_note_calls_for_pop_ups_and_uses_packed_images(sheets):
    context = ebook_sheet(sheets["one"], WHEN, {"map.png": "images/image-1.png"})
    html = context["body"].__html__()
    assert 'id="fnref1" epub:type="noteref" role="doc-noteref"' in html
    assert '<img src="images/image-1.png" alt="Map" />' in html


def test_names_are_marked_where_the_body_and_its_notes_mention_them(sheets):
    html = printed_sheet(sheets["one"], WHEN)["body"].__html__()
    assert re.findall(r'<span class="name">([^<]*)</span>', html) == [
        "Grigory Shtern",
        "Soviet Union",
        "Japan",
        "19th Division",
        "Japan",
    ]
    assert '<span class="cited"><span class="name">Japan</span>\u00a0<a class="citation"' in html


def test_a_booklet_sheet_prefixes_every_id_and_anchors_indexed_names_in_page_order(sheets):
    names: dict[str, str] = {}
    index = NameIndex(frozenset({"Soviet Union", "Grigory Shtern", "Japan"}), names)
    context = booklet_sheet(sheets["one"], WHEN, sheets, sheets["one"].folder, index)
    html = render(environment(), "partials/article.html.j2", context)
    tree = etree.fromstring(html)
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    assert all(ident.startswith(("one--", "ix-")) for ident in ids), ids
    assert "one--khasan--1938" in ids and "one--source-wp" in ids and "one--fn1" in ids
    hrefs = [a.get("href") for a in tree.iter("{*}a") if a.get("href", "").startswith("#")]
    assert "#two--part-two" in hrefs and "#one--khasan--1938" in hrefs
    assert "#one--source-wp" in hrefs
    assert all(href[1:] in ids or href.startswith("#two--") for href in hrefs), hrefs
    # The infobox (a row per part, across the sides), then the body, its note at its call.
    assert list(names.values()) == [
        "Soviet Union",
        "Japan",
        "Grigory Shtern",
        "Grigory Shtern",
        "Soviet Union",
        "Japan",
        "Japan",
    ]
    assert list(names) == [f"ix-{n}" for n in range(1, 8)]
    marked = {e.get("id"): e.text for e in tree.iter("{*}span") if e.get("class") == "name"}
    assert {ident: marked[ident] for ident in names} == names


def test_the_collection_ebook_links_a_part_only_where_the_other_sheet_has_it(sheets):
    context = collection_ebook_sheet(sheets["one"], WHEN, {"map.png": "images/s1-1.png"}, sheets)
    links = {a.text: a.get("href") for a in body(context).iter("a")}
    assert links["two"] == "two.xhtml#part-two" and links["below"] == "#khasan--1938"


def test_the_table_of_contents_is_the_pages_own_headings(sheets):
    context = ebook_sheet(sheets["one"], WHEN, {"map.png": "images/image-1.png"})
    toc = table_of_contents(context)
    assert toc == (
        TocEntry("khasan--1938", "Khasan – 1938"),
        TocEntry("fs-casualties-title", "Casualties and losses"),
        TocEntry("fs-sources-title", "Sources"),
        TocEntry("fs-colophon-title", "About this document"),
    )
    page = etree.fromstring(
        render(environment(), "ebook.xhtml.j2", context, stylesheet="s.css").encode()
    )
    headings = page.xpath("//x:h2", namespaces={"x": "http://www.w3.org/1999/xhtml"})
    assert [(h.get("id"), "".join(h.itertext())) for h in headings] == [
        (entry.id, entry.text) for entry in toc
    ]


@pytest.mark.parametrize(
    ("title", "ident"),
    [
        ("Khasan – 1938", "khasan--1938"),
        ("Über die Grenze", "über-die-grenze"),
        ("1938: the battle", "the-battle"),
        ("Hasan_ko", "hasan_ko"),
        ("哈桑湖 战役", "哈桑湖-战役"),
        ("?!", "section"),
    ],
)
def test_heading_ids_follow_github(title, ident):
    assert heading_id(title) == ident


def test_the_slug_is_githubs_for_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=2000, deadline=None)
    @given(st.text(max_size=20))
    def same(title: str) -> None:
        github = re.sub(r"[^\w\u4e00-\u9fff\- ]", "", title.lower().replace(" ", "-"))
        assert slug(title) == github

    same()
