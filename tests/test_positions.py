"""Offsets in a text as line and column, the same for text and for bytes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factsheet.positions import TextPositions


def counted(text: str, offset: int, first_line: int) -> tuple[int, int]:
    """Line and column by counting what comes before: slow, and plainly right."""
    before = text[:offset]
    return first_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1


@given(st.text(alphabet="ab\n\r\u00e9", max_size=30), st.integers(1, 5))
def test_every_offset_is_placed_as_counting_would_place_it(text: str, first_line: int):
    positions = TextPositions.of(text, first_line)
    for offset in range(len(text) + 1):
        assert positions.at(offset) == counted(text, offset, first_line)


def test_a_newline_belongs_to_the_line_it_ends():
    positions = TextPositions.of("ab\ncd\n\nef")
    assert positions.starts == (0, 3, 6, 7)
    assert [positions.at(n) for n in (0, 2, 3, 6, 7, 8)] == [
        (1, 1),
        (1, 3),
        (2, 1),
        (3, 1),
        (4, 1),
        (4, 2),
    ]


def test_bytes_count_columns_in_bytes():
    data = "é\nxé!".encode()
    positions = TextPositions.of(data, first_line=2)
    assert positions.at(data.index(b"!")) == (3, 4)
