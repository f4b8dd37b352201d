"""The archival PDF: PDF/A-3b and tagged, carrying the Markdown it was made from and its data."""

from __future__ import annotations

import io
import json
from html import escape

import pikepdf

from factsheet import __version__
from factsheet.model import SCHEMA_VERSION
from factsheet.printed.edition import PrintedEdition
from factsheet.printed.pdf import Attachment, archival_pdf_bytes, pdf_identifier
from factsheet.writers.job import Job

DATA_SUFFIX = ".factsheet.json"


def data_json(job: Job) -> bytes:
    """The validated model as JSON, so an archive keeps the facts, not only their typesetting."""
    document = job.document
    data = {
        "schema": "factsheet-document",
        "schema_version": SCHEMA_VERSION,
        "generator": f"factsheet {__version__}",
        "slug": document.slug,
        "source": next(iter(job.files)),
        "front_matter": document.meta.model_dump(mode="json", exclude_none=True, by_alias=True),
        "body": document.body,
    }
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def write(job: Job, printed: PrintedEdition) -> bytes:
    attachments = [
        Attachment(
            path.read_bytes(),
            name,
            "Source of this document" if index == 0 else "Image of this document",
            "Source",
            job.when,
        )
        for index, (name, path) in enumerate(job.files.items())
    ]
    attachments.append(
        Attachment(
            data_json(job),
            job.document.slug + DATA_SUFFIX,
            f"Structured data, factsheet document model v{SCHEMA_VERSION}",
            "Data",
            job.when,
        )
    )
    return _completed(
        archival_pdf_bytes(printed, pdf_identifier(job.digest, printed), attachments), job
    )


def _sort_name_tree(tree: pikepdf.Dictionary) -> None:
    """Name trees must list their keys in byte order (ISO 32000 7.9.6); WeasyPrint's may not."""
    if "/Names" not in tree:
        return
    flat = list(tree.Names)
    pairs = sorted(zip(flat[0::2], flat[1::2], strict=True), key=lambda pair: bytes(pair[0]))
    tree.Names = pikepdf.Array([part for pair in pairs for part in pair])


def _completed(data: bytes, job: Job) -> bytes:
    """Add to the XMP what WeasyPrint leaves out (language, rights), and list each associated
    file once; the first half of /ID (our inputs' hash) is kept, the second made from content."""
    meta = job.document.meta
    extra = [f"<dc:language><rdf:Bag><rdf:li>{escape(meta.lang)}</rdf:li></rdf:Bag></dc:language>"]
    if meta.license:
        extra.append(
            '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(meta.license.name)}</rdf:li></rdf:Alt></dc:rights>"
            "<xmpRights:Marked>True</xmpRights:Marked>"
        )
        if meta.license.url:
            extra.append(
                f"<xmpRights:WebStatement>{escape(meta.license.url)}</xmpRights:WebStatement>"
            )
    description = (
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">'
        + "".join(extra)
        + "</rdf:Description>"
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().replace(
            b"</rdf:RDF>", description.encode() + b"</rdf:RDF>", 1
        )
        pdf.Root.Metadata.write(xmp)
        unique = {item.objgen: item for item in pdf.Root.AF}
        pdf.Root.AF = pikepdf.Array(unique.values())
        for tree in pdf.Root.get("/Names", {}).values():
            _sort_name_tree(tree)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
