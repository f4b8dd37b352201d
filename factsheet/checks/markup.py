"""Markup the outputs cannot set as written: headings without text, inline markup too deep."""

from __future__ import annotations

from collections.abc import Iterator

from factsheet.checks.located import at_field, in_body
from factsheet.errors import Problem
from factsheet.frontmatter import FieldPath, Positions
from factsheet.markdown import MAX_NESTING, inline_nesting
from factsheet.model import Document


def too_deep_message() -> str:
    """The one message for inline markup nested deeper than the renderer follows."""
    return (
        f"nested too deeply: more than {MAX_NESTING} levels of emphasis, links"
        " or other inline markup"
    )


def empty_headings(document: Document) -> Iterator[Problem]:
    """A heading without text is left out of every output: say so."""
    for mark in document.narrative.empty_headings:
        yield in_body(document, mark, "heading without text; it is left out", warning=True)


def inline_fields(document: Document, positions: Positions) -> Iterator[Problem]:
    """Fields the templates set as inline Markdown nest no deeper than the body may."""
    meta = document.meta
    fields: list[tuple[FieldPath, str | None]] = [
        (("image", "caption"), meta.image.caption if meta.image else None)
    ]
    for index, fact in enumerate(meta.infobox.facts if meta.infobox else ()):
        path = ("infobox", "facts", index, "value")
        if isinstance(fact.value, tuple):  # a list value: each item is set as inline Markdown
            fields.extend(((*path, number), item) for number, item in enumerate(fact.value))
        else:
            fields.append((path, fact.value))
    for path, text in fields:
        if text and inline_nesting(text) > MAX_NESTING:
            yield at_field(document, positions, path, too_deep_message())
