"""Writers are plain functions, one per format: (job) -> the file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from factsheet.writers import anthology, archive, booklet, epub, html, pdf
from factsheet.writers.job import CollectionJob, Job

Writer = Callable[[Job], bytes]

WRITERS: dict[str, Writer] = {
    "pdf": pdf.write,
    "epub": epub.write,
    "html": html.write,
    "archive": archive.write,
}

TARGETS: dict[str, str] = {
    "pdf": "{slug}.pdf",
    "epub": "{slug}.epub",
    "html": "{slug}.html",
    "archive": "archive/{slug}.pdf",
}
"""Where each format's file goes, under the output folder."""


COLLECTION_WRITERS: dict[str, Callable[[CollectionJob], bytes]] = {
    "pdf": booklet.write,
    "epub": anthology.write,
}
"""The collection (content/collection.yaml) as one booklet and one e-book."""

COLLECTION_TARGETS: dict[str, str] = {"pdf": "{slug}.pdf", "epub": "{slug}.epub"}


PRINT_STYLES = ("css/common.css", "css/print.css")
EBOOK = ("ebook.xhtml.j2", "cover.xhtml.j2", "nav.xhtml.j2")
BOOKLET = ("booklet.html.j2", "partials/running_source.html.j2", "partials/article.html.j2")
USES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pdf": (("print.html.j2",), PRINT_STYLES),
    "archive": (("print.html.j2",), PRINT_STYLES),
    # The e-book's page markers come from the print layout.
    "epub": (("print.html.j2", *EBOOK), (*PRINT_STYLES, "css/ebook.css")),
    "html": (("page.html.j2",), ()),
}
"""The templates each format renders and the stylesheets it loads, for its cache key."""
COLLECTION_USES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pdf": (BOOKLET, (*PRINT_STYLES, "css/booklet.css")),
    "epub": ((*BOOKLET, *EBOOK), (*PRINT_STYLES, "css/booklet.css", "css/ebook.css")),
}


def target(fmt: str, slug: str) -> PurePosixPath:
    return PurePosixPath(TARGETS[fmt].format(slug=slug))


def collection_target(fmt: str, name: str) -> PurePosixPath:
    return PurePosixPath(COLLECTION_TARGETS[fmt].format(slug=name))


__all__ = [
    "COLLECTION_TARGETS",
    "COLLECTION_USES",
    "COLLECTION_WRITERS",
    "TARGETS",
    "USES",
    "WRITERS",
    "CollectionJob",
    "Job",
    "Writer",
    "collection_target",
    "target",
]
