"""Markdown to HTML: footnotes, citations, headings and smart punctuation."""

from __future__ import annotations

import pytest

from factsheet.markdown import Body, Rendering, Target, convert, inline, link_target, render_body


def rendered(body: str, sources: tuple[str, ...] = (), lang: str = "en", **policy) -> Body:
    """The body as an output with the `policy` of `Rendering` sets it."""
    allow_html = policy.pop("allow_html", False)
    convert(body, lang, sources, allow_html=allow_html)  # reading it first, as a build does
    return render_body(body, lang, sources, Rendering(**policy), allow_html=allow_html)


def test_footnotes_citations_and_headings():
    text = 'He said "stop" -- twice.[^a] See [@wp, p. 4].\n\n## Background\n\n[^a]: A note.\n'
    narrative, body = convert(text, "en", ("wp",)), rendered(text, ("wp",))
    assert "“stop” – twice." in body.html
    assert (
        '<sup class="footnote-ref"><a href="#fn1" id="fnref1" role="doc-noteref">1</a></sup>'
        in (body.html)
    )
    assert "A note." not in body.html, "notes are data, for each output to set"
    assert [(n.id, n.html, n.calls) for n in body.notes] == [("fn1", "A note.", ("fnref1",))]
    assert '<a class="citation" href="#source-wp" role="doc-biblioref">[1, p. 4]</a>' in body.html
    assert [(h.level, h.id, h.text) for h in narrative.headings] == [
        (2, "background", "Background")
    ]
    assert narrative.first_paragraph == "He said “stop” – twice. See."


def test_repeated_footnote_calls_get_xml_safe_ids():
    body = rendered("One.[^a] Two.[^a]\n\n[^a]: Note *one*.\n\n    More.\n")
    assert 'id="fnref1"' in body.html and 'id="fnref1-1"' in body.html
    assert body.notes[0].calls == ("fnref1", "fnref1-1")
    assert body.notes[0].html == "Note <em>one</em>. More."


def test_print_sets_each_note_at_its_first_call():
    body = rendered("One.[^a] Two.[^a]\n\n[^a]: Note.\n", note_style="float")
    assert body.notes == ()
    assert body.html == (
        '<p>One.<span class="footnote" id="fn1">Note.</span>'
        ' Two.<sup class="footnote-ref"><a href="#fn1">1</a></sup></p>\n'
    )


def test_quotes_follow_the_language():
    assert "„Wort“" in rendered('"Wort"', lang="de").html
    assert "«\u202fmot\u202f»" in rendered('"mot"', lang="fr").html


def test_raw_html_and_template_syntax_stay_text():
    html = rendered("<script>alert(1)</script> {{ secret }} {% if x %}").html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ secret }} {% if x %}" in html


def test_inline_markdown_for_short_fields():
    assert inline("*The* interwar period [@wp]", "en", ("wp",)) == (
        '<em>The</em> interwar <span class="cited">period\u00a0<a class="citation"'
        ' href="#source-wp" role="doc-biblioref">[1]</a></span>'
    )
    # After markup, the citation is still bound to it, by a no-break space.
    assert inline("the *war* [@wp]", "en", ("wp",)).startswith(
        'the <em>war</em>\u00a0<a class="citation"'
    )


@pytest.mark.parametrize(
    ("href", "target"),
    [
        ("other-sheet.md", Target.DOCUMENT),
        ("other-sheet.md#part", Target.DOCUMENT),
        ("https://example.org/a", Target.WEB),
        ("MAILTO:a@example.org", Target.WEB),
        ("#known", Target.ANCHOR),
        ("#f%C3%B6%C3%B6", Target.ANCHOR),
        ("#unknown", Target.MISSING_ANCHOR),
        ("#", Target.MISSING_ANCHOR),
        ("notes.txt", Target.FILE),
        ("Other.md", Target.FILE),
        ("/url", Target.FILE),
        ("figures/", Target.FILE),
        ("//example.org/x", Target.FILE),
        ("file:///etc/passwd", Target.REFUSED),
        ("data:text/plain,x", Target.REFUSED),
        ("foo", Target.OTHER),
        ("", Target.OTHER),
        ("?query", Target.OTHER),
        ("irc://example.org", Target.OTHER),
        ("made-up-scheme://foo,bar", Target.OTHER),
    ],
)
def test_link_targets(href, target):
    assert link_target(href, {"known", "föö"}) is target


def test_links_no_output_can_open_become_their_text():
    body = (
        "# Föö\n\n[a](#f%C3%B6%C3%B6) [b](#nope) [c](foo) [d](irc://x) [e](https://x.org)"
        " [f](sheet.md) [g](#fn1) [h](#source-s1)[^1]\n\n[^1]: [i](#gone) [j](#f%C3%B6%C3%B6)\n"
    )
    narrative, shown = convert(body, "en", ("s1",)), rendered(body, ("s1",))
    assert shown.html.splitlines()[1] == (
        '<p><a href="#föö">a</a> b c d <a href="https://x.org">e</a>'
        ' <span class="document-link">f</span>'
        ' <a href="#fn1">g</a> <a href="#source-s1">h</a><sup class="footnote-ref">'
        '<a href="#fn1" id="fnref1" role="doc-noteref">1</a></sup></p>'
    )
    assert shown.notes[0].html == 'i <a href="#föö">j</a>'
    assert [mark.label for mark in narrative.links] == [
        "#f%C3%B6%C3%B6",
        "#nope",
        "foo",
        "irc://x",
        "https://x.org",
        "sheet.md",
        "#fn1",
        "#source-s1",
        "#gone",
        "#f%C3%B6%C3%B6",
    ]


def test_inline_fields_keep_only_web_links_and_sources():
    html = inline(
        "[a](other.md) [b](/etc) [c](https://a.org) [d](#source-s1) [e](#x)", "en", ("s1",)
    )
    assert html == 'a b <a href="https://a.org">c</a> <a href="#source-s1">d</a> e'


@pytest.mark.parametrize(
    ("heading", "ident"),
    [("Föö bar", "föö-bar"), ("1938 battle", "battle"), ("-foo", "foo"), ("*-*", "section")],
)
def test_heading_ids_are_xml_names(heading, ident):
    body = f"# {heading}\n\n## {heading}\n"
    assert [h.id for h in convert(body, "en", ()).headings] == [ident, f"{ident}-1"]


def test_web_links_need_a_host():
    assert link_target("https://../", set()) is Target.OTHER
    assert link_target("http://[::1", set()) is Target.OTHER
    assert link_target("https://example.org./x", set()) is Target.WEB


def test_links_images_and_calls_are_placed_where_they_are_written():
    body = (
        "Intro ![map](a.png) \\[not a link\\] `[code](x)` [@wp] [one](https://a.example/1)\n"
        "  and [two][ref] <https://b.example/2> [^gone] ![img [inner](y.md)](b.png)\n"
        "\n"
        "> [three](three.md) [^gone]\n"
        "\n"
        "[ref]: https://c.example/3\n"
    )
    narrative = convert(body, "en", ("wp",))
    assert [(m.label, m.line, m.column) for m in narrative.links] == [
        ("https://a.example/1", 0, 54),
        ("https://c.example/3", 1, 7),
        ("https://b.example/2", 1, 18),
        ("three.md", 3, 3),
    ]
    assert [(m.label, m.line, m.column) for m in narrative.images] == [
        ("a.png", 0, 7),
        ("b.png", 1, 48),
    ]
    assert [(m.label, m.line, m.column) for m in narrative.citations] == [("wp", 0, 48)]
    assert [(m.label, m.line, m.column) for m in narrative.undefined_footnotes] == [
        ("gone", 1, 40),
        ("gone", 3, 21),
    ]


def test_plain_addresses_skip_normalising_and_come_out_as_markdown_it_makes_them():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from markdown_it.common.normalize_url import normalizeLink

    from factsheet.markdown.links import normalize_link

    @settings(max_examples=3000, deadline=None)
    @given(
        st.sampled_from(["", "http://", "HTTPS://", "//", "mailto:", "x:", "a.b+c:", "/", "#"]),
        st.text(alphabet="aZ09-._~/?#!$&'()*+,;=:@%[]ü ", max_size=16),
    )
    def same(scheme: str, rest: str) -> None:
        assert normalize_link(scheme + rest) == normalizeLink(scheme + rest)

    same()


def test_links_in_list_items_count_the_marker_in_their_column():
    narrative = convert("Intro.\n\n- one [a](a.md)\n  1. two [b](b.md)\n", "en", ())
    assert [(m.label, m.line, m.column) for m in narrative.links] == [
        ("a.md", 2, 7),
        ("b.md", 3, 10),
    ]


def test_raw_html_blocks_inside_inline_elements_lose_their_tags():
    body = "<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n</pre>\n</td></tr></table>\n"
    assert rendered(body, allow_html=True).html == (
        "<table><tbody><tr><td>\n<pre>**Hello**,\n<em>world</em>.\n</pre><p/>\n</td></tr>"
        "</tbody></table>\n"
    )


def test_plain_web_addresses_are_recognised_as_splitting_them_would():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from factsheet.markdown.links import _WEB_ADDRESS, _split_target

    @settings(max_examples=2000, deadline=None)
    @given(st.from_regex(_WEB_ADDRESS, fullmatch=True))
    def same(href: str) -> None:
        assert link_target(href, ()) is _split_target(href, ()) is Target.WEB

    same()


def test_headings_never_skip_a_level_and_empty_ones_are_left_out():
    body = "## \n#\n### Deep\n\n#### Deeper\n\n###### Six\n\n# One\n\n### Three\n"
    narrative = convert(body, "en", ())
    assert [(h.level, h.text) for h in narrative.headings] == [
        (2, "Deep"),
        (3, "Deeper"),
        (4, "Six"),
        (1, "One"),
        (2, "Three"),
    ]
    assert [(mark.line, mark.column) for mark in narrative.empty_headings] == [(0, 1), (1, 1)]
