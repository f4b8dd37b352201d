"""The fields each kind of document's infobox has beyond a conflict's, in the order Wikipedia's
infobox of that kind sets them; no I/O here."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from factsheet.dates import PartialDate
from factsheet.values import Frozen, Measure, Person, Quantities, Text

Kind = Literal["conflict", "person", "place", "ship", "organisation"]
KINDS: tuple[str, ...] = ("conflict", "person", "place", "ship", "organisation")


class Period(Frozen):
    """When something began and ended; either end may be left out (`{from: 1915}`)."""

    start: PartialDate | None = Field(default=None, alias="from")
    """The first year, month or day (`1915`, `1939-05`)."""
    end: PartialDate | None = Field(default=None, alias="to")
    """The last; left out while it lasts or where it is not known."""

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.start is None and self.end is None:
            raise ValueError("expected from, to, or both")
        if self.start and self.end and ends_before(self.end, self.start):
            raise ValueError(f"'to' ({self.end}) is before 'from' ({self.start})")
        return self


def ends_before(later: str, earlier: str) -> bool:
    """Whether `later` ends before `earlier` starts, comparing partial dates on what both give."""
    common = min(len(later), len(earlier))
    return later[:common] < earlier[:common]


class Life(Frozen):
    """A birth or a death: when and where, either alone."""

    date: PartialDate | None = None
    """The day, month or year (`1896-12-01`, `1896`)."""
    place: Text | None = None
    """Where, as the reader knows it (`Strelkovka, Kaluga Governorate, Russian Empire`)."""

    @model_validator(mode="after")
    def _something(self) -> Life:
        if self.date is None and self.place is None:
            raise ValueError("expected a date, a place, or both")
        return self


class Office(Frozen):
    """An office held, with its period and the people before and after."""

    office: Text
    """The office as its holders' infoboxes name it (`Minister of Defence`)."""
    start: PartialDate | None = Field(default=None, alias="from")
    """When they took office."""
    end: PartialDate | None = Field(default=None, alias="to")
    """When they left it; left out while in office."""
    preceded_by: Text | None = None
    succeeded_by: Text | None = None


class Population(Frozen):
    """A place's population, as counted or estimated in a given year."""

    quantity: Quantities
    year: PartialDate | None = None
    """The census or estimate's year."""


class Coordinates(Frozen):
    """Where a place is, in decimal degrees (north and east positive)."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class PersonFields(Frozen):
    """A person's infobox (Wikipedia's officeholder and military person)."""

    offices: tuple[Office, ...] | None = None
    """Offices held, most important first, each with its period."""
    born: Life | None = None
    died: Life | None = None
    resting_place: Text | None = None
    nationality: Text | None = None
    occupation: tuple[Text, ...] | None = None
    allegiance: tuple[Text, ...] | None = None
    """The states and forces they served."""
    branch: tuple[Text, ...] | None = None
    """Service or branch (`Red Army`, `Imperial Japanese Navy`)."""
    service: Period | None = None
    """Years of service."""
    rank: Text | None = None
    commands: tuple[Text, ...] | None = None
    """Commands held."""
    battles: tuple[Text, ...] | None = None
    """Battles and wars they fought in."""
    awards: tuple[Text, ...] | None = None


class PlaceFields(Frozen):
    """A place's infobox (Wikipedia's settlement)."""

    country: Text | None = None
    region: Text | None = None
    """The region, province or oblast it lies in."""
    coordinates: Coordinates | None = None
    established: PartialDate | None = None
    area: Measure | None = None
    elevation: Measure | None = None
    population: Population | None = None
    time_zone: Text | None = None


class ShipFields(Frozen):
    """A ship's infobox: its history, then its general characteristics."""

    operator: Text | None = None
    builder: Text | None = None
    laid_down: PartialDate | None = None
    launched: PartialDate | None = None
    commissioned: PartialDate | None = None
    decommissioned: PartialDate | None = None
    fate: Text | None = None
    """What became of it (`Sunk by aircraft, 7 April 1945`)."""
    ship_class: Text | None = None
    """Class and type (`Yamato-class battleship`)."""
    displacement: Measure | None = None
    length: Measure | None = None
    beam: Measure | None = None
    speed: Measure | None = None
    complement: Measure | None = None
    armament: tuple[Text, ...] | None = None


class OrganisationFields(Frozen):
    """An organisation's infobox: an army, a party, a company, a society."""

    type: Text | None = None
    """What kind of organisation (`political party`, `military intelligence service`)."""
    founded: PartialDate | None = None
    dissolved: PartialDate | None = None
    founders: tuple[Person, ...] | None = None
    headquarters: Text | None = None
    leaders: tuple[Person, ...] | None = None
    """Its leaders, each with the title they held as `role`."""
    members: Measure | None = None
    """Its membership or strength (`{quantity: c. 20,000, unit: members}`)."""
    predecessor: Text | None = None
    successor: Text | None = None


KIND_FIELDS: dict[str, type[Frozen]] = {
    "person": PersonFields,
    "place": PlaceFields,
    "ship": ShipFields,
    "organisation": OrganisationFields,
}
"""The infobox fields of each kind besides `facts`; a conflict's are `sides` and
`civilian_casualties`."""
