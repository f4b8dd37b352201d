"""What the e-book's navigation lists: each content document's sections and the printed pages."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from factsheet.pagemap import XHTML


@dataclass(frozen=True, slots=True)
class TocEntry:
    id: str
    text: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class NavSheet:
    """A content document as the navigation lists it."""

    file: str
    title: str
    toc: tuple[TocEntry, ...]


@dataclass(frozen=True, slots=True)
class PageLink:
    file: str
    number: int


def table_of_contents(xhtml: bytes) -> tuple[TocEntry, ...]:
    """Section headings (h2, with h3 under them) of the page, in order, from the page itself."""
    tree = etree.fromstring(xhtml)
    entries: list[TocEntry] = []
    for heading in tree.iter(f"{{{XHTML}}}h2", f"{{{XHTML}}}h3"):
        ident = heading.get("id")
        text = " ".join("".join(heading.itertext()).split())
        if not ident or not text:
            continue
        if heading.tag.endswith("h3") and entries:
            parent = entries[-1]
            entries[-1] = TocEntry(
                parent.id, parent.text, (*parent.children, TocEntry(ident, text))
            )
        else:
            entries.append(TocEntry(ident, text))
    return tuple(entries)
