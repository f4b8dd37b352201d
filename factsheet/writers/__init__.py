"""Writers are plain functions, one per format: (job) -> the file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from factsheet.writers import archive, epub, html, pdf
from factsheet.writers.job import Job

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


def target(fmt: str, slug: str) -> PurePosixPath:
    return PurePosixPath(TARGETS[fmt].format(slug=slug))


__all__ = ["TARGETS", "WRITERS", "Job", "Writer", "target"]
