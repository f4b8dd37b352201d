"""The one module that reads WeasyPrint beyond its documented API: pages, lines, notes, the
boxes on each page, versions.

Each internal read here has a test of its own in tests/printed/test_weasyprint_contract.py,
named after it, so that an upgrade which changes one fails there, not in the page markers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

import weasyprint
from weasyprint import HTML
from weasyprint.document import Document as Layout
from weasyprint.formatting_structure.boxes import (
    BlockLevelBox,
    FootnoteAreaBox,
    LineBox,
    ReplacedBox,
    TableCellBox,
    TableRowBox,
    TextBox,
)
from weasyprint.text.ffi import pango

MARKER_SUFFIX = "::marker"
"""How WeasyPrint names the box of a list item's bullet or number: `<tag>::marker`."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page's running text: its page, the element its text starts in, its text."""

    page: int
    element: ElementTree.Element
    text: str


@dataclass(frozen=True, slots=True)
class Footnote:
    """Where a footnote's call and its note were set (the note's page is None if nowhere)."""

    id: str
    call_page: int
    note_page: int | None


def source_tree(source: HTML) -> ElementTree.Element:
    """The parsed document whose elements the layout's boxes point at."""
    return source.etree_element


def flow_lines(layout: Layout) -> Iterator[Line]:
    """Every line of every page's flow, in order, without list markers, page margins or notes."""
    for number, page in enumerate(layout.pages, start=1):
        flow = page._page_box.children[0]  # the root box; notes and margins are elsewhere
        for line in (box for box in flow.descendants() if isinstance(box, LineBox)):
            texts = [
                box
                for box in line.descendants()
                if isinstance(box, TextBox) and not box.element_tag.endswith(MARKER_SUFFIX)
            ]
            if texts:
                yield Line(number, texts[0].element, "".join(box.text for box in texts))


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a block or table row fell: its page, and its top and bottom on it (CSS px)."""

    page: int
    element: ElementTree.Element
    top: float
    bottom: float
    left: float = 0.0
    right: float = 0.0
    line: bool = False
    """A line of text (its right is where its text ends), not a block."""


def placed_blocks(layout: Layout) -> Iterator[Placed]:
    """Every block, table row and line of every page's flow, in order (a block split over
    pages once per page), without page margins or notes; a line is placed as its block's."""
    for number, page in enumerate(layout.pages, start=1):
        flow = page._page_box.children[0]
        for box in flow.descendants():
            if isinstance(box, BlockLevelBox | TableRowBox | LineBox) and box.element is not None:
                top, left = box.position_y, box.position_x
                bottom, right = top + box.margin_height(), left + box.margin_width()
                line = isinstance(box, LineBox)
                if line:  # where its text ends, not where it could
                    ends = (child.position_x + child.margin_width() for child in box.children)
                    right = max(ends, default=left)
                yield Placed(number, box.element, top, bottom, left, right, line)


def flow_bottoms(layout: Layout) -> tuple[float, ...]:
    """For each page, where its flow must end: above its footnotes, else its content area's
    foot (CSS px from the top of the page)."""
    bottoms = []
    for page in layout.pages:
        box = page._page_box
        bottom = box.content_box_y() + box.height
        for area in box.children:
            if isinstance(area, FootnoteAreaBox) and area.children:
                bottom = min(bottom, area.position_y)
        bottoms.append(bottom)
    return tuple(bottoms)


@dataclass(frozen=True, slots=True)
class LineFill:
    """How much of its block's width one line of text fills: a justified line whose spaces
    were stretched far is a short line in disguise."""

    page: int
    text: str
    natural: float
    """Its width before justification stretched its spaces."""
    justified: float
    """Its width as set (a line of Chinese or Japanese alone has no spaces to stretch)."""
    width: float
    """The width of the block it stands in."""
    em: float
    """The block's font size."""
    last: bool
    """Whether it is its block's last line on the page."""


def line_fills(layout: Layout) -> Iterator[LineFill]:
    """Every line of running text in the pages' flow, with how much of its block it fills."""
    for number, page in enumerate(layout.pages, start=1):
        for block in page._page_box.children[0].descendants():
            lines = [box for box in getattr(block, "children", ()) if isinstance(box, LineBox)]
            for index, line in enumerate(lines):
                texts = [box for box in line.descendants() if isinstance(box, TextBox)]
                stretched = sum(
                    getattr(box, "justification_spacing", 0)
                    * (box.text.count(" ") + box.text.count("\u00a0"))
                    for box in texts
                )
                yield LineFill(
                    page=number,
                    text="".join(box.text for box in texts),
                    natural=line.width - stretched,
                    justified=line.width,
                    width=block.width,
                    em=block.style["font_size"],
                    last=index == len(lines) - 1,
                )


def footnotes(layout: Layout) -> tuple[Footnote, ...]:
    """Each footnote with an id, in the order of its calls: the page of its call and its note."""
    call_page: dict[str, int] = {}
    note_page: dict[str, int] = {}
    for number, page in enumerate(layout.pages, start=1):
        for box in page._page_box.descendants():
            if isinstance(box, FootnoteAreaBox):
                for note in box.children:
                    if ident := _element_id(note):
                        note_page[ident] = number
            elif ident := _element_id(getattr(box, "footnote", None)):
                call_page.setdefault(ident, number)
    return tuple(Footnote(ident, page, note_page.get(ident)) for ident, page in call_page.items())


def _element_id(box) -> str | None:
    element = getattr(box, "element", None)
    return element.get("id") if element is not None else None


def page_anchors(layout: Layout) -> dict[str, int]:
    """The page number each anchor (element id) fell on."""
    pages = enumerate(layout.pages, start=1)
    return {anchor: number for number, page in pages for anchor in page.anchors}


Rect = tuple[float, float, float, float]
"""left, top, right, bottom, in CSS pixels from the trim's top left corner."""


@dataclass(frozen=True, slots=True)
class Leaf:
    """A leaf of a page's boxes: a run of text, an image, or a table cell."""

    kind: str
    """"text", "image" or "cell"."""
    region: str
    """Where on the page: "flow" (the page area), "footnotes" (the footnote area), "margin"."""
    elements: tuple[ElementTree.Element, ...]
    """The elements it is in, outermost first, its own last."""
    pseudo: str
    """The pseudo-element it belongs to (`marker`, `footnote-call`…), or ""."""
    text: str
    rect: Rect
    """Its border box."""


@dataclass(frozen=True, slots=True)
class PageBoxes:
    """One page's size, its footnote area, and every leaf box on it in the order of the tree."""

    number: int
    width: float
    """The trim's width (the bleed, if any, lies outside 0…width)."""
    height: float
    footnote_area: Rect | None
    """The border box of the footnote area, when the page holds notes."""
    boxes: tuple[Leaf, ...]


def page_boxes(layout: Layout) -> Iterator[PageBoxes]:
    """Every page's leaf boxes: flow, footnotes and page margins, positioned boxes included."""
    for number, page in enumerate(layout.pages, start=1):
        flow, *others = page._page_box.children
        placed = list(_leaves(flow, (), "flow"))
        area = None
        for other in others:
            if isinstance(other, FootnoteAreaBox):
                placed += _leaves(other, (), "footnotes")
                area = _border_box(other) if other.children else None
            else:
                placed += _leaves(other, (), "margin")
        yield PageBoxes(number, page.width, page.height, area, tuple(placed))


def _leaves(box, elements: tuple[ElementTree.Element, ...], region: str) -> Iterator[Leaf]:
    box = getattr(box, "_box", box)  # an absolutely positioned box stands behind a placeholder
    element = getattr(box, "element", None)
    if element is not None and (not elements or elements[-1] is not element):
        elements = (*elements, element)
    pseudo = box.element_tag.partition("::")[2] if box.element_tag else ""
    if isinstance(box, TextBox):
        if box.text.strip():
            yield Leaf("text", region, elements, pseudo, box.text, _border_box(box))
        return
    if isinstance(box, ReplacedBox):
        yield Leaf("image", region, elements, pseudo, "", _border_box(box))
        return
    if isinstance(box, TableCellBox):
        yield Leaf("cell", region, elements, pseudo, "", _border_box(box))
    for child in getattr(box, "children", ()):
        yield from _leaves(child, elements, region)


def _border_box(box) -> Rect:
    left, top = box.border_box_x(), box.border_box_y()
    return (left, top, left + box.border_width(), top + box.border_height())


def pango_version() -> str:
    """The Pango WeasyPrint shapes text with, as major.minor.micro."""
    version = pango.pango_version()
    return f"{version // 10000}.{version // 100 % 100}.{version % 100}"


def weasyprint_version() -> str:
    return weasyprint.__version__
