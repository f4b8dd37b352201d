"""The print fact sheet, typeset by WeasyPrint."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2
from weasyprint import CSS, HTML
from weasyprint.document import Document as Layout
from weasyprint.formatting_structure.boxes import FootnoteAreaBox
from weasyprint.text.fonts import FontConfiguration

from factsheet.contexts import printed_sheet
from factsheet.fetch import Door, ProjectFetcher
from factsheet.templates import read_static, render
from factsheet.writers.job import Job

MAX_FOOTNOTE_REPAIRS = 6


@dataclass(frozen=True, slots=True)
class PrintLayout:
    """The print version laid out in pages: the PDF is written from it, the e-book's page
    markers are read from it."""

    html: str
    source: HTML
    layout: Layout


def write(job: Job) -> bytes:
    return pdf_bytes(print_layout(job), job.digest)


def pdf_bytes(printed: PrintLayout, digest: str) -> bytes:
    """The PDF of a layout, identified by the hash of its inputs (or else of its HTML)."""
    identifier = (digest or hashlib.sha256(printed.html.encode()).hexdigest())[:32]
    return printed.layout.write_pdf(pdf_identifier=identifier.encode(), pdf_tags=True)


def print_html(job: Job) -> str:
    context = printed_sheet(job.document, job.when)
    return render(job.env, "print.html.j2", context, page=job.printing)


def print_layout(job: Job) -> PrintLayout:
    """Lay out the print version once per job, whichever writer asks first."""
    if "print_layout" not in job.shared:
        job.shared["print_layout"] = lay_out(
            print_html(job), job.document.folder, job.door, job.env
        )
    return job.shared["print_layout"]


PRINT_STYLES = ("css/common.css", "css/print.css")
"""The print stylesheets, given to WeasyPrint parsed rather than inside the HTML."""


def lay_out(
    html: str, base: Path, door: Door, env: jinja2.Environment, styles=PRINT_STYLES
) -> PrintLayout:
    """Pages from print HTML whose relative references start at the folder `base`."""
    base_url = base.resolve().as_uri() + "/"
    sheets = [stylesheet(read_static(env, name), base_url, door) for name in styles]
    source = HTML(string=html, base_url=base_url, url_fetcher=ProjectFetcher(door))
    return PrintLayout(html, source, _layout(source, sheets))


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
        stray = misplaced_footnotes(layout)
        if not stray:
            break
        # WeasyPrint can leave a call at the foot of a page and float its note to the next
        # page (when the call is in a paragraph's first lines); start that paragraph anew.
        breaks.append(f"p:has(#{stray[0]}), li:has(#{stray[0]}) {{ break-before: page }}")
        repairs = CSS(string="\n".join(breaks))
        layout = source.render(pdf_tags=True, stylesheets=[*sheets, repairs], font_config=_fonts())
    return layout


def misplaced_footnotes(layout: Layout) -> list[str]:
    """Ids of the footnotes set on another page than their call, in document order."""
    call_page: dict[str, int] = {}
    note_page: dict[str, int] = {}
    for number, page in enumerate(layout.pages):
        for box in page._page_box.descendants():
            if isinstance(box, FootnoteAreaBox):
                for note in box.children:
                    if ident := _element_id(note):
                        note_page[ident] = number
            elif ident := _element_id(getattr(box, "footnote", None)):
                call_page.setdefault(ident, number)
    return [ident for ident, page in call_page.items() if note_page.get(ident, page) != page]


def _element_id(box) -> str | None:
    element = getattr(box, "element", None)
    return element.get("id") if element is not None else None
