"""The print PDF, of a sheet or of the collection's booklet: the printed edition as it is."""

from __future__ import annotations

import hashlib

from factsheet.printed.edition import PrintedEdition
from factsheet.printed.pdf import pdf_bytes
from factsheet.writers.job import CollectionJob, Job


def write(job: Job | CollectionJob, printed: PrintedEdition) -> bytes:
    """The PDF, identified by the hash of its inputs (or else of its HTML)."""
    identifier = job.digest or hashlib.sha256(printed.html.encode()).hexdigest()
    return pdf_bytes(printed, identifier[:32])
