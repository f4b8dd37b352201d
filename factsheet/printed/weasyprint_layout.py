"""The one module that reads WeasyPrint beyond its documented API: pages, lines, notes, versions.

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
from weasyprint.formatting_structure.boxes import FootnoteAreaBox, LineBox, TextBox
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


def pango_version() -> str:
    """The Pango WeasyPrint shapes text with, as major.minor.micro."""
    version = pango.pango_version()
    return f"{version // 10000}.{version // 100 % 100}.{version % 100}"


def weasyprint_version() -> str:
    return weasyprint.__version__
