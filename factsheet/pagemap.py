"""Where each printed page begins, carried into the e-book as page-break markers.

The print layout (WeasyPrint) and the e-book page come from the same article partial, so a
block of text has the same place in both: its path of child positions under <article>. For
every page after the first we find the block holding the page's first line and how many words
of it went on the pages before; the e-book gets a marker after that many words of that block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from xml.etree import ElementTree

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
BLOCKS = frozenset(
    "p li h1 h2 h3 h4 h5 h6 td th caption figcaption dt dd blockquote pre div section "
    "article header footer".split()
)
_WORD = re.compile(r"\S+")
_HYPHENS = ("\u2010", "\u00ad")


@dataclass(frozen=True, slots=True)
class PageStart:
    """Page `number` begins in the block at `path` (under <article>) after `words` of its words."""

    number: int
    path: tuple[int, ...]
    words: int


class Line(Protocol):
    """A line of the print layout's running text (factsheet.printed.weasyprint_layout.Line)."""

    page: int
    element: ElementTree.Element
    text: str


def article_page_starts(
    root: ElementTree.Element, flow: Iterable[Line]
) -> list[tuple[PageStart, ...]]:
    """For each <article> of the print version, in order, the pages that begin in it: a page
    whose first line opens the article begins at the article itself (path ())."""
    parents = {child: parent for parent in root.iter() for child in parent}
    articles = list(root.iter("article"))
    # (page, block, text of the line)
    lines = [
        (line.page, _block_of(line.element, parents), line.text)
        for line in flow
        if not _print_only(line.element, parents)
    ]
    inside = set(articles)
    owner_of = {block: _article_of(block, inside, parents) for _, block, _ in lines}
    index_of = {article: n for n, article in enumerate(articles)}
    starts: list[list[PageStart]] = [[] for _ in articles]
    opened: set[ElementTree.Element] = set()
    seen_pages: set[int] = set()
    for index, (number, block, _) in enumerate(lines):
        owner = owner_of[block]
        first_on_page = number not in seen_pages
        seen_pages.add(number)
        if owner is None:
            continue
        if owner not in opened:
            opened.add(owner)
            if first_on_page:
                starts[index_of[owner]].append(PageStart(number, (), 0))
        elif first_on_page and (path := _path(block, owner, parents)) is not None:
            before = _joined(text for _, b, text in lines[:index] if b is block)
            starts[index_of[owner]].append(PageStart(number, path, len(_WORD.findall(before))))
    return [tuple(found) for found in starts]


def _article_of(element, articles, parents) -> ElementTree.Element | None:
    while element is not None:
        if element in articles:
            return element
        element = parents.get(element)
    return None


def _print_only(element, parents) -> bool:
    """Whether the element is in something only print sets (the e-book has no place for it)."""
    while element is not None:
        if element.get(PRINT_ONLY) is not None:
            return True
        element = parents.get(element)
    return False


def _block_of(element, parents) -> ElementTree.Element:
    while element.tag not in BLOCKS and element in parents:
        element = parents[element]
    return element


def _joined(lines) -> str:
    """Lines of one block as its running text: hyphenated words rejoined, lines spaced."""
    text = ""
    for line in lines:
        if text.endswith(_HYPHENS):
            text = text[:-1] + line
        elif text.endswith("-"):
            text += line
        else:
            text += (" " if text else "") + line
    return text


def _path(element, article, parents) -> tuple[int, ...] | None:
    path = []
    while element is not article:
        parent = parents.get(element)
        if parent is not None and _name(parent) in ROW_GROUPS:
            parent = parents.get(parent)  # a row counts among its table's rows
        if parent is None:
            return None
        path.append(_children(parent).index(element))
        element = parent
    return tuple(reversed(path))


ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
"""Left out of paths: the print version's HTML parser adds a <tbody> the e-book's XHTML lacks."""
NO_TEXT = frozenset({"table", "tr", "thead", "tbody", "tfoot", "colgroup", "ul", "ol", "dl"})
"""Elements that may not hold a marker (a span) themselves, only in their cells or items."""


def _name(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


PRINT_ONLY = "data-print-only"
"""Marks what only the printed sheet sets ("(continued)" bands, the casualty section where
print moves it): paths pass over it, so they lead to the same place in the e-book."""


def _children(element) -> list:
    """An element's child elements as a path counts them: a table's rows as its own."""
    found = []
    for child in element:
        if _name(child) in ROW_GROUPS:
            found += [row for row in child if isinstance(row.tag, str)]
        elif isinstance(child.tag, str):
            found.append(child)
    return [child for child in found if child.get(PRINT_ONLY) is None]


def insert_page_markers(xhtml: bytes, starts: tuple[PageStart, ...]) -> bytes:
    """Put a page-break marker (`page-N`) in the e-book page where each print page begins."""
    tree = etree.fromstring(xhtml)
    article = tree.find(f".//{{{XHTML}}}article")
    for start in reversed(starts):  # later markers first, so earlier paths stay valid
        block, words = article, start.words
        for index in start.path:
            children = _children(block)
            if index >= len(children):
                break
            block = children[index]
        while _name(block) in NO_TEXT and _children(block):
            block, words = _children(block)[0], 0  # into the first cell or item
        _insert(block, words, _marker(start.number))
    return etree.tostring(
        tree.getroottree(), xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>"
    )


def _marker(number: int) -> etree._Element:
    marker = etree.Element(f"{{{XHTML}}}span")
    marker.set(f"{{{EPUB}}}type", "pagebreak")
    marker.set("role", "doc-pagebreak")
    marker.set("id", f"page-{number}")
    marker.set("aria-label", str(number))
    return marker


def _insert(block: etree._Element, words: int, marker: etree._Element) -> None:
    """Insert `marker` in `block` right after its first `words` words (or at its start)."""
    slots = list(_slots(block))
    full = "".join(getattr(node, slot) or "" for node, slot in slots)
    ends = [match.end() for match in _WORD.finditer(full)]
    at = ends[min(words, len(ends)) - 1] if words and ends else 0
    start = 0
    for node, slot in slots:
        text = getattr(node, slot) or ""
        if start + len(text) >= at and (text or at == 0):
            local = at - start
            setattr(node, slot, text[:local] or None)
            if slot == "text":
                node.insert(0, marker)
            else:
                node.addnext(marker)
                node.tail = text[:local] or None
            marker.tail = text[local:] or None
            return
        start += len(text)
    block.append(marker)


def _slots(element: etree._Element):
    """The places text can sit in `element`, in reading order: (node, "text" or "tail")."""
    yield element, "text"
    for child in element:
        if isinstance(child.tag, str):
            yield from _slots(child)
        yield child, "tail"
