"""The templates that carry values in running text: languages and Japanese names, figures
with units, coordinates and dates, identifiers, ships' names, addresses and quotations, each
set as the article's page shows it."""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from mwparserfromhell.nodes import Template

from factsheet.wikitext.markup import Render, web_address
from factsheet.wikitext.templates import handles, template_name

MONTH_DAY = {"mf", "mdy"}


@handles("lang", "langx", "lang-x")
def _lang(template: Template, render: Render) -> str:
    name = template_name(template)
    return language(render.raw(template, 1), render.param(template, 2), render, name != "lang")


def language(code: str, text: str, render: Render, named: bool) -> str:
    """Text in another language, marked so every output can say it (`[…]{lang=ja}`)."""
    code = code.strip().lower()
    if not text:
        return ""
    marked = text if render.plain or not _known(code) else f"[{text}]{{lang={code}}}"
    if named and _known(code):
        language = _locale(render.gathered.lang).languages.get(code.split("-")[0])
        if language:
            return f"{language}: {marked}"
    return marked


def _known(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@handles("transl", "transliteration", "translit")
def _transliteration(template: Template, render: Render) -> str:
    text = render.param(template, 3) or render.param(template, 2)
    return f"*{text}*" if text and not render.plain else text


@handles("nihongo", "nihongo2", "nihongo3", "nihongo krt", "nihongo foot")
def _nihongo(template: Template, render: Render) -> str:
    english, kanji = render.param(template, 1), render.param(template, 2)
    romaji = render.param(template, 3)
    marked = language("ja", kanji, render, False) if kanji else ""
    name = template_name(template)
    if name == "nihongo2":
        return marked or english
    if name == "nihongo3":
        english, romaji = romaji, english
    inside = ", ".join(
        part for part in (marked, f"*{romaji}*" if romaji and not render.plain else romaji) if part
    )
    lead = english or romaji
    return f"{lead} ({inside})" if lead and inside and lead != romaji else lead or inside


@handles("convert", "cvt")
def _convert(template: Template, render: Render) -> str:
    """The figure and unit as the article gives them (`{{convert|1,000|km}}` → 1,000 km);
    the conversion Wikipedia adds is left to the reader."""
    values = [render.raw(template, i) for i in range(1, 7)]
    joiners = {
        "-": "–",
        "–": "–",
        "to": " to ",
        "and": " and ",
        "or": " or ",
        "x": " × ",
        "by": " × ",
        "+": " + ",
        "to(-)": " to ",
    }
    shown = values[0]
    position = 1
    while position + 1 < len(values) and values[position] in joiners and values[position + 1]:
        shown += joiners[values[position]] + values[position + 1]
        position += 2
    unit = values[position] if position < len(values) else ""
    shown = f"{shown} {UNITS.get(unit, unit)}".strip()
    more = values[position + 1 : position + 3]
    if len(more) == 2 and more[0].replace(".", "").isdigit() and more[1].isalpha():
        shown += f" {more[0]} {UNITS.get(more[1], more[1])}"  # `860|ft|7|in`: 860 ft 7 in
    return render.escape(shown)


UNITS = {
    "km2": "km²",
    "sqkm": "km²",
    "sqmi": "sq mi",
    "mi2": "sq mi",
    "m2": "m²",
    "ha": "ha",
    "kn": "knots",
    "knot": "knots",
    "km/h": "km/h",
    "mph": "mph",
    "LT": "long tons",
    "long ton": "long tons",
    "ST": "short tons",
    "t": "t",
    "MT": "t",
    "ft": "ft",
    "m": "m",
    "km": "km",
    "mi": "mi",
    "nmi": "nmi",
    "shp": "shp",
    "hp": "hp",
    "ihp": "ihp",
    "in": "in",
    "cm": "cm",
    "mm": "mm",
    "lb": "lb",
    "kg": "kg",
    "ftin": "ft",
}


def coordinates(template: Template, render: Render) -> tuple[float, float] | None:
    """Decimal degrees of a `{{coord}}`: `42.43|130.58`, or degrees, minutes and seconds."""
    parts: list[str] = []
    for param in template.params:
        if not param.showkey:
            parts.append(render.as_plain()(param.value).strip())
    hemispheres = [i for i, part in enumerate(parts) if part.upper() in ("N", "S", "E", "W")]
    try:
        if len(hemispheres) >= 2:
            north, east = hemispheres[0], hemispheres[1]
            lat = _degrees(parts[:north]) * (-1 if parts[north].upper() == "S" else 1)
            lon = _degrees(parts[north + 1 : east]) * (-1 if parts[east].upper() == "W" else 1)
        else:
            lat, lon = float(parts[0]), float(parts[1])
    except (ValueError, IndexError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 5), round(lon, 5)


def _degrees(parts: list[str]) -> float:
    if not 1 <= len(parts) <= 3:
        raise ValueError(parts)
    return sum(float(part) / 60**i for i, part in enumerate(parts))


@handles("coord", "coordinates")
def _coord(template: Template, render: Render) -> str:
    found = coordinates(template, render)
    if found is None:
        render.gathered.report(render.where, "left out: coordinates import could not read")
        return ""
    lat, lon = found
    return f"{abs(lat):.2f}°{'N' if lat >= 0 else 'S'} {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"


DATE_TEMPLATES = frozenset(
    {
        "start date",
        "end date",
        "start-date",
        "end-date",
        "birth date",
        "death date",
        "birth date and age",
        "death date and age",
        "dob",
        "birth-date",
        "death-date",
        "birth date and age2",
        "start date and age",
        "end date and age",
        "film date",
        "date",
    }
)


@handles(*DATE_TEMPLATES)
def _date(template: Template, render: Render) -> str:
    """The day as the page shows it; its ISO form is gathered for the fields that take one."""
    numbers = [render.raw(template, i) for i in (1, 2, 3)]
    try:
        parts = [int(n) for n in numbers if n]
    except ValueError:
        text = render.param(template, 1)
        return text
    if not parts:
        return ""
    order = render.gathered.date_order
    if any(_switched(template, render, key) for key in MONTH_DAY):
        order = "mdy"
    if _switched(template, render, "df"):
        order = "dmy"
    try:
        day = dt.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )
    except ValueError:
        render.gathered.report(render.where, f"left out: {template} is not a real date")
        return ""
    iso = "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts[:3]))
    render.gathered.dates.append(iso)
    return shown_date(day, len(parts), order, render.gathered.lang)


def _switched(template: Template, render: Render, key: str) -> bool:
    return render.raw(template, key).lower() in ("y", "yes")


def shown_date(day: dt.date, precision: int, order: str = "dmy", lang: str = "en") -> str:
    """A date as the page's language sets it: in English `29 July 1938` (or `July 29, 1938`
    on a page that uses that order), `July 1938`, `1938`; in Japanese `1938年7月29日`."""
    if precision == 1:
        return str(day.year)
    locale = _locale(lang)
    if locale.language != "en":
        if precision == 2:
            return format_skeleton("yMMMM", day, locale=locale)
        return format_date(day, "long", locale=locale)
    if precision == 2:
        return format_date(day, "MMMM y", locale="en")
    pattern = "MMMM d, y" if order == "mdy" else "d MMMM y"
    return format_date(day, pattern, locale="en")


@handles("start and end dates")
def _span(template: Template, render: Render) -> str:
    numbers = [render.raw(template, i) for i in range(1, 7)]
    try:
        first = dt.date(int(numbers[0]), int(numbers[1] or 1), int(numbers[2] or 1))
        last = dt.date(int(numbers[3]), int(numbers[4] or 1), int(numbers[5] or 1))
    except ValueError:
        render.gathered.report(
            render.where, f"left out: {template}, whose dates import cannot read"
        )
        return ""
    order, lang = render.gathered.date_order, render.gathered.lang
    return f"{shown_date(first, 3, order, lang)} – {shown_date(last, 3, order, lang)}"


@handles("not a typo", "proper name", "sic", "as written", "mvar", "var", "math")
def _as_written(template: Template, render: Render) -> str:
    shown = render.param(template, 1)
    if template_name(template) in ("mvar", "var") and shown and not render.plain:
        return f"*{shown}*"
    return shown


@handles("isbn", "issn", "oclc")
def _identifier(template: Template, render: Render) -> str:
    number = render.param(template, 1)
    return f"{template_name(template).upper()} {number}" if number else ""


@handles("uss", "hms", "hmas", "hmcs", "sms", "ship")
def _ship_name(template: Template, render: Render) -> str:
    """`{{USS|Enterprise|CV-6}}` → USS *Enterprise* (CV-6); `{{Ship|HMS|Hood|51}}` likewise."""
    name = template_name(template)
    prefix = render.param(template, 1) if name == "ship" else name.upper()
    first = 2 if name == "ship" else 1
    ship, number = render.param(template, first), render.param(template, first + 1)
    shown = f"*{ship}*" if ship and not render.plain else ship
    return " ".join(part for part in (prefix, shown, f"({number})" if number else "") if part)


@handles("url")
def _url(template: Template, render: Render) -> str:
    address = render.raw(template, 1)
    shown = render.param(template, 2) or address
    target = web_address(address if "://" in address else f"https://{address}")
    if render.plain or not target:
        return shown
    return f"[{render.escape(shown)}]({target})"


@handles("quote", "blockquote", "cquote", "quotation", "rquote", "quote box")
def _quotation(template: Template, render: Render) -> str:
    """A quotation inside a line of text (one on its own is a block: `narrative`)."""
    text = render.param(template, "text") or render.param(template, "quote")
    text = text or render.param(template, 1)
    return f"“{' '.join(text.split())}”" if text else ""
