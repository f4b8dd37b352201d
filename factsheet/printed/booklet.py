"""The collection's printed edition, the booklet: title page, contents, every sheet on a
right-hand page, an index.

All sheets are set in one HTML document, so each sheet's ids get the sheet's slug in front
(`<slug>--<id>`) and links between sheets become links inside the booklet. The index of names
needs the pages its names fell on: the booklet is laid out once without it, the pages of every
marked name are read from that layout, and the index (which starts on a page of its own, after
everything it lists) is added for the final layout.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from babel.dates import format_date
from markupsafe import Markup

from factsheet import __version__
from factsheet.context import build_context, labels_for, locale_of
from factsheet.model import Document
from factsheet.printed.edition import PrintedEdition, lay_out
from factsheet.writers import BOOKLET_STYLES
from factsheet.writers.job import CollectionJob, Job

_TAG = re.compile(r"<[^>]*>")
_ID_ATTRIBUTE = re.compile(r'\b(id|for|headers|aria-labelledby|aria-describedby)="([^"]*)"')
_FRAGMENT_LINK = re.compile(r'\bhref="#([^"]*)"')
_NAME = re.compile(r'<span class="name">([^<]*)</span>')


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
    members = {sheet.document.slug for sheet in job.jobs}
    names: dict[str, str] = {}
    sheets = []
    for sheet in job.jobs:
        document = sheet.document

        def in_booklet(slug: str, fragment: str) -> str | None:
            if slug not in members:
                return None
            return f"#{slug}--{fragment[1:]}" if fragment else f"#{slug}--fs-{slug}"

        context = build_context(
            document,
            when=sheet.when,
            asset_url=lambda reference, document=document: _from_root(reference, document, job),
            document_url=in_booklet,
            note_style="float",
        )
        fragment = job.env.get_template("partials/running_source.html.j2").render(context)
        fragment += job.env.get_template("partials/article.html.j2").render(context)
        fragment = prefix_ids(fragment, f"{document.slug}--")
        fragment = mark_index_names(fragment, indexed_names(sheet), names)
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


def prefix_ids(fragment: str, prefix: str) -> str:
    """Every id in the fragment, and every reference to one, with `prefix` in front."""

    def in_tag(match: re.Match) -> str:
        tag = _ID_ATTRIBUTE.sub(
            lambda m: f'{m[1]}="{" ".join(prefix + i for i in m[2].split())}"', match[0]
        )
        return _FRAGMENT_LINK.sub(lambda m: f'href="#{_prefixed(m[1], prefix)}"', tag)

    return _TAG.sub(in_tag, fragment)


def _prefixed(ident: str, prefix: str) -> str:
    # Links already rewritten to another sheet carry that sheet's prefix.
    return ident if "--" in ident else prefix + ident


def mark_index_names(fragment: str, indexed: set[str], names: dict[str, str]) -> str:
    """Give each mention of an indexed name an anchor (`ix-N`), recorded in `names`."""

    def anchor(match: re.Match) -> str:
        name = html.unescape(match[1])
        if name not in indexed:
            return match[0]
        ident = f"ix-{len(names) + 1}"
        names[ident] = name
        return f'<span class="name" id="{ident}">{match[1]}</span>'

    return _NAME.sub(anchor, fragment)


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


def _from_root(reference: str, document: Document, job: CollectionJob) -> str:
    """Image references, made relative to the project folder (the booklet's base)."""
    if "://" in reference:
        return reference
    return Path(os.path.relpath(document.folder / reference, job.root)).as_posix()
