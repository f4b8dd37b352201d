"""The person, settlement and ship infoboxes into the format's kinds `person`, `place` and
`ship`: each parameter the kind has a field for goes there, a few more become facts, the rest
are reported."""

from __future__ import annotations

from factsheet.wikitext.citations import read_day
from factsheet.wikitext.infobox import IMAGE, LAYOUT, MAP, Reading
from factsheet.wikitext.losses import split_figure
from factsheet.wikitext.markup import Render
from factsheet.wikitext.template_values import coordinates
from factsheet.wikitext.templates import template_name

PERSON = (
    "infobox officeholder",
    "infobox military person",
    "infobox person",
    "infobox politician",
    "infobox military officer",
    "infobox royalty",
    "infobox monarch",
    "infobox noble",
    "infobox scientist",
    "infobox writer",
    "infobox president",
    "infobox prime minister",
    "infobox general",
)
PLACE = (
    "infobox settlement",
    "infobox city",
    "infobox town",
    "infobox village",
    "infobox place",
    "infobox island",
    "infobox russian town",
    "infobox lake",
)
SHIP = (
    "infobox ship",
    "infobox ship begin",
    "infobox ship image",
    "infobox ship career",
    "infobox ship characteristics",
    "infobox ship class overview",
)
PERSON_FACTS = {
    "nickname": "Nickname",
    "party": "Political party",
    "spouse": "Spouse",
    "children": "Children",
    "parents": "Parents",
    "relations": "Relations",
    "alma_mater": "Alma mater",
    "known_for": "Known for",
    "laterwork": "Later work",
    "unit": "Unit",
    "signature": None,
    "education": "Education",
    "religion": "Religion",
    "honorific_prefix": None,
    "honorific_suffix": None,
    "order": None,
    "module": None,
}
PERSON_LISTS = {
    "allegiance": "allegiance",
    "branch": "branch",
    "commands": "commands",
    "battles": "battles",
    "wars": "battles",
    "awards": "awards",
    "occupation": "occupation",
    "servicebranch": "branch",
}
PERSON_TEXTS = {
    "rank": "rank",
    "nationality": "nationality",
    "resting_place": "resting_place",
    "placeofburial": "resting_place",
    "burial_place": "resting_place",
}
SHIP_DATES = ("laid_down", "launched", "commissioned", "decommissioned")
SHIP_TEXTS = {
    "operator": "operator",
    "owner": "operator",
    "builder": "builder",
    "fate": "fate",
    "class": "ship_class",
    "type": "ship_class",
}
SHIP_MEASURES = ("displacement", "length", "beam", "speed", "complement")


def kind_of(name: str) -> str | None:
    if name in PERSON:
        return "person"
    if name in PLACE:
        return "place"
    if name in SHIP or name.startswith("infobox ship"):
        return "ship"
    return None


def day(reading: Reading, name: str) -> str:
    """A date field's value: the day a date template gives, else the text read as a day or
    a year."""
    marked = len(reading.gathered.dates)
    text = reading.text(name)
    dates = reading.gathered.dates[marked:]
    del reading.gathered.dates[marked:]
    if dates:
        return dates[0]
    found = read_day(text.split("(")[0].strip())
    if found:
        return found
    years = _years_in(text)
    if not years:
        reading.left_out(name, "no date the format reads (a day, a month or a year)")
    return years[0] if years else ""


def _years_in(text: str) -> list[str]:
    """The four-digit years written in a text (`(April 21, 1832 – July 10, 1832)`)."""
    words = text.replace("–", " ").replace("-", " ").replace(",", " ").split()
    return [
        w.strip("()[].;")
        for w in words
        if len(w.strip("()[].;")) == 4 and w.strip("()[].;").isdigit()
    ]


def person(reading: Reading) -> None:
    """A person's infobox (officeholder, military person) into `kind: person`'s fields."""
    mapped, infobox = reading.mapped, reading.mapped.infobox
    facts, offices, named = [], {}, {}
    for name in reading.given():
        key = name.lower().replace(" ", "_")
        base = key.rstrip("0123456789")
        number = key[len(base) :] or "1"
        if key in ("name", "birth_name"):
            mapped.title = mapped.title or reading.text(name)
        elif key == "native_name":
            mapped.aliases.append({"name": reading.text(name)})
        elif key in ("birth_date", "death_date"):
            when = day(reading, name)
            if when:
                infobox.setdefault("born" if key == "birth_date" else "died", {})["date"] = when
        elif key in ("birth_place", "death_place"):
            infobox.setdefault("born" if key == "birth_place" else "died", {})["place"] = (
                reading.text(name)
            )
        elif key in PERSON_LISTS:
            items = [line.text for line in reading.lines(name)]
            infobox.setdefault(PERSON_LISTS[key], []).extend(items)
        elif key in PERSON_TEXTS:
            infobox[PERSON_TEXTS[key]] = reading.text(name)
        elif key in ("serviceyears", "service_years", "years_of_service"):
            years = _years_in(reading.text(name))
            if years:
                infobox["service"] = {"from": years[0]} | (
                    {"to": years[-1]} if len(years) > 1 else {}
                )
        elif base in ("office", "term_start", "term_end", "predecessor", "successor"):
            named.setdefault(number, []).append(name)
            office = offices.setdefault(number, {})
            field = {
                "office": "office",
                "term_start": "from",
                "term_end": "to",
                "predecessor": "preceded_by",
                "successor": "succeeded_by",
            }[base]
            office[field] = day(reading, name) if field in ("from", "to") else reading.text(name)
        elif key in PERSON_FACTS:
            if PERSON_FACTS[key]:
                fact = reading.fact(PERSON_FACTS[key], name)
                if fact:
                    facts.append(fact)
        elif key in IMAGE or key in MAP or key in LAYOUT:
            if key == "image":
                reading.image_left_out(name)
        else:
            reading.left_out(name, "no field of a person takes it")
    for number, office in offices.items():
        if not office.get("office"):
            for name in named[number]:
                reading.left_out(
                    name, f"no office{'' if number == '1' else number} names the office"
                )
    written = [o for _, o in sorted(offices.items()) if o.get("office")]
    if written:
        infobox["offices"] = [{k: v for k, v in o.items() if v} for o in written]
    for key in ("allegiance", "branch", "commands", "battles", "awards", "occupation"):
        if key in infobox and not infobox[key]:
            del infobox[key]
    if facts:
        infobox["facts"] = facts


def place(reading: Reading) -> None:
    """Infobox settlement into `kind: place`'s fields."""
    mapped, infobox = reading.mapped, reading.mapped.infobox
    subdivisions: dict[str, str] = {}
    degrees: dict[str, str] = {}
    zones: list[str] = []
    facts = []
    for name in reading.given():
        key = name.lower().replace(" ", "_")
        if key in ("name", "official_name"):
            mapped.title = mapped.title or reading.text(name)
        elif key == "native_name":
            mapped.aliases.append({"name": reading.text(name)})
        elif key in DEGREES:
            degrees[key] = reading.text(name)
        elif key.startswith("subdivision_"):
            subdivisions[key] = reading.text(name)
        elif key == "coordinates":
            found = next(
                (
                    coordinates(t, Render(reading.gathered, True))
                    for t in reading.value(name).filter_templates()
                    if template_name(t) in ("coord", "coordinates")
                ),
                None,
            )
            if found:
                infobox["coordinates"] = {"lat": found[0], "lon": found[1]}
            else:
                reading.left_out(name, "no {{coord}} the import reads")
        elif key in ("established_date", "established_date1", "founded"):
            infobox.setdefault("established", day(reading, name))
        elif key.startswith("established_title"):
            continue
        elif key.startswith("established_date"):
            title = reading.given_text(f"established_title{key.removeprefix('established_date')}")
            fact = reading.fact(title or "Established", name)
            if fact:
                facts.append(fact)
        elif key in ("area_total_km2", "area_km2", "elevation_m", "elevation"):
            field, unit = ("area", "km²") if key.startswith("area") else ("elevation", "m")
            measure = _measure(reading.text(name), unit)
            if measure:
                infobox[field] = measure
            else:
                reading.left_out(name, "no figure the format reads")
        elif key == "population_total":
            measure = _measure(reading.text(name), "")
            if measure:
                infobox.setdefault("population", {})["quantity"] = measure["quantity"]
            else:
                reading.left_out(name, "no figure the format reads")
        elif key in ("population_as_of", "population_date"):
            year = day(reading, name)[:4]
            if year:
                infobox.setdefault("population", {})["year"] = year
        elif key in ("timezone", "timezone1", "utc_offset", "utc_offset1"):
            zones.append(reading.text(name))
        elif key in (
            "settlement_type",
            "leader_title",
            "leader_name",
            "postal_code",
            "area_code",
            "website",
            "nickname",
            "motto",
        ):
            fact = reading.fact(key.replace("_", " ").capitalize(), name)
            if fact:
                facts.append(fact)
        elif (
            key in IMAGE
            or key in MAP
            or key in LAYOUT
            or key.startswith(("image_", "pushpin", "map_", "blank", "coor"))
        ):
            continue
        else:
            reading.left_out(name, "no field of a place takes it")
    for number in ("", "1", "2"):
        kind, value = (
            subdivisions.get(f"subdivision_type{number}", "").casefold(),
            subdivisions.get(f"subdivision_name{number}"),
        )
        if value and kind == "country":
            infobox["country"] = value
        elif value and "region" not in infobox and number:
            infobox["region"] = value
    if zones:  # `VLAT` and `+10`: VLAT (UTC+10)
        offsets = [z if z.upper().startswith(("UTC", "GMT")) else f"UTC{z}" for z in zones[1:]]
        infobox["time_zone"] = zones[0] + (f" ({', '.join(offsets)})" if offsets else "")
    if "coordinates" not in infobox and degrees:
        found = _from_degrees(degrees)
        if found:
            infobox["coordinates"] = found
    if "population" in infobox and "quantity" not in infobox["population"]:
        del infobox["population"]
    if facts:
        infobox["facts"] = facts


def ship(reading: Reading) -> None:
    """Infobox ship (one template, or its begin, career and characteristics) into `kind: ship`."""
    mapped, infobox = reading.mapped, reading.mapped.infobox
    for name in reading.given():
        key = name.lower().replace(" ", "_").removeprefix("ship_")
        if key == "name":
            mapped.title = mapped.title or reading.text(name)
        elif key in SHIP_DATES:
            when = day(reading, name)
            if when:
                infobox[key] = when
        elif key in SHIP_TEXTS:
            if SHIP_TEXTS[key] in infobox:
                reading.left_out(name, f"{SHIP_TEXTS[key]} is given already, by another parameter")
            else:
                infobox[SHIP_TEXTS[key]] = reading.text(name)
        elif key in SHIP_MEASURES:
            measure = _measure(reading.text(name), "")
            if measure:
                infobox[key] = measure
            else:
                reading.left_out(name, "no figure the format reads")
        elif key == "armament":
            infobox["armament"] = [line.text.lstrip("*# ") for line in reading.lines(name)]
        elif key in IMAGE or key in ("caption",):
            if key == "image":
                reading.image_left_out(name)
        else:
            reading.left_out(name, "no field of a ship takes it")


ACRONYMS = frozenset("gdp gni hdi iso utc ppp un eu us uk cpi fdi".split())


def facts_only(reading: Reading) -> None:
    """An infobox of a kind the format has no fields for (an award, an economy, a
    language): each parameter a fact under its name."""
    facts = []
    for name in reading.given():
        key = name.lower().replace(" ", "_")
        if key in IMAGE or key in MAP or key in LAYOUT or key.startswith(("image", "logo", "map")):
            if key in ("image", "logo", "map"):
                reading.image_left_out(name)
            continue
        if key == "name":
            reading.mapped.title = reading.mapped.title or reading.text(name)
            continue
        fact = reading.fact(_label(name), name)
        if fact:
            facts.append(fact)
    if facts:
        reading.mapped.infobox.setdefault("facts", []).extend(facts)


def _label(name: str) -> str:
    words = name.replace("_", " ").split()
    shown = [w.upper() if w.lower() in ACRONYMS else w for w in words]
    text = " ".join(shown)
    return text[:1].upper() + text[1:]


DEGREES = ("latd", "latm", "lats", "latns", "longd", "longm", "longs", "longew")


def _from_degrees(given: dict[str, str]) -> dict[str, float] | None:
    """Coordinates written as `latd`, `latm`, `latNS`, `longd`, … parameters."""
    try:
        lat = sum(float(given.get(k) or 0) / 60**i for i, k in enumerate(("latd", "latm", "lats")))
        lon = sum(
            float(given.get(k) or 0) / 60**i for i, k in enumerate(("longd", "longm", "longs"))
        )
    except ValueError:
        return None
    lat *= -1 if given.get("latns", "N").upper().startswith("S") else 1
    lon *= -1 if given.get("longew", "E").upper().startswith("W") else 1
    if "latd" not in given or "longd" not in given or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return {"lat": round(lat, 5), "lon": round(lon, 5)}


def _measure(text: str, unit: str) -> dict[str, object] | None:
    first = text.split("(")[0].strip()
    split = split_figure(first)
    if split is not None and not split[0]:
        _, figure, rest = split
        measure: dict[str, object] = {"quantity": int(figure) if figure.isdigit() else figure}
        if rest or unit:
            measure["unit"] = rest or unit
        return measure
    words = first.split()
    try:
        number = float(words[0].replace(",", ""))
    except (ValueError, IndexError):
        return None
    rest = " ".join(words[1:])
    return {"quantity": number} | ({"unit": rest or unit} if rest or unit else {})
