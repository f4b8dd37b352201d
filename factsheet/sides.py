"""A conflict's sides: their belligerents, leaders and commanders, strength and losses, as a
conflict's infobox gives them; no I/O here."""

from __future__ import annotations

from pydantic import ConfigDict, Field, model_validator

from factsheet.dates import PartialDate, ends_before
from factsheet.values import Frozen, Lang, Named, Person, Quantities, Text


class ItemCount(Frozen):
    """A count of something other than people: tanks destroyed, aircraft lost."""

    item: Text
    """What is counted (`tanks destroyed`)."""
    count: Quantities
    """How many, in any of the quantity forms."""


class Strength(Frozen):
    """A side's strength: what was counted, and whose (a belligerent's, a service's)."""

    item: Text | None = None
    """What is counted (`troops`, `tanks`, `aircraft`)."""
    count: Quantities
    """How many, in any of the quantity forms (`c. 22,950`)."""
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
    """How many, in any of the quantity forms."""


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
    """The belligerent these losses are (one of the side's)."""
    belligerents: tuple[Text, ...] | None = None
    """Several of the side's belligerents, when the sources give one figure for them all."""
    part: Text | None = None
    """Which of its forces, where the sources count them apart (`Nationalist`, `Communist`)."""
    count: Quantities | None = None
    """The total losses."""
    killed: Quantities | None = None
    """Its dead."""
    wounded: Quantities | None = None
    """Its wounded."""
    missing: Quantities | None = None
    """Its missing."""
    captured: Quantities | None = None
    """Its men taken prisoner."""
    other: tuple[OtherLoss, ...] | None = None
    """Other kinds of loss, each under its label."""

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
    """A side's losses: the totals, their breakdown, and each belligerent's."""

    total: Quantities | None = None
    """The side's losses in all: what the other figures are checked against."""
    combat: Quantities | None = None
    """Losses in combat."""
    non_combat: Quantities | None = None
    """Losses outside combat (disease, accidents)."""
    killed: Quantities | None = None
    """The side's dead."""
    wounded: Quantities | None = None
    """The side's wounded."""
    missing: Quantities | None = None
    """The side's missing."""
    captured: Quantities | None = None
    """The side's men taken prisoner."""
    other: tuple[OtherLoss, ...] | None = None
    """Other kinds of loss, each under its label."""
    by_belligerent: tuple[BelligerentCount, ...] = ()
    """Losses per belligerent of the side, or one figure for several."""
    material: tuple[ItemCount, ...] = ()
    """Equipment lost or taken (`{item: tanks destroyed, count: 43}`)."""
    notes: tuple[Text, ...] = ()
    """What the figures cannot say, printed under the casualty table."""


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
    """One side of a conflict: who fought on it, who led them, how many, and what they lost."""

    name: Text | None = None
    """What to call the side; default: its belligerents' names, joined."""
    belligerents: tuple[Belligerent, ...] = ()
    """The states and forces that fought on it; the booklet's index lists them."""
    leaders: tuple[Person, ...] = ()
    """Its political leaders."""
    commanders: tuple[Person, ...] = ()
    """Its military commanders."""
    units: tuple[Text, ...] = ()
    """The units it engaged."""
    strength: tuple[Strength, ...] = ()
    """Its strength: what was counted, and whose."""
    casualties: Casualties | None = None
    """Its losses: the totals, their breakdown and each belligerent's."""

    @property
    def belligerent_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.belligerents)

    @property
    def states(self) -> tuple[str, ...]:
        """Its belligerents and those who supported them: the index's states and forces."""
        named = (n for b in self.belligerents for n in (b.name, *(b.supported_by or ())))
        return tuple(dict.fromkeys(named))

    @property
    def display_name(self) -> str:
        return self.name or ", ".join(self.belligerent_names)

    @property
    def people(self) -> tuple[Person, ...]:
        """Its leaders, then its commanders: the people the booklet's index lists."""
        return (*self.leaders, *self.commanders)
