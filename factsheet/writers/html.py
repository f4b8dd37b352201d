"""The HTML page: one self-contained file to preview and share."""

from __future__ import annotations

from factsheet.contexts import web_page
from factsheet.templates import render
from factsheet.writers.job import Job


def write(job: Job) -> bytes:
    context = web_page(job.document, job.when, job.door)
    return render(job.env, "page.html.j2", context, door=job.door, theme=job.theme).encode()
