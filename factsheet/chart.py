"""The casualty chart: the sides' totals as bars on one scale, drawn by `partials/chart.svg.j2`."""

from __future__ import annotations

from dataclasses import dataclass

from factsheet.context import format_number, format_quantity
from factsheet.model import Side, span


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
