"""Model to template context: the written contract between the code and the templates."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from factsheet import __version__
from factsheet.model import (
    CASUALTY_KINDS,
    Document,
    FrontMatter,
    Heading,
    ItemCount,
    Quantities,
    Quantity,
    Side,
)

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "aka": "Also known as",
        "belligerents": "Belligerents",
        "leaders": "Leaders",
        "commanders": "Commanders",
        "units": "Units involved",
        "strength": "Strength",
        "casualties": "Casualties and losses",
        "casualty_caption": "Casualties and losses by side",
        "total": "Total",
        "combat": "Combat",
        "non_combat": "Non-combat",
        "killed": "Killed",
        "wounded": "Wounded",
        "missing": "Missing",
        "captured": "Captured",
        "by_belligerent": "By belligerent",
        "material": "Material losses",
        "notes": "Notes",
        "timeline": "Timeline",
        "sources": "Sources",
        "license": "Licence",
        "contents": "Contents",
        "accessed": "accessed",
        "colophon": "About this document",
        "authors": "Text",
        "built": "Built",
        "from_source": "Adapted from",
        "approx": "c.",
        "page": "Page",
        "of": "of",
        "figure": "Figure",
        "infobox": "Key facts",
    },
    "fr": {
        "aka": "Aussi appelé",
        "belligerents": "Belligérants",
        "leaders": "Dirigeants",
        "commanders": "Commandants",
        "units": "Unités engagées",
        "strength": "Forces en présence",
        "casualties": "Pertes",
        "casualty_caption": "Pertes par camp",
        "total": "Total",
        "combat": "Au combat",
        "non_combat": "Hors combat",
        "killed": "Tués",
        "wounded": "Blessés",
        "missing": "Disparus",
        "captured": "Prisonniers",
        "by_belligerent": "Par belligérant",
        "material": "Pertes matérielles",
        "notes": "Notes",
        "timeline": "Chronologie",
        "sources": "Sources",
        "license": "Licence",
        "contents": "Sommaire",
        "accessed": "consulté le",
        "colophon": "À propos de ce document",
        "authors": "Texte",
        "built": "Produit le",
        "from_source": "Adapté de",
        "approx": "env.",
        "page": "Page",
        "of": "sur",
        "figure": "Figure",
        "infobox": "Repères",
    },
    "de": {
        "aka": "Auch bekannt als",
        "belligerents": "Konfliktparteien",
        "leaders": "Führung",
        "commanders": "Befehlshaber",
        "units": "Beteiligte Einheiten",
        "strength": "Truppenstärke",
        "casualties": "Verluste",
        "casualty_caption": "Verluste nach Seite",
        "total": "Gesamt",
        "combat": "Im Kampf",
        "non_combat": "Außerhalb des Kampfes",
        "killed": "Gefallen",
        "wounded": "Verwundet",
        "missing": "Vermisst",
        "captured": "Gefangen",
        "by_belligerent": "Nach Konfliktpartei",
        "material": "Materialverluste",
        "notes": "Anmerkungen",
        "timeline": "Zeitleiste",
        "sources": "Quellen",
        "license": "Lizenz",
        "contents": "Inhalt",
        "accessed": "abgerufen am",
        "colophon": "Über dieses Dokument",
        "authors": "Text",
        "built": "Erstellt am",
        "from_source": "Nach",
        "approx": "ca.",
        "page": "Seite",
        "of": "von",
        "figure": "Abbildung",
        "infobox": "Überblick",
    },
}


def labels_for(lang: str) -> dict[str, str]:
    """Interface words in the document's language, English where we have no translation."""
    primary = lang.split("-")[0].lower()
    return LABELS["en"] | LABELS.get(primary, {})


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: tuple[Quantities | None, ...]
    """One cell per side, None where that side gives nothing."""


@dataclass(frozen=True, slots=True)
class RowGroup:
    name: str
    """kinds, by_belligerent, material or items."""
    label: str | None
    """The group's heading row; None for the first group, which needs none."""
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class SideTable:
    """A table with one column per side, rows aligned across sides."""

    columns: tuple[str, ...]
    groups: tuple[RowGroup, ...]
    notes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(side name, notes) for each side that has notes."""


class Context(TypedDict):
    """Everything a template may use; `factsheet` templates use nothing else."""

    doc: FrontMatter
    slug: str
    lang: str
    labels: dict[str, str]
    summary: str
    body: Markup
    headings: tuple[Heading, ...]
    casualty_table: SideTable | None
    image_src: str | None
    source_numbers: dict[str, int]
    build_date: str
    build_date_iso: str
    generator: str


def build_context(
    document: Document, *, when: dt.datetime, asset_url: Callable[[str], str] = str
) -> Context:
    """`asset_url` maps each image reference to where the output finds it (a path, a data URI)."""
    meta = document.meta
    sides = meta.infobox.sides if meta.infobox and meta.infobox.sides else ()
    labels = labels_for(meta.lang)
    return Context(
        doc=meta,
        slug=document.slug,
        lang=meta.lang,
        labels=labels,
        summary=meta.summary or document.narrative.first_paragraph,
        body=Markup(_body_with_assets(document, asset_url)),
        headings=document.narrative.headings,
        casualty_table=casualty_table(sides, labels),
        image_src=asset_url(meta.image.file) if meta.image else None,
        source_numbers={source.id: n for n, source in enumerate(meta.sources, 1)},
        build_date=format_date(when.date(), format="long", locale=locale_of(meta.lang)),
        build_date_iso=when.date().isoformat(),
        generator=f"factsheet {__version__}",
    )


_IMG_SRC = re.compile(r'(<img src=")([^"]*)(")')


def _body_with_assets(document: Document, asset_url: Callable[[str], str]) -> str:
    images = {mark.label for mark in document.narrative.images}
    if not images:
        return document.narrative.html

    def replace(match: re.Match) -> str:
        src = html.unescape(match[2])
        shown = asset_url(src) if src in images else src
        return f"{match[1]}{html.escape(shown)}{match[3]}"

    return _IMG_SRC.sub(replace, document.narrative.html)


def casualty_table(sides: tuple[Side, ...], labels: dict[str, str]) -> SideTable | None:
    """Casualty rows aligned across sides: kinds first, then each belligerent, then material."""
    if not any(side.casualties for side in sides):
        return None
    casualties = [side.casualties for side in sides]
    kinds = tuple(
        Row(labels[kind], cells)
        for kind in CASUALTY_KINDS
        if any(cells := tuple(getattr(c, kind) if c else None for c in casualties))
    )
    names = dict.fromkeys(e.belligerent for c in casualties if c for e in c.by_belligerent)
    by_belligerent = tuple(
        Row(
            name,
            tuple(
                next((e.count for e in c.by_belligerent if e.belligerent == name), None)
                if c
                else None
                for c in casualties
            ),
        )
        for name in names
    )
    material = _item_rows([c.material if c else () for c in casualties])
    groups = (
        RowGroup("kinds", None, kinds),
        RowGroup("by_belligerent", labels["by_belligerent"], by_belligerent),
        RowGroup("material", labels["material"], material),
    )
    return SideTable(
        columns=tuple(side.display_name for side in sides),
        groups=tuple(group for group in groups if group.rows),
        notes=tuple(
            (side.display_name, side.casualties.notes)
            for side in sides
            if side.casualties and side.casualties.notes
        ),
    )


def _item_rows(per_side: list[tuple[ItemCount, ...]]) -> tuple[Row, ...]:
    """One row per item name (troops, tanks…), in order of first appearance, across sides."""
    names = dict.fromkeys(entry.item for entries in per_side for entry in entries)
    return tuple(
        Row(
            name,
            tuple(next((e.count for e in entries if e.item == name), None) for entries in per_side),
        )
        for name in names
    )


def locale_of(lang: str) -> Locale:
    return Locale.parse(lang, sep="-")


def format_number(value: float, lang: str) -> str:
    return format_decimal(value, locale=locale_of(lang))


def format_quantity(quantity: Quantity, lang: str, labels: dict[str, str]) -> str:
    """A quantity as text in the document's language: 33,000 · c. 21,000 · 46+ · 7,000–7,300."""
    match quantity.kind:
        case "exact":
            text = format_number(quantity.value, lang)
        case "approx":
            text = f"{labels['approx']}\u00a0{format_number(quantity.approx, lang)}"
        case "range":
            text = f"{format_number(quantity.min, lang)}–{format_number(quantity.max, lang)}"
        case "at_least":
            text = f"{format_number(quantity.at_least, lang)}+"
        case _:
            text = str(quantity.value)
    return text


def render_quantities(
    quantities: Quantities, lang: str, labels: dict[str, str], source_numbers: dict[str, int]
) -> Markup:
    """Quantities as HTML: each value with its note in parentheses and its source as a link."""
    parts = []
    for quantity in quantities:
        html = escape(format_quantity(quantity, lang, labels))
        if quantity.note:
            html += Markup(' <span class="note">(') + escape(quantity.note) + Markup(")</span>")
        if quantity.source:
            number = source_numbers.get(quantity.source, "?")
            html += Markup(
                f'<a class="citation" href="#source-{escape(quantity.source)}"'
                f' role="doc-biblioref">[{number}]</a>'
            )
        parts.append(html)
    return Markup("; ").join(parts)
