"""What a typesetter looks for on a proof, read from the laid-out pages: text over text, a
heading left at the foot of a page, anything in the footnote area but notes, a page that holds
only the colophon, anything past the trim.

The boxes come from factsheet.printed.weasyprint_layout (page_boxes); this module only judges
them. `make proof` prints the findings beside each contact sheet, and tests/printed/
test_geometry.py asserts every fixture has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from factsheet.pagemap import BLOCKS
from factsheet.printed.edition import PrintedEdition
from factsheet.printed.weasyprint_layout import Leaf, PageBoxes, Rect, page_boxes

TOLERANCE = 1.0
"""CSS pixels (about 0.26 mm) two boxes may share, or a box may stand past an edge, unseen:
kerning and half a table rule reach that far."""
HEADINGS = frozenset({"h2", "h3", "h4"})
SOLID = frozenset({"text", "image", "cell"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect on one page, where it is, and the box it concerns."""

    page: int
    check: str
    """overlap, stranded heading, footnote area, colophon alone or past the trim."""
    message: str
    rect: Rect
    """The area to mark on a proof, in CSS pixels from the trim's top left corner."""

    def __str__(self) -> str:
        return f"page {self.page}: {self.check}: {self.message}"


def findings(printed: PrintedEdition) -> list[Finding]:
    """Every finding on every page of a printed edition, page by page."""
    return [found for page in page_boxes(printed.layout) for found in page_findings(page)]


def page_findings(page: PageBoxes) -> Iterator[Finding]:
    """What is wrong on one page, check by check."""
    yield from overlaps(page)
    yield from stranded_headings(page)
    yield from footnote_area_intruders(page)
    yield from colophon_alone(page)
    yield from past_the_trim(page)


def overlaps(page: PageBoxes) -> Iterator[Finding]:
    """Two boxes of text, images or cells of different elements, neither inside the other,
    drawn over each other."""
    solid = sorted((box for box in page.boxes if box.kind in SOLID), key=lambda box: box.rect[1])
    reported: set[tuple[int, ...]] = set()
    for index, box in enumerate(solid):
        for other in solid[index + 1 :]:
            if other.rect[1] >= box.rect[3] - TOLERANCE:
                break  # sorted by top: nothing further down reaches this one
            pair = tuple(sorted((id(owner(box)), id(owner(other)))))
            if pair in reported or nested(box, other) or not intersect(box.rect, other.rect):
                continue
            reported.add(pair)  # one finding for two elements, however many lines they share
            message = f"{describe(box)} and {describe(other)} overlap"
            yield Finding(page.number, "overlap", message, union(box.rect, other.rect))


def stranded_headings(page: PageBoxes) -> Iterator[Finding]:
    """A heading (h2–h4) or an infobox band heading with nothing of what follows it below it on
    the page, in its column."""
    flow = [box for box in page.boxes if box.region == "flow" and box.kind in SOLID]
    headings: dict[ElementTree.Element, list[int]] = {}
    for index, box in enumerate(flow):
        if (heading := heading_of(box)) is not None:
            headings.setdefault(heading, []).append(index)
    for heading, indexes in headings.items():
        first = flow[indexes[0]]
        rect = bounds(flow[i].rect for i in indexes)
        scope = table_of(first) if first.kind == "cell" else None
        after = flow[indexes[-1] + 1 :]
        if not any(follows(rect, other, heading, scope) for other in after):
            yield Finding(page.number, "stranded heading", f"{describe(first)} ends the page", rect)


def footnote_area_intruders(page: PageBoxes) -> Iterator[Finding]:
    """Anything but the notes inside the footnote area's box (its rule included)."""
    area = page.footnote_area
    if area is None:
        return
    intruders = (
        box
        for box in page.boxes
        if box.region != "footnotes" and box.kind in SOLID and intersect(box.rect, area)
    )
    for box in outermost(intruders):
        message = f"{describe(box)} is in the footnote area"
        yield Finding(page.number, "footnote area", message, box.rect)


def colophon_alone(page: PageBoxes) -> Iterator[Finding]:
    """A page whose running content is all colophon (a sheet's, or one of the booklet's)."""
    flow = [box for box in page.boxes if box.region == "flow" and box.kind in SOLID]
    if flow and all(any(has_class(e, "colophon") for e in box.elements) for box in flow):
        rect = bounds(box.rect for box in flow)
        yield Finding(page.number, "colophon alone", "the page holds only the colophon", rect)


def past_the_trim(page: PageBoxes) -> Iterator[Finding]:
    """Any box standing past the page's edge, in the bleed or beyond: nothing of ours bleeds."""
    width, height = page.width + TOLERANCE, page.height + TOLERANCE
    outside = (
        box
        for box in page.boxes
        if box.kind in SOLID
        and (min(box.rect[:2]) < -TOLERANCE or box.rect[2] > width or box.rect[3] > height)
    )
    for box in outermost(outside):
        yield Finding(page.number, "past the trim", f"{describe(box)} lies past the trim", box.rect)


def outermost(boxes: Iterable[Leaf]) -> Iterator[Leaf]:
    """The boxes not inside one already given (a cell, not also each line in it), in order."""
    given: list[ElementTree.Element] = []
    for box in boxes:
        if not any(element in box.elements for element in given):
            given.extend(box.elements[-1:])
            yield box


def heading_of(box: Leaf) -> ElementTree.Element | None:
    """The heading a box belongs to: an h2–h4, or the band heading cell of an infobox row."""
    for element in reversed(box.elements):
        if element.tag in HEADINGS:
            return element
        if element.tag == "tr" and has_class(element, "band"):
            return box.elements[-1] if box.kind == "cell" else None
    return None


def table_of(box: Leaf) -> ElementTree.Element | None:
    """The table a cell is in: its band heading is followed by that table's rows."""
    return next((e for e in reversed(box.elements) if e.tag == "table"), None)


def follows(
    rect: Rect, other: Leaf, heading: ElementTree.Element, scope: ElementTree.Element | None
) -> bool:
    """Whether `other` is content under the heading's box, in its column (and its table)."""
    if heading in other.elements or (scope is not None and scope not in other.elements):
        return False
    left, _, right, bottom = other.rect
    return bottom > rect[3] + TOLERANCE and min(right, rect[2]) - max(left, rect[0]) > TOLERANCE


def owner(box: Leaf) -> ElementTree.Element | None:
    """The element a box belongs to (none for a page number in a margin)."""
    return box.elements[-1] if box.elements else None


def nested(box: Leaf, other: Leaf) -> bool:
    """Whether one box is set inside the other's element (text in its cell, a word in its
    paragraph), or both are text of one block's lines (a tall script's glyph box reaches into
    the line above: the lines themselves are stacked), so that their sharing space is the
    layout, not a defect."""
    if not box.elements or not other.elements:
        return False
    if box.elements[-1] in other.elements or other.elements[-1] in box.elements:
        return True
    both_text = box.kind == other.kind == "text"
    return both_text and block_of(box) is not None and block_of(box) is block_of(other)


def block_of(box: Leaf) -> ElementTree.Element | None:
    """The innermost block element a box is in (the paragraph its line belongs to)."""
    return next((e for e in reversed(box.elements) if tag_of(e) in BLOCKS), None)


def intersect(one: Rect, two: Rect) -> bool:
    """Whether two rectangles share more than TOLERANCE each way."""
    width = min(one[2], two[2]) - max(one[0], two[0])
    height = min(one[3], two[3]) - max(one[1], two[1])
    return width > TOLERANCE and height > TOLERANCE


def union(one: Rect, two: Rect) -> Rect:
    return bounds((one, two))


def bounds(rects: Iterable[Rect]) -> Rect:
    """The smallest rectangle around all of `rects`."""
    lefts, tops, rights, bottoms = zip(*rects, strict=True)
    return (min(lefts), min(tops), max(rights), max(bottoms))


def has_class(element: ElementTree.Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def describe(box: Leaf) -> str:
    """The box for a reader: its element, classes and the start of the element's text,
    `h2 "Casualties and losses"`, `td (in table.infobox-table) "Soviet Union"`."""
    if not box.elements:
        return f'page margin "{clipped(box.text)}"'
    element = box.elements[-1]
    name = tag_of(element) + "".join(f".{c}" for c in (element.get("class") or "").split())
    if box.pseudo:
        name += f"::{box.pseudo}"
    classed = next((e for e in reversed(box.elements[:-1]) if e.get("class")), None)
    if classed is not None and not element.get("class"):
        name += f" (in {tag_of(classed)}.{classed.get('class', '').split()[0]})"
    text = box.text if box.pseudo else " ".join(element.itertext())
    return f'{name} "{clipped(text)}"' if text.strip() else name


def tag_of(element: ElementTree.Element) -> str:
    """An element's tag without its namespace (`svg`, not `{http://www.w3.org/2000/svg}svg`)."""
    return element.tag.rpartition("}")[2]


def clipped(text: str, length: int = 32) -> str:
    words = " ".join(text.split())
    return words if len(words) <= length else words[: length - 1] + "…"
