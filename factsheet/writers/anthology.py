"""The collection as one e-book: a content document per sheet, one stylesheet, one navigation.

Links between sheets point at the other sheet's content document (see
`factsheet.contexts.collection_ebook_sheet`); the page list carries the page numbers of the
collection's printed booklet.
"""

from __future__ import annotations

from factsheet.contexts import collection_ebook_sheet
from factsheet.ebook import Book, Chapter, build_ebook
from factsheet.printed.edition import PrintedEdition
from factsheet.writers.job import CollectionJob


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
            lambda images, sheet=member: collection_ebook_sheet(
                sheet.document, sheet.when, images, members
            ),
        )
        for member, starts in zip(job.jobs, printed.page_starts, strict=True)
    ]
    return build_ebook(book, chapters, job.env, job.door, job.theme)
