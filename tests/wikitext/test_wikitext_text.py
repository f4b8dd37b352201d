"""The article's text into Markdown: paragraphs, lists, quotations, emphasis and links;
references into citations and sources, notes into footnotes; what Markdown would misread
escaped; what cannot be carried over reported, never pasted in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from factsheet.importer import import_articles
from factsheet.reader import load_document


def _import(tmp_path: Path, wikitext: str) -> tuple[dict, str, list[str]]:
    source = tmp_path / "page.wikitext"
    source.write_text(wikitext, encoding="utf-8")
    result = import_articles([str(source)], tmp_path / "content", today=dt.date(2026, 12, 7))
    assert result.ok, [p.format() for p in result.problems]
    path = result.written[0]
    load_document(path, tmp_path / "content")  # what was written passes the checks
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body.strip(), [p.format(tmp_path) for p in result.problems]


def test_paragraphs_lists_quotations_and_emphasis(tmp_path):
    _, body, _ = _import(
        tmp_path,
        """'''Example''' is ''an'' example.
Same paragraph.

== Course ==
=== Early ===
* one
** one and a half
* two
# first
# second
Text after the list.
{{quote|Not a step back!|Order No. 227}}
<blockquote>Held.</blockquote>
""",
    )
    assert body.startswith("**Example** is *an* example.\nSame paragraph.")
    assert "## Course\n\n### Early" in body
    assert "- one\n  - one and a half\n- two\n1. first\n1. second\n\nText after the list." in body
    assert "> Not a step back!\n> — Order No. 227" in body
    assert "> Held." in body


def test_what_markdown_would_misread_is_escaped(tmp_path):
    _, body, _ = _import(
        tmp_path,
        """Stars *like this* and [brackets] and <tags> and a_b.

1939. A year that starts a line.

# not a list in wikitext? it is: numbered.

<nowiki>#hash</nowiki> at the start, and a | pipe.
""",
    )
    assert r"Stars \*like this\* and \[brackets\] and \<tags\> and a\_b." in body
    assert "1939\\. A year that starts a line." in body
    assert "\\#hash at the start, and a \\| pipe." in body


def test_links_become_text_or_links_and_files_and_categories_go(tmp_path):
    _, body, messages = _import(
        tmp_path,
        """See [[Lake Khasan]], [[Battle of Lake Khasan|the battle]] and [https://example.org/a the site] or https://example.org/b.
[[File:Map.png|thumb|A map]] [[Category:Battles]] [[fr:Bataille]] [[:ja:張鼓峰事件]]
""",
    )
    assert (
        "See Lake Khasan, the battle and [the site](https://example.org/a) or <https://example.org/b>."
        in body
    )
    assert "[張鼓峰事件]{lang=ja}" in body
    assert "Map.png" not in body and "Battles" not in body and "Bataille" not in body
    assert any("left out: the image Map.png (images are not imported)" in m for m in messages)


def test_references_become_citations_of_sources(tmp_path):
    front, body, messages = _import(
        tmp_path,
        """A claim.<ref name="coox">{{cite book |last=Coox |first=Alvin D. |title=Nomonhan |publisher=Stanford University Press |year=1985 |page=12}}</ref> Again.<ref name="coox"/>
News.<ref>{{cite news |title=Border clash |work=The Times |date=30 July 1938 |url=https://example.org/news |access-date=26 November 2026}}</ref>
Short.{{sfn|Coox|1985|pp=90–92}} Journal.<ref>{{cite journal |author=Ann Teller |title=Rivers |journal=War Quarterly |year=1999 |url=javascript:alert(1)}}</ref>
Plain.<ref>Interview with a veteran, 1990.</ref> Defined later.<ref name="late"/>
A note.{{efn|Counted twice.}} Another.<ref group="note">From the diary.</ref>

== Sources ==
* {{cite book |last=Coox |first=Alvin D. |title=Nomonhan |publisher=Stanford University Press |year=1985}}

== References ==
{{reflist|refs=
<ref name="late">{{cite web |title=Late |url=https://example.org/late}}</ref>
}}
""",
    )
    sources = {s["id"]: s for s in front["sources"]}
    assert sources["wp"]["url"] == "https://en.wikipedia.org/wiki/Page"
    assert sources["coox"] == {
        "id": "coox",
        "title": "Nomonhan",
        "author": "Alvin D. Coox",
        "publisher": "Stanford University Press, 1985",
    }
    news = next(s for s in sources.values() if s["title"] == "Border clash")
    assert news == {
        "id": news["id"],
        "title": "Border clash",
        "publisher": "The Times, 1938",
        "url": "https://example.org/news",
        "accessed": "2026-11-26",
    }
    journal = next(s for s in sources.values() if s["title"] == "Rivers")
    assert "url" not in journal and journal["author"] == "Ann Teller"
    assert any(s["title"] == "Interview with a veteran, 1990." for s in sources.values())
    assert body.count("[@coox, p. 12]") == 2 and "[@coox, pp. 90–92]" in body
    assert "[@late]" in body
    assert "A note.[^n1] Another.[^n2]" in body
    assert body.endswith("[^n1]: Counted twice.\n[^n2]: From the diary.")
    assert "Sources" not in body.split("[^n1]:")[0].split("Another.")[1]
    assert any("left out: the section 'Sources'" in m for m in messages)


def test_tables_galleries_and_navigation_boxes_are_named_in_the_report(tmp_path):
    _, body, messages = _import(
        tmp_path,
        """Text.

{| class="wikitable"
! A !! B
|-
| 1 || 2
|}
<gallery>
A.jpg|One
</gallery>
{{Campaignbox Soviet–Japanese Border Wars}}
{{World War II navbox}}
{{Some unknown box|with=data}}
""",
    )
    assert body == "Text."
    joined = "\n".join(messages)
    assert "page.wikitext:3:1: text: warning: left out: a table (<table>)" in joined
    assert "page.wikitext:8:1: text: warning: left out: a gallery (<gallery>)" in joined
    assert "left out: the navigation box {{Campaignbox Soviet–Japanese Border Wars}}" in joined
    assert "left out: the navigation box {{World War II navbox}}" in joined
    assert "left out: the template {{Some unknown box}}, which import does not know" in joined


def test_dates_languages_and_figures_in_running_text(tmp_path):
    front, body, _ = _import(
        tmp_path,
        """{{Use mdy dates}}{{Use British English}}{{Short description|A border clash}}
It began on {{start date|1938|7|29}} and ended {{end date|1938|8|11|df=y}}, c. {{circa|1938}}.
The {{nihongo|Kwantung Army|関東軍|Kantō-gun}} had {{convert|1,000|km}} and {{convert|5|-|8|km}}; {{lang|ru|Хасан}}; {{lang-ja|張鼓峰}}.
""",
    )
    assert front["lang"] == "en-GB" and front["summary"] == "A border clash"
    assert "It began on July 29, 1938 and ended 11 August 1938" in body
    assert "Kwantung Army ([関東軍]{lang=ja}, *Kantō-gun*)" in body
    assert "1,000 km and 5–8 km" in body
    assert "[Хасан]{lang=ru}" in body and "Japanese: [張鼓峰]{lang=ja}" in body


def test_short_citations_in_the_sentence_notes_given_twice_and_accented_authors(tmp_path):
    front, body, messages = _import(
        tmp_path,
        """{{harvtxt|Smith|2000}} argues it.{{sfnm|1a1=Bergström|1y=2007|1p=5}} A note.<ref group=n name=x>Once.</ref> Again.<ref group=n name=x/>

== Bibliography ==
* {{cite book |last=Smith |first=Ann |title=Rivers |year=2000}}
* {{cite book |last=Bergström |first=Christer |title=Stalingrad |year=2007}}
""",
    )
    ids = {s["title"]: s["id"] for s in front["sources"]}
    assert ids["Stalingrad"] == "bergstrom2007" and ids["Rivers"] == "smith2000"
    assert body.startswith(
        "Smith (2000)[@smith2000] argues it.[@bergstrom2007] A note.[^n1] Again.[^n1]"
    )
    assert body.endswith("[^n1]: Once.")
    assert not any(":1:1:" in m and "url:" not in m for m in messages), messages


def test_a_ref_of_several_works_cites_each(tmp_path):
    front, body, _ = _import(
        tmp_path,
        """Claim.<ref name=both>{{cite book |title=One |year=1990}} {{cite web |title=Two |url=https://example.org/two}}</ref> Again.<ref name=both/>
""",
    )
    titles = {s["id"]: s["title"] for s in front["sources"]}
    assert titles["both"] == "One" and "Two" in titles.values()
    two = next(i for i, t in titles.items() if t == "Two")
    assert body == f"Claim.[@both][@{two}] Again.[@both][@{two}]"


def test_a_figure_in_two_units_keeps_both(tmp_path):
    _, body, _ = _import(tmp_path, "A mast of {{convert|860|ft|7|in|m}} and {{snds}} more.\n")
    assert body == "A mast of 860 ft 7 in and – more."


def test_a_page_after_a_reference_joins_its_citation(tmp_path):
    _, body, _ = _import(
        tmp_path,
        """Claim.<ref name=b>{{cite book |title=Stalingrad |year=1998}}</ref>{{rp|106}} Again.<ref name=b/>{{Rp|108–110}} Last.<ref name=b/>
""",
    )
    assert body == "Claim.[@b, p. 106] Again.[@b, pp. 108–110] Last.[@b]"
