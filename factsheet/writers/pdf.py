"""The print fact sheet, typeset by WeasyPrint."""

from __future__ import annotations

import hashlib

from weasyprint import CSS, HTML
from weasyprint.document import Document as Layout
from weasyprint.formatting_structure.boxes import FootnoteAreaBox

from factsheet.context import build_context
from factsheet.fetch import ProjectFetcher
from factsheet.templates import render
from factsheet.writers.job import Job

MAX_FOOTNOTE_REPAIRS = 6


def write(job: Job) -> bytes:
    return render_pdf(print_html(job), job)


def print_html(job: Job) -> str:
    context = build_context(job.document, when=job.when, for_print=True)
    return render(job.env, "print.html.j2", context, page=job.printing)


def render_pdf(html: str, job: Job) -> bytes:
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    document = HTML(
        string=html,
        base_url=job.document.folder.resolve().as_uri() + "/",
        url_fetcher=ProjectFetcher(job.root),
    )
    breaks: list[str] = []
    layout = document.render(pdf_tags=True)
    for _ in range(MAX_FOOTNOTE_REPAIRS):
        stray = misplaced_footnotes(layout)
        if not stray:
            break
        # WeasyPrint can leave a call at the foot of a page and float its note to the next
        # page (when the call is in a paragraph's first lines); start that paragraph anew.
        breaks.append(f"p:has(#{stray[0]}), li:has(#{stray[0]}) {{ break-before: page }}")
        layout = document.render(pdf_tags=True, stylesheets=[CSS(string="\n".join(breaks))])
    return layout.write_pdf(pdf_identifier=identifier, pdf_tags=True)


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
