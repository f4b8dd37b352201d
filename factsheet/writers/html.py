"""The HTML page: one self-contained file to preview and share."""

from __future__ import annotations

import base64

from factsheet.context import build_context
from factsheet.fetch import read_asset
from factsheet.load import has_document
from factsheet.templates import render
from factsheet.writers.job import Job


def write(job: Job) -> bytes:
    document = job.document

    def inline_data(reference: str) -> str:
        resource = read_asset(reference, document.folder, job.door)
        return f"data:{resource.media_type};base64,{base64.b64encode(resource.data).decode()}"

    def page_url(slug: str, fragment: str) -> str | None:
        # A link to a document that does not exist stays text, as on paper.
        return f"{slug}.html{fragment}" if has_document(document.content_folder, slug) else None

    context = build_context(document, when=job.when, asset_url=inline_data, document_url=page_url)
    return render(job.env, "page.html.j2", context, door=job.door).encode()
