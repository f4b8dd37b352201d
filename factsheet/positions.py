"""Offsets in a text as 1-based line and column: the one place that counts lines."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextPositions:
    """Where each line of a text starts, so that any offset is placed by bisection, not counting.

    The text may be decoded (offsets and columns in characters) or bytes (in bytes);
    `first_line` is the line the text starts on in its file (a body starts after its front matter).
    """

    starts: tuple[int, ...]
    first_line: int = 1

    @classmethod
    def of(cls, text: str | bytes, first_line: int = 1) -> TextPositions:
        """Read the line starts once; every later lookup costs a bisection."""
        newline = b"\n" if isinstance(text, bytes) else "\n"
        starts = [0]
        end = text.find(newline)
        while end != -1:
            starts.append(end + 1)
            end = text.find(newline, end + 1)
        return cls(tuple(starts), first_line)

    def at(self, offset: int) -> tuple[int, int]:
        """The line and column of the character at `offset`."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1
