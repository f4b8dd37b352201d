"""The one e-book builder: EPUB 3 packaged by ebooklib, with our own pages, nav, cover and page
list, for one sheet or for the whole collection.

A book is its metadata (Book) and its content documents (Chapter), one per sheet, each with
the places its printed pages begin. The writers (writers/epub.py, writers/anthology.py) only
say what the book is.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from ebooklib import epub

from factsheet.contexts import Context
from factsheet.cover import cover_png
from factsheet.ebook.accessibility import add_accessibility, holdings
from factsheet.ebook.contents import NavSheet, PageLink, contents_of
from factsheet.ebook.package import package
from factsheet.fetch import Door, Resource, read_asset
from factsheet.model import Document, License
from factsheet.pagemap import PageStart, insert_page_markers
from factsheet.stylesheets import self_contained
from factsheet.templates import render
from factsheet.themes import Sheet, Theme
from factsheet.versions import styles
from factsheet.words import labels_for
from factsheet.writers import EBOOK_STYLES

IDENTIFIER_NAMESPACE = uuid.UUID("5b0f8c3e-2f7a-4f43-9d7e-6d1c9a1f0c11")
XHTML_TYPE = "application/xhtml+xml"


def identifier(key: str) -> str:
    """The same identifier every build, derived from the book's key (its slug) alone."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, key)}"


def print_edition(key: str, paper: str) -> str:
    """The identifier of the printed edition whose page numbers the e-book carries."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, f'{key}/print/{paper}')}"


@dataclass(frozen=True, slots=True)
class Book:
    """What the package document says of a book, and what its cover shows."""

    key: str
    """The slug, or `collection/<name>`: the book's identifiers are made from it."""
    title: str
    subtitle: str | None
    kicker: str | None
    """A line above the title on the cover (the series), if any."""
    lang: str
    authors: Sequence[str]
    summary: str | None
    keywords: Sequence[str]
    license: License | None
    sources: Sequence[str]
    publisher: str | None
    when: dt.datetime
    paper: str
    """The printed edition's paper, whose page numbers the page list carries."""
    anthology: bool = False
    """A book of several sheets: numbered parts, a contents of sheets, a summary that says so."""


@dataclass(frozen=True, slots=True)
class Chapter:
    """One sheet of the book, as one content document."""

    document: Document
    when: dt.datetime
    door: Door
    starts: tuple[PageStart, ...]
    """Where each printed page begins in the sheet, for the page-break markers."""
    context: Callable[[Mapping[str, str]], Context]
    """The sheet's context in this book, given where its images were packed (see
    `factsheet.contexts`, which decides it for a sheet's book and for the collection's)."""


def build_ebook(
    book: Book, chapters: Sequence[Chapter], env: jinja2.Environment, door: Door, theme: Theme
) -> bytes:
    """The EPUB file of `book`, its chapters in reading order, set in `theme`."""
    epub_book = epub.EpubBook()
    describe(epub_book, book)
    needed = styles(EBOOK_STYLES, *(chapter.document.meta for chapter in chapters))
    style = add_stylesheet(epub_book, env, door, theme.sheets(env, needed))
    links = {"stylesheet": style.file_name, "cover": "cover.xhtml", "nav": "nav.xhtml"}
    pages, sheets, nav_sheets, contexts = [], [], [], []
    for number, chapter in enumerate(chapters, 1):
        document = chapter.document
        prefix = f"s{number}-image" if book.anthology else "image"
        packed = pack_images(epub_book, document, chapter.door, prefix)
        context = chapter.context(packed)
        name = f"{document.slug}.xhtml"
        uid = f"sheet-{number}" if book.anthology else "sheet"
        page = sheet_page(uid, name, env, {**context, "theme": theme}, links, chapter.starts)
        sheets.append(page)
        contexts.append(context)
        nav_sheets.append(NavSheet(name, document.meta.title, contents_of(context, page.content)))
        pages += [PageLink(name, start.number) for start in chapter.starts]
    labels = labels_for(book.lang)
    front = {"lang": book.lang, "labels": labels} if book.anthology else contexts[0]
    cover = add_cover(epub_book, env, front, links, book)
    nav = nav_page(env, front, links, nav_sheets, sorted(pages, key=lambda p: p.number))
    epub_book.add_item(nav)
    for page in sheets:
        epub_book.add_item(page)
    if book.anthology:
        labels = labels | {"a11y_summary": labels["a11y_summary_collection"]}
    add_accessibility(epub_book, labels, book.lang, holdings(sheets, has_pages=bool(pages)))
    if pages:
        edition = print_edition(book.key, book.paper)
        epub_book.add_metadata(None, "meta", edition, {"property": "pageBreakSource"})
    epub_book.toc = _toc(book, nav_sheets)
    return package(epub_book, [cover, nav, *sheets], book.when, book.lang)


def _toc(book: Book, sheets: list[NavSheet]) -> list[epub.Link]:
    """The NCX's contents: each sheet of an anthology, or the one sheet and its sections."""
    if book.anthology:
        return [
            epub.Link(sheet.file, sheet.title, f"toc-{number}")
            for number, sheet in enumerate(sheets, 1)
        ]
    (sheet,) = sheets
    return [
        epub.Link(sheet.file, sheet.title, "title"),
        *(epub.Link(f"{sheet.file}#{entry.id}", entry.text, entry.id) for entry in sheet.toc),
    ]


def describe(epub_book: epub.EpubBook, book: Book) -> None:
    """The package's Dublin Core metadata."""
    epub_book.set_identifier(identifier(book.key))
    epub_book.set_title(book.title)
    epub_book.set_language(book.lang)
    for index, author in enumerate(book.authors):
        epub_book.add_author(author, uid=f"creator-{index + 1}")
    if book.summary:
        epub_book.add_metadata("DC", "description", book.summary)
    for keyword in book.keywords:
        epub_book.add_metadata("DC", "subject", keyword)
    if book.license:
        rights = book.license.name + (f" ({book.license.url})" if book.license.url else "")
        epub_book.add_metadata("DC", "rights", rights)
    for source in book.sources:
        epub_book.add_metadata("DC", "source", source)
    if book.publisher:
        epub_book.add_metadata("DC", "publisher", book.publisher)
    epub_book.add_metadata("DC", "date", book.when.date().isoformat())


def add_stylesheet(
    book: epub.EpubBook, env: jinja2.Environment, door: Door, sheets: Sequence[Sheet]
) -> epub.EpubItem:
    """The book's one stylesheet, with the theme's values in place of var(); what its url()s
    name is packed beside it."""
    packed: list[epub.EpubItem] = []

    def pack(resource: Resource) -> str:
        suffix = mimetypes.guess_extension(resource.media_type) or Path(resource.name).suffix
        name = f"style-{len(packed) + 1}{suffix.lower()}"
        item = epub.EpubItem(
            uid=f"style-{len(packed) + 1}",
            file_name=f"css/{name}",
            media_type=resource.media_type,
            content=resource.data,
        )
        packed.append(item)
        book.add_item(item)
        return name

    text = "".join(self_contained(sheet, door, pack) for sheet in sheets)
    style = epub.EpubItem(
        uid="style", file_name="css/ebook.css", media_type="text/css", content=text
    )
    book.add_item(style)
    return style


def pack_images(book: epub.EpubBook, document: Document, door: Door, prefix: str) -> dict[str, str]:
    """Add the document's images to the book; where each reference now points."""
    packed: dict[str, str] = {}
    for number, reference in enumerate(document.assets, 1):
        resource = read_asset(reference, document.folder, door)
        suffix = mimetypes.guess_extension(resource.media_type) or Path(resource.name).suffix
        packed[reference] = f"images/{prefix}-{number}{suffix.lower()}"
        book.add_item(
            epub.EpubImage(
                uid=f"{prefix}-{number}",
                file_name=packed[reference],
                media_type=resource.media_type,
                content=resource.data,
            )
        )
    return packed


def sheet_page(
    uid: str,
    name: str,
    env: jinja2.Environment,
    context: Context,
    links: dict[str, str],
    starts: tuple[PageStart, ...],
) -> epub.EpubItem:
    """A sheet's content document, with the print edition's page-break markers."""
    xhtml = insert_page_markers(render(env, "ebook.xhtml.j2", context, **links).encode(), starts)
    return _page(uid, name, xhtml, properties=["svg"] if b"<svg" in xhtml else [])


def add_cover(
    epub_book: epub.EpubBook,
    env: jinja2.Environment,
    context: Mapping[str, object],
    links: dict[str, str],
    book: Book,
) -> epub.EpubItem:
    """The cover image (a PNG: reading systems' libraries, calibre and Kindle tools read no
    SVG cover) as the book's cover-image, and the cover page that shows it."""
    title, subtitle = book.title, book.subtitle
    image = epub.EpubCover(uid="cover-image", file_name="images/cover.png")
    image.media_type = "image/png"
    image.content = cover_png(
        title=title, subtitle=subtitle, kicker=book.kicker, byline=", ".join(book.authors)
    )
    epub_book.add_item(image)
    # EPUB 2's way of naming the cover, which Kindle tools and older readers still look for.
    epub_book.add_metadata(None, "meta", "", {"name": "cover", "content": image.id})
    cover_text = title + (f", {subtitle}" if subtitle else "")
    page = _page(
        "cover",
        links["cover"],
        render(
            env,
            "cover.xhtml.j2",
            context,
            cover_image=image.file_name,
            cover_title=title,
            cover_text=cover_text,
            **links,
        ),
    )
    epub_book.add_item(page)
    # EPUB 2's guide names the cover page too: calibre then drops it for its own, not adds one.
    epub_book.guide.append({"type": "cover", "href": page.file_name, "title": title})
    return page


def nav_page(
    env: jinja2.Environment,
    context: Mapping[str, object],
    links: dict[str, str],
    sheets: list[NavSheet],
    pages: list[PageLink],
) -> epub.EpubItem:
    content = render(env, "nav.xhtml.j2", context, sheets=sheets, pages=pages, **links)
    return _page("nav", links["nav"], content, properties=["nav"])


def _page(uid: str, name: str, content: str | bytes, properties=()) -> epub.EpubItem:
    # A plain item, not ebooklib's EpubHtml: that one re-parses the page as HTML, which drops
    # the <head> and lower-cases SVG's viewBox. Ours are complete, well-formed XHTML already.
    item = epub.EpubItem(
        uid=uid,
        file_name=name,
        media_type=XHTML_TYPE,
        content=content.encode() if isinstance(content, str) else content,
    )
    item.properties = list(properties)
    return item
