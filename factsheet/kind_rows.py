"""The infobox rows of a person, a place, a ship or an organisation, in the order and under the
bands Wikipedia's infobox of that kind sets them; the template sets each value as its form
says (dates and figures in the document's language). No I/O here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from factsheet.kinds import Life, Office, Period
from factsheet.model import FrontMatter, Infobox
from factsheet.values import Measure, Person
from factsheet.words import translations


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a row, set as `form` says: `text` (inline Markdown), `date` and `period`
    (partial dates), `figure` (quantities with a unit), `name` (a person, indexed), `plain`
    (text set as it is)."""

    form: Literal["text", "date", "period", "figure", "name", "plain"]
    text: str = ""
    dates: tuple[str | None, ...] = ()
    """A date, or a period's start and end (either None where not given); for a figure, the
    year it held, set after it in parentheses (a population's census)."""
    figure: Measure | None = None
    person: Person | None = None
    after: str = ""
    """Set after the value, as it is: `(aged 77)`, `(2021)`."""
    below: str = ""
    """A second line under the value, as text: a birthplace under the date of birth."""


@dataclass(frozen=True, slots=True)
class Row:
    """A label and its values (one under another), a band heading (`label` alone), or a line
    across the infobox under a band (`across`: an office's period)."""

    label: str
    values: tuple[Value, ...] = ()
    band: bool = False
    across: bool = False


def kind_rows(meta: FrontMatter, labels: dict[str, str]) -> tuple[Row, ...]:
    """The rows of the document's kind, before its free `facts`; none for a conflict."""
    box = meta.infobox
    if box is None:
        return ()
    rows = {
        "person": _person,
        "place": _place,
        "ship": _ship,
        "organisation": _organisation,
    }.get(meta.subject)
    if rows is None:
        return ()
    return tuple(row for row in rows(box, labels, meta.lang) if row.band or row.values)


def _text(*texts: str | None) -> tuple[Value, ...]:
    return tuple(Value("text", text) for text in texts if text)


def _date(date: str | None, after: str = "") -> tuple[Value, ...]:
    return (Value("date", dates=(date,), after=after),) if date else ()


def _figure(measure: Measure | None, after: str = "") -> tuple[Value, ...]:
    return (Value("figure", figure=measure, after=after),) if measure else ()


def _names(people: tuple[Person, ...] | None) -> tuple[Value, ...]:
    return tuple(Value("name", person=person) for person in people or ())


def _bands(rows: list[Row]) -> Iterator[Row]:
    """The rows, without a band none of whose rows has a value."""
    for n, row in enumerate(rows):
        if row.band and not any(r.values for r in _until_band(rows[n + 1 :])):
            continue
        yield row


def _until_band(rows: list[Row]) -> Iterator[Row]:
    for row in rows:
        if row.band:
            return
        yield row


def _person(box: Infobox, labels: dict[str, str], lang: str) -> Iterator[Row]:
    for office in box.offices or ():
        yield from _office(office, labels)
    yield from _bands(
        [
            Row(labels["personal_details"], band=True),
            Row(labels["born"], _life(box.born)),
            Row(labels["died"], _life(box.died, age_at_death(box.born, box.died, lang))),
            Row(labels["resting_place"], _text(box.resting_place)),
            Row(labels["nationality"], _text(box.nationality)),
            Row(labels["occupation"], _text(*(box.occupation or ()))),
            Row(labels["military_service"], band=True),
            Row(labels["allegiance"], _text(*(box.allegiance or ()))),
            Row(labels["branch"], _text(*(box.branch or ()))),
            Row(labels["service"], _period(box.service)),
            Row(labels["rank"], _text(box.rank)),
            Row(labels["commands"], _text(*(box.commands or ()))),
            Row(labels["battles"], _text(*(box.battles or ()))),
            Row(labels["awards"], _text(*(box.awards or ()))),
        ]
    )


def _office(office: Office, labels: dict[str, str]) -> Iterator[Row]:
    """Wikipedia's officeholder block: the office as a band, its period across the box (`In
    office`, or `Assumed office` while it lasts), then who came before and after."""
    yield Row(office.office, band=True)
    if office.start or office.end:
        label = labels["in_office"] if office.end else labels["assumed_office"]
        yield Row(label, (Value("period", dates=(office.start, office.end)),), across=True)
    yield Row(labels["preceded_by"], _text(office.preceded_by))
    yield Row(labels["succeeded_by"], _text(office.succeeded_by))


def _life(life: Life | None, age: str = "") -> tuple[Value, ...]:
    """A birth or death: the date (with the age at death after it), the place under it."""
    if life is None:
        return ()
    if life.date is None:
        return _text(life.place)
    return (Value("date", dates=(life.date,), after=age, below=life.place or ""),)


def age_at_death(born: Life | None, died: Life | None, lang: str) -> str:
    """`(aged 77)` in the document's language, when both days are known to the day."""
    if not (born and died and born.date and died.date):
        return ""
    if len(born.date) < 10 or len(died.date) < 10:
        return ""
    birth, death = dt.date.fromisoformat(born.date), dt.date.fromisoformat(died.date)
    years = death.year - birth.year - ((death.month, death.day) < (birth.month, birth.day))
    # TRANSLATORS: after the date of death, the age then, as "(aged 77)".
    aged = translations(lang).ngettext("(aged {years})", "(aged {years})", years)
    return aged.format(years=years)


def _period(period: Period | None) -> tuple[Value, ...]:
    return (Value("period", dates=(period.start, period.end)),) if period else ()


def _place(box: Infobox, labels: dict[str, str], lang: str) -> Iterator[Row]:
    population = box.population
    yield from (
        Row(labels["country"], _text(box.country)),
        Row(labels["region"], _text(box.region)),
        Row(labels["coordinates"], _coordinates(box, labels)),
        Row(labels["established"], _date(box.established)),
        Row(labels["area"], _figure(box.area)),
        Row(labels["elevation"], _figure(box.elevation)),
        Row(
            labels["population"],
            (
                Value(
                    "figure",
                    figure=Measure(quantity=population.quantity),
                    dates=(population.year,) if population.year else (),
                ),
            )
            if population
            else (),
        ),
        Row(labels["time_zone"], _text(box.time_zone)),
    )


def _coordinates(box: Infobox, labels: dict[str, str]) -> tuple[Value, ...]:
    """`43°08′N 131°54′E`: degrees and minutes, each hemisphere as the language writes it."""
    where = box.coordinates
    if where is None:
        return ()
    lat = labels["north" if where.lat >= 0 else "south"].format(angle=_angle(where.lat))
    lon = labels["east" if where.lon >= 0 else "west"].format(angle=_angle(where.lon))
    return (Value("plain", text=f"{lat} {lon}"),)


def _angle(degrees: float) -> str:
    minutes = round(abs(degrees) * 60)
    return f"{minutes // 60}°{minutes % 60:02d}′"


def _ship(box: Infobox, labels: dict[str, str], lang: str) -> Iterator[Row]:
    yield from _bands(
        [
            Row(labels["history"], band=True),
            Row(labels["operator"], _text(box.operator)),
            Row(labels["builder"], _text(box.builder)),
            Row(labels["laid_down"], _date(box.laid_down)),
            Row(labels["launched"], _date(box.launched)),
            Row(labels["commissioned"], _date(box.commissioned)),
            Row(labels["decommissioned"], _date(box.decommissioned)),
            Row(labels["ship_fate"], _text(box.fate)),
            Row(labels["characteristics"], band=True),
            Row(labels["ship_class"], _text(box.ship_class)),
            Row(labels["displacement"], _figure(box.displacement)),
            Row(labels["length"], _figure(box.length)),
            Row(labels["beam"], _figure(box.beam)),
            Row(labels["speed"], _figure(box.speed)),
            Row(labels["complement"], _figure(box.complement)),
            Row(labels["armament"], _text(*(box.armament or ()))),
        ]
    )


def _organisation(box: Infobox, labels: dict[str, str], lang: str) -> Iterator[Row]:
    yield from (
        Row(labels["organisation_type"], _text(box.type)),
        Row(labels["founded"], _date(box.founded)),
        Row(labels["dissolved"], _date(box.dissolved)),
        Row(labels["founders"], _names(box.founders)),
        Row(labels["headquarters"], _text(box.headquarters)),
        Row(labels["leaders"], _names(box.leaders)),
        Row(labels["members"], _figure(box.members)),
        Row(labels["predecessor"], _text(box.predecessor)),
        Row(labels["successor"], _text(box.successor)),
    )
