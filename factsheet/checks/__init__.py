"""The checks that look across fields, at the body, and at the files around a document, one
module per concern; `run_checks` runs them all in a fixed order."""

from __future__ import annotations

from factsheet.checks import glyphs, kinds, languages, markup, references, sums, timeline
from factsheet.errors import Problem
from factsheet.fetch import Door
from factsheet.frontmatter import Positions
from factsheet.model import Document


def run_checks(document: Document, positions: Positions, door: Door, text: str) -> list[Problem]:
    """Every problem the checks find in a document whose fields are valid, in file order;
    problems at one place keep the order of the checks below."""
    problems = [
        *references.duplicate_source_ids(document, positions),
        *references.web_addresses(document, positions),
        *references.images(document, positions, door),
        *references.quantity_sources(document, positions),
        *sums.casualties(document, positions),
        *timeline.dates_in_order(document, positions),
        *kinds.fields_of_the_kind(document, positions),
        *kinds.dates_in_order(document, positions),
        *references.citations(document),
        *references.links(document),
        *markup.empty_headings(document),
        *references.undefined_footnotes(document),
        *markup.inline_fields(document, positions),
        *languages.spans(document),
        *languages.unmarked_han(document, positions),
        *languages.undrawn_languages(document, positions),
        *glyphs.undrawn_characters(document, positions, text),
    ]
    problems.sort(key=lambda p: (p.line, p.column))
    return problems
