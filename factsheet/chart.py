"""The casualty chart: each side's casualties as a bar on one scale, drawn by
`partials/chart.svg.j2`. README.md ("The casualty chart") states its rules for every shape of
figure; the layout is computed here, in the chart's own units, so that tests can measure it."""

from __future__ import annotations

import math
import string
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from babel.numbers import format_compact_decimal

from factsheet.context import format_number, format_quantity
from factsheet.model import CASUALTY_PARTS, BelligerentCount, Quantities, Quantity, Side
from factsheet.words import locale_of

WIDTH = 210.0
"""The chart's width in its own units, whatever it shows, so its text keeps one size."""
TEXT_SIZE = 7.0
"""The size of the labels and figures; tick labels are smaller."""
TICK_SIZE = 5.5
ROW = 13
"""The height of one side's row; its bar is 10 high."""
AXIS = 14
"""The height below the bars for the tick labels."""
GAP = 4.0
"""Between a label and its bar, and between a bar and its figure."""
TICK_GAP = 3.0
"""The least room between two tick labels."""
LABEL_MAX = 0.4 * WIDTH
"""The most the labels may take: a long name is shortened, never the bars."""
LABEL_MIN = 0.2 * WIDTH
BARS_MIN = 0.45 * WIDTH
"""The least the bars keep while the figures right of them fit in less than a quarter."""
VALUE_MAX = 0.25 * WIDTH
"""Figures wider than this are written in the compact form (1.5M)."""
VALUE_MIN = 16.0
"""Room right of the bars for half of the last tick label."""
COMPACT_FROM = 100_000
"""Tick labels from this top of the scale on are compact (100K, 1.5M)."""
OPEN_END = 1.25
"""A lower bound (46+, or a sum) is drawn a quarter longer, light."""

Number = Callable[[float, str], str]


@dataclass(frozen=True, slots=True)
class Bar:
    """One side's row in the chart; positions in chart units from the bars' left edge."""

    name: str
    """The side's full name, as the casualty table heads its column."""
    label: str
    """The name as drawn left of the bar: shortened to fit the labels' room."""
    kind: Literal["exact", "approx", "range", "at_least", "claims", "sum"]
    start: float
    """Where the solid bar ends: an exact value, the low end of a range, a lower bound."""
    end: float
    """Where the light bar after it ends (`start` for an exact value)."""
    marks: tuple[tuple[float, float], ...]
    """Disputed claims: where each claim stands (from, to: equal unless it is a range)."""
    value: str
    """The figure as drawn right of the bar."""
    spoken: str
    """Every figure in full, for the text alternative."""

    @property
    def value_width(self) -> float:
        """How wide the figure right of the bar is set (it masks the grid lines under it)."""
        return text_width(self.value, TEXT_SIZE)


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart of the sides' casualties, drawn by `partials/chart.svg.j2`."""

    bars: tuple[Bar, ...]
    width: float
    height: int
    label_width: float
    """Room for the labels left of the bars."""
    bar_width: float
    """Room for the bars: the scale's top tick stands at its right end."""
    value_width: float
    """Room for the figures right of the bars."""
    ticks: tuple[tuple[float, str], ...]
    description: str
    """The text alternative: every figure the chart shows, in words."""


@dataclass(frozen=True, slots=True)
class Figure:
    """What one side's bar shows, before it is scaled."""

    kind: Literal["exact", "approx", "range", "at_least", "claims", "sum"]
    start: float
    end: float
    marks: tuple[tuple[float, float], ...]
    shown: tuple[Quantity, ...]
    """The total's quantities; none for a sum."""
    parts: tuple[tuple[str, Quantities], ...] = ()
    """For a sum: what was added up, by belligerent or kind."""


def casualty_chart(
    sides: tuple[Side, ...],
    lang: str,
    labels: dict[str, str],
    civilians: Quantities | None = None,
) -> Chart | None:
    """The sides' casualties as bars on one scale, and the civilians' under them; none when
    fewer than two bars would be drawn."""
    figures: list[tuple[Side | None, Figure]] = [
        (side, figure) for side in sides if (figure := side_figure(side, labels))
    ]
    if civilians and (figure := _total(civilians)):
        figures.append((None, figure))
    if len(figures) < 2:
        return None
    values = _value_texts([figure for _, figure in figures], lang, labels)
    value_width = max(VALUE_MIN, *(text_width(v, TEXT_SIZE) + GAP for v in values))
    label_room = max(LABEL_MIN, min(LABEL_MAX, WIDTH - BARS_MIN - value_width)) - GAP
    names = _labels([side for side, _ in figures if side], label_room, lang)
    if figures[-1][0] is None:
        names.append(fit(labels["civilians"], label_room))
    label_width = max(text_width(name, TEXT_SIZE) for name in names) + GAP
    ends = [
        (figure.end, text_width(value, TEXT_SIZE) + GAP)
        for (_, figure), value in zip(figures, values, strict=True)
    ]
    room = max(WIDTH - label_width, BARS_MIN + value_width)
    bar_width, top, ticks = _scale(ends, room, lang)
    value_width = room - bar_width
    scale = bar_width / top
    bars = tuple(
        Bar(
            name=side.display_name if side else labels["civilians"],
            label=label,
            kind=figure.kind,
            start=figure.start * scale,
            end=figure.end * scale,
            marks=tuple((low * scale, high * scale) for low, high in figure.marks),
            value=value,
            spoken=_spoken(figure, lang, labels),
        )
        for (side, figure), label, value in zip(figures, names, values, strict=True)
    )
    return Chart(
        bars=bars,
        width=label_width + bar_width + value_width,
        height=len(bars) * ROW + AXIS,
        label_width=label_width,
        bar_width=bar_width,
        value_width=value_width,
        ticks=tuple((value * scale, text) for value, text in ticks),
        description=f"{labels['chart_title']}. "
        + " ".join(f"{bar.name}: {bar.spoken}." for bar in bars),
    )


def side_figure(side: Side, labels: dict[str, str]) -> Figure | None:
    """The side's total if it gives one as a number, else the sum of its belligerents' figures,
    else the sum of its killed, wounded, missing and captured unless one of them is in dispute
    (a list of claims); sums are lower bounds."""
    casualties = side.casualties
    if casualties is None:
        return None
    if casualties.total and (figure := _total(casualties.total)):
        return figure
    parts = tuple(_belligerent_parts(casualties.by_belligerent, labels)) or tuple(
        (labels[kind], getattr(casualties, kind))
        for kind in CASUALTY_PARTS
        if getattr(casualties, kind)
    )
    if not casualties.by_belligerent and any(len(quantities) > 1 for _, quantities in parts):
        return None  # killed in dispute: any sum would take one source's side
    lows = [low for _, quantities in parts if (low := _lowest(quantities)) is not None]
    if not lows:
        return None
    total = sum(lows)
    return Figure("sum", total, total * OPEN_END, (), (), parts)


def _belligerent_parts(
    entries: tuple[BelligerentCount, ...], labels: dict[str, str]
) -> Iterator[tuple[str, Quantities]]:
    """What each belligerent (or group) lost: its count, else each kind it gives."""
    for entry in entries:
        name = ", ".join(entry.names)
        if entry.count is not None:
            yield name, entry.count
            continue
        for kind in CASUALTY_PARTS:
            if (figures := getattr(entry, kind)) is not None:
                yield f"{name}, {labels[kind].lower()}", figures
        for other in entry.other or ():
            yield f"{name}, {other.label}", other.count


def _total(total: Quantities) -> Figure | None:
    """A total as drawn: one quantity as a bar, several (disputed claims) as marks on one bar."""
    claims = [q for q in total if q.interval() is not None]
    if not claims:
        return None
    if len(total) == 1:
        quantity = total[0]
        low, high = quantity.interval()
        return Figure(quantity.kind, low, low * OPEN_END if high == math.inf else high, (), total)
    marks = tuple(_claim(q) for q in claims)
    return Figure("claims", 0.0, max(high for _, high in marks), marks, total)


def _claim(quantity: Quantity) -> tuple[float, float]:
    """Where one disputed claim stands on the scale: its figure, or its range."""
    if quantity.kind == "range":
        return (quantity.min, quantity.max)
    figure = quantity.approx if quantity.kind == "approx" else quantity.value
    if quantity.kind == "at_least":
        figure = quantity.at_least
    return (figure, figure)


def _lowest(quantities: Quantities) -> float | None:
    """The least a figure says, for a lower bound: an approximation counts as its figure,
    disputed claims as the lowest; None when it is only text."""
    lows = [_claim(q)[0] for q in quantities if q.interval() is not None]
    return min(lows) if lows else None


def _value_texts(figures: list[Figure], lang: str, labels: dict[str, str]) -> list[str]:
    """The figures drawn right of the bars: all compact (1.5M) when one written out is too wide."""
    texts = [_figure_text(figure, lang, labels, format_number) for figure in figures]
    if all(text_width(text, TEXT_SIZE) + GAP <= VALUE_MAX for text in texts):
        return texts
    return [_figure_text(figure, lang, labels, compact_number) for figure in figures]


def _figure_text(figure: Figure, lang: str, labels: dict[str, str], number: Number) -> str:
    """The figure as the table writes it, claims apart by "; ", a sum as a lower bound (N+)."""
    if figure.kind == "sum":
        return f"{number(figure.start, lang)}+"
    return "; ".join(format_quantity(q, lang, labels, number) for q in figure.shown)


def _spoken(figure: Figure, lang: str, labels: dict[str, str]) -> str:
    """Every figure of a bar in full, with the notes of disputed claims and the parts of a sum."""
    if figure.kind == "sum":
        parts = "; ".join(
            f"{name} " + " / ".join(format_quantity(q, lang, labels) for q in quantities)
            for name, quantities in figure.parts
        )
        return f"{_figure_text(figure, lang, labels, format_number)} ({parts})"
    return "; ".join(
        format_quantity(q, lang, labels) + (f" ({q.note})" if q.note else "") for q in figure.shown
    )


def _labels(sides: list[Side], room: float, lang: str) -> list[str]:
    """Each side's name; for sides without one, their belligerents where all such lists fit,
    else each one's first and "+N" (United States +15)."""
    whole = [side.name or ", ".join(side.belligerent_names) for side in sides]
    if all(text_width(label, TEXT_SIZE) <= room for label in whole):
        return whole
    return [_short_label(side, room, lang) for side in sides]


def _short_label(side: Side, room: float, lang: str) -> str:
    if side.name or len(side.belligerent_names) < 2:
        return fit(side.display_name, room)
    more = f" +{format_number(len(side.belligerent_names) - 1, lang)}"
    return fit(side.belligerent_names[0], room - text_width(more, TEXT_SIZE)) + more


def fit(text: str, room: float) -> str:
    """`text`, cut short with an ellipsis where it is wider than `room` at the labels' size."""
    if text_width(text, TEXT_SIZE) <= room:
        return text
    cut = len(text)
    while cut > 1 and text_width(text[:cut].rstrip(" ,") + "…", TEXT_SIZE) > room:
        cut -= 1
    return text[:cut].rstrip(" ,") + "…"


def text_width(text: str, size: float) -> float:
    """How wide `text` is set at `size` in the chart's sans: Noto Sans's own advances for Latin
    letters, figures and signs, a generous guess for other scripts, 3% to spare."""
    return size * 1.03 * sum(_advance(char) for char in text)


NOTO_SANS = dict(
    zip(
        string.ascii_uppercase + string.ascii_lowercase + string.digits + " .,;:-+–—…()/'’&%·",
        (
            *(639, 650, 632, 730, 556, 519, 728, 741, 339, 273, 619, 524, 907),
            *(760, 781, 605, 781, 622, 549, 556, 731, 600, 930, 586, 566, 572),
            *(561, 615, 480, 615, 564, 344, 615, 618, 258, 258, 534, 258, 935),
            *(618, 605, 615, 615, 413, 479, 361, 618, 508, 786, 529, 510, 470),
            *(572,) * 10,
            *(260, 268, 268, 268, 268, 322, 572, 500, 1000, 791, 300, 300, 372, 225, 175, 732),
            *(831, 268),
        ),
        strict=True,
    )
)
"""Noto Sans Regular's advances in thousandths of an em."""


def _advance(char: str) -> float:
    base = unicodedata.normalize("NFD", char)[0]
    if base in NOTO_SANS:
        return NOTO_SANS[base] / 1000
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    if char.isspace():
        return 0.17 if char == "\u202f" else 0.26
    return 0.75 if unicodedata.category(char) == "Lu" else 0.62


def compact_number(value: float, lang: str) -> str:
    """A long figure short, as the language writes it (1.5M, 1,5 M, 150万); written out where
    the language has no short form for it (German thousands)."""
    text = format_compact_decimal(value, locale=locale_of(lang), fraction_digits=2)
    return format_number(value, lang) if text.isdigit() else text


def _scale(
    ends: list[tuple[float, float]], room: float, lang: str
) -> tuple[float, float, list[tuple[float, str]]]:
    """The bars' width, the scale's top and its ticks: the bars take what the figures right of
    them leave of `room`, where a short bar's figure needs no room past the longest bar."""
    reach = max(end for end, _ in ends) or 1.0
    bar_width = room - max(VALUE_MIN, *(need for _, need in ends))
    top, ticks = _ticks(reach, bar_width, lang)
    for _ in range(3):
        wider = min(room - VALUE_MIN, *((room - need) * top / end for end, need in ends if end))
        if wider <= bar_width:
            break
        wider_top, wider_ticks = _ticks(reach, wider, lang)
        if any(end * wider / wider_top + need > room for end, need in ends):
            break
        bar_width, top, ticks = wider, wider_top, wider_ticks
    return bar_width, top, ticks


def _ticks(reach: float, bar_width: float, lang: str) -> tuple[float, list[tuple[float, str]]]:
    """The scale's top and its ticks: the finest round step from a quarter of the reach up whose
    labels, side by side, leave `TICK_GAP` between them."""
    step = _nice_step(reach / 4)
    while True:
        top = step * math.ceil(reach / step)
        number = compact_number if top >= COMPACT_FROM else format_number
        ticks = [(step * i, number(step * i, lang)) for i in range(round(top / step) + 1)]
        room = bar_width * step / top
        widths = [text_width(text, TICK_SIZE) for _, text in ticks]
        if len(ticks) <= 2 or all(room >= (a + b) / 2 + TICK_GAP for a, b in pairwise(widths)):
            return top, ticks
        step = _nice_step(step * 1.5)


def _nice_step(raw: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) at least `raw`."""
    power = 10 ** max(0, len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power
