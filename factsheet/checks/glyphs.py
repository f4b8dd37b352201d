"""Characters that no installed font can draw, which every output would show as boxes."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from factsheet import fonts
from factsheet.errors import Problem, Severity
from factsheet.frontmatter import FieldPath, Positions, dotted
from factsheet.model import Document
from factsheet.positions import TextPositions


def undrawn_characters(document: Document, positions: Positions, text: str) -> Iterator[Problem]:
    """Each character of the file's `text` no font draws, once, at its first place, named by
    the field it stands in; a warning, as another machine may have the font."""
    coverage = fonts.coverage()
    if coverage is None:
        message = "fc-list is not installed, so characters were not checked against the fonts"
        yield Problem(document.path, 1, 1, "(fonts)", message, Severity.WARNING)
        return
    lines: TextPositions | None = None
    fields: _Fields | None = None
    for offset, char in coverage.first_missing(text):
        lines = lines or TextPositions.of(text)
        line, column = lines.at(offset)
        if line >= document.body_line:
            field = "body"
        else:
            fields = fields or _Fields(positions)
            field = fields.at(line, column)
        message = f"no available font can draw {char!r} (U+{ord(char):04X})"
        yield Problem(document.path, line, column, field, message, Severity.WARNING)


class _Fields:
    """The front matter's field names in file order, to name the field at a place."""

    def __init__(self, positions: Positions):
        self.keys: list[tuple[tuple[int, int], FieldPath]] = sorted(
            ((place, path) for path, place in positions.keys.items()), key=_place
        )

    def at(self, line: int, column: int) -> str:
        """The field whose name comes last at or before a place in the front matter."""
        index = bisect.bisect_right(self.keys, (line, column), key=_place)
        return dotted(self.keys[index - 1][1]) if index else "(front matter)"


def _place(item: tuple[tuple[int, int], FieldPath]) -> tuple[int, int]:
    return item[0]
