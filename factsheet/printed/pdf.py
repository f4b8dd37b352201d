"""The printed edition written as PDF: plain and tagged, or PDF/A-3b carrying files."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import weasyprint

from factsheet.printed.edition import PrintedEdition, refusals
from factsheet.printed.press import for_the_press
from factsheet.writers.job import PrintSettings


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file an archival PDF carries: a source of the document, or its data."""

    data: bytes
    name: str
    description: str
    relationship: str
    """Its role for the PDF (ISO 32000-2 AFRelationship): Source, Data, …"""
    when: dt.datetime
    """Its creation and modification date."""


def pdf_identifier(inputs: str, printed: PrintedEdition) -> str:
    """The first half of the PDF's /ID: a hash of the inputs and settings (`inputs`) and of the
    page as rendered and styled, so that a template change that leaves a document's page alone
    leaves its PDF alone."""
    digest = hashlib.sha256(f"{inputs}\0{printed.html}\0{printed.styles_digest}".encode())
    return digest.hexdigest()[:32]


def pdf_bytes(
    printed: PrintedEdition, identifier: str, printing: PrintSettings | None = None
) -> bytes:
    """The print PDF, with `identifier` (32 characters) as the first half of its /ID: tagged,
    or written to `printing.variant`; with a bleed, boxed (and marked) for the print shop."""
    printing = printing or PrintSettings()
    press = bool(printing.variant and printing.variant.startswith("pdf/x-"))
    options: dict[str, object] = {"pdf_tags": not press}
    if printing.variant:
        options["pdf_variant"] = printing.variant
    if press:
        # WeasyPrint's PDF/X asks for a CMYK profile the sheets do not have, which leaves the
        # file without the output intent PDF/X requires: the sheets' colours are sRGB.
        options["output_intent"] = "srgb"
    with refusals():
        data = printed.layout.write_pdf(pdf_identifier=identifier.encode(), **options)
    if printing.bleed or press:
        # Links are annotations, which PDF/X forbids on the printed area; the tags would point
        # at them, so a PDF/X file goes to the press untagged and without links.
        return for_the_press(data, marks=printing.marks, strip_annotations=press)
    return data


def archival_pdf_bytes(
    printed: PrintedEdition, identifier: str, attachments: list[Attachment]
) -> bytes:
    """The tagged PDF/A-3b, carrying `attachments` as associated files."""
    carried = [
        weasyprint.Attachment(
            string=item.data,
            name=item.name,
            description=item.description,
            created=item.when,
            modified=item.when,
            relationship=item.relationship,
        )
        for item in attachments
    ]
    with refusals():
        return printed.layout.write_pdf(
            pdf_variant="pdf/a-3b",
            pdf_tags=True,
            attachments=carried,
            pdf_identifier=identifier.encode(),
        )
