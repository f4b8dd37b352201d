"""Model to template context: the written contract between the code and the templates."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from factsheet import __version__
from factsheet.model import (
    CASUALTY_KINDS,
    Document,
    FrontMatter,
    Heading,
    ItemCount,
    Note,
    Quantities,
    Quantity,
    Side,
    span,
)
from factsheet.words import labels_for, locale_of


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
class Bar:
    """One side's total in the casualty chart, in chart units (0 to `Chart.width`)."""

    label: str
    kind: str
    start: float
    """Where the certain part ends: the exact value, the low end of a range, the lower bound."""
    end: float
    """Where the uncertain part ends (equal to `start` for an exact value)."""
    value: str
    """The total as the table shows it, as text."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart of the sides' totals, drawn by `partials/chart.svg.j2`."""

    bars: tuple[Bar, ...]
    width: float
    label_width: float
    """Room for the side names left of the bars, in chart units."""
    value_width: float
    """Room for the figures right of the bars, in chart units."""
    ticks: tuple[tuple[float, str], ...]
    description: str
    """The text alternative: every figure the chart shows, in words."""


class Context(TypedDict):
    """Everything a template may use; `factsheet` templates use nothing else."""

    doc: FrontMatter
    slug: str
    lang: str
    labels: dict[str, str]
    summary: str
    body: Markup
    notes: tuple[Note, ...]
    note_style: NoteStyle
    headings: tuple[Heading, ...]
    casualty_table: SideTable | None
    casualty_chart: Chart | None
    image_src: str | None
    source_numbers: dict[str, int]
    build_date: str
    build_date_iso: str
    generator: str


NoteStyle = Literal["list", "popup", "float"]
"""How footnotes are set: a list after the text (a web page), pop-up asides (an e-book),
or each at its call for the page layout to float to the foot of the page (print)."""


def build_context(
    document: Document,
    *,
    when: dt.datetime,
    asset_url: Callable[[str], str] = str,
    document_url: Callable[[str, str], str | None] = lambda slug, fragment: None,
    note_style: NoteStyle = "list",
) -> Context:
    """`asset_url` maps each image reference to where the output finds it (a path, a data URI);
    `document_url` maps a link to another document (slug, #fragment) to where this output
    finds it, or None to keep only the link's text."""
    meta = document.meta
    sides = meta.infobox.sides if meta.infobox and meta.infobox.sides else ()
    labels = labels_for(meta.lang)
    narrative = document.narrative
    body = narrative.print_html if note_style == "float" else narrative.html
    if note_style == "popup":
        body = body.replace('role="doc-noteref"', 'epub:type="noteref" role="doc-noteref"')
    body = _with_assets(body, {mark.label for mark in narrative.images}, asset_url)
    body = _with_document_links(body, document_url)
    body = mark_names(body, _names(sides))
    return Context(
        doc=meta,
        slug=document.slug,
        lang=meta.lang,
        labels=labels,
        summary=meta.summary or document.narrative.first_paragraph,
        body=Markup(body),
        notes=() if note_style == "float" else narrative.notes,
        note_style=note_style,
        headings=narrative.headings,
        casualty_table=casualty_table(sides, labels),
        casualty_chart=casualty_chart(sides, meta.lang, labels),
        image_src=asset_url(meta.image.file) if meta.image else None,
        source_numbers={source.id: n for n, source in enumerate(meta.sources, 1)},
        build_date=format_date(when.date(), format="long", locale=locale_of(meta.lang)),
        build_date_iso=when.date().isoformat(),
        generator=f"factsheet {__version__}",
    )


_IMG_SRC = re.compile(r'(<img src=")([^"]*)(")')


def _with_assets(body: str, images: set[str], asset_url: Callable[[str], str]) -> str:
    if not images:
        return body

    def replace(match: re.Match) -> str:
        src = html.unescape(match[2])
        shown = asset_url(src) if src in images else src
        return f"{match[1]}{html.escape(shown)}{match[3]}"

    return _IMG_SRC.sub(replace, body)


_DOCUMENT_HREF = re.compile(
    r'<a href="([a-z0-9]+(?:-[a-z0-9]+)*)\.md(#[^"]*)?">(.*?)</a>', re.DOTALL
)


def _with_document_links(body: str, document_url: Callable[[str, str], str | None]) -> str:
    def replace(match: re.Match) -> str:
        url = document_url(match[1], match[2] or "")
        if url is None:
            return f'<span class="document-link">{match[3]}</span>'
        return f'<a href="{html.escape(url)}">{match[3]}</a>'

    return _DOCUMENT_HREF.sub(replace, body)


def _names(sides: tuple[Side, ...]) -> tuple[str, ...]:
    people = (n for s in sides for n in (*s.belligerents, *s.leaders, *s.commanders, *s.units))
    return tuple(dict.fromkeys(people))


_TAG = re.compile(r"(<[^>]*>)")


def mark_names(body: str, names: tuple[str, ...]) -> str:
    """Wrap the names of the structured data where the body mentions them, so none is hyphenated."""
    if not names:
        return body
    longest_first = sorted((html.escape(n, quote=False) for n in names), key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, longest_first)) + r")(?!\w)")
    parts = _TAG.split(body)
    for index in range(0, len(parts), 2):
        parts[index] = pattern.sub(r'<span class="name">\1</span>', parts[index])
    return "".join(parts)


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


CHART_WIDTH = 100.0
CHART_CHAR = 3.6
"""The mean advance of a character of the chart's 7-unit sans text, for laying out labels."""


def casualty_chart(sides: tuple[Side, ...], lang: str, labels: dict[str, str]) -> Chart | None:
    """The sides' totals as bars on one scale; none when fewer than two sides give a number."""
    totals = [
        (side, span(side.casualties.total))
        for side in sides
        if side.casualties and side.casualties.total
    ]
    totals = [(side, interval) for side, interval in totals if interval is not None]
    if len(totals) < 2:
        return None
    reach = max(_drawn_end(low, high) for _, (low, high) in totals)
    step = _nice_step(reach / 4)
    top = step * -(-reach // step)
    scale = CHART_WIDTH / top
    bars = []
    for side, (low, high) in totals:
        quantities = side.casualties.total
        shown = "; ".join(format_quantity(q, lang, labels) for q in quantities)
        kind = quantities[0].kind if len(quantities) == 1 else "range"
        end = _drawn_end(low, high)
        bars.append(Bar(side.display_name, kind, low * scale, end * scale, shown))
    ticks = tuple(
        (value * scale, format_number(value, lang))
        for value in (step * i for i in range(int(top // step) + 1))
    )
    description = f"{labels['chart_title']}: " + "; ".join(f"{b.label}: {b.value}" for b in bars)
    return Chart(
        bars=tuple(bars),
        width=CHART_WIDTH,
        label_width=max(len(bar.label) for bar in bars) * CHART_CHAR + 4,
        value_width=max(len(bar.value) for bar in bars) * CHART_CHAR + 4,
        ticks=ticks,
        description=description + ".",
    )


def _drawn_end(low: float, high: float) -> float:
    """An open-ended total (46+) is drawn a quarter longer than its lower bound."""
    return low * 1.25 if high == float("inf") else high


def _nice_step(raw: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) at least `raw`."""
    power = 10 ** max(0, len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


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


def format_quantity(quantity: Quantity, lang: str, labels: dict[str, str]) -> str:
    """A quantity as text in the document's language: 33,000 · c. 21,000 · 46+ · 7,000–7,300."""
    match quantity.kind:
        case "exact":
            text = format_number(quantity.value, lang)
        case "approx":
            text = labels["approx"].format(number=format_number(quantity.approx, lang))
        case "range":
            text = f"{format_number(quantity.min, lang)}–{format_number(quantity.max, lang)}"
        case "at_least":
            text = f"{format_number(quantity.at_least, lang)}+"
        case _:
            text = str(quantity.value)
    return text


def render_quantities(
    quantities: Quantities,
    lang: str,
    labels: dict[str, str],
    source_numbers: dict[str, int],
    note_marks: dict[str, str] | None = None,
) -> Markup:
    """Quantities as HTML, each with its source as a link and its note either in parentheses
    or, given `note_marks` (a table's), as a letter that links to the note below the table."""
    parts = []
    for quantity in quantities:
        shown = escape(format_quantity(quantity, lang, labels))
        if quantity.note and note_marks and quantity.note in note_marks:
            mark = note_marks[quantity.note]
            shown += Markup(
                f'<sup class="note-mark"><a href="#table-note-{mark}" role="doc-noteref">'
                f"{mark}</a></sup>"
            )
        elif quantity.note:
            shown += Markup(' <span class="note">(') + escape(quantity.note) + Markup(")</span>")
        if quantity.source:
            number = source_numbers.get(quantity.source, "?")
            shown += Markup(
                f'<a class="citation" href="#source-{escape(quantity.source)}"'
                f' role="doc-biblioref">[{number}]</a>'
            )
        parts.append(shown)
    return Markup("; ").join(parts)
