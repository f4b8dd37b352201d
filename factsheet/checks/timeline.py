"""The timeline reads forward: an event does not end before it begins."""

from __future__ import annotations

from collections.abc import Iterator

from factsheet.checks.located import at_field
from factsheet.errors import Problem
from factsheet.frontmatter import Positions
from factsheet.model import Document


def dates_in_order(document: Document, positions: Positions) -> Iterator[Problem]:
    """An `end` before its `date`, compared as far as both are given (1938 is not before
    1938-08: it may be any day of that year)."""
    for index, entry in enumerate(document.meta.timeline):
        if entry.end is None:
            continue
        common = min(len(entry.date), len(entry.end))
        if entry.end[:common] < entry.date[:common]:
            message = f"the event ends ({entry.end}) before it begins ({entry.date})"
            yield at_field(document, positions, ("timeline", index, "end"), message)
