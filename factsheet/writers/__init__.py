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


def target(fmt: str, slug: str) -> PurePosixPath:
    return PurePosixPath(TARGETS[fmt].format(slug=slug))


def collection_target(fmt: str, name: str) -> PurePosixPath:
    return PurePosixPath(COLLECTION_TARGETS[fmt].format(slug=name))


__all__ = [
    "COLLECTION_TARGETS",
    "COLLECTION_WRITERS",
    "TARGETS",
    "WRITERS",
    "CollectionJob",
    "Job",
    "Writer",
    "collection_target",
    "target",
]
