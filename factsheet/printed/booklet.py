"""The collection's printed edition, the booklet: title page, contents, every sheet on a
right-hand page, an index.

All sheets are set in one HTML document, so each sheet's ids get the sheet's slug in front
(`<slug>--<id>`, see `factsheet.contexts.booklet_sheet`) and links between sheets become links
inside the booklet. The index of names needs the pages its names fell on: the booklet is laid
out once without it, the pages of every marked name are read from that layout, and the index
(which starts on a page of its own, after everything it lists) is added for the final layout.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby

from babel.dates import format_date
from markupsafe import Markup

from factsheet import __version__
from factsheet.contexts import booklet_sheet
from factsheet.markdown import NameIndex
from factsheet.printed.edition import PrintedEdition, lay_out
from factsheet.words import labels_for, locale_of
from factsheet.writers import BOOKLET_STYLES
from factsheet.writers.job import CollectionJob, Job


@dataclass(frozen=True, slots=True)
class Sheet:
    slug: str
    lang: str
    title: str
    anchor: str
    html: Markup


@dataclass(frozen=True, slots=True)
class IndexEntry:
    name: str
    pages: tuple[tuple[int, str], ...]
    """(page number, anchor of the first mention on that page), in page order."""


@dataclass(frozen=True, slots=True)
class IndexGroup:
    letter: str
    entries: tuple[IndexEntry, ...]


def print_collection(job: CollectionJob) -> PrintedEdition:
    """The booklet laid out twice: once for the pages its names fall on, then with its index."""
    draft, names = booklet_html(job, index=None)
    pages = lay_out(draft, job.root, job.door, job.env, BOOKLET_STYLES).anchor_pages
    final, _ = booklet_html(job, index=name_index(names, pages))
    return lay_out(final, job.root, job.door, job.env, BOOKLET_STYLES)


def booklet_html(
    job: CollectionJob, index: tuple[IndexGroup, ...] | None
) -> tuple[str, dict[str, str]]:
    """The booklet's HTML, and the name each index anchor in it marks."""
    members = {sheet.document.slug: sheet.document for sheet in job.jobs}
    names: dict[str, str] = {}
    sheets = []
    for sheet in job.jobs:
        document = sheet.document
        marks = NameIndex(frozenset(indexed_names(sheet)), names)
        context = booklet_sheet(document, sheet.when, members, job.root, marks)
        fragment = job.env.get_template("partials/running_source.html.j2").render(context)
        fragment += job.env.get_template("partials/article.html.j2").render(context)
        sheets.append(
            Sheet(
                document.slug,
                document.meta.lang,
                document.meta.title,
                f"{document.slug}--fs-{document.slug}",
                Markup(fragment),
            )
        )
    collection = job.collection
    lang = collection.lang
    context = {
        "collection": collection,
        "lang": lang,
        "labels": labels_for(lang),
        "sheets": sheets,
        "index": index,
        "page": job.printing,
        "authors": job.authors,
        "build_date": format_date(job.when.date(), format="long", locale=locale_of(lang)),
        "build_date_iso": job.when.date().isoformat(),
        "generator": f"factsheet {__version__}",
    }
    return job.env.get_template("booklet.html.j2").render(context), names


def indexed_names(job: Job) -> set[str]:
    """The index lists every belligerent, leader and commander of the structured data."""
    box = job.document.meta.infobox
    sides = box.sides if box and box.sides else ()
    return {n for side in sides for n in (*side.belligerents, *side.leaders, *side.commanders)}


def name_index(names: dict[str, str], pages: Mapping[str, int]) -> tuple[IndexGroup, ...]:
    """Names in alphabetical order under their initial, each with its pages."""
    found: dict[str, dict[int, str]] = {}
    for anchor, name in names.items():
        if anchor in pages:
            found.setdefault(name, {}).setdefault(pages[anchor], anchor)
    entries = sorted(
        (IndexEntry(name, tuple(sorted(on.items()))) for name, on in found.items()),
        key=lambda entry: sort_key(entry.name),
    )
    return tuple(
        IndexGroup(letter, tuple(group))
        for letter, group in groupby(entries, key=lambda entry: sort_key(entry.name)[:1].upper())
    )


def sort_key(name: str) -> str:
    """Alphabetical order that files Ō with O and é with e."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
