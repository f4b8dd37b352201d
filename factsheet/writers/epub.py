"""The e-book: EPUB 3 packaged by ebooklib, with our own pages, nav, cover and page list."""

from __future__ import annotations

import datetime as dt
import io
import mimetypes
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2
from babel.lists import format_list
from ebooklib import epub
from lxml import etree

from factsheet.contexts import Context, TocEntry, ebook_sheet, table_of_contents
from factsheet.cover import cover_png
from factsheet.fetch import Door, Resource, read_asset
from factsheet.model import Document, License
from factsheet.pagemap import XHTML, PageStart, insert_page_markers, page_starts
from factsheet.stylesheets import self_contained
from factsheet.templates import render
from factsheet.words import locale_of
from factsheet.writers.job import Job
from factsheet.writers.pdf import print_layout

IDENTIFIER_NAMESPACE = uuid.UUID("5b0f8c3e-2f7a-4f43-9d7e-6d1c9a1f0c11")
XHTML_TYPE = "application/xhtml+xml"
A11Y_NS = {"x": XHTML, "svg": "http://www.w3.org/2000/svg", "epub": "http://www.idpf.org/2007/ops"}


def identifier(slug: str) -> str:
    """The same identifier every build, derived from the slug alone."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, slug)}"


def print_edition(slug: str, paper: str) -> str:
    """The identifier of the printed edition whose page numbers the e-book carries."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, f'{slug}/print/{paper}')}"


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


def write(job: Job) -> bytes:
    document, meta = job.document, job.document.meta
    book = epub.EpubBook()
    describe(
        book,
        ident=identifier(document.slug),
        title=meta.title,
        lang=meta.lang,
        authors=meta.authors,
        summary=meta.summary or document.narrative.first_paragraph,
        keywords=meta.keywords,
        license=meta.license,
        sources=[source.url or source.title for source in meta.sources],
        publisher=job.collection.publisher if job.collection else None,
        when=job.when,
    )
    style = add_stylesheet(book, job.env, job.door)
    packed = pack_images(book, document, job.door, "image")
    context = ebook_sheet(document, job.when, packed)
    names = {"sheet": f"{document.slug}.xhtml", "cover": "cover.xhtml", "nav": "nav.xhtml"}
    links = {"stylesheet": style.file_name, **names}

    printed = print_layout(job)
    starts = page_starts(printed.source.etree_element, printed.layout)
    sheet = sheet_page("sheet", names["sheet"], job.env, context, links, starts)
    toc = table_of_contents(context)
    cover = add_cover(
        book,
        job.env,
        context,
        links,
        title=meta.title,
        subtitle=meta.subtitle,
        kicker=series_line(job.collection.title if job.collection else None, meta.title),
        byline=", ".join(meta.authors),
    )
    pages = [PageLink(names["sheet"], start.number) for start in starts]
    nav = nav_page(job.env, context, links, [NavSheet(names["sheet"], meta.title, toc)], pages)
    book.add_item(nav)
    book.add_item(sheet)
    edition = print_edition(document.slug, job.printing.paper)
    finish_metadata(book, context["labels"], meta.lang, [sheet], pages, edition)
    book.toc = [
        epub.Link(names["sheet"], meta.title, "title"),
        *(epub.Link(f"{names['sheet']}#{entry.id}", entry.text, entry.id) for entry in toc),
    ]
    return package(book, [cover, nav, sheet], job.when, meta.lang)


def describe(
    book: epub.EpubBook,
    *,
    ident: str,
    title: str,
    lang: str,
    authors: Sequence[str],
    summary: str | None,
    keywords: Sequence[str],
    license: License | None,
    sources: Sequence[str],
    publisher: str | None,
    when: dt.datetime,
) -> None:
    """The package's Dublin Core metadata."""
    book.set_identifier(ident)
    book.set_title(title)
    book.set_language(lang)
    for index, author in enumerate(authors):
        book.add_author(author, uid=f"creator-{index + 1}")
    if summary:
        book.add_metadata("DC", "description", summary)
    for keyword in keywords:
        book.add_metadata("DC", "subject", keyword)
    if license:
        rights = license.name + (f" ({license.url})" if license.url else "")
        book.add_metadata("DC", "rights", rights)
    for source in sources:
        book.add_metadata("DC", "source", source)
    if publisher:
        book.add_metadata("DC", "publisher", publisher)
    book.add_metadata("DC", "date", when.date().isoformat())


def add_stylesheet(book: epub.EpubBook, env: jinja2.Environment, door: Door) -> epub.EpubItem:
    """The book's one stylesheet; what its url()s name is packed beside it."""
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

    text = "".join(self_contained(env, name, door, pack) for name in EBOOK_STYLES)
    style = epub.EpubItem(
        uid="style", file_name="css/ebook.css", media_type="text/css", content=text
    )
    book.add_item(style)
    return style


EBOOK_STYLES = ("css/common.css", "css/ebook.css")


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
    return _page(uid, name, xhtml, properties=_properties(xhtml))


def series_line(collection: str | None, title: str) -> str | None:
    """The collection's name above the title, unless it would only say the title again."""
    if collection is None or collection.casefold() == title.casefold():
        return None
    return collection


def add_cover(
    book: epub.EpubBook,
    env: jinja2.Environment,
    context: Mapping[str, object],
    links: dict[str, str],
    *,
    title: str,
    subtitle: str | None,
    kicker: str | None,
    byline: str,
) -> epub.EpubItem:
    """The cover image (a PNG: reading systems' libraries, calibre and Kindle tools read no
    SVG cover) as the book's cover-image, and the cover page that shows it."""
    image = epub.EpubCover(uid="cover-image", file_name="images/cover.png")
    image.media_type = "image/png"
    image.content = cover_png(title=title, subtitle=subtitle, kicker=kicker, byline=byline)
    book.add_item(image)
    # EPUB 2's way of naming the cover, which Kindle tools and older readers still look for.
    book.add_metadata(None, "meta", "", {"name": "cover", "content": image.id})
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
    book.add_item(page)
    # EPUB 2's guide names the cover page too: calibre then drops it for its own, not adds one.
    book.guide.append({"type": "cover", "href": page.file_name, "title": title})
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


def finish_metadata(
    book: epub.EpubBook,
    labels: dict[str, str],
    lang: str,
    sheets: Sequence[epub.EpubItem],
    pages: list[PageLink],
    edition: str,
) -> None:
    """Accessibility metadata, and the printed edition the page list comes from."""
    _accessibility(book, labels, lang, holdings(sheets, has_pages=bool(pages)))
    if pages:
        book.add_metadata(None, "meta", edition, {"property": "pageBreakSource"})


def package(book: epub.EpubBook, spine: list[epub.EpubItem], when: dt.datetime, lang: str) -> bytes:
    book.add_item(epub.EpubNcx())
    book.spine = spine
    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"raise_exceptions": True, "mtime": when})
    return normalised_zip(buffer.getvalue(), when.timetuple()[:6], lang)


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


def _properties(xhtml: bytes) -> list[str]:
    return ["svg"] if b"<svg" in xhtml else []


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


def _accessibility(book: epub.EpubBook, labels: dict[str, str], lang: str, held: Holdings) -> None:
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


def normalised_zip(data: bytes, when: tuple[int, ...], lang: str) -> bytes:
    """The zip rewritten for reproducibility: one timestamp on every entry, `mimetype` first
    and stored, the rest in a fixed order; the package document gets its language."""
    stamp = max(when, (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "mimetype", PurePosixPath(n).parts))
        for name in names:
            content = source.read(name)
            if name.endswith(".opf"):
                content = content.replace(b"<package ", f'<package xml:lang="{lang}" '.encode(), 1)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()
