"""The collection as one e-book: a content document per sheet, one stylesheet, one navigation.

Links between sheets point at the other sheet's content document; the page list carries the
page numbers of the collection's printed booklet.
"""

from __future__ import annotations

import urllib.parse

from factsheet.ebook import Book, Chapter, build_ebook
from factsheet.model import Document
from factsheet.printed.edition import PrintedEdition
from factsheet.writers.job import CollectionJob


def sheet_url(members: dict[str, Document], slug: str, fragment: str) -> str | None:
    """Where a link to another sheet leads in the book: the sheet, at the fragment only when
    the sheet has that id (the book must not point at nothing)."""
    if slug not in members:
        return None
    known = urllib.parse.unquote(fragment[1:]) in members[slug].anchors
    return f"{slug}.xhtml" + (f"#{urllib.parse.unquote(fragment[1:])}" if known else "")


def write(job: CollectionJob, printed: PrintedEdition) -> bytes:
    collection = job.collection
    members = {sheet.document.slug: sheet.document for sheet in job.jobs}
    metas = [sheet.document.meta for sheet in job.jobs]
    book = Book(
        key=f"collection/{collection.name}",
        title=collection.title,
        subtitle=collection.subtitle,
        kicker=None,
        lang=collection.lang,
        authors=job.authors,
        summary=collection.description,
        keywords=list(dict.fromkeys(keyword for meta in metas for keyword in meta.keywords)),
        license=collection.license,
        sources=list(dict.fromkeys(s.url or s.title for meta in metas for s in meta.sources)),
        publisher=collection.publisher,
        when=job.when,
        paper=job.printing.paper,
        anthology=True,
    )
    chapters = [
        Chapter(
            member.document,
            member.when,
            member.door,
            starts,
            lambda slug, fragment: sheet_url(members, slug, fragment),
        )
        for member, starts in zip(job.jobs, printed.page_starts, strict=True)
    ]
    return build_ebook(book, chapters, job.env, job.door)
