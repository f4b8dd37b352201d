"""The e-book: EPUB 3 packaged by ebooklib, with our own pages, nav, cover and page list."""

from __future__ import annotations

import io
import mimetypes
import textwrap
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ebooklib import epub
from lxml import etree

from factsheet.context import build_context
from factsheet.fetch import read_asset
from factsheet.pagemap import XHTML, insert_page_markers, page_starts
from factsheet.templates import read_static, render
from factsheet.writers.job import Job
from factsheet.writers.pdf import print_layout

IDENTIFIER_NAMESPACE = uuid.UUID("5b0f8c3e-2f7a-4f43-9d7e-6d1c9a1f0c11")
XHTML_TYPE = "application/xhtml+xml"


def identifier(slug: str) -> str:
    """The same identifier every build, derived from the slug alone."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, slug)}"


def print_edition(slug: str, paper: str) -> str:
    """The identifier of the printed edition whose page numbers the e-book carries."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, f'{slug}/print/{paper}')}"


@dataclass(frozen=True, slots=True)
class TocEntry:
    id: str
    text: str
    children: tuple[TocEntry, ...] = ()


def write(job: Job) -> bytes:
    document, meta = job.document, job.document.meta
    book = epub.EpubBook()
    book.set_identifier(identifier(document.slug))
    book.set_title(meta.title)
    book.set_language(meta.lang)
    for index, author in enumerate(meta.authors):
        book.add_author(author, uid=f"creator-{index + 1}")
    summary = meta.summary or document.narrative.first_paragraph
    if summary:
        book.add_metadata("DC", "description", summary)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    if meta.license:
        rights = meta.license.name + (f" ({meta.license.url})" if meta.license.url else "")
        book.add_metadata("DC", "rights", rights)
    for source in meta.sources:
        book.add_metadata("DC", "source", source.url or source.title)
    if job.collection and job.collection.publisher:
        book.add_metadata("DC", "publisher", job.collection.publisher)
    book.add_metadata("DC", "date", job.when.date().isoformat())

    style = epub.EpubItem(
        uid="style",
        file_name="css/ebook.css",
        media_type="text/css",
        content=(read_static(job.env, "css/common.css") + read_static(job.env, "css/ebook.css")),
    )
    book.add_item(style)

    packed: dict[str, str] = {}
    for number, reference in enumerate(document.assets, 1):
        resource = read_asset(reference, document.folder, job.door)
        suffix = mimetypes.guess_extension(resource.media_type) or Path(resource.name).suffix
        packed[reference] = f"images/image-{number}{suffix.lower()}"
        book.add_item(
            epub.EpubImage(
                uid=f"image-{number}",
                file_name=packed[reference],
                media_type=resource.media_type,
                content=resource.data,
            )
        )

    context = build_context(
        document, when=job.when, asset_url=packed.__getitem__, note_style="popup"
    )
    names = {"sheet": f"{document.slug}.xhtml", "cover": "cover.xhtml", "nav": "nav.xhtml"}
    links = {"stylesheet": style.file_name, **names}

    printed = print_layout(job)
    starts = page_starts(printed.source.etree_element, printed.layout)
    sheet_xhtml = insert_page_markers(
        render(job.env, "ebook.xhtml.j2", context, **links).encode(), starts
    )
    toc = table_of_contents(sheet_xhtml)

    cover_image = epub.EpubCover(uid="cover-image", file_name="images/cover.svg")
    cover_image.media_type = "image/svg+xml"
    cover_image.content = render(
        job.env,
        "cover.svg.j2",
        context,
        title_lines=textwrap.wrap(meta.title, 18),
        subtitle_lines=textwrap.wrap(meta.subtitle or "", 32),
        collection_title=job.collection.title if job.collection else None,
    ).encode()
    book.add_item(cover_image)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": cover_image.id})

    pages = [start.number for start in starts]
    cover = _page(
        "cover",
        names["cover"],
        render(job.env, "cover.xhtml.j2", context, cover_image=cover_image.file_name, **links),
    )
    nav = _page(
        "nav",
        names["nav"],
        render(job.env, "nav.xhtml.j2", context, toc=toc, pages=pages, **links),
        properties=["nav"],
    )
    sheet = _page("sheet", names["sheet"], sheet_xhtml, properties=_properties(sheet_xhtml))
    for item in (cover, nav, sheet):
        book.add_item(item)

    _accessibility(book, context["labels"], has_pages=bool(pages))
    if pages:
        book.add_metadata(
            None,
            "meta",
            print_edition(document.slug, job.printing.paper),
            {"property": "pageBreakSource"},
        )

    book.toc = [
        epub.Link(names["sheet"], meta.title, "title"),
        *(epub.Link(f"{names['sheet']}#{entry.id}", entry.text, entry.id) for entry in toc),
    ]
    book.add_item(epub.EpubNcx())
    book.spine = [cover, nav, sheet]

    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"raise_exceptions": True, "mtime": job.when})
    return normalised_zip(buffer.getvalue(), job.when.timetuple()[:6], meta.lang)


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


def table_of_contents(xhtml: bytes) -> tuple[TocEntry, ...]:
    """Section headings (h2, with h3 under them) of the page, in order, from the page itself."""
    tree = etree.fromstring(xhtml)
    entries: list[TocEntry] = []
    for heading in tree.iter(f"{{{XHTML}}}h2", f"{{{XHTML}}}h3"):
        ident = heading.get("id")
        if not ident:
            continue
        text = " ".join("".join(heading.itertext()).split())
        if heading.tag.endswith("h3") and entries:
            parent = entries[-1]
            entries[-1] = TocEntry(
                parent.id, parent.text, (*parent.children, TocEntry(ident, text))
            )
        else:
            entries.append(TocEntry(ident, text))
    return tuple(entries)


def _accessibility(book, labels: dict[str, str], *, has_pages: bool) -> None:
    """EPUB Accessibility 1.1 metadata: what the book offers a reader who cannot see it."""
    features = [
        "tableOfContents",
        "structuralNavigation",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
        "longDescription",
    ]
    if has_pages:
        features += ["printPageNumbers", "pageBreakMarkers", "pageNavigation"]
    meta = {
        "schema:accessMode": ["textual", "visual"],
        "schema:accessModeSufficient": ["textual", "textual,visual"],
        "schema:accessibilityFeature": features,
        "schema:accessibilityHazard": ["none"],
        "schema:accessibilitySummary": [labels["a11y_summary"]],
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
