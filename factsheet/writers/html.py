"""The HTML page: one self-contained file to preview and share."""

from __future__ import annotations

import base64
import mimetypes

from factsheet.context import build_context
from factsheet.fetch import asset_path
from factsheet.templates import render
from factsheet.writers.job import Job


def write(job: Job) -> bytes:
    document = job.document

    def inline_data(reference: str) -> str:
        path = asset_path(reference, document.folder, job.root)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"

    context = build_context(document, when=job.when, asset_url=inline_data)
    return render(job.env, "page.html.j2", context).encode()
