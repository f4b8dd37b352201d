"""Markdown to HTML: footnotes, citations, headings and smart punctuation."""

from __future__ import annotations

from factsheet.markdown import convert, inline


def test_footnotes_citations_and_headings():
    narrative = convert(
        'He said "stop" -- twice.[^a] See [@wp, p. 4].\n\n## Background\n\n[^a]: A note.\n',
        "en",
        ("wp",),
    )
    assert "“stop” – twice." in narrative.html
    assert (
        '<sup class="footnote-ref"><a href="#fn1" id="fnref1" role="doc-noteref">1</a></sup>'
        in (narrative.html)
    )
    assert '<li id="fn1" class="footnote-item"><p>A note.' in narrative.html
    assert (
        '<a class="citation" href="#source-wp" role="doc-biblioref">[1, p. 4]</a>' in narrative.html
    )
    assert [(h.level, h.id, h.text) for h in narrative.headings] == [
        (2, "background", "Background")
    ]
    assert narrative.first_paragraph == "He said “stop” – twice. See."


def test_repeated_footnote_calls_get_xml_safe_ids():
    html = convert("One.[^a] Two.[^a]\n\n[^a]: Note.\n", "en", ()).html
    assert 'id="fnref1-1"' in html and ":" not in html.split("footnotes")[0].split("id=")[2][:12]


def test_quotes_follow_the_language():
    assert "„Wort“" in convert('"Wort"', "de", ()).html
    assert "«\u202fmot\u202f»" in convert('"mot"', "fr", ()).html


def test_raw_html_and_template_syntax_stay_text():
    html = convert("<script>alert(1)</script> {{ secret }} {% if x %}", "en", ()).html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ secret }} {% if x %}" in html


def test_inline_markdown_for_short_fields():
    assert inline("*The* interwar period [@wp]", "en", ("wp",)) == (
        '<em>The</em> interwar period\u00a0<a class="citation" href="#source-wp" role="doc-biblioref">[1]</a>'
    )
