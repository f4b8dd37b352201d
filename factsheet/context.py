"""What the templates show besides the body: interface words, the casualty table, quantities
written in the document's language (the context itself is put together in `contexts`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel import Locale
from babel.core import get_global
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from factsheet.model import (
    CASUALTY_KINDS,
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
        "back_to_text": "Back to text",
        "timeline": "Timeline",
        "sources": "Sources",
        "license": "License",
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
        "cover": "Cover",
        "landmarks": "Guide",
        "pages": "Pages",
        "a11y_summary": "The fact sheet is text with {parts}.",
        "a11y_summary_collection": "The collection is text with {parts}.",
        "a11y_toc": "a table of contents",
        "a11y_headings": "headings in order",
        "a11y_tables": "data tables with headers",
        "a11y_chart": "a chart described in text",
        "a11y_images": "images with text alternatives",
        "a11y_notes": "pop-up footnotes",
        "a11y_pages": "the page numbers of the printed edition",
        "chart_title": "Total casualties by side",
        "table_notes": "Notes to the table",
        "name_index": "Index of names",
        "sheets": "fact sheets",
    },
    "en-001": {
        "license": "Licence",
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
        "back_to_text": "Retour au texte",
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
        "cover": "Couverture",
        "landmarks": "Repères",
        "pages": "Pages",
        "a11y_summary": "La fiche est un texte avec {parts}.",
        "a11y_summary_collection": "Le recueil est un texte avec {parts}.",
        "a11y_toc": "une table des matières",
        "a11y_headings": "des titres ordonnés",
        "a11y_tables": "des tableaux de données avec en-têtes",
        "a11y_chart": "un graphique décrit en texte",
        "a11y_images": "des images avec un texte de remplacement",
        "a11y_notes": "des notes en fenêtre",
        "a11y_pages": "les numéros de page de l’édition imprimée",
        "chart_title": "Pertes totales par camp",
        "table_notes": "Notes du tableau",
        "name_index": "Index des noms",
        "sheets": "fiches",
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
        "back_to_text": "Zurück zum Text",
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
        "cover": "Umschlag",
        "landmarks": "Orientierung",
        "pages": "Seiten",
        "a11y_summary": "Das Faktenblatt ist Text mit {parts}.",
        "a11y_summary_collection": "Die Sammlung ist Text mit {parts}.",
        "a11y_toc": "Inhaltsverzeichnis",
        "a11y_headings": "geordneten Überschriften",
        "a11y_tables": "Datentabellen mit Kopfzeilen",
        "a11y_chart": "einer in Worten beschriebenen Grafik",
        "a11y_images": "Bildern mit Textalternativen",
        "a11y_notes": "Fußnoten als Einblendung",
        "a11y_pages": "den Seitenzahlen der Druckausgabe",
        "chart_title": "Gesamtverluste nach Seite",
        "table_notes": "Anmerkungen zur Tabelle",
        "name_index": "Namensregister",
        "sheets": "Faktenblätter",
    },
}


def labels_for(lang: str) -> dict[str, str]:
    """Interface words in the document's language, English where we have no translation;
    British spelling where CLDR says a region writes it (en-GB, en-AU, en-IN, en-150…)."""
    locale = locale_of(lang)
    labels = LABELS["en"] | LABELS.get(locale.language, {})
    if locale.language == "en" and _world_english(locale.territory):
        labels |= LABELS["en-001"]
    return labels


def _world_english(territory: str | None) -> bool:
    """Whether CLDR files English of this region under en-001 (world English, British
    spelling) rather than under en itself, which is US English (`en` alone too)."""
    parents = get_global("parent_exceptions")
    name = f"en_{territory}" if territory else "en"
    while name in parents:
        name = parents[name]
        if name == "en_001":
            return True
    return territory == "001"


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
    note_marks: dict[str, str] = field(default_factory=dict)
    """Each distinct note of a figure in the table, and the letter that marks it (a, b, …)."""


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
    groups = tuple(group for group in groups if group.rows)
    notes = (q.note for g in groups for r in g.rows for c in r.cells if c for q in c if q.note)
    return SideTable(
        columns=tuple(side.display_name for side in sides),
        groups=groups,
        note_marks={note: _letter(n) for n, note in enumerate(dict.fromkeys(notes))},
        notes=tuple(
            (side.display_name, side.casualties.notes)
            for side in sides
            if side.casualties and side.casualties.notes
        ),
    )


def _letter(index: int) -> str:
    """a, b, … z, aa, ab, …: the marks of table notes."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


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
    quantities: Quantities,
    lang: str,
    labels: dict[str, str],
    source_numbers: dict[str, int],
    note_marks: dict[str, str] | None = None,
    id_prefix: str = "",
) -> Markup:
    """Quantities as HTML, each with its source as a link and its note either in parentheses
    or, given `note_marks` (a table's), as a letter that links to the note below the table."""
    parts = []
    for quantity in quantities:
        shown = escape(format_quantity(quantity, lang, labels))
        if quantity.note and note_marks and quantity.note in note_marks:
            mark = note_marks[quantity.note]
            shown += Markup(
                f'<sup class="note-mark"><a href="#{id_prefix}table-note-{mark}" '
                f'role="doc-noteref">{mark}</a></sup>'
            )
        elif quantity.note:
            shown += Markup(' <span class="note">(') + escape(quantity.note) + Markup(")</span>")
        if quantity.source:
            number = source_numbers.get(quantity.source, "?")
            shown += Markup(
                f'<a class="citation" href="#{id_prefix}source-{escape(quantity.source)}"'
                f' role="doc-biblioref">[{number}]</a>'
            )
        parts.append(shown)
    return Markup("; ").join(parts)
