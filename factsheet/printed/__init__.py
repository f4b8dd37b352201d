"""The printed edition: the only package that imports WeasyPrint.

edition.py lays out print HTML once per document (PrintedEdition); booklet.py composes the
collection's booklet; pdf.py writes PDFs; fetcher.py is the URL fetcher WeasyPrint calls;
weasyprint_layout.py is the one module that reads WeasyPrint's internals.
"""

from __future__ import annotations


def versions() -> dict[str, str]:
    """The versions of WeasyPrint and of the Pango it shapes text with, for the manifest."""
    from factsheet.printed.weasyprint_layout import pango_version, weasyprint_version

    return {"weasyprint": weasyprint_version(), "pango": pango_version()}
