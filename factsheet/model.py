"""The document model: typed and frozen, so every writer sees the same facts; no I/O here."""

from __future__ import annotations

import re
import unicodedata
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
    ends_before,
)
from factsheet.narrative import Narrative
from factsheet.values import (
    MAX_DIGITS,
    SLUG_PATTERN,
    TEXT_FORM,
    Frozen,
    Lang,
    Measure,
    Named,
    Person,
    Quantities,
    Quantity,
    Slug,
    Text,
    _scalar_as_text,
    span,
    written_as,
)

__all__ = ["MAX_DIGITS", "SLUG_PATTERN", "Measure", "Person", "Quantity", "span"]

SCHEMA_VERSION = 1


class License(Frozen):
    name: Text
    url: Text | None = None


class Source(Frozen):
    id: Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_:.-]*$")]
    title: Text
    publisher: Text | None = None
    author: Text | None = None
    url: Text | None = None
    accessed: Day | None = None
    license: Text | None = None


class Image(Frozen):
    file: Text
    alt: Text
    caption: Text | None = None
    credit: Text | None = None


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
    value: Text | tuple[Text, ...] | None = None
    """Text (inline Markdown allowed), or a list of texts set one under another."""
    quantity: Quantities | None = None
    """A figure, set in the document's language: `{label: Population, quantity: 3,057}`."""
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


class ItemCount(Frozen):
    item: Text
    count: Quantities


class Strength(Frozen):
    """A side's strength: what was counted, and whose (a belligerent's, a service's)."""

    item: Text | None = None
    """What is counted (`troops`, `tanks`, `aircraft`)."""
    count: Quantities
    belligerent: Text | None = None
    """The belligerent these are (one of the side's)."""
    service: Text | None = None
    """The service (`army`, `navy`, `air force`)."""
    date: PartialDate | None = None
    """When the figure held (`1937`)."""

    @model_validator(mode="after")
    def _counted(self) -> Strength:
        if self.item is None and self.belligerent is None and self.service is None:
            raise ValueError("expected item, belligerent or service: say what was counted")
        return self


class OtherLoss(Frozen):
    """A kind of loss the breakdown has no field for, under its own label."""

    label: Text
    """What was counted (`prisoners executed`, `died of disease`)."""
    count: Quantities


class BelligerentCount(Frozen):
    """The losses of one belligerent of a side, or one figure for several (`belligerents`)."""

    model_config = ConfigDict(  # the forms `_whose_and_what` allows, for editors
        json_schema_extra={
            "oneOf": [
                {"required": ["belligerent"]},
                {"required": ["belligerents"], "properties": {"belligerents": {"minItems": 2}}},
            ]
        }
    )

    belligerent: Text | None = None
    belligerents: tuple[Text, ...] | None = None
    """Several of the side's belligerents, when the sources give one figure for them all."""
    count: Quantities | None = None
    """The total losses."""
    killed: Quantities | None = None
    wounded: Quantities | None = None
    missing: Quantities | None = None
    captured: Quantities | None = None
    other: tuple[OtherLoss, ...] | None = None

    @model_validator(mode="after")
    def _whose_and_what(self) -> BelligerentCount:
        if (self.belligerent is None) == (self.belligerents is None):
            raise ValueError("expected exactly one of belligerent and belligerents")
        if self.belligerents is not None and len(self.belligerents) < 2:
            raise ValueError("belligerents names two or more; for one, write belligerent")
        if all(getattr(self, kind) is None for kind in (*BREAKDOWN, "other")):
            raise ValueError("expected a figure: count, killed, wounded, missing or captured")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        return self.belligerents or (self.belligerent,)


class Casualties(Frozen):
    total: Quantities | None = None
    combat: Quantities | None = None
    non_combat: Quantities | None = None
    killed: Quantities | None = None
    wounded: Quantities | None = None
    missing: Quantities | None = None
    captured: Quantities | None = None
    other: tuple[OtherLoss, ...] | None = None
    """Other kinds of loss, each under its label."""
    by_belligerent: tuple[BelligerentCount, ...] = ()
    material: tuple[ItemCount, ...] = ()
    notes: tuple[Text, ...] = ()


CASUALTY_PARTS = ("killed", "wounded", "missing", "captured")
"""Kinds of loss that are each part of a side's total."""
CASUALTY_KINDS = ("total", "combat", "non_combat", *CASUALTY_PARTS)
BREAKDOWN = ("count", *CASUALTY_PARTS)
"""A belligerent's figures, its total (`count`) first."""


class Belligerent(Named):
    """A state or force on a side: a name, or `{name, from, to, group, supported_by}`."""

    start: PartialDate | None = Field(default=None, alias="from")
    """When it joined the fighting, where not from the start (`from: 1778`)."""
    end: PartialDate | None = Field(default=None, alias="to")
    """When it left it, where not at the end."""
    group: Text | None = None
    """The group it is listed under (`Allies`, `Central Powers`); neighbours share one heading."""
    supported_by: tuple[Text, ...] | None = None
    """Those who supported it without fighting beside it, listed under "Supported by"."""
    lang: Lang | None = None
    """The name's language when it is not the document's."""

    @model_validator(mode="after")
    def _in_order(self) -> Belligerent:
        if self.start and self.end and ends_before(self.end, self.start):
            raise ValueError(f"'to' ({self.end}) is before 'from' ({self.start})")
        return self


class Side(Frozen):
    name: Text | None = None
    belligerents: tuple[Belligerent, ...] = ()
    leaders: tuple[Person, ...] = ()
    commanders: tuple[Person, ...] = ()
    units: tuple[Text, ...] = ()
    strength: tuple[Strength, ...] = ()
    casualties: Casualties | None = None

    @property
    def belligerent_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.belligerents)

    @property
    def display_name(self) -> str:
        return self.name or ", ".join(self.belligerent_names)

    @property
    def people(self) -> tuple[Person, ...]:
        """Its leaders, then its commanders: the people the booklet's index lists."""
        return (*self.leaders, *self.commanders)


class Infobox(PersonFields, PlaceFields, ShipFields, OrganisationFields):
    """The key facts: rows of `facts`, and for a conflict its sides; each other kind adds the
    fields of its own (see `factsheet.kinds`)."""

    facts: tuple[Fact, ...] = ()
    sides: Annotated[tuple[Side, ...], Field(min_length=2)] | None = None
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
    date: PartialDate
    end: PartialDate | None = None
    event: Text


class PrintOptions(Frozen):
    """How this document's printed sheet is set, where it differs from the build's settings."""

    pages: Annotated[StrictInt, Field(ge=1, le=100)] | None = None
    """The most pages the sheet may take; the narrative is cut at a section to fit."""


def _alias_as_mapping(value: object) -> object:
    # An alias is a text, or {name: ..., lang: ...} when it is in another language.
    value = _scalar_as_text(value)
    return {"name": value} if isinstance(value, str) else value


class Alias(Frozen):
    """Another name of the subject, in the document's language unless `lang` says otherwise."""

    model_config = ConfigDict(json_schema_extra=written_as(TEXT_FORM))

    name: Text
    lang: Lang | None = None

    def __str__(self) -> str:
        return self.name


class FrontMatter(Frozen):
    """The structured facts of one document, exactly as the content format defines them."""

    title: Text
    subtitle: Text | None = None
    kind: Kind | None = None
    """What the document is about, which sets the infobox's fields: a conflict (the default),
    a person, a place, a ship or an organisation."""
    slug: Slug | None = None
    lang: Lang = "en"
    aliases: tuple[Annotated[Alias, BeforeValidator(_alias_as_mapping)], ...] = ()
    summary: Text | None = None
    keywords: tuple[Text, ...] = ()
    authors: tuple[Text, ...] = ()
    updated: DocumentDay | None = None
    license: License | None = None
    sources: tuple[Source, ...] = ()
    image: Image | None = None
    infobox: Infobox | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    url: Text | None = None
    """Where the full text is read online: a handout cut to its page budget points there."""
    printing: PrintOptions | None = Field(default=None, alias="print")

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


class Collection(Frozen):
    """What the documents form together (`content/collection.yaml`)."""

    title: Text
    subtitle: Text | None = None
    lang: Lang = "en"
    description: Text | None = None
    publisher: Text | None = None
    license: License | None = None
    documents: tuple[Slug, ...] | None = None
    cover: Text | None = None
    slug: Slug | None = None
    """The collection's file names (`output/<slug>.pdf`, `.epub`); default: from the title."""

    @property
    def name(self) -> str:
        return self.slug or slugify(self.title)


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: `Soviet–Japanese` → `soviet-japanese`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "collection"
