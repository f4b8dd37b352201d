"""The printed edition: print HTML laid out in pages once, and what the other formats read from
it (where each page begins, the page of every anchor, where the footnotes fell)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import jinja2
from weasyprint import CSS, HTML
from weasyprint.document import Document as Layout
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from factsheet.arrangement import Arrangement
from factsheet.contexts import printed_sheet
from factsheet.errors import Problem, Severity
from factsheet.fetch import Door, RefusedReference
from factsheet.pagemap import PageStart, article_page_starts
from factsheet.printed import weasyprint_layout
from factsheet.printed.arrange import measure, rearranged
from factsheet.printed.fetcher import ProjectFetcher, admit
from factsheet.printed.weasyprint_layout import Footnote
from factsheet.stylesheets import url_references
from factsheet.templates import render
from factsheet.themes import Sheet, Theme
from factsheet.versions import styles
from factsheet.writers import PRINT_STYLES
from factsheet.writers.job import Job

if TYPE_CHECKING:
    from factsheet.model import Document

MAX_FOOTNOTE_REPAIRS = 6
MAX_ARRANGEMENTS = 12
"""Layouts a sheet may take to find its arrangement: each changes one thing (an infobox
break, the casualty section's place, one section less)."""


@dataclass(frozen=True, slots=True)
class PrintedEdition:
    """A document laid out in pages: the PDF writers write it, the e-books take their page
    markers from it. Made once per document, and only when a format asks for it."""

    html: str
    """The print HTML it was laid out from."""
    layout: Layout
    """WeasyPrint's pages: only factsheet.printed reads them."""
    page_starts: tuple[tuple[PageStart, ...], ...]
    """For each <article> of the HTML, in order, where the pages that begin in it begin."""
    anchor_pages: Mapping[str, int]
    """The page number each element id fell on (the last, for an element over several)."""
    footnotes: tuple[Footnote, ...]
    """Each footnote's call and note pages, in the order of the calls."""
    source: ElementTree.Element
    """The print HTML as WeasyPrint parsed it: the elements the layout's boxes point at."""
    arrangement: Arrangement = field(default_factory=Arrangement)
    """How the sheet was arranged on its pages."""
    left_out: tuple[str, ...] = ()
    """The sections of the narrative a page budget left out, by title."""
    styles_digest: str = ""
    """A hash of the stylesheets it was laid out with: with the HTML, what its pages show."""
    stylesheets: tuple[str, ...] = ()
    """The texts of those stylesheets, in order: the fonts they name are the theme's."""

    @property
    def pages(self) -> int:
        return len(self.layout.pages)

    def budget_problems(self, document: Document) -> tuple[Problem, ...]:
        """Warnings that the sheet left sections out to fit its page budget, or that even so
        it does not fit: at `print.pages` when the document sets the budget."""
        budget = self.arrangement.budget
        if budget is None:
            return ()
        field = "print.pages" if document.meta.printing else "--pages"
        line, column = document.budget_at
        found = []
        if self.left_out:
            titles = ", ".join(f"“{title}”" for title in self.left_out)
            found.append(
                f"the printed sheet leaves out {titles} to fit on {budget} page(s); the e-book,"
                " the web page and the archival PDF have the full text"
            )
        if self.pages > budget:
            found.append(
                f"the printed sheet takes {self.pages} pages, more than {budget}, even with its"
                " narrative cut: its infobox and tables alone do not fit"
            )
        return tuple(
            Problem(document.path, line, column, field, message, Severity.WARNING)
            for message in found
        )

    @property
    def sheet_starts(self) -> tuple[PageStart, ...]:
        """Where each page begins in a one-sheet print version (its first article)."""
        return self.page_starts[0] if self.page_starts else (PageStart(1, (), 0),)


def print_sheet(job: Job, *, budget: bool = True) -> PrintedEdition:
    """A sheet's printed edition, laid out from print.html.j2 and arranged on its pages: each
    layout shows what to change (see factsheet.printed.arrange), until nothing is left to.
    Without `budget`, the whole text, whatever page budget the build or document sets."""
    document = job.document
    settings = document.meta.printing
    pages = settings.pages if settings and settings.pages else job.printing.pages
    arrangement = Arrangement(budget=pages if budget else None)
    print_styles = styles(PRINT_STYLES, document.meta)
    for _ in range(MAX_ARRANGEMENTS):
        context = printed_sheet(document, job.when, arrangement)
        html = render(job.env, "print.html.j2", context, page=job.printing, theme=job.theme)
        edition = lay_out(html, document.folder, job.door, job.env, print_styles, job.theme)
        edition = dataclasses.replace(edition, arrangement=arrangement)
        found = measure(
            edition.source,
            weasyprint_layout.placed_blocks(edition.layout),
            weasyprint_layout.flow_bottoms(edition.layout),
        )
        better = rearranged(arrangement, found, len(context["parts"]))
        if better == arrangement:
            break
        arrangement = better
    left_out = context["continuation"].left_out if context["continuation"] else ()
    return dataclasses.replace(edition, left_out=left_out)


def lay_out(
    html: str,
    base: Path,
    door: Door,
    env: jinja2.Environment,
    styles: tuple[str, ...],
    theme: Theme,
) -> PrintedEdition:
    """Pages from print HTML whose relative references start at the folder `base` (those of
    the user's stylesheet at its own folder), set in `theme`."""
    base_url = base.resolve().as_uri() + "/"
    resolved = theme.sheets(env, styles)
    bases = [sheet.folder.as_uri() + "/" if sheet.folder else base_url for sheet in resolved]
    for sheet, sheet_base in zip(resolved, bases, strict=True):
        check_stylesheet(sheet, sheet_base, door)
    texts = [sheet.text for sheet in resolved]
    with refusals():
        sheets = [stylesheet(text, at, door) for text, at in zip(texts, bases, strict=True)]
        source = HTML(string=html, base_url=base_url, url_fetcher=ProjectFetcher(door))
        layout = _layout(source, sheets)
    tree = weasyprint_layout.source_tree(source)
    return PrintedEdition(
        source=tree,
        html=html,
        layout=layout,
        page_starts=tuple(article_page_starts(tree, weasyprint_layout.flow_lines(layout))),
        anchor_pages=MappingProxyType(weasyprint_layout.page_anchors(layout)),
        footnotes=weasyprint_layout.footnotes(layout),
        styles_digest=hashlib.sha256("\0".join(texts).encode()).hexdigest(),
        stylesheets=tuple(texts),
    )


def check_stylesheet(sheet: Sheet, base_url: str, door: Door) -> None:
    """A url() the door would refuse WeasyPrint, as an error at its line in the stylesheet
    (jinja2.TemplateSyntaxError), before WeasyPrint meets it in the middle of a layout."""
    name, filename = sheet.name, sheet.filename
    for reference, line in url_references(sheet.text):
        if not reference or reference.startswith("#"):
            continue
        try:
            admit(urllib.parse.urljoin(base_url, reference), door)
        except RefusedReference as refused:
            raise jinja2.TemplateSyntaxError(str(refused), line, name, filename) from None


@contextlib.contextmanager
def refusals() -> Iterator[None]:
    """What the door refused while WeasyPrint worked, as the door's own RefusedReference."""
    try:
        yield
    except FatalURLFetchingError as refused:
        raise RefusedReference(str(refused)) from None


@functools.lru_cache(maxsize=64)
def stylesheet(text: str, base_url: str, door: Door) -> CSS:
    """Each stylesheet parsed once per process, then kept for every document that uses it."""
    return CSS(
        string=text, base_url=base_url, url_fetcher=ProjectFetcher(door), font_config=_fonts()
    )


@functools.cache
def _fonts() -> FontConfiguration:
    """One font configuration per process, kept from one document to the next."""
    return FontConfiguration()


def _layout(source: HTML, sheets: list[CSS]) -> Layout:
    breaks: list[str] = []
    layout = source.render(pdf_tags=True, stylesheets=sheets, font_config=_fonts())
    for _ in range(MAX_FOOTNOTE_REPAIRS):
        stray = misplaced_footnotes(weasyprint_layout.footnotes(layout))
        if not stray:
            break
        # WeasyPrint can leave a call at the foot of a page and float its note to the next
        # page (when the call is in a paragraph's first lines); start that paragraph anew.
        breaks.append(footnote_repair(weasyprint_layout.source_tree(source), stray[0]))
        repairs = CSS(string="\n".join(breaks))
        layout = source.render(pdf_tags=True, stylesheets=[*sheets, repairs], font_config=_fonts())
    return layout


def footnote_repair(tree: ElementTree.Element, note: str) -> str:
    """The rule that starts anew the paragraph holding the footnote `note`: on a new page, or,
    right after a heading, with the heading, which would otherwise end the page alone."""
    parents = {child: parent for parent in tree.iter() for child in parent}
    held = tree.find(f".//*[@id='{note}']")
    while held is not None and held.tag not in ("p", "li"):
        held = parents.get(held)
    siblings = list(parents[held]) if held is not None and held in parents else []
    before = siblings[siblings.index(held) - 1] if held in siblings[1:] else None
    if before is not None and before.tag in ("h2", "h3", "h4") and before.get("id"):
        return f"#{before.get('id')} {{ break-before: page }}"
    return f"p:has(#{note}), li:has(#{note}) {{ break-before: page }}"


def misplaced_footnotes(notes: tuple[Footnote, ...]) -> list[str]:
    """Ids of the footnotes set on another page than their call, in the order of the calls."""
    return [note.id for note in notes if note.note_page not in (None, note.call_page)]
