"""The document model: typed and frozen, so every writer sees the same facts; no I/O here."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    SerializerFunctionWrapHandler,
    StrictInt,
    StrictStr,
    model_serializer,
    model_validator,
)

from factsheet.dates import Day, DocumentDay, PartialDate
from factsheet.figures import read_figure
from factsheet.narrative import Narrative

SCHEMA_VERSION = 1


class Frozen(BaseModel):
    """Base for every model: immutable, and unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _scalar_as_text(value: object) -> object:
    # YAML reads `value: 1939` as a number; in a text field the author meant the text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[StrictStr, BeforeValidator(_scalar_as_text), Field(min_length=1)]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[StrictStr, Field(pattern=SLUG_PATTERN)]


def _known_language(tag: str) -> str:
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f"expected a BCP 47 language tag such as en, fr or de-CH, got {tag!r}"
        ) from None
    return tag


Lang = Annotated[StrictStr, AfterValidator(_known_language)]


MAX_DIGITS = 15
"""Digits a count may have: more than any real figure, and still exact when summed as floats."""
Count = Annotated[NonNegativeInt, Field(le=10**MAX_DIGITS - 1)]


class Quantity(Frozen):
    """A number as the sources give it: exact, approximate, a range, a lower bound, or text."""

    value: StrictInt | StrictStr | None = None
    approx: Count | None = None
    min: Count | None = None
    max: Count | None = None
    at_least: Count | None = None
    note: Text | None = None
    source: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: object) -> object:
        if isinstance(data, bool):
            raise ValueError("expected a number, text, or a mapping such as {approx: 21000}")
        if isinstance(data, int):
            return {"value": data}
        if isinstance(data, float):
            raise ValueError(
                f"expected a whole number, got {data:g} (a decimal point): write thousands"
                " with a comma or a space, as in 3,057 or 3 057"
            )
        if isinstance(data, str):
            return read_figure(data) or {"value": data}
        if isinstance(data, dict) and isinstance(data.get("value"), str):
            figure = read_figure(data["value"])  # {value: "3,057", note: …}
            if figure is not None:
                return {key: given for key, given in data.items() if key != "value"} | figure
        return data

    @model_validator(mode="after")
    def _one_form(self) -> Quantity:
        forms = [
            name
            for name, given in (
                ("value", self.value is not None),
                ("approx", self.approx is not None),
                ("min/max", self.min is not None or self.max is not None),
                ("at_least", self.at_least is not None),
            )
            if given
        ]
        if len(forms) != 1:
            raise ValueError(
                "expected exactly one of value, approx, min and max, at_least"
                + (f"; got {', '.join(forms)}" if forms else "")
            )
        if forms == ["min/max"]:
            if self.min is None or self.max is None:
                raise ValueError("a range needs both min and max")
            if self.min > self.max:
                raise ValueError(f"a range needs min <= max, got {self.min} > {self.max}")
        if isinstance(self.value, int) and self.value < 0:
            raise ValueError("expected a number of zero or more")
        if isinstance(self.value, int) and self.value >= 10**MAX_DIGITS:
            raise ValueError(f"expected a number of at most {MAX_DIGITS} digits")
        if isinstance(self.value, str) and not self.value.strip():
            raise ValueError("expected a number or text, got an empty text")
        return self

    @property
    def kind(self) -> Literal["exact", "approx", "range", "at_least", "text"]:
        if self.approx is not None:
            return "approx"
        if self.min is not None:
            return "range"
        if self.at_least is not None:
            return "at_least"
        return "exact" if isinstance(self.value, int) else "text"

    def interval(self) -> tuple[float, float] | None:
        """The values this quantity allows, for checking sums; None when it is only text."""
        match self.kind:
            case "exact":
                return (self.value, self.value)
            case "approx":
                return (self.approx * 0.9, self.approx * 1.1)
            case "range":
                return (self.min, self.max)
            case "at_least":
                return (self.at_least, float("inf"))
        return None


def _as_tuple(value: object) -> object:
    return value if isinstance(value, list | tuple) else [value]


Quantities = Annotated[tuple[Quantity, ...], BeforeValidator(_as_tuple), Field(min_length=1)]
"""One quantity, or several where sources disagree."""


def span(quantities: tuple[Quantity, ...]) -> tuple[float, float] | None:
    """The interval a list of quantities covers; None when any of them is only text."""
    intervals = [q.interval() for q in quantities]
    if any(i is None for i in intervals):
        return None
    return (min(i[0] for i in intervals), max(i[1] for i in intervals))


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
    label: Text
    value: Text


class ItemCount(Frozen):
    item: Text
    count: Quantities


class BelligerentCount(Frozen):
    belligerent: Text
    count: Quantities


class Casualties(Frozen):
    total: Quantities | None = None
    combat: Quantities | None = None
    non_combat: Quantities | None = None
    killed: Quantities | None = None
    wounded: Quantities | None = None
    missing: Quantities | None = None
    captured: Quantities | None = None
    by_belligerent: tuple[BelligerentCount, ...] = ()
    material: tuple[ItemCount, ...] = ()
    notes: tuple[Text, ...] = ()


CASUALTY_PARTS = ("killed", "wounded", "missing", "captured")
"""Kinds of loss that are each part of a side's total."""
CASUALTY_KINDS = ("total", "combat", "non_combat", *CASUALTY_PARTS)


class Person(Frozen):
    """A leader or commander: a name, or `{name, sort}` to file it not under its last word."""

    name: Text
    sort: Text = None  # type: ignore[assignment]  # None when absent; `sort:` left empty fails

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: object) -> object:
        if isinstance(data, dict):
            return data
        if isinstance(data, str | int | float) and not isinstance(data, bool):
            return {"name": data}
        raise ValueError("expected a name, or a mapping such as {name: Mao Zedong, sort: Mao}")

    @model_serializer(mode="wrap")
    def _as_written(self, dump: SerializerFunctionWrapHandler) -> object:
        """A name alone, as v1 files write it, when there is no sort key (the archive's JSON)."""
        return dump(self) if self.sort else self.name

    def __str__(self) -> str:
        return self.name


class Side(Frozen):
    name: Text | None = None
    belligerents: tuple[Text, ...] = ()
    leaders: tuple[Person, ...] = ()
    commanders: tuple[Person, ...] = ()
    units: tuple[Text, ...] = ()
    strength: tuple[ItemCount, ...] = ()
    casualties: Casualties | None = None

    @property
    def display_name(self) -> str:
        return self.name or ", ".join(self.belligerents)

    @property
    def people(self) -> tuple[Person, ...]:
        """Its leaders, then its commanders: the people the booklet's index lists."""
        return (*self.leaders, *self.commanders)


class Infobox(Frozen):
    facts: tuple[Fact, ...] = ()
    sides: Annotated[tuple[Side, ...], Field(min_length=2)] | None = None


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

    name: Text
    lang: Lang | None = None

    def __str__(self) -> str:
        return self.name


class FrontMatter(Frozen):
    """The structured facts of one document, exactly as the content format defines them."""

    title: Text
    subtitle: Text | None = None
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
