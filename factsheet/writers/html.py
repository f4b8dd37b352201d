"""The HTML page: one self-contained file to preview and share."""

from __future__ import annotations

import base64
import mimetypes

from factsheet.context import build_context
from factsheet.fetch import project_file
from factsheet.templates import render
from factsheet.writers.job import Job


def write(job: Job) -> bytes:
    image = job.document.meta.image
    source = None
    if image:
        path = project_file(image.file, job.document.folder, job.root)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        source = f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"
    context = build_context(job.document, when=job.when, image_src=source)
    return render(job.env, "page.html.j2", context).encode()
