"""A printed sheet's arrangement, improved from a layout of it: the infobox breaks between rows
(never after a band heading) and keeps out of the footnotes, no line of text runs across it,
the casualty section comes back near it, and the narrative ends at a section to fit a page
budget. See docs/printing.md."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from xml.etree import ElementTree

from factsheet.arrangement import Arrangement
from factsheet.pagemap import PRINT_ONLY
from factsheet.printed.weasyprint_layout import Placed

INFOBOX_ID = "fs-infobox"
CLEARANCE_MARGIN = 6.0
"""CSS px kept between the infobox and the footnote rule, beyond what it ran over."""
CASUALTIES_ID = "fs-casualties"


@dataclass(frozen=True, slots=True)
class Span:
    """Where an element fell: from its first page and top to its last page and bottom."""

    first: int
    top: float
    last: int
    bottom: float


@dataclass(frozen=True, slots=True)
class Measure:
    """What a layout tells about its sheet's arrangement."""

    pages: int
    rows: tuple[Span, ...]
    """The infobox's rows, as the template counts them (without "(continued)" bands)."""
    bands: frozenset[int]
    """Which of those rows are band headings ("Belligerents", "Strength")."""
    flow_bottoms: tuple[float, ...]
    """For each page, where its flow must end (above its footnotes)."""
    infobox: Span | None
    infobox_overrun: float
    """How far (CSS px) the infobox's content runs past the end of a page's flow, at most."""
    crossing: frozenset[int]
    """Paragraphs of the narrative (the nth <p> in it, from 1) with a line set across the
    infobox: WeasyPrint can justify a hyphenated line beside a float to the full width."""
    casualties: Span | None
    sections: tuple[Span, ...]
    """Where each section of the narrative (from its <h2>) begins: part 1, 2, … of the body."""
    lists: tuple[NameList, ...] = ()
    """The infobox's lists of names that may be split between two rows."""


@dataclass(frozen=True, slots=True)
class NameList:
    """A row of the infobox that lists names side by side (leaders, commanders, units)."""

    row: int
    """Its row, as `Measure.rows` counts them."""
    part: str
    ends: tuple[tuple[float, ...], ...]
    """For each side, how far below the row's top each of its names ends (CSS px)."""


SPLITTABLE = ("leaders", "commanders", "units")
"""The lists of names a page may end between; belligerents are grouped, and stay whole."""
MIN_ROOM = 40.0
"""CSS px of room left on a page worth beginning a list of names in."""


def measure(
    root: ElementTree.Element, placed: Iterable[Placed], bottoms: tuple[float, ...]
) -> Measure:
    """The arrangement's facts in a layout of the print HTML `root`."""
    spans: dict[ElementTree.Element, Span] = {}
    infobox = _by_id(root, INFOBOX_ID)
    inside = set(infobox.iter()) if infobox is not None else set()
    narrative = next((e for e in root.iter("div") if "narrative" in _classes(e)), None)
    paragraphs = (
        {}
        if narrative is None
        else {p: n for n, p in enumerate((e for e in narrative if e.tag == "p"), start=1)}
    )
    overrun, boxes, lines = 0.0, {}, []
    for box in placed:
        if box.element in inside and box.element is not infobox:
            overrun = max(overrun, box.bottom - bottoms[box.page - 1])
        elif box.element is infobox and not box.line:
            boxes[box.page] = box
        elif box.line and box.element in paragraphs:
            lines.append(box)
        seen = spans.get(box.element)
        if seen is None:
            spans[box.element] = Span(box.page, box.top, box.page, box.bottom)
        elif box.page > seen.last or box.bottom > seen.bottom:
            spans[box.element] = replace(seen, last=box.page, bottom=box.bottom)
    rows = [] if infobox is None else [r for r in infobox.iter("tr") if r.get(PRINT_ONLY) is None]
    headings = [] if narrative is None else [h for h in narrative if h.tag == "h2"]
    casualties = _by_id(root, CASUALTIES_ID)
    lists = tuple(
        NameList(n, part, _ends(row, spans))
        for n, row in enumerate(rows)
        if row in spans
        and "side-lists" in (classes := _classes(row))
        and (part := next((c for c in classes if c in SPLITTABLE), None))
    )
    return Measure(
        pages=len(bottoms),
        rows=tuple(spans[row] for row in rows if row in spans),
        bands=frozenset(n for n, row in enumerate(rows) if "band" in _classes(row)),
        flow_bottoms=bottoms,
        infobox=spans.get(infobox) if infobox is not None else None,
        infobox_overrun=overrun,
        crossing=frozenset(
            paragraphs[line.element] for line in lines if _crosses(line, boxes.get(line.page))
        ),
        casualties=spans.get(casualties) if casualties is not None else None,
        sections=tuple(spans[h] for h in headings if h in spans),
        lists=lists,
    )


def _ends(row: ElementTree.Element, spans: dict[ElementTree.Element, Span]) -> tuple:
    top = spans[row].top
    return tuple(
        tuple(spans[item].bottom - top for item in cell.iter("li") if item in spans)
        for cell in row
        if cell.tag == "td"
    )


def rearranged(current: Arrangement, found: Measure, parts: int) -> Arrangement:
    """A better arrangement than `current` for the sheet `found` measures, or `current` itself
    when there is nothing left to improve. The infobox's room at the foot of its pages comes
    before its breaks (which depend on it), the casualty section's place after both, the page
    budget last; paragraphs that ran across the infobox are set unhyphenated alongside.
    `parts`: how many parts of the body the measured sheet printed."""
    better = replace(current, unhyphenated=current.unhyphenated | found.crossing)
    if found.infobox_overrun > 0.5:
        room = current.infobox_clearance + found.infobox_overrun + CLEARANCE_MARGIN
        return replace(better, infobox_clearance=round(room, 1))
    if (split := _list_split(current, found)) is not None:
        # The rest of the list is a row of its own after the split one, and begins a page.
        row = next(names.row for names in found.lists if names.part == split[0])
        breaks = {n + 1 if n > row else n for n in current.infobox_breaks} | {row + 1}
        return replace(
            better, list_splits=(*current.list_splits, split), infobox_breaks=frozenset(breaks)
        )
    if (row := _infobox_break(current, found)) is not None:
        return replace(better, infobox_breaks=current.infobox_breaks | {row})
    if better != current:
        return better
    if current.casualties_at is None and (part := _near_infobox(found)) is not None:
        return replace(current, casualties_at=part)
    if current.budget is not None and found.pages > current.budget:
        kept = _kept(current, found, parts)
        if kept is not None:
            moved = current.casualties_at
            return replace(
                current, kept=kept, casualties_at=moved if moved is None or moved < kept else None
            )
    return current


def _infobox_break(current: Arrangement, found: Measure) -> int | None:
    """The first row the layout should begin a page with and does not: one after a page's
    end, or one that runs into the page's footnotes; moved up past band headings. A row
    taller than a page is left to split where it falls."""
    rows = found.rows
    for n in range(1, len(rows)):
        row, before = rows[n], rows[n - 1]
        if n in current.infobox_breaks:
            continue
        if n - 1 in found.bands and n - 1 not in current.infobox_breaks and row.first > before.last:
            return n - 1  # a band heading left at the foot of a page
        if row.last > row.first:
            continue  # a row taller than a page is split where it falls
        begins_page = row.first > before.last
        too_low = row.bottom > found.flow_bottoms[row.first - 1] + 0.5
        if not (begins_page or too_low):
            continue
        while n - 1 in found.bands and n - 1 > 0:
            n -= 1
        if n not in current.infobox_breaks:
            return n
    return None


def _list_split(current: Arrangement, found: Measure) -> tuple[str, tuple[int, ...]] | None:
    """A list of names WeasyPrint moved whole to the next page (it moves a table row that
    fits on a page rather than split it) though the page before had room for some of them:
    as many of each side's names as fit stay in a first row."""
    for names in found.lists:
        row, before = found.rows[names.row], found.rows[names.row - 1]
        if row.first == before.last or row.last > row.first or current.split_of(names.part):
            continue
        room = found.flow_bottoms[before.last - 1] - current.infobox_clearance - before.bottom
        if room < MIN_ROOM:
            continue
        counts = tuple(
            sum(1 for end in ends if end <= room - CLEARANCE_MARGIN) for ends in names.ends
        )
        if any(counts) and counts != tuple(len(ends) for ends in names.ends):
            return names.part, counts
    return None


def _near_infobox(found: Measure) -> int | None:
    """The section the casualty section is set before, when it drifted more than a page past
    the infobox: the first whose heading comes after the infobox ends."""
    box, table = found.infobox, found.casualties
    if box is None or table is None or table.first <= box.last + 1:
        return None
    for part, section in enumerate(found.sections, start=1):
        if (section.first, section.top) >= (box.last, box.bottom):
            return part
    return None


def _kept(current: Arrangement, found: Measure, parts: int) -> int | None:
    """How many parts of the body to keep for the sheet to fit its budget: at first, those
    before the last section that begins within it; then one fewer each time; None when even
    no narrative at all is too long (the budget cannot be met)."""
    if current.kept is None:
        within = sum(1 for section in found.sections if section.first <= current.budget)
        return min(within, parts - 1)
    return current.kept - 1 if current.kept > 0 else None


def _crosses(line: Placed, box: Placed | None) -> bool:
    if box is None or line.top >= box.bottom or line.bottom <= box.top:
        return False
    return line.right > box.left + 1 and line.left < box.right - 1


def _by_id(root: ElementTree.Element, ident: str) -> ElementTree.Element | None:
    return next((e for e in root.iter() if e.get("id") == ident), None)


def _classes(element: ElementTree.Element) -> list[str]:
    return (element.get("class") or "").split()
