"""The print fact sheet, typeset by WeasyPrint."""

from __future__ import annotations

import hashlib

from weasyprint import HTML

from factsheet.context import build_context
from factsheet.fetch import ProjectFetcher
from factsheet.templates import render
from factsheet.writers.job import Job


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
    return document.write_pdf(pdf_identifier=identifier, pdf_tags=True)
