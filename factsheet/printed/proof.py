"""A content folder's printed editions laid out as a build lays them out, but kept, not
written: `make proof` and the geometry tests read their pages (factsheet.printed.geometry)."""

from __future__ import annotations

from pathlib import Path

from factsheet.build_time import document_time
from factsheet.fixity import document_files
from factsheet.pipeline import member_of
from factsheet.printed.booklet import print_collection
from factsheet.printed.edition import PrintedEdition, print_sheet
from factsheet.reader import discover, load_collection, load_document
from factsheet.writers.job import CollectionJob, Job, PrintSettings

COLLECTION_FILE = "collection.yaml"


def sheet_job(
    path: Path, content: Path, *, templates: Path | None = None, printing: PrintSettings | None
) -> Job:
    """The job a build makes for the document at `path` of the folder `content`."""
    root = content.resolve().parent
    document = load_document(path, root).document
    return Job(
        document,
        root,
        when=document_time(document),
        printing=printing or PrintSettings(),
        files=document_files(document, root),
        templates=templates,
    )


def sheet_edition(
    path: Path,
    content: Path,
    *,
    templates: Path | None = None,
    printing: PrintSettings | None = None,
) -> PrintedEdition:
    """The printed edition of one document, as `factsheet build` lays out its PDF."""
    return print_sheet(sheet_job(path, content, templates=templates, printing=printing))


def booklet_edition(
    content: Path, *, templates: Path | None = None, printing: PrintSettings | None = None
) -> PrintedEdition | None:
    """The collection's booklet, when the folder has a collection.yaml, as a build lays it out."""
    path = content / COLLECTION_FILE
    if not path.is_file():
        return None
    collection = load_collection(path, None)
    jobs = {
        job.document.slug: job
        for job in (
            sheet_job(doc, content, templates=templates, printing=printing)
            for doc in discover(content, ())
        )
        if member_of(collection, job.document.slug)
    }
    order = collection.documents or tuple(sorted(jobs))
    members = tuple(jobs[slug] for slug in order)
    job = CollectionJob(
        collection,
        members,
        content.resolve().parent,
        printing=printing or PrintSettings(),
        templates=templates,
    )
    return print_collection(job)
