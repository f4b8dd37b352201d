"""A check's finding as a Problem placed in the file: by field path, or by its mark in the body."""

from __future__ import annotations

from factsheet.errors import Problem, Severity
from factsheet.frontmatter import FieldPath, Positions, dotted
from factsheet.model import Document
from factsheet.narrative import Mark


def at_field(
    document: Document,
    positions: Positions,
    path: FieldPath,
    message: str,
    *,
    warning: bool = False,
) -> Problem:
    """A problem with a front matter field, placed where its value (or nearest parent) stands."""
    line, column = positions.of(path)
    severity = Severity.WARNING if warning else Severity.ERROR
    return Problem(document.path, line, column, dotted(path), message, severity)


def in_body(document: Document, mark: Mark, message: str, *, warning: bool = False) -> Problem:
    """A problem at a mark in the body, whose line counts from the body's first line."""
    severity = Severity.WARNING if warning else Severity.ERROR
    line = document.body_line + mark.line
    return Problem(document.path, line, mark.column, "body", message, severity)
