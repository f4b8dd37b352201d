"""What the templates show besides the body: interface words, the casualty table, quantities
written in the document's language (the context itself is put together in `contexts`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from factsheet.model import (
    CASUALTY_KINDS,
    ItemCount,
    Quantities,
    Quantity,
    Side,
)
from factsheet.words import locale_of


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: tuple[Quantities | None, ...]
    """One cell per side, None where that side gives nothing."""


@dataclass(frozen=True, slots=True)
class RowGroup:
    name: str
    """kinds, by_belligerent, material or items."""
    label: str | None
    """The group's heading row; None for the first group, which needs none."""
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class SideTable:
    """A table with one column per side, rows aligned across sides."""

    columns: tuple[str, ...]
    groups: tuple[RowGroup, ...]
    notes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(side name, notes) for each side that has notes."""
    note_marks: dict[str, str] = field(default_factory=dict)
    """Each distinct note of a figure in the table, and the letter that marks it (a, b, …)."""


@dataclass(frozen=True, slots=True)
class Grid:
    """The infobox's columns: a fact's label and value, and the sides next to each other, each
    as wide as the others, on one grid of columns (widths in percent of the infobox)."""

    widths: tuple[float, ...]
    label: int
    """How many columns a fact's label spans (its value spans the rest)."""
    sides: tuple[int, ...]
    """How many columns each side spans."""

    @property
    def columns(self) -> int:
        return len(self.widths)


LABEL_SHARE = 34.0
"""A fact's label's share of the infobox's width, in percent, unless a side's edge is near."""


def infobox_grid(sides: int) -> Grid:
    """Columns where the labels end and where each side ends: the sides share the width
    equally, whatever the labels take."""
    edges = {100.0 * k / sides for k in range(1, sides)}
    label = min(edges, key=lambda edge: abs(edge - LABEL_SHARE), default=LABEL_SHARE)
    if abs(label - LABEL_SHARE) > 10:
        label = LABEL_SHARE
    bounds = sorted({0.0, 100.0, label, *edges})
    columns = list(itertools.pairwise(bounds))

    def spanned(start: float, end: float) -> int:
        return sum(1 for left, right in columns if left >= start - 1e-9 and right <= end + 1e-9)

    return Grid(
        widths=tuple(round(right - left, 3) for left, right in columns),
        label=spanned(0.0, label),
        sides=tuple(spanned(100.0 * k / sides, 100.0 * (k + 1) / sides) for k in range(sides)),
    )


def casualty_table(sides: tuple[Side, ...], labels: dict[str, str]) -> SideTable | None:
    """Casualty rows aligned across sides: kinds first, then each belligerent, then material."""
    if not any(side.casualties for side in sides):
        return None
    casualties = [side.casualties for side in sides]
    kinds = tuple(
        Row(labels[kind], cells)
        for kind in CASUALTY_KINDS
        if any(cells := tuple(getattr(c, kind) if c else None for c in casualties))
    )
    names = dict.fromkeys(e.belligerent for c in casualties if c for e in c.by_belligerent)
    by_belligerent = tuple(
        Row(
            name,
            tuple(
                next((e.count for e in c.by_belligerent if e.belligerent == name), None)
                if c
                else None
                for c in casualties
            ),
        )
        for name in names
    )
    material = _item_rows([c.material if c else () for c in casualties])
    groups = (
        RowGroup("kinds", None, kinds),
        RowGroup("by_belligerent", labels["by_belligerent"], by_belligerent),
        RowGroup("material", labels["material"], material),
    )
    groups = tuple(group for group in groups if group.rows)
    notes = (q.note for g in groups for r in g.rows for c in r.cells if c for q in c if q.note)
    return SideTable(
        columns=tuple(side.display_name for side in sides),
        groups=groups,
        note_marks={note: _letter(n) for n, note in enumerate(dict.fromkeys(notes))},
        notes=tuple(
            (side.display_name, side.casualties.notes)
            for side in sides
            if side.casualties and side.casualties.notes
        ),
    )


def _letter(index: int) -> str:
    """a, b, … z, aa, ab, …: the marks of table notes."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _item_rows(per_side: list[tuple[ItemCount, ...]]) -> tuple[Row, ...]:
    """One row per item name (troops, tanks…), in order of first appearance, across sides."""
    names = dict.fromkeys(entry.item for entries in per_side for entry in entries)
    return tuple(
        Row(
            name,
            tuple(next((e.count for e in entries if e.item == name), None) for entries in per_side),
        )
        for name in names
    )


def format_number(value: float, lang: str) -> str:
    return format_decimal(value, locale=locale_of(lang))


def format_quantity(
    quantity: Quantity,
    lang: str,
    labels: dict[str, str],
    number: Callable[[float, str], str] = format_number,
) -> str:
    """A quantity as text in the document's language: 33,000 · c. 21,000 · 46+ · 7,000–7,300
    (the chart passes another `number` to write long figures short)."""
    match quantity.kind:
        case "exact":
            text = number(quantity.value, lang)
        case "approx":
            text = labels["approx"].format(number=number(quantity.approx, lang))
        case "range":
            text = f"{number(quantity.min, lang)}–{number(quantity.max, lang)}"
        case "at_least":
            text = f"{number(quantity.at_least, lang)}+"
        case _:
            text = str(quantity.value)
    return text


def render_quantities(
    quantities: Quantities,
    lang: str,
    labels: dict[str, str],
    source_numbers: dict[str, int],
    note_marks: dict[str, str] | None = None,
    id_prefix: str = "",
) -> Markup:
    """Quantities as HTML, each with its source as a link and its note either in parentheses
    or, given `note_marks` (a table's), as a letter that links to the note below the table."""
    parts = []
    for quantity in quantities:
        shown = escape(format_quantity(quantity, lang, labels))
        if quantity.note and note_marks and quantity.note in note_marks:
            mark = note_marks[quantity.note]
            shown += Markup(
                f'<sup class="note-mark"><a href="#{id_prefix}table-note-{mark}" '
                f'role="doc-noteref">{mark}</a></sup>'
            )
        elif quantity.note:
            shown += Markup(' <span class="note">(') + escape(quantity.note) + Markup(")</span>")
        if quantity.source:
            number = source_numbers.get(quantity.source, "?")
            shown += Markup(
                f'<a class="citation" href="#{id_prefix}source-{escape(quantity.source)}"'
                f' role="doc-biblioref">[{number}]</a>'
            )
        parts.append(shown)
    return Markup("; ").join(parts)
