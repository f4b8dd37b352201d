"""What every writer gets: one document and the settings of this build.

Light to import (the command line reads PAPER_SIZES before it knows the command): the
templates and the file door are imported when a job first asks for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

    from factsheet.collection import Collection
    from factsheet.fetch import Door
    from factsheet.model import Document
    from factsheet.themes import Theme

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANTS = ("pdf/a-2b", "pdf/a-2u", "pdf/a-3b", "pdf/a-3u", "pdf/ua-1", "pdf/x-4")
"""The standards the print PDF may be written to (`--pdf-variant`), of those WeasyPrint
writes; docs/printing.md says what each is for."""
UNFIT_VARIANTS = {
    "pdf/x-1a": "allows CMYK and spot colours only, and the sheets are in RGB",
    "pdf/x-3": "forbids transparency, and the charts' bars are transparent",
    "pdf/x-5g": "is PDF/X-4 with graphics kept outside the file, and the sheets have none",
    "pdf/a-1b": "forbids transparency, and the charts' bars are transparent",
    "pdf/a-1a": "forbids transparency, and the charts' bars are transparent",
}
"""Variants WeasyPrint writes that a sheet could not conform to, and why."""


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """How the PDF is laid out for the printer."""

    paper: str = "a4"
    """A key of PAPER_SIZES."""
    bleed: str | None = None
    """A CSS length such as 3mm: the page extends this far past the trim for the print shop."""
    marks: bool = False
    """Crop and registration marks, in room added beyond the bleed (which needs a bleed)."""
    pages: int | None = None
    """The most pages a sheet may take (`--pages`); a document's `print: {pages: N}` wins."""
    variant: str | None = None
    """A standard of PDF_VARIANTS the print PDF is written to (`--pdf-variant`), if any."""

    @property
    def size(self) -> str:
        return PAPER_SIZES[self.paper]


@dataclass(frozen=True, slots=True)
class Look:
    """What a build's outputs are set in: a built-in theme and the user's stylesheet."""

    theme: str = "default"
    """A built-in theme (`--theme`): default, print-friendly or large-print."""
    style: Path | None = None
    """The user's stylesheet (`--style`), set after ours, as the build was given it."""
    style_text: str = ""
    """Its text, read once when the build started: every output of the build sets the same."""


class _Reading:
    """What a job reads with: the templates (the user's first) and the door to the project."""

    __slots__ = ()
    templates: Path | None
    root: Path
    allow_remote: bool
    look: Look

    @property
    def env(self) -> jinja2.Environment:
        return _environment(self.templates)

    @property
    def theme(self) -> Theme:
        """The custom properties in force and the rules set after ours."""
        from factsheet.themes import theme_of

        return theme_of(self.env, self.look)

    @property
    def door(self) -> Door:
        return _door(self.root, self.allow_remote)


@dataclass(frozen=True, slots=True)
class Job(_Reading):
    """One document to write; it pickles, so worker processes can take it."""

    document: Document
    root: Path
    """The project folder; nothing outside it is read."""
    when: dt.datetime
    """The document's date for metadata: never the clock, so builds are reproducible."""
    printing: PrintSettings = field(default_factory=PrintSettings)
    collection: Collection | None = None
    """What the document belongs to, when content/collection.yaml describes it."""
    files: dict[str, Path] = field(default_factory=dict)
    """The document's own files (text, images) by their name under the content folder."""
    digest: str = ""
    """A hash of the files, settings and tool version the outputs are made from; with the page
    as rendered, the PDF's /ID (`factsheet.printed.pdf.pdf_identifier`)."""
    allow_remote: bool = False
    """Whether http(s) images and stylesheets may be fetched (`--allow-remote`)."""
    templates: Path | None = None
    """The user's templates folder (`--templates`), if any."""
    look: Look = field(default_factory=Look)
    """The theme and the user's stylesheet."""


@dataclass(frozen=True, slots=True)
class CollectionJob(_Reading):
    """What the collection writers get: the collection and one job per sheet, in reading order."""

    collection: Collection
    jobs: tuple[Job, ...]
    root: Path
    printing: PrintSettings = field(default_factory=PrintSettings)
    digest: str = ""
    """A hash of every sheet's inputs and of the collection's description."""
    allow_remote: bool = False
    templates: Path | None = None
    look: Look = field(default_factory=Look)

    @property
    def when(self) -> dt.datetime:
        """The newest sheet's date: the collection is as new as its newest part."""
        return max(job.when for job in self.jobs)

    @property
    def authors(self) -> list[str]:
        """Every sheet's authors, each once, in reading order."""
        return list(dict.fromkeys(a for job in self.jobs for a in job.document.meta.authors))


def _environment(templates: Path | None) -> jinja2.Environment:
    from factsheet.templates import environment

    return environment(templates)


def _door(root: Path, allow_remote: bool) -> Door:
    from factsheet.fetch import Door

    return Door(root, allow_remote)
