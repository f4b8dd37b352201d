"""Headings without text, and inline markup nested deeper than the renderer follows."""

from __future__ import annotations

from sheets import read_sheet, shown

from factsheet.checks import markup
from factsheet.markdown import MAX_NESTING

DEEP = "*" * 202 + "x" + "*" * 202
"""Emphasis 101 levels deep: one more than the body may hold."""


def test_each_heading_without_text_is_a_warning_at_its_line(project):
    subject = read_sheet(project, "---\ntitle: T\n---\n#\n\nText.\n\nMore.\n\n###\n")
    assert shown(markup.empty_headings(subject.document), subject) == [
        "content/doc.md:4:1: body: warning: heading without text; it is left out",
        "content/doc.md:10:1: body: warning: heading without text; it is left out",
    ]


def test_a_caption_or_an_infobox_value_nested_too_deeply_is_an_error(project):
    subject = read_sheet(
        project,
        f"""
        ---
        title: T
        image: {{file: a.png, alt: A, caption: "{DEEP}"}}
        infobox:
          facts:
            - {{label: Fine, value: "*fine*"}}
            - {{label: Deep, value: "{DEEP}"}}
        ---
        """,
    )
    message = (
        f"nested too deeply: more than {MAX_NESTING} levels of emphasis, links"
        " or other inline markup"
    )
    assert markup.too_deep_message() == message
    assert shown(markup.inline_fields(subject.document, subject.positions), subject) == [
        f"content/doc.md:3:39: image.caption: {message}",
        f"content/doc.md:7:28: infobox.facts[1].value: {message}",
    ]


def test_each_item_of_a_list_value_is_checked_and_a_quantity_fact_is_not(project):
    subject = read_sheet(
        project,
        f"""
        ---
        title: T
        infobox:
          facts:
            - {{label: Deaths, quantity: "3,057", unit: killed}}
            - label: Result
              value:
                - "*fine*"
                - "{DEEP}"
        ---
        """,
    )
    assert shown(markup.inline_fields(subject.document, subject.positions), subject) == [
        f"content/doc.md:9:11: infobox.facts[1].value[1]: {markup.too_deep_message()}",
    ]
