"""The e-book: EPUB 3 through ebooklib, with a nav document and a fixed-timestamp zip."""

from __future__ import annotations

import io
import mimetypes
import uuid
import zipfile
from pathlib import PurePosixPath

from ebooklib import epub

from factsheet.context import build_context
from factsheet.fetch import asset_path
from factsheet.templates import read_static, render
from factsheet.writers.job import Job

IDENTIFIER_NAMESPACE = uuid.UUID("5b0f8c3e-2f7a-4f43-9d7e-6d1c9a1f0c11")


def identifier(slug: str) -> str:
    """The same identifier every build, derived from the slug alone."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, slug)}"


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
        path = asset_path(reference, document.folder, job.root)
        packed[reference] = f"images/image-{number}{path.suffix.lower()}"
        book.add_item(
            epub.EpubImage(
                uid=f"image-{number}",
                file_name=packed[reference],
                media_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                content=path.read_bytes(),
            )
        )

    context = build_context(document, when=job.when, asset_url=packed.__getitem__)
    page_name = f"{document.slug}.xhtml"
    # A plain item, not ebooklib's EpubHtml: that one re-parses the page as HTML, which drops
    # the <head> and lower-cases SVG's viewBox. Ours is complete, well-formed XHTML already.
    page = epub.EpubItem(
        uid="sheet",
        file_name=page_name,
        media_type="application/xhtml+xml",
        content=render(job.env, "ebook.xhtml.j2", context, stylesheet=style.file_name).encode(),
    )
    page.properties = ["svg"] if b"<svg" in page.content else []
    book.add_item(page)

    sections = [
        epub.Link(f"{page_name}#{heading.id}", heading.text, heading.id)
        for heading in document.narrative.headings
        if heading.level == 2
    ]
    book.toc = [epub.Link(page_name, meta.title, "title"), *sections]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", page]

    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"raise_exceptions": True, "mtime": job.when})
    return fixed_timestamps(buffer.getvalue(), job.when.timetuple()[:6])


def fixed_timestamps(data: bytes, when: tuple[int, ...]) -> bytes:
    """Rewrite the zip with one timestamp on every entry; `mimetype` first and stored."""
    stamp = max(when, (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "mimetype", PurePosixPath(n).parts))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
