"""Casualty figures agree with themselves: totals with their parts, parts with the side."""

from __future__ import annotations

from collections.abc import Iterator

from factsheet.checks.fields import did_you_mean
from factsheet.checks.located import at_field
from factsheet.context import format_number
from factsheet.errors import Problem
from factsheet.frontmatter import FieldPath, Positions
from factsheet.model import (
    CASUALTY_PARTS,
    BelligerentCount,
    Casualties,
    Document,
    Quantities,
    Side,
    span,
)

Finding = tuple[FieldPath, str, bool]
"""Where in a side's casualties (a field path), what, and whether it is only a warning."""


def casualties(document: Document, positions: Positions) -> Iterator[Problem]:
    """Per side: each by_belligerent entry names one of its belligerents, then the sums."""
    infobox = document.meta.infobox
    for index, side in enumerate((infobox.sides if infobox else None) or ()):
        if side.casualties:
            path = ("infobox", "sides", index, "casualties")
            lang = document.meta.lang
            found = (*_belligerents(side), *_sums(side, lang), *_breakdowns(side, lang))
            for where, message, warning in found:
                yield at_field(document, positions, (*path, *where), message, warning=warning)


def _belligerents(side: Side) -> Iterator[Finding]:
    known = side.belligerent_names
    for index, entry in enumerate(side.casualties.by_belligerent):
        for number, name in enumerate(entry.names):
            if name not in known:
                hint = did_you_mean(name, known)
                listed = ", ".join(known) or "none listed"
                message = f"'{name}' is not among this side's belligerents ({listed}){hint}"
                where = ("belligerent",) if entry.belligerent else ("belligerents", number)
                yield ("by_belligerent", index, *where), message, False


def _sums(side: Side, lang: str) -> Iterator[Finding]:
    """The total against combat + non_combat, and against by_belligerent: a warning, as sources
    often count differently; a sum short of the total only counts when every part is given."""
    casualties = side.casualties
    if casualties.total is None or (total := span(casualties.total)) is None:
        return
    sums: list[tuple[str, list[Quantities], bool]] = []
    if parts := [q for q in (casualties.combat, casualties.non_combat) if q is not None]:
        sums.append(("combat + non_combat", parts, len(parts) == 2))
    if casualties.by_belligerent:
        named = {name for entry in casualties.by_belligerent for name in entry.names}
        counts = [e.count for e in casualties.by_belligerent if e.count is not None]
        complete = bool(side.belligerents) and named >= set(side.belligerent_names)
        complete = complete and len(counts) == len(casualties.by_belligerent)
        sums.append(("by_belligerent", counts, complete))
    yield from _kinds(casualties, total, "total", lang)
    for what, parts, complete in sums:
        if (added := _added(parts)) is None:
            continue
        low, high = added
        if low > total[1] or (complete and high < total[0]):
            message = (
                f"{what} adds up to {_shown(low, high, lang)},"
                f" which does not match total {_shown(*total, lang)}"
            )
            yield ("total",), message, True


def _breakdowns(side: Side, lang: str) -> Iterator[Finding]:
    """Each belligerent's killed, wounded, missing and captured against its own count."""
    for index, entry in enumerate(side.casualties.by_belligerent):
        if entry.count is not None and (total := span(entry.count)) is not None:
            for where, message, warning in _kinds(entry, total, "count", lang):
                yield ("by_belligerent", index, *where), message, warning


def _kinds(
    casualties: Casualties | BelligerentCount,
    total: tuple[float, float],
    name: str,
    lang: str,
) -> Iterator[Finding]:
    """Killed, wounded, missing and captured are each part of the total: none above it, and
    together not above it either (a warning: a source may count the total otherwise)."""
    given = [(kind, getattr(casualties, kind)) for kind in CASUALTY_PARTS]
    given = [(kind, quantities) for kind, quantities in given if quantities is not None]
    for kind, quantities in given:
        if (part := span(quantities)) is not None and part[0] > total[1]:
            message = f"{kind} ({_shown(*part, lang)}) is more than {name} {_shown(*total, lang)}"
            yield (kind,), message, True
    added = _added([q for _, q in given]) if len(given) > 1 else None
    if added is not None and added[0] > total[1]:
        what = " + ".join(kind for kind, _ in given)
        shown = _shown(*total, lang)
        message = f"{what} adds up to {_shown(*added, lang)}, more than {name} {shown}"
        yield (name,), message, True


def _added(parts: list[Quantities]) -> tuple[float, float] | None:
    """The least and most the parts add up to; None when any part is only text."""
    spans = [span(part) for part in parts]
    if any(s is None for s in spans):
        return None
    return sum(s[0] for s in spans), sum(s[1] for s in spans)


def _shown(low: float, high: float, lang: str) -> str:
    if high == float("inf"):
        return f"{format_number(round(low), lang)}+"
    if low == high:
        return format_number(round(low), lang)
    return f"{format_number(round(low), lang)}–{format_number(round(high), lang)}"
