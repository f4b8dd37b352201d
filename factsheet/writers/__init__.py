"""Writers are plain functions, one per format: (job[, printed edition]) -> the file's bytes.

Each format is declared here with what it loads (templates, stylesheets) and whether it reads
the printed edition; the writers' modules, and WeasyPrint, pikepdf and ebooklib with them, are
imported only when a build renders.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from factsheet.writers.job import CollectionJob, Job, Look

if TYPE_CHECKING:
    from factsheet.errors import Problem
    from factsheet.printed.edition import PrintedEdition

ARTICLE_TEMPLATES = (
    "partials/article.html.j2",
    "partials/infobox.html.j2",
    "partials/kind_rows.html.j2",
    "partials/chart.svg.j2",
    "partials/notes.html.j2",
    "partials/timeline.html.j2",
    "partials/casualties.html.j2",
    "partials/sources.html.j2",
    "partials/colophon.html.j2",
)
"""The article partial and what it includes: every format sets a sheet with them."""
PRINT_TEMPLATES = (
    "print.html.j2",
    "partials/paper.css.j2",
    "partials/head.html.j2",
    "partials/running_source.html.j2",
    *ARTICLE_TEMPLATES,
)
PRINT_STYLES = ("css/common.css", "css/print.css")
"""The print stylesheets, given to WeasyPrint parsed rather than inside the HTML."""
BOOKLET_TEMPLATES = (
    "booklet.html.j2",
    "partials/paper.css.j2",
    "partials/running_source.html.j2",
    *ARTICLE_TEMPLATES,
)
BOOKLET_STYLES = (*PRINT_STYLES, "css/booklet.css")
EBOOK_TEMPLATES = ("ebook.xhtml.j2", "cover.xhtml.j2", "nav.xhtml.j2", *ARTICLE_TEMPLATES)
EBOOK_STYLES = ("css/common.css", "css/ebook.css")
PAGE_TEMPLATES = ("page.html.j2", "partials/head.html.j2", *ARTICLE_TEMPLATES)
PAGE_STYLES = ("css/common.css", "css/page.css")
THEMES = ("default", "print-friendly", "large-print")
"""The built-in themes (`--theme`); each but the default is css/themes/NAME.css."""
THEME_STYLE = "css/theme.css"
"""The custom properties every stylesheet's var() takes its value from (`factsheet.themes`)."""
THEME_STYLES = {name: f"css/themes/{name}.css" for name in THEMES[1:]}
"""Each built-in theme's own stylesheet, read after theme.css: the outputs set in that theme
depend on it too."""
V2_STYLE = "css/structured.css"
"""The rules that set format v2's fields, given after a format's own stylesheets to the
documents that use them (see `factsheet.versions`)."""


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its writer, its file, and everything its writer loads."""

    module: str
    """The module under factsheet.writers whose `write` makes the file."""
    target: str
    """Where the file goes, under the output folder."""
    needs_print: bool
    """Whether the writer reads the printed edition (`write(job, printed)`, else `write(job)`)."""
    templates: tuple[str, ...]
    """Every template the writer loads, those of the printed edition included."""
    styles: tuple[str, ...]
    """Every stylesheet it loads, those of the printed edition included."""
    whole: bool = False
    """Whether it reads the printed edition of the whole text, never cut to a page budget."""

    @property
    def write(self) -> Callable[..., bytes]:
        return importlib.import_module(f"factsheet.writers.{self.module}").write


WRITERS: dict[str, Format] = {
    "pdf": Format(
        "pdf", "{slug}.pdf", True, PRINT_TEMPLATES, (*PRINT_STYLES, V2_STYLE, THEME_STYLE)
    ),
    "epub": Format(
        "epub",
        "{slug}.epub",
        True,  # its page-break markers come from the printed pages
        (*EBOOK_TEMPLATES, *PRINT_TEMPLATES),
        (*EBOOK_STYLES, *PRINT_STYLES, V2_STYLE, THEME_STYLE),
    ),
    "html": Format(
        "html", "{slug}.html", False, PAGE_TEMPLATES, (*PAGE_STYLES, V2_STYLE, THEME_STYLE)
    ),
    # An archive keeps the whole text: a handout's page budget does not reach it.
    "archive": Format(
        "archive",
        "archive/{slug}.pdf",
        True,
        PRINT_TEMPLATES,
        (*PRINT_STYLES, V2_STYLE, THEME_STYLE),
        whole=True,
    ),
}
"""A sheet's formats, in the order a build writes them."""

COLLECTION_WRITERS: dict[str, Format] = {
    "pdf": Format(
        "pdf", "{slug}.pdf", True, BOOKLET_TEMPLATES, (*BOOKLET_STYLES, V2_STYLE, THEME_STYLE)
    ),
    "epub": Format(
        "anthology",
        "{slug}.epub",
        True,
        (*EBOOK_TEMPLATES, *BOOKLET_TEMPLATES),
        (*EBOOK_STYLES, *BOOKLET_STYLES, V2_STYLE, THEME_STYLE),
    ),
}
"""The collection (content/collection.yaml) as one booklet and one e-book."""

TARGETS: dict[str, str] = {fmt: declared.target for fmt, declared in WRITERS.items()}
COLLECTION_TARGETS: dict[str, str] = {
    fmt: declared.target for fmt, declared in COLLECTION_WRITERS.items()
}


def target(fmt: str, slug: str) -> PurePosixPath:
    return PurePosixPath(TARGETS[fmt].format(slug=slug))


def collection_target(fmt: str, name: str) -> PurePosixPath:
    return PurePosixPath(COLLECTION_TARGETS[fmt].format(slug=name))


def prepare(formats: Iterable[str]) -> None:
    """Import the writers of `formats` (and WeasyPrint, if one lays out pages) now, before
    worker processes fork: each then starts with them loaded instead of importing its own."""
    chosen = [WRITERS[fmt] for fmt in formats]
    for declared in chosen:
        importlib.import_module(f"factsheet.writers.{declared.module}")
    if any(declared.needs_print for declared in chosen):
        importlib.import_module("factsheet.printed.edition")


@dataclass(frozen=True, slots=True)
class Made:
    """A document's (or the collection's) files by format, and what making them found."""

    outputs: dict[str, bytes]
    warnings: tuple[Problem, ...] = ()
    """What the reader of the build should know (a page budget that cut the narrative)."""
    pages: int | None = None
    """How many pages the printed edition has, when one was laid out."""


def render_formats(job: Job, formats: Iterable[str]) -> Made:
    """A sheet's files by format; its printed edition is laid out once, if a format reads it."""
    chosen = {fmt: WRITERS[fmt] for fmt in formats}
    if not any(declared.needs_print for declared in chosen.values()):
        return Made(_written(job, chosen, None))
    from factsheet.printed.edition import print_sheet

    handout = any(d.needs_print and not d.whole for d in chosen.values())
    printed = print_sheet(job, budget=handout)
    whole = None
    if printed.arrangement.kept is not None and any(d.whole for d in chosen.values()):
        whole = print_sheet(job, budget=False)
    outputs = _written(job, chosen, printed, whole)
    warnings = printed.budget_problems(job.document) + _fallback(job, outputs, printed)
    return Made(outputs, warnings, printed.pages)


def _fallback(job: Job, outputs: dict[str, bytes], printed: PrintedEdition) -> tuple[Problem, ...]:
    """Whether the sheet is set in fonts its theme does not name, read from its PDF (once, from
    the first PDF made; the e-book and the web page are set by the reader's fonts)."""
    pdf = outputs.get("pdf") or outputs.get("archive")
    if pdf is None:
        return ()
    from factsheet.font_fallback import fallback_problems

    return fallback_problems(job.document, pdf, printed.stylesheets)


def render_collection(job: CollectionJob, formats: Iterable[str]) -> Made:
    """The collection's files by format; the booklet is laid out once, if a format reads it."""
    chosen = {fmt: COLLECTION_WRITERS[fmt] for fmt in formats}
    if not any(declared.needs_print for declared in chosen.values()):
        return Made(_written(job, chosen, None))
    from factsheet.printed.booklet import print_collection

    printed = print_collection(job)
    return Made(_written(job, chosen, printed), pages=len(printed.layout.pages))


def _written(
    job: Job | CollectionJob,
    chosen: dict[str, Format],
    printed: PrintedEdition | None,
    whole: PrintedEdition | None = None,
) -> dict[str, bytes]:
    """Each format written, from `whole` (the edition a page budget did not cut, when it
    differs) for a format that keeps the whole text."""
    return {
        fmt: declared.write(job, (declared.whole and whole) or printed)
        if declared.needs_print
        else declared.write(job)
        for fmt, declared in chosen.items()
    }


__all__ = [
    "COLLECTION_TARGETS",
    "COLLECTION_WRITERS",
    "TARGETS",
    "WRITERS",
    "CollectionJob",
    "Format",
    "Job",
    "Look",
    "Made",
    "collection_target",
    "prepare",
    "render_collection",
    "render_formats",
    "target",
]
