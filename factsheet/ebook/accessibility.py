"""EPUB Accessibility 1.1 metadata, read from what the book's pages really hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babel.lists import format_list
from ebooklib import epub
from lxml import etree

from factsheet.pagemap import XHTML
from factsheet.words import locale_of

A11Y_NS = {"x": XHTML, "svg": "http://www.w3.org/2000/svg", "epub": "http://www.idpf.org/2007/ops"}


@dataclass(frozen=True, slots=True)
class Holdings:
    """What the book's content documents hold, for the accessibility metadata to name."""

    tables: bool
    chart: bool
    images: bool
    notes: bool
    pages: bool


def holdings(sheets: Sequence[epub.EpubItem], *, has_pages: bool) -> Holdings:
    """Read from the pages themselves, so the metadata never names what a book lacks."""
    trees = [etree.fromstring(sheet.content) for sheet in sheets]

    def has(path: str) -> bool:
        return any(tree.xpath(path, namespaces=A11Y_NS) for tree in trees)

    return Holdings(
        tables=has("//x:table[.//x:th]"),
        chart=has("//svg:svg[svg:desc]"),
        images=has("//x:img[normalize-space(@alt)]"),
        notes=has("//x:aside[@epub:type='footnote']"),
        pages=has_pages,
    )


def add_accessibility(
    book: epub.EpubBook, labels: dict[str, str], lang: str, held: Holdings
) -> None:
    """EPUB Accessibility 1.1 metadata: what the book offers a reader who cannot see it."""
    # Every image has a text alternative, the cover's included, so alternativeText holds.
    features = [
        "tableOfContents",
        "structuralNavigation",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    ]
    if held.chart:
        features.append("longDescription")  # the chart's <desc>: every figure, in words
    if held.pages:
        features += ["printPageNumbers", "pageBreakMarkers", "pageNavigation"]
    parts = [
        labels[f"a11y_{name}"]
        for name, present in (
            ("toc", True),
            ("headings", True),
            ("tables", held.tables),
            ("chart", held.chart),
            ("images", held.images),
            ("notes", held.notes),
            ("pages", held.pages),
        )
        if present
    ]
    summary = labels["a11y_summary"].format(parts=format_list(parts, locale=locale_of(lang)))
    meta = {
        "schema:accessMode": ["textual", "visual"],
        "schema:accessModeSufficient": ["textual", "textual,visual"],
        "schema:accessibilityFeature": features,
        "schema:accessibilityHazard": ["none"],
        "schema:accessibilitySummary": [summary],
        "dcterms:conformsTo": ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"],
        "a11y:certifiedBy": ["factsheet"],
    }
    for name, values in meta.items():
        for value in values:
            book.add_metadata(None, "meta", value, {"property": name})
