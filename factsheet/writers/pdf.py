"""The print PDF, of a sheet or of the collection's booklet: the printed edition as it is."""

from __future__ import annotations

from factsheet.printed.edition import PrintedEdition
from factsheet.printed.pdf import pdf_bytes, pdf_identifier
from factsheet.writers.job import CollectionJob, Job


def write(job: Job | CollectionJob, printed: PrintedEdition) -> bytes:
    """The PDF, identified by its inputs and its page as rendered, set as the build asks."""
    return pdf_bytes(printed, pdf_identifier(job.digest, printed), job.printing)
