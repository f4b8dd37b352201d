"""Which context each kind of output gets: the one place that decides how a sheet's body is
set (notes, ids, images, links to other documents, names) for a web page, a printed sheet, an
e-book, and a sheet in a collection's booklet or e-book."""

from __future__ import annotations

import base64
import datetime as dt
import os
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

from factsheet.context import Context, build_context, names_in
from factsheet.fetch import Door, read_asset
from factsheet.load import has_document
from factsheet.markdown import NameIndex, Rendering
from factsheet.model import Document


def web_page(document: Document, when: dt.datetime, door: Door) -> Context:
    """One self-contained file: images inline as data: addresses, notes listed after the text,
    links to the pages of documents that exist (a link to one that does not stays text)."""

    def inline_data(reference: str) -> str:
        resource = read_asset(reference, document.folder, door)
        return f"data:{resource.media_type};base64,{base64.b64encode(resource.data).decode()}"

    def page_url(slug: str, fragment: str) -> str | None:
        return f"{slug}.html{fragment}" if has_document(document.content_folder, slug) else None

    return _context(document, when, asset_url=inline_data, document_url=page_url)


def printed_sheet(document: Document, when: dt.datetime) -> Context:
    """Each note at its call, for the layout to float; links to other sheets stay text, as
    WeasyPrint would make a relative link absolute (file:///…), printing this machine's
    folders into the PDF."""
    return _context(document, when, note_style="float")


def ebook_sheet(document: Document, when: dt.datetime, images: Mapping[str, str]) -> Context:
    """Pop-up notes and the images as packed in the book; other documents are not in it."""
    return _context(document, when, note_style="popup", asset_url=images.__getitem__)


def booklet_sheet(
    document: Document,
    when: dt.datetime,
    members: Mapping[str, Document],
    root: Path,
    index: NameIndex,
) -> Context:
    """A sheet on the booklet's one page: its ids get its slug in front (`<slug>--<id>`),
    links to other sheets point inside the booklet, images are found from the project folder,
    and every mention of a name the index lists gets an anchor."""

    def from_root(reference: str) -> str:
        if "://" in reference:
            return reference
        return Path(os.path.relpath(document.folder / reference, root)).as_posix()

    def in_booklet(slug: str, fragment: str) -> str | None:
        if slug not in members:
            return None
        target = _known_fragment(members[slug], fragment)
        return f"#{slug}--{target}" if target else f"#{slug}--fs-{slug}"

    return _context(
        document,
        when,
        note_style="float",
        id_prefix=f"{document.slug}--",
        asset_url=from_root,
        document_url=in_booklet,
        index=index,
    )


def collection_ebook_sheet(
    document: Document,
    when: dt.datetime,
    images: Mapping[str, str],
    members: Mapping[str, Document],
) -> Context:
    """A sheet of the collection's e-book: links to other sheets point at their content
    document, at the fragment only when that sheet has the id (never at nothing)."""

    def sheet_url(slug: str, fragment: str) -> str | None:
        if slug not in members:
            return None
        target = _known_fragment(members[slug], fragment)
        return f"{slug}.xhtml" + (f"#{target}" if target else "")

    return _context(
        document, when, note_style="popup", asset_url=images.__getitem__, document_url=sheet_url
    )


def _known_fragment(document: Document, fragment: str) -> str | None:
    """The id a link's `#fragment` names, decoded, if the document has it."""
    ident = urllib.parse.unquote(fragment[1:])
    return ident if ident in document.anchors else None


def _context(document: Document, when: dt.datetime, **policy) -> Context:
    sides = document.meta.infobox.sides if document.meta.infobox else None
    rendering = Rendering(names=names_in(sides or ()), **policy)
    return build_context(document, when=when, rendering=rendering)
