"""Model to template context, the written contract between the code and the templates; and
the one place that decides which context each kind of output gets: how a sheet's body is set
(notes, ids, images, links to other documents, names) for a web page, a printed sheet, an
e-book, and a sheet in a collection's booklet or e-book."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import os
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from babel.dates import format_date
from markupsafe import Markup

from factsheet import __version__
from factsheet.arrangement import Arrangement
from factsheet.chart import Chart, casualty_chart
from factsheet.context import (
    Grid,
    SideTable,
    casualty_table,
    fate_legend,
    fate_marks,
    grouped,
    infobox_grid,
)
from factsheet.fetch import Door, read_asset
from factsheet.kind_rows import Row as KindRow
from factsheet.kind_rows import kind_rows
from factsheet.markdown import NameIndex, NoteStyle, Rendering, render_body
from factsheet.model import Document, FrontMatter
from factsheet.narrative import Heading, Note
from factsheet.people import people_named
from factsheet.reader import has_document
from factsheet.versions import needs_v2
from factsheet.words import labels_for, locale_of


class Context(TypedDict):
    """Everything a template may use; `factsheet` templates use nothing else."""

    doc: FrontMatter
    slug: str
    lang: str
    labels: dict[str, str]
    summary: str
    body: Markup | DeferredHtml
    """The body as this output sets it: rendered where the template sets it in the booklet."""
    notes: tuple[Note, ...]
    note_style: NoteStyle
    id_prefix: str
    """Before every id the templates write (a booklet's sheets share one page)."""
    index_id: Callable[[str], Markup]
    """` id="ix-N"` for a name the booklet's index lists, else nothing."""
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    casualty_table: SideTable | None
    infobox_grid: Grid
    """The infobox's columns: the sides equally wide, whatever the facts' labels take."""
    kind_rows: tuple[KindRow, ...]
    """A person's, a place's, a ship's or an organisation's infobox rows, before its facts."""
    fates: dict[str, str]
    """The mark after a commander's name for each fate (killed: †)."""
    fate_legend: tuple[tuple[str, str], ...]
    """The marks the infobox uses, each with what it means."""
    grouped: Callable[[tuple], tuple]
    """A side's belligerents in runs that share a group."""
    needs_v2: bool
    """Whether the document gives fields only format v2 has, which v2's stylesheet sets."""
    arrangement: Arrangement | None
    """How a printed sheet is arranged on its pages; None in the other outputs."""
    parts: tuple[Markup, ...]
    """The body's parts a printed sheet sets (the lead, then each section), as arranged."""
    continuation: Continuation | None
    """The line that ends a sheet cut to its page budget, saying where the full text is."""
    casualty_chart: Chart | None
    image_src: str | None
    source_numbers: dict[str, int]
    build_date: str
    build_date_iso: str
    generator: str


@dataclass(frozen=True, slots=True)
class Continuation:
    """Where a sheet cut to its page budget is read in full, and what it left out."""

    left_out: tuple[str, ...]
    """The titles of the sections left out."""
    url: str | None
    qr: Markup | None
    """The address as a QR code (inline SVG)."""


@dataclass(frozen=True, slots=True)
class Section:
    """A section the article partial sets after the body, under a heading of its own: the
    e-book's table of contents lists the same ones, so the two never disagree."""

    name: str
    """Its partial: `partials/<name>.html.j2`."""
    id: str
    """Its heading's id, without the output's prefix."""
    title: str


def build_context(
    document: Document,
    *,
    when: dt.datetime,
    rendering: Rendering | None = None,
    arrangement: Arrangement | None = None,
) -> Context:
    """The context of one output of a document; `rendering` says how that output sets the body
    (see `factsheet.contexts`, which decides it for each kind of output)."""
    rendering = rendering or Rendering()
    meta = document.meta
    sides = meta.infobox.sides if meta.infobox and meta.infobox.sides else ()
    labels = labels_for(meta.lang)
    civilians = meta.infobox.civilian_casualties if meta.infobox else None
    table = casualty_table(sides, labels, meta.lang, civilians)
    sources = tuple(source.id for source in meta.sources)
    render = functools.partial(
        render_body,
        document.body,
        meta.lang,
        sources,
        rendering,
        allow_html=document.narrative.allow_html,
    )
    parts: tuple[Markup, ...] = ()
    if rendering.index is None:
        rendered = render()
        body, notes = Markup(rendered.html), rendered.notes
        kept = arrangement.kept if arrangement else None
        parts = tuple(Markup(part) for part in rendered.parts[:kept])
    else:
        # The index numbers its anchors in the order of the page: the body is rendered where
        # the template sets it, after the infobox's names. Print sets no notes apart.
        body, notes = DeferredHtml(lambda: render().html), ()
    return Context(
        doc=meta,
        slug=document.slug,
        lang=meta.lang,
        labels=labels,
        summary=meta.summary or document.narrative.first_paragraph,
        body=body,
        notes=notes,
        note_style=rendering.note_style,
        id_prefix=rendering.id_prefix,
        index_id=_index_id(rendering),
        headings=document.narrative.headings,
        sections=_sections(meta, table, labels),
        casualty_table=table,
        infobox_grid=infobox_grid(len(sides)),
        fates=fate_marks(labels),
        fate_legend=fate_legend(sides, labels),
        grouped=grouped,
        needs_v2=needs_v2(meta),
        kind_rows=kind_rows(meta, labels),
        arrangement=arrangement,
        parts=parts,
        continuation=_continuation(document, arrangement, len(parts)),
        casualty_chart=casualty_chart(sides, meta.lang, labels, civilians),
        image_src=rendering.asset_url(meta.image.file) if meta.image else None,
        source_numbers={source.id: n for n, source in enumerate(meta.sources, 1)},
        build_date=format_date(when.date(), format="long", locale=locale_of(meta.lang)),
        build_date_iso=when.date().isoformat(),
        generator=f"factsheet {__version__}",
    )


def _continuation(
    document: Document, arrangement: Arrangement | None, kept: int
) -> Continuation | None:
    if arrangement is None or arrangement.kept is None:
        return None
    titles = tuple(h.text for h in document.narrative.headings if h.level == 2)
    meta = document.meta
    url = meta.url or next((source.url for source in meta.sources if source.url), None)
    return Continuation(titles[max(kept - 1, 0) :], url, qr_code(url) if url else None)


def qr_code(url: str) -> Markup:
    """The address as a QR code a phone reads off the printed page, drawn as inline SVG."""
    import segno  # only a sheet cut to its page budget needs it

    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=1, border=2, svgclass="qr", lineclass=None, omitsize=True))


class DeferredHtml:
    """HTML rendered when a template first sets it."""

    def __init__(self, render: Callable[[], str]):
        self._render = render
        self._html: str | None = None

    def __html__(self) -> str:
        if self._html is None:
            self._html = self._render()
        return self._html


def _index_id(rendering: Rendering) -> Callable[[str], Markup]:
    def index_id(name: str) -> Markup:
        ident = rendering.index.anchor(name) if rendering.index else None
        return Markup(' id="{}"').format(ident) if ident else Markup("")

    return index_id


def _sections(
    meta: FrontMatter, table: SideTable | None, labels: dict[str, str]
) -> tuple[Section, ...]:
    present = {
        "timeline": bool(meta.timeline),
        "casualties": table is not None,
        "sources": bool(meta.sources),
        "colophon": True,
    }
    return tuple(
        Section(name, f"fs-{name}-title", labels[name]) for name, shown in present.items() if shown
    )


def names_in(meta: FrontMatter) -> tuple[str, ...]:
    """The names the structured data gives, which the body's mentions set unhyphenated."""
    sides = meta.infobox.sides if meta.infobox and meta.infobox.sides else ()
    names = (
        *(n for s in sides for n in s.states),
        *(p.name for s in sides for p in s.people),
        *(u for s in sides for u in s.units),
        *(p.name for p in people_named(meta)),
    )
    return tuple(dict.fromkeys(names))


def web_page(document: Document, when: dt.datetime, door: Door) -> Context:
    """One self-contained file: images inline as data: addresses, notes listed after the text,
    links to the pages of documents that exist (a link to one that does not stays text)."""

    def inline_data(reference: str) -> str:
        resource = read_asset(reference, document.folder, door)
        return f"data:{resource.media_type};base64,{base64.b64encode(resource.data).decode()}"

    def page_url(slug: str, fragment: str) -> str | None:
        return f"{slug}.html{fragment}" if has_document(document.content_folder, slug) else None

    return _context(document, when, asset_url=inline_data, document_url=page_url)


def printed_sheet(
    document: Document, when: dt.datetime, arrangement: Arrangement | None = None
) -> Context:
    """Each note at its call, for the layout to float; links to other sheets stay text, as
    WeasyPrint would make a relative link absolute (file:///…), printing this machine's
    folders into the PDF."""
    return _context(
        document,
        when,
        arrangement=arrangement or Arrangement(),
        note_style="float",
        hangul_words=True,
    )


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
        hangul_words=True,
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


def _context(
    document: Document, when: dt.datetime, arrangement: Arrangement | None = None, **policy
) -> Context:
    rendering = Rendering(names=names_in(document.meta), **policy)
    return build_context(document, when=when, rendering=rendering, arrangement=arrangement)


@dataclass(frozen=True, slots=True)
class TocEntry:
    id: str
    text: str
    children: tuple[TocEntry, ...] = ()


def table_of_contents(context: Context) -> tuple[TocEntry, ...]:
    """Section headings (h2, with h3 under them) in the page's order: the body's, as the parser
    found them, then the sections the article partial sets after it."""
    found = [(h.level, h.id, h.text) for h in context["headings"] if h.level in (2, 3)]
    found += [(2, section.id, section.title) for section in context["sections"]]
    entries: list[TocEntry] = []
    for level, ident, written in found:
        text = " ".join(written.split())
        if not ident or not text:
            continue
        if level == 3 and entries:
            parent = entries[-1]
            entries[-1] = TocEntry(
                parent.id, parent.text, (*parent.children, TocEntry(ident, text))
            )
        else:
            entries.append(TocEntry(ident, text))
    return tuple(entries)
