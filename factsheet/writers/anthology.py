"""The collection as one e-book: a content document per sheet, one stylesheet, one navigation.

Links between sheets point at the other sheet's content document; the page list carries the
page numbers of the collection's printed booklet.
"""

from __future__ import annotations

from ebooklib import epub

from factsheet.contexts import collection_ebook_sheet
from factsheet.pagemap import article_page_starts
from factsheet.words import labels_for
from factsheet.writers.booklet import booklet_layout
from factsheet.writers.epub import (
    NavSheet,
    PageLink,
    add_cover,
    add_stylesheet,
    describe,
    finish_metadata,
    identifier,
    nav_page,
    pack_images,
    package,
    print_edition,
    sheet_page,
    table_of_contents,
)
from factsheet.writers.job import CollectionJob


def write(job: CollectionJob) -> bytes:
    collection = job.collection
    book = epub.EpubBook()
    members = {sheet.document.slug: sheet.document for sheet in job.jobs}
    metas = [sheet.document.meta for sheet in job.jobs]
    describe(
        book,
        ident=identifier(f"collection/{collection.name}"),
        title=collection.title,
        lang=collection.lang,
        authors=job.authors,
        summary=collection.description,
        keywords=list(dict.fromkeys(keyword for meta in metas for keyword in meta.keywords)),
        license=collection.license,
        sources=list(dict.fromkeys(s.url or s.title for meta in metas for s in meta.sources)),
        publisher=collection.publisher,
        when=job.when,
    )
    style = add_stylesheet(book, job.env, job.door)
    links = {"stylesheet": style.file_name, "cover": "cover.xhtml", "nav": "nav.xhtml"}

    printed = booklet_layout(job)
    starts = article_page_starts(printed.source.etree_element, printed.layout)
    sheets, nav_sheets, pages = [], [], []
    for number, (member, sheet_starts) in enumerate(zip(job.jobs, starts, strict=True), 1):
        document = member.document
        packed = pack_images(book, document, member.door, f"s{number}-image")
        context = collection_ebook_sheet(document, member.when, packed, members)
        name = f"{document.slug}.xhtml"
        page = sheet_page(f"sheet-{number}", name, job.env, context, links, sheet_starts)
        sheets.append(page)
        nav_sheets.append(NavSheet(name, document.meta.title, table_of_contents(context)))
        pages += [PageLink(name, start.number) for start in sheet_starts]

    labels = labels_for(collection.lang)
    context = {"lang": collection.lang, "labels": labels}
    cover = add_cover(
        book,
        job.env,
        context,
        links,
        title=collection.title,
        subtitle=collection.subtitle,
        kicker=None,
        byline=", ".join(job.authors),
    )
    nav = nav_page(job.env, context, links, nav_sheets, sorted(pages, key=lambda p: p.number))
    book.add_item(nav)
    for page in sheets:
        book.add_item(page)
    edition = print_edition(f"collection/{collection.name}", job.printing.paper)
    summary = labels | {"a11y_summary": labels["a11y_summary_collection"]}
    finish_metadata(book, summary, collection.lang, sheets, pages, edition)
    book.toc = [
        epub.Link(sheet.file, sheet.title, f"toc-{number}")
        for number, sheet in enumerate(nav_sheets, 1)
    ]
    return package(book, [cover, nav, *sheets], job.when, collection.lang)
