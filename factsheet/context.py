"""What the templates show besides the body: interface words, the casualty table, quantities
written in the document's language (the context itself is put together in `contexts`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from babel.lists import format_list
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from factsheet.model import (
    CASUALTY_KINDS,
    CASUALTY_PARTS,
    Belligerent,
    BelligerentCount,
    Quantities,
    Quantity,
    Side,
)
from factsheet.values import FATES
from factsheet.words import locale_of

FATE_SIGNS = {"killed": "†", "died": "#", "executed": "‡"}
"""Wikipedia's marks of a commander's fate that are signs; the others are words (POW)."""


def fate_marks(labels: dict[str, str]) -> dict[str, str]:
    """The mark set after a commander's name for each fate, in the document's language."""
    return FATE_SIGNS | {"wounded": labels["mark_wounded"], "captured": labels["mark_captured"]}


def fate_legend(sides: tuple[Side, ...], labels: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Each mark the infobox uses and what it means, in Wikipedia's order."""
    used = {person.fate for side in sides for person in side.people}
    marks = fate_marks(labels)
    return tuple((marks[fate], labels[f"fate_{fate}"]) for fate in FATES if fate in used)


def grouped(
    belligerents: tuple[Belligerent, ...],
) -> tuple[tuple[str | None, tuple[Belligerent, ...]], ...]:
    """Neighbours that share a group, under its name once, as Wikipedia lists "Allies:"."""
    return tuple(
        (group, tuple(members))
        for group, members in itertools.groupby(belligerents, key=attrgetter("group"))
    )


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A belligerent's losses given kind by kind: its total, then killed, wounded and so on."""

    total: Quantities | None
    parts: tuple[tuple[str, Quantities], ...]
    """Each kind's label and figures."""

    @property
    def quantities(self) -> tuple[Quantity, ...]:
        return (*(self.total or ()), *(q for _, figures in self.parts for q in figures))


Cell = Quantities | Breakdown


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: tuple[Cell | None, ...]
    """One cell per side, None where that side gives nothing; one for all sides in the
    civilians' row."""


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


def casualty_table(
    sides: tuple[Side, ...],
    labels: dict[str, str],
    lang: str = "en",
    civilians: Quantities | None = None,
) -> SideTable | None:
    """Casualty rows aligned across sides: kinds first, then each belligerent (or group of
    them), then material, then the civilians, who belong to no side."""
    if not any(side.casualties for side in sides) and civilians is None:
        return None
    casualties = [side.casualties for side in sides]
    kinds = tuple(
        Row(labels[kind], cells)
        for kind in CASUALTY_KINDS
        if any(cells := tuple(getattr(c, kind) if c else None for c in casualties))
    )
    other = _aligned_rows([(c.other or ()) if c else () for c in casualties], attrgetter("label"))
    entries = [_keyed(c.by_belligerent, lang) if c else {} for c in casualties]
    keys = dict.fromkeys(key for per_side in entries for key in per_side)
    by_belligerent = tuple(
        Row(
            key[0],
            tuple(
                _entry_cell(per_side[key], labels) if key in per_side else None
                for per_side in entries
            ),
        )
        for key in keys
    )
    material = _aligned_rows([c.material if c else () for c in casualties], attrgetter("item"))
    groups = (
        RowGroup("kinds", None, (*kinds, *other)),
        RowGroup("by_belligerent", labels["by_belligerent"], by_belligerent),
        RowGroup("material", labels["material"], material),
        RowGroup("civilians", None, (Row(labels["civilians"], (civilians,)),) if civilians else ()),
    )
    groups = tuple(group for group in groups if group.rows)
    notes = (q.note for g in groups for r in g.rows for c in r.cells if c for q in _in(c) if q.note)
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


def _in(cell: Cell) -> tuple[Quantity, ...]:
    return cell.quantities if isinstance(cell, Breakdown) else cell


def _keyed(
    entries: tuple[BelligerentCount, ...], lang: str
) -> dict[tuple[str, int], BelligerentCount]:
    """Each entry by its label and how many before it had that label: a belligerent given
    twice (its Nationalist and its Communist losses) keeps both rows."""
    seen: dict[str, int] = {}
    keyed = {}
    for entry in entries:
        label = _entry_label(entry, lang)
        keyed[(label, seen.get(label, 0))] = entry
        seen[label] = seen.get(label, 0) + 1
    return keyed


def _entry_label(entry: BelligerentCount, lang: str) -> str:
    """A belligerent's name, or the names of a group given one figure ("Japan and Manchukuo")."""
    name = entry.belligerent
    if entry.belligerents:
        name = format_list(list(entry.belligerents), locale=locale_of(lang))
    return f"{name} ({entry.part})" if entry.part else name


def _entry_cell(entry: BelligerentCount, labels: dict[str, str]) -> Cell:
    """A count alone as v1 gives it; with killed, wounded and the rest, a breakdown."""
    parts = tuple(
        (labels[kind], figures)
        for kind in CASUALTY_PARTS
        if (figures := getattr(entry, kind)) is not None
    ) + tuple((other.label, other.count) for other in entry.other or ())
    return Breakdown(entry.count, parts) if parts else entry.count


def _letter(index: int) -> str:
    """a, b, … z, aa, ab, …: the marks of table notes."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _aligned_rows(per_side: list[tuple], name: Callable[[object], str]) -> tuple[Row, ...]:
    """One row per name (troops, tanks…; another loss's label), in order of first appearance,
    across sides."""
    names = dict.fromkeys(name(entry) for entries in per_side for entry in entries)
    return tuple(
        Row(
            each,
            tuple(
                next((e.count for e in entries if name(e) == each), None) for entries in per_side
            ),
        )
        for each in names
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
