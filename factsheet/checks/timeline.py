"""The timeline reads forward: an event does not end before it begins."""

from __future__ import annotations

from collections.abc import Iterator

from factsheet.checks.located import at_field
from factsheet.dates import ends_before
from factsheet.errors import Problem
from factsheet.frontmatter import Positions
from factsheet.model import Document


def dates_in_order(document: Document, positions: Positions) -> Iterator[Problem]:
    """An `end` before its `date`, compared as far as both are given."""
    for index, entry in enumerate(document.meta.timeline):
        if entry.end is not None and ends_before(entry.end, entry.date):
            message = f"the event ends ({entry.end}) before it begins ({entry.date})"
            yield at_field(document, positions, ("timeline", index, "end"), message)
