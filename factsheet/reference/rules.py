"""The checks the reference lists: each check of factsheet/checks/ and of loading, with the
fields it reports at, and the rules the models' own validators enforce, each with a value it
refuses (tests/test_content_format.py tries them). No I/O here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from factsheet import reader
from factsheet.checks import (
    characters,
    fields,
    glyphs,
    kinds,
    languages,
    markup,
    references,
    spellings,
    sums,
    timeline,
)
from factsheet.collection import Collection
from factsheet.kinds import (
    Life,
    Office,
    OrganisationFields,
    Period,
    PersonFields,
    ShipFields,
)
from factsheet.markdown import MAX_NESTING
from factsheet.model import (
    Belligerent,
    BelligerentCount,
    Casualties,
    Fact,
    FrontMatter,
    Image,
    Infobox,
    License,
    Source,
    Strength,
    TimelineEntry,
)
from factsheet.values import Alias, Person, Quantity

Place = tuple[type[BaseModel], str]
"""A field a check reports at: its model, and its name as the file writes it."""
BODY = "the body"


@dataclass(frozen=True)
class Check:
    """A check beyond a field's own type: what runs it, what it asks, where it reports."""

    runs: Callable[..., object]
    says: str
    at: tuple[Place | str, ...]
    warning: bool = False


CASUALTY_PARTS: tuple[Place, ...] = tuple(
    (Casualties, kind) for kind in ("killed", "wounded", "missing", "captured")
)

CHECKS: tuple[Check, ...] = (
    Check(fields.validate, 'a field the model does not have (with a "did you mean")', ("all",)),
    Check(characters.control_characters, "a control character", ("all",)),
    Check(references.duplicate_source_ids, "unique in the document", ((Source, "id"),)),
    Check(
        references.web_addresses,
        "an http(s) or mailto address",
        ((Source, "url"), (License, "url"), (FrontMatter, "url")),
    ),
    Check(reader.load_collection, "an http(s) or mailto address", ((License, "url"),)),
    Check(
        references.images,
        "a whole PNG, JPEG, GIF, WebP or SVG file inside the content folder",
        ((Image, "file"), BODY),
    ),
    Check(
        references.quantity_sources,
        "the id of one of the document's sources",
        ((Quantity, "source"),),
    ),
    Check(
        sums.casualties,
        "each names one of the side's belligerents",
        ((BelligerentCount, "belligerent"), (BelligerentCount, "belligerents")),
    ),
    Check(
        sums.casualties,
        "combat + non_combat, and by_belligerent, add up to total (compared as intervals;"
        " a sum short of it counts only when every part is given)",
        ((Casualties, "total"), (Casualties, "by_belligerent")),
        warning=True,
    ),
    Check(
        sums.casualties,
        "at most total, and killed + wounded + missing + captured not above it",
        CASUALTY_PARTS,
        warning=True,
    ),
    Check(
        timeline.dates_in_order,
        "not before `date`, compared as far as both are given (`1938` is not before `1938-08`)",
        ((TimelineEntry, "end"),),
    ),
    Check(references.citations, "every `[@id]` names a source", (BODY, (Source, "id"))),
    Check(references.undefined_footnotes, "every `[^label]` called is defined", (BODY,)),
    Check(
        references.links,
        "a link is to another document (`other.md#part`), an http(s) or mailto address, or"
        " a #heading; other schemes and files are refused",
        (BODY,),
    ),
    Check(
        references.links,
        "a linked document exists; a #heading, footnote or source id exists",
        (BODY,),
        warning=True,
    ),
    Check(
        markup.empty_headings, "a heading has text (one without is left out)", (BODY,), warning=True
    ),
    Check(
        markup.inline_fields,
        f"inline markup nested at most {MAX_NESTING} levels deep",
        ((Image, "caption"), (Fact, "value")),
    ),
    Check(languages.spans, "a span sets only `lang`, a tag Babel knows: `[…]{lang=ja}`", (BODY,)),
    Check(
        languages.unmarked_han,
        "Han characters alone are marked Japanese, Chinese or Korean",
        (BODY, (Alias, "name")),
        warning=True,
    ),
    Check(
        kinds.fields_of_the_kind,
        "a field of the document's kind: a person's `born` on a conflict is an error",
        ((FrontMatter, "kind"), (Infobox, "sides"), (Infobox, "civilian_casualties")),
    ),
    Check(
        kinds.dates_in_order,
        "each kind's dates in order: died after born, an office's `to` after its `from`,"
        " launched after laid down, decommissioned after commissioned, dissolved after founded",
        (
            (PersonFields, "died"),
            (Office, "to"),
            (ShipFields, "launched"),
            (ShipFields, "decommissioned"),
            (OrganisationFields, "dissolved"),
        ),
    ),
    Check(
        languages.undrawn_languages,
        "a language no installed font is made for (fontconfig)",
        (
            BODY,
            (FrontMatter, "lang"),
            (Alias, "lang"),
            (Person, "lang"),
            (Belligerent, "lang"),
        ),
        warning=True,
    ),
    Check(
        glyphs.undrawn_characters, "a character no installed font can draw", ("all",), warning=True
    ),
    Check(reader.check_unique_slugs, "unique in the content folder", ((FrontMatter, "slug"),)),
    Check(
        reader.load_collection,
        "each names a document of the content folder",
        ((Collection, "documents"),),
    ),
    Check(reader.load_collection, "not a document's slug", ((Collection, "slug"),)),
    Check(
        spellings.people_spelt_two_ways,
        "one person, one spelling across the collection (`Vasily` and `Vasili Blyukher`)",
        ((Person, "name"),),
        warning=True,
    ),
)
"""Every check, in the order the reference lists them."""


@dataclass(frozen=True)
class Rule:
    """What a model's own validator asks of its fields together, and a value it refuses."""

    says: str
    refused: str


RULES: dict[type[BaseModel], tuple[Rule, ...]] = {
    Quantity: (
        Rule(
            "exactly one of `value`, `approx`, `min` and `max`, `at_least`", "{value: 5, approx: 6}"
        ),
        Rule("a range has both `min` and `max`, and `min` is not above `max`", "{min: 9, max: 5}"),
        Rule("a figure that is none of the forms is refused, naming them", "3.057"),
        Rule("a whole number: no decimal point", "2.5"),
    ),
    Fact: (
        Rule("a `heading` row has nothing else", "{heading: Personal details, label: Born}"),
        Rule(
            "otherwise a `label` with exactly one of `value` and `quantity`",
            "{label: Area, value: large, quantity: 5}",
        ),
        Rule("`unit` goes with `quantity`", "{label: Area, value: large, unit: km²}"),
    ),
    Strength: (Rule("says what was counted: `item`, `belligerent` or `service`", "{count: 500}"),),
    BelligerentCount: (
        Rule("exactly one of `belligerent` and `belligerents`", "{count: 5}"),
        Rule("`belligerents` names two or more", "{belligerents: [Japan], count: 5}"),
        Rule("at least one figure", "{belligerent: Japan}"),
    ),
    Belligerent: (Rule("`to` is not before `from`", "{name: France, from: 1780, to: 1778}"),),
    Period: (
        Rule("`from`, `to` or both", "{}"),
        Rule("`to` is not before `from`", "{from: 1920, to: 1915}"),
    ),
    Life: (Rule("a date, a place or both", "{}"),),
}
"""Each model with validators of its own → what they ask."""
