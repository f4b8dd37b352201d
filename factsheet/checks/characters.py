"""Control characters, which no output can hold: in the body, and in fields and their names."""

from __future__ import annotations

import re
from pathlib import Path

from factsheet.errors import Problem
from factsheet.frontmatter import FieldPath, Positions, dotted
from factsheet.positions import TextPositions

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters that no output can hold (XML forbids them): pasted junk, not text."""


def body_control_character(path: Path, body: str, body_line: int) -> Problem | None:
    """The body's first control character, which stops the load before Markdown reads it."""
    if not (control := CONTROL.search(body)):
        return None
    line, column = TextPositions.of(body, first_line=body_line).at(control.start())
    message = f"control character U+{ord(control[0]):04X} cannot be set; remove it"
    return Problem(path, line, column, "body", message)


def control_characters(
    path: Path, data: object, positions: Positions, at: FieldPath = ()
) -> list[Problem]:
    """A control character in a field (YAML lets "\\0" and "\\e" write them) cannot be set."""
    problems = []
    if isinstance(data, dict):
        for name, value in data.items():
            if control := CONTROL.search(name):
                line, column = positions.of((*at, name), key=True)
                message = f"control character U+{ord(control[0]):04X} in a field name; remove it"
                problems.append(Problem(path, line, column, dotted(at), message))
            problems += control_characters(path, value, positions, (*at, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            problems += control_characters(path, value, positions, (*at, index))
    elif isinstance(data, str) and (control := CONTROL.search(data)):
        line, column = positions.of(at)
        message = f"control character U+{ord(control[0]):04X} cannot be set; remove it"
        problems.append(Problem(path, line, column, dotted(at), message))
    return problems
