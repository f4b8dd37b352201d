"""Interface words from gettext catalogues, and the one locale that also sets numbers, dates
and quotation marks: adding a language is adding factsheet/locales/<locale>/."""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "factsheet"


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later, per document."""
    return message


LABELS: dict[str, str] = {
    "aka": N_("Also known as"),
    "belligerents": N_("Belligerents"),
    "leaders": N_("Leaders"),
    "commanders": N_("Commanders"),
    "units": N_("Units involved"),
    "strength": N_("Strength"),
    "casualties": N_("Casualties and losses"),
    "casualty_caption": N_("Casualties and losses by side"),
    "total": N_("Total"),
    "combat": N_("Combat"),
    "non_combat": N_("Non-combat"),
    "killed": N_("Killed"),
    "wounded": N_("Wounded"),
    "missing": N_("Missing"),
    "captured": N_("Captured"),
    "by_belligerent": N_("By belligerent"),
    # TRANSLATORS: the casualty table's row of civilian deaths, which belong to no side.
    "civilians": N_("Civilians"),
    # TRANSLATORS: before those who supported a belligerent without fighting beside it.
    "supported_by": N_("Supported by:"),
    # TRANSLATORS: a belligerent that joined the fighting late, "(from 1778)".
    "since": N_("from {date}"),
    # TRANSLATORS: a belligerent that left the fighting early, "(until 1783)".
    "until": N_("until {date}"),
    # TRANSLATORS: the legend of the marks after commanders' names: † killed in action.
    "fate_killed": N_("Killed in action"),
    "fate_died": N_("Died during the conflict"),
    "fate_wounded": N_("Wounded in action"),
    "fate_captured": N_("Prisoner of war"),
    "fate_executed": N_("Executed"),
    # TRANSLATORS: the mark after a wounded commander's name (Wikipedia's "(WIA)").
    "mark_wounded": N_("(WIA)"),
    # TRANSLATORS: the mark after a captured commander's name (Wikipedia's "(POW)").
    "mark_captured": N_("(POW)"),
    "material": N_("Material losses"),
    "notes": N_("Notes"),
    "back_to_text": N_("Back to text"),
    "timeline": N_("Timeline"),
    "sources": N_("Sources"),
    "license": N_("License"),
    "contents": N_("Contents"),
    "colophon": N_("About this document"),
    # TRANSLATORS: before the names of the text's authors, in the colophon.
    "authors": N_("Text"),
    # TRANSLATORS: before the date the document was made, as "Built: 26 November 2026".
    "built": N_("Built"),
    "from_source": N_("Adapted from"),
    # TRANSLATORS: an approximate figure, "c. 21,000"; the space is a no-break space.
    "approx": N_("c.\u00a0{number}"),
    "infobox": N_("Key facts"),
    "cover": N_("Cover"),
    "landmarks": N_("Guide"),
    "pages": N_("Pages"),
    # TRANSLATORS: {parts} is a list of the parts below, joined as the language joins a list
    # ("a, b, and c"); write the sentence so that any of them reads well there.
    "a11y_summary": N_("The fact sheet is text with {parts}."),
    "a11y_summary_collection": N_("The collection is text with {parts}."),
    "a11y_toc": N_("a table of contents"),
    "a11y_headings": N_("headings in order"),
    "a11y_tables": N_("data tables with headers"),
    "a11y_chart": N_("a chart described in text"),
    "a11y_images": N_("images with text alternatives"),
    "a11y_notes": N_("pop-up footnotes"),
    "a11y_pages": N_("the page numbers of the printed edition"),
    "chart_title": N_("Total casualties by side"),
    "table_notes": N_("Notes to the table"),
    "name_index": N_("Index of names"),
    # TRANSLATORS: the heading of the index's part that lists the leaders and commanders.
    "index_people": N_("People"),
    # TRANSLATORS: the heading of the index's part that lists the belligerents (states, armies).
    "index_states": N_("States and forces"),
    # The rows of a person's, a place's, a ship's and an organisation's infobox, as
    # Wikipedia's infoboxes of those kinds label them (factsheet/kind_rows.py).
    # TRANSLATORS: before an office's period, as "In office: 9 February 1955 – 26 October 1957".
    "in_office": N_("In office"),
    # TRANSLATORS: before the day someone took an office they still hold.
    "assumed_office": N_("Assumed office"),
    "preceded_by": N_("Preceded by"),
    "succeeded_by": N_("Succeeded by"),
    "personal_details": N_("Personal details"),
    "born": N_("Born"),
    "died": N_("Died"),
    "resting_place": N_("Resting place"),
    "nationality": N_("Nationality"),
    "occupation": N_("Occupation"),
    "military_service": N_("Military service"),
    "allegiance": N_("Allegiance"),
    "branch": N_("Branch/service"),
    "service": N_("Years of service"),
    # TRANSLATORS: a military rank (Marshal of the Soviet Union).
    "rank": N_("Rank"),
    "commands": N_("Commands"),
    "battles": N_("Battles/wars"),
    "awards": N_("Awards"),
    "country": N_("Country"),
    "region": N_("Region"),
    "coordinates": N_("Coordinates"),
    "established": N_("Established"),
    "area": N_("Area"),
    "elevation": N_("Elevation"),
    "population": N_("Population"),
    "time_zone": N_("Time zone"),
    # TRANSLATORS: a latitude north of the equator; {angle} is degrees and minutes (43°08′).
    "north": N_("{angle}N"),
    "south": N_("{angle}S"),
    # TRANSLATORS: a longitude east of Greenwich; {angle} is degrees and minutes (131°54′).
    "east": N_("{angle}E"),
    "west": N_("{angle}W"),
    # TRANSLATORS: the band of a ship's infobox over its builder, launch and fate.
    "history": N_("History"),
    "operator": N_("Operator"),
    "builder": N_("Builder"),
    "laid_down": N_("Laid down"),
    "launched": N_("Launched"),
    "commissioned": N_("Commissioned"),
    "decommissioned": N_("Decommissioned"),
    # TRANSLATORS: what became of a ship (sunk, scrapped).
    "ship_fate": N_("Fate"),
    "characteristics": N_("General characteristics"),
    "ship_class": N_("Class and type"),
    "displacement": N_("Displacement"),
    # TRANSLATORS: a ship's length.
    "length": N_("Length"),
    # TRANSLATORS: a ship's width.
    "beam": N_("Beam"),
    "speed": N_("Speed"),
    # TRANSLATORS: the number of a ship's crew.
    "complement": N_("Complement"),
    "armament": N_("Armament"),
    # TRANSLATORS: what kind of organisation it is (army group, political party).
    "organisation_type": N_("Type"),
    "founded": N_("Founded"),
    "dissolved": N_("Dissolved"),
    "founders": N_("Founders"),
    "headquarters": N_("Headquarters"),
    "members": N_("Members"),
    "predecessor": N_("Predecessor"),
    "successor": N_("Successor"),
}
"""The `labels` of the template context and of the code: each key's English message."""


@functools.cache
def locale_of(lang: str) -> Locale:
    """The document's locale, which sets its words, numbers, dates and quotation marks alike."""
    return Locale.parse(lang, sep="-")


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogues of the locale and of its CLDR parents, nearest first, English last."""
    found = [name for name in _parents(locale_of(lang)) if _catalogue(name).is_file()]
    words = gettext.NullTranslations()
    for name in reversed(found):
        nearer = gettext.GNUTranslations(io.BytesIO(_compiled(name)))
        nearer.add_fallback(words)
        words = nearer
    return words


def _parents(locale: Locale) -> list[str]:
    """CLDR's chain from the locale to its language: en_AU → en_001 → en, zh_Hant_TW →
    zh_Hant → zh; a locale without a script gets its likely one (zh → zh_Hans → zh)."""
    exceptions = get_global("parent_exceptions")
    name = str(locale)
    chain = [name]
    while "_" in name:
        name = exceptions.get(name) or name.rsplit("_", 1)[0]
        chain.append(name)
    if locale.script is None:
        likely = Locale.parse(get_global("likely_subtags").get(locale.language, locale.language))
        if likely.script:
            chain.insert(-1, f"{locale.language}_{likely.script}")
    return chain


def _catalogue(name: str) -> Path:
    return LOCALES / name / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _compiled(name: str) -> bytes:
    """A catalogue compiled by Babel, once per process; untranslated and fuzzy entries left
    out, so that they fall back to the parent locale."""
    with _catalogue(name).open("rb") as po:
        catalog = read_po(po, locale=name, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    return mo.getvalue()


def labels_for(lang: str) -> dict[str, str]:
    """Interface words in the document's language, by key, for templates and writers."""
    words = translations(lang)
    return {key: words.gettext(message) for key, message in LABELS.items()}


def quotation_marks(lang: str) -> list[str]:
    """Opening and closing, then inner opening and closing quotation marks of the language."""
    words = translations(lang)
    return [
        # TRANSLATORS: the language's quotation marks are CLDR's delimiters, with any space
        # its typography sets inside them (French: a narrow no-break space, U+202F).
        words.pgettext("opening quotation mark", "“"),
        words.pgettext("closing quotation mark", "”"),
        words.pgettext("opening inner quotation mark", "‘"),
        words.pgettext("closing inner quotation mark", "’"),
    ]
