"""The fields each kind of document's infobox has beyond a conflict's, in the order Wikipedia's
infobox of that kind sets them; no I/O here."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from factsheet.dates import PartialDate, ends_before
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
    """Who held the office before them."""
    succeeded_by: Text | None = None
    """Who held it after them."""


class Population(Frozen):
    """A place's population, as counted or estimated in a given year."""

    quantity: Quantities
    """The count, in any of the quantity forms (`3,057`, `c. 20,000`)."""
    year: PartialDate | None = None
    """The census or estimate's year."""


class Coordinates(Frozen):
    """Where a place is, in decimal degrees (north and east positive)."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    """Latitude in decimal degrees, north positive (`42.43`)."""
    lon: Annotated[float, Field(ge=-180, le=180)]
    """Longitude in decimal degrees, east positive (`130.58`)."""


class PersonFields(Frozen):
    """A person's infobox (Wikipedia's officeholder and military person)."""

    offices: tuple[Office, ...] | None = None
    """Offices held, most important first, each with its period."""
    born: Life | None = None
    """When and where they were born."""
    died: Life | None = None
    """When and where they died; left out while they live."""
    resting_place: Text | None = None
    """Where they are buried."""
    nationality: Text | None = None
    """Their nationality, where the allegiance does not say it."""
    occupation: tuple[Text, ...] | None = None
    """What they did (`soldier`, `politician`)."""
    allegiance: tuple[Text, ...] | None = None
    """The states and forces they served."""
    branch: tuple[Text, ...] | None = None
    """Service or branch (`Red Army`, `Imperial Japanese Navy`)."""
    service: Period | None = None
    """Years of service."""
    rank: Text | None = None
    """The highest rank they held (`Marshal of the Soviet Union`)."""
    commands: tuple[Text, ...] | None = None
    """Commands held."""
    battles: tuple[Text, ...] | None = None
    """Battles and wars they fought in."""
    awards: tuple[Text, ...] | None = None
    """Orders, medals and honours, the highest first."""


class PlaceFields(Frozen):
    """A place's infobox (Wikipedia's settlement)."""

    country: Text | None = None
    """The country it lies in."""
    region: Text | None = None
    """The region, province or oblast it lies in."""
    coordinates: Coordinates | None = None
    """Where it lies, in decimal degrees."""
    established: PartialDate | None = None
    """When it was founded or first recorded."""
    area: Measure | None = None
    """Its area, with the unit (`{quantity: '1,234', unit: km²}`)."""
    elevation: Measure | None = None
    """Its height above sea level, with the unit (`{quantity: 120, unit: m}`)."""
    population: Population | None = None
    """How many live there, and the year of the count."""
    time_zone: Text | None = None
    """Its time zone (`UTC+10`)."""


class ShipFields(Frozen):
    """A ship's infobox: its history, then its general characteristics."""

    operator: Text | None = None
    """Who sailed it (`Imperial Japanese Navy`)."""
    builder: Text | None = None
    """The yard that built it."""
    laid_down: PartialDate | None = None
    """When its keel was laid."""
    launched: PartialDate | None = None
    """When it was launched."""
    commissioned: PartialDate | None = None
    """When it entered service."""
    decommissioned: PartialDate | None = None
    """When it left service."""
    fate: Text | None = None
    """What became of it (`Sunk by aircraft, 7 April 1945`)."""
    ship_class: Text | None = None
    """Class and type (`Yamato-class battleship`)."""
    displacement: Measure | None = None
    """Its displacement, with the unit (`{quantity: '65,000', unit: t}`)."""
    length: Measure | None = None
    """Its length overall, with the unit."""
    beam: Measure | None = None
    """Its width, with the unit."""
    speed: Measure | None = None
    """Its top speed, with the unit (`{quantity: 27, unit: knots}`)."""
    complement: Measure | None = None
    """Its crew (`{quantity: '2,767', unit: officers and men}`)."""
    armament: tuple[Text, ...] | None = None
    """Its guns and other weapons, one line each."""


class OrganisationFields(Frozen):
    """An organisation's infobox: an army, a party, a company, a society."""

    type: Text | None = None
    """What kind of organisation (`political party`, `military intelligence service`)."""
    founded: PartialDate | None = None
    """When it was founded."""
    dissolved: PartialDate | None = None
    """When it was dissolved; left out while it exists."""
    founders: tuple[Person, ...] | None = None
    """Who founded it, each a name or `{name, sort, role}`."""
    headquarters: Text | None = None
    """Where it is run from."""
    leaders: tuple[Person, ...] | None = None
    """Its leaders, each with the title they held as `role`."""
    members: Measure | None = None
    """Its membership or strength (`{quantity: 'c. 20,000', unit: members}`)."""
    predecessor: Text | None = None
    """The organisation it continued."""
    successor: Text | None = None
    """The organisation that continued it."""


KIND_FIELDS: dict[str, type[Frozen]] = {
    "person": PersonFields,
    "place": PlaceFields,
    "ship": ShipFields,
    "organisation": OrganisationFields,
}
"""The infobox fields of each kind besides `facts`; a conflict's are `sides` and
`civilian_casualties`."""
