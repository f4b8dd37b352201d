"""What the e-book's navigation lists: each content document's sections and the printed pages."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from factsheet.contexts import Context, TocEntry, table_of_contents


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


def contents_of(context: Context, xhtml: bytes) -> tuple[TocEntry, ...]:
    """The sections the parser and the context name (`contexts.table_of_contents`), less any
    whose heading the page does not carry: a user's template may leave one out, and the
    navigation must not point at nothing."""
    ids = set(etree.fromstring(xhtml).xpath("//@id"))
    return tuple(
        TocEntry(entry.id, entry.text, tuple(c for c in entry.children if c.id in ids))
        for entry in table_of_contents(context)
        if entry.id in ids
    )
