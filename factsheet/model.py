"""The document model: typed and frozen, so every writer sees the same facts; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field, StrictInt, StrictStr, model_validator

from factsheet.dates import Day, DocumentDay, PartialDate
from factsheet.kinds import (
    KIND_FIELDS,
    Kind,
    OrganisationFields,
    PersonFields,
    PlaceFields,
    ShipFields,
)
from factsheet.narrative import Narrative
from factsheet.sides import (
    BREAKDOWN,
    CASUALTY_KINDS,
    CASUALTY_PARTS,
    Belligerent,
    BelligerentCount,
    Casualties,
    ItemCount,
    OtherLoss,
    Side,
    Strength,
)
from factsheet.values import (
    MAX_DIGITS,
    SLUG_PATTERN,
    Alias,
    Frozen,
    Lang,
    Measure,
    Person,
    Quantities,
    Quantity,
    Slug,
    Text,
    _alias_as_mapping,
    span,
)

__all__ = [
    "BREAKDOWN",
    "CASUALTY_KINDS",
    "CASUALTY_PARTS",
    "MAX_DIGITS",
    "SLUG_PATTERN",
    "Belligerent",
    "BelligerentCount",
    "Casualties",
    "ItemCount",
    "Measure",
    "OtherLoss",
    "Person",
    "Quantity",
    "Strength",
    "span",
]

SCHEMA_VERSION = 1


class License(Frozen):
    """The licence a text is under, by name and where it is read."""

    name: Text
    """The licence's name, as its text gives it (`CC BY-SA 4.0`)."""
    url: Text | None = None
    """Where the licence's text is read."""


class Source(Frozen):
    """A work the document rests on: cited in the body as `[@id]`, listed under Sources."""

    id: Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_:.-]*$")]
    """What the body cites it by (`[@wp]`) and a quantity's `source` names."""
    title: Text
    """The work's title."""
    publisher: Text | None = None
    """Who published it (`Wikipedia`)."""
    author: Text | None = None
    """Who wrote it."""
    url: Text | None = None
    """Where it is read online."""
    accessed: Day | None = None
    """When it was read: a web page may change."""
    license: Text | None = None
    """The licence its text is under, where the document reuses it."""


class Image(Frozen):
    """The picture at the head of the infobox, with what it shows for those who cannot see."""

    file: Text
    """The image file, from the document's folder, inside the content folder."""
    alt: Text
    """What the image shows, for readers who cannot see it."""
    caption: Text | None = None
    """A line under the image (inline Markdown)."""
    credit: Text | None = None
    """Who made it, set after the caption."""


class Fact(Frozen):
    """A row of the infobox: a label and its value (text, a list, or a figure with a unit), or
    a `heading` that starts a section of the infobox."""

    model_config = ConfigDict(  # the forms `_one_form` allows, for editors
        json_schema_extra={
            "oneOf": [
                {"required": ["heading"], "maxProperties": 1},
                {"required": ["label", "value"]},
                {"required": ["label", "quantity"]},
            ]
        }
    )

    label: Text | None = None
    """What the row gives (`Date`, `Location`, `Result`)."""
    value: Text | tuple[Text, ...] | None = None
    """Text (inline Markdown allowed), or a list of texts set one under another."""
    quantity: Quantities | None = None
    """A figure, set in the document's language: `{label: Population, quantity: '3,057'}`."""
    unit: Text | None = None
    """The quantity's unit, written after it (`t`, `km²`)."""
    heading: Text | None = None
    """A heading row that starts a section of the infobox (`- heading: Personal details`)."""

    @model_validator(mode="after")
    def _one_form(self) -> Fact:
        if self.heading is not None:
            if any(x is not None for x in (self.label, self.value, self.quantity, self.unit)):
                raise ValueError("a heading row takes nothing but heading")
            return self
        if self.label is None:
            raise ValueError("expected label with value or quantity, or a heading")
        if (self.value is None) == (self.quantity is None):
            raise ValueError("expected exactly one of value and quantity")
        if self.unit is not None and self.quantity is None:
            raise ValueError("a unit goes with a quantity: write quantity instead of value")
        if isinstance(self.value, tuple) and not self.value:
            raise ValueError("expected at least one item in the list")
        return self


class Infobox(PersonFields, PlaceFields, ShipFields, OrganisationFields):
    """The key facts: rows of `facts`, and for a conflict its sides; each other kind adds the
    fields of its own (see `factsheet.kinds`)."""

    facts: tuple[Fact, ...] = ()
    """Labelled rows, in order, for every kind; `heading` rows start a section."""
    sides: Annotated[tuple[Side, ...], Field(min_length=2)] | None = None
    """A conflict's sides, two or more; the casualty table and chart compare them."""
    civilian_casualties: Quantities | None = None
    """Civilian deaths, belonging to no side: in the casualty table and the chart."""

    def given(self) -> tuple[str, ...]:
        """The kind-specific fields this infobox gives, in the order they are declared."""
        return tuple(
            name
            for fields in KIND_FIELDS.values()
            for name in fields.model_fields
            if getattr(self, name) is not None
        )


class TimelineEntry(Frozen):
    """A dated event, or a span of dates, in the timeline."""

    date: PartialDate
    """When it happened, or began."""
    end: PartialDate | None = None
    """When it ended, for an event that lasted."""
    event: Text
    """What happened (inline Markdown)."""


class PrintOptions(Frozen):
    """How this document's printed sheet is set, where it differs from the build's settings."""

    pages: Annotated[StrictInt, Field(ge=1, le=100)] | None = None
    """The most pages the sheet may take; the narrative is cut at a section to fit."""


class FrontMatter(Frozen):
    """The structured facts of one document, exactly as the content format defines them."""

    title: Text
    """The subject's name, the sheet's title."""
    subtitle: Text | None = None
    """A line under the title."""
    kind: Kind | None = None
    """What the document is about, which sets the infobox's fields: a conflict (the default),
    a person, a place, a ship or an organisation."""
    slug: Slug | None = None
    """The outputs' file names; default: the file's or folder's name."""
    lang: Lang = "en"
    """The language: numbers, dates, words, hyphenation and quotation marks."""
    aliases: tuple[Annotated[Alias, BeforeValidator(_alias_as_mapping)], ...] = ()
    """Other names of the subject, printed as "also known as"."""
    summary: Text | None = None
    """A sentence on the subject; default: the body's first paragraph."""
    keywords: tuple[Text, ...] = ()
    """The subjects the e-book's and the PDF's metadata list."""
    authors: tuple[Text, ...] = ()
    """Who wrote the text."""
    updated: DocumentDay | None = None
    """The content's own date, which the outputs carry."""
    license: License | None = None
    """The text's licence, shown in every colophon."""
    sources: tuple[Source, ...] = ()
    """The works the document rests on, cited in the body as `[@id]`."""
    image: Image | None = None
    """The infobox's picture."""
    infobox: Infobox | None = None
    """The key facts, set in a box beside the narrative."""
    timeline: tuple[TimelineEntry, ...] = ()
    """Dated events, in the order they are read."""
    url: Text | None = None
    """Where the full text is read online: a handout cut to its page budget points there."""
    printing: PrintOptions | None = Field(default=None, alias="print")
    """How this document's printed sheet is set (`print: {pages: 2}`)."""

    @property
    def subject(self) -> str:
        """The kind of subject, `conflict` where the file does not say."""
        return self.kind or "conflict"


@dataclass(frozen=True, slots=True)
class Document:
    """One loaded document: its facts, its narrative, and where it came from."""

    slug: str
    path: Path
    """The Markdown file; images are found relative to its folder."""
    meta: FrontMatter
    body: str
    """The Markdown narrative, front matter removed."""
    body_line: int
    """The line of the file where the body starts, for messages about the body."""
    narrative: Narrative
    budget_at: tuple[int, int] = (1, 1)
    """Where the file sets its page budget (`print.pages`), for messages about meeting it."""

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def content_folder(self) -> Path:
        """The content folder the document sits in: its file names are relative to this."""
        return self.folder.parent if self.path.name == "index.md" else self.folder

    @property
    def assets(self) -> tuple[str, ...]:
        """Every file the document shows, as written: the infobox image, then body images."""
        front = (self.meta.image.file,) if self.meta.image else ()
        return tuple(dict.fromkeys((*front, *(mark.label for mark in self.narrative.images))))

    @property
    def anchors(self) -> frozenset[str]:
        """The ids a link may point at in every output (found once, as the body is read)."""
        return self.narrative.anchors
