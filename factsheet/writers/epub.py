"""A sheet's e-book: one content document, its sections in the contents, the printed pages."""

from __future__ import annotations

from factsheet.contexts import ebook_sheet
from factsheet.ebook import Book, Chapter, build_ebook
from factsheet.printed.edition import PrintedEdition
from factsheet.writers.job import Job


def write(job: Job, printed: PrintedEdition) -> bytes:
    document, meta = job.document, job.document.meta
    book = Book(
        key=document.slug,
        title=meta.title,
        subtitle=meta.subtitle,
        kicker=series_line(job.collection.title if job.collection else None, meta.title),
        lang=meta.lang,
        authors=meta.authors,
        summary=meta.summary or document.narrative.first_paragraph,
        keywords=meta.keywords,
        license=meta.license,
        sources=[source.url or source.title for source in meta.sources],
        publisher=job.collection.publisher if job.collection else None,
        when=job.when,
        paper=job.printing.paper,
    )
    chapter = Chapter(
        document,
        job.when,
        job.door,
        printed.sheet_starts,
        lambda images: ebook_sheet(document, job.when, images),
    )
    return build_ebook(book, [chapter], job.env, job.door, job.theme)


def series_line(collection: str | None, title: str) -> str | None:
    """The collection's name above the title, unless it would only say the title again."""
    if collection is None or collection.casefold() == title.casefold():
        return None
    return collection
