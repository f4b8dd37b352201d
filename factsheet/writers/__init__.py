"""Writers are plain functions, one per format: (job) -> the file's bytes."""

from __future__ import annotations

from collections.abc import Callable

from factsheet.writers import epub, html, pdf
from factsheet.writers.job import Job

Writer = Callable[[Job], bytes]

WRITERS: dict[str, Writer] = {
    "pdf": pdf.write,
    "epub": epub.write,
    "html": html.write,
}

__all__ = ["WRITERS", "Job", "Writer"]
