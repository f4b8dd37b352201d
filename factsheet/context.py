"""Model to template context: the written contract between the code and the templates."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from factsheet import __version__
from factsheet.markdown import NoteStyle, Rendering, render_body
from factsheet.model import (
    CASUALTY_KINDS,
    Document,
    FrontMatter,
    Heading,
    ItemCount,
    Note,
    Quantities,
    Quantity,
    Side,
    span,
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


@dataclass(frozen=True, slots=True)
class Bar:
    """One side's total in the casualty chart, in chart units (0 to `Chart.width`)."""

    label: str
    kind: str
    start: float
    """Where the certain part ends: the exact value, the low end of a range, the lower bound."""
    end: float
    """Where the uncertain part ends (equal to `start` for an exact value)."""
    value: str
    """The total as the table shows it, as text."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart of the sides' totals, drawn by `partials/chart.svg.j2`."""

    bars: tuple[Bar, ...]
    width: float
    label_width: float
    """Room for the side names left of the bars, in chart units."""
    value_width: float
    """Room for the figures right of the bars, in chart units."""
    ticks: tuple[tuple[float, str], ...]
    description: str
    """The text alternative: every figure the chart shows, in words."""


class Context(TypedDict):
    """Everything a template may use; `factsheet` templates use nothing else."""

    doc: FrontMatter
    slug: str
    lang: str
    labels: dict[str, str]
    summary: str
    body: Markup
    notes: tuple[Note, ...]
    note_style: NoteStyle
    id_prefix: str
    """Before every id the templates write (a booklet's sheets share one page)."""
    index_id: Callable[[str], Markup]
    """` id="ix-N"` for a name the booklet's index lists, else nothing."""
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    casualty_table: SideTable | None
    casualty_chart: Chart | None
    image_src: str | None
    source_numbers: dict[str, int]
    build_date: str
    build_date_iso: str
    generator: str


@dataclass(frozen=True, slots=True)
class Section:
    """A section the article partial sets after the body, under a heading of its own: the
    e-book's table of contents lists the same ones, so the two never disagree."""

    name: str
    """Its partial: `partials/<name>.html.j2`."""
    id: str
    """Its heading's id, without the output's prefix."""
    title: str


def build_context(
    document: Document, *, when: dt.datetime, rendering: Rendering | None = None
) -> Context:
    """The context of one output of a document; `rendering` says how that output sets the body
    (see `factsheet.contexts`, which decides it for each kind of output)."""
    rendering = rendering or Rendering()
    meta = document.meta
    sides = meta.infobox.sides if meta.infobox and meta.infobox.sides else ()
    labels = labels_for(meta.lang)
    table = casualty_table(sides, labels)
    sources = tuple(source.id for source in meta.sources)
    render = functools.partial(
        render_body,
        document.body,
        meta.lang,
        sources,
        rendering,
        allow_html=document.narrative.allow_html,
    )
    if rendering.index is None:
        rendered = render()
        body, notes = Markup(rendered.html), rendered.notes
    else:
        # The index numbers its anchors in the order of the page: the body is rendered where
        # the template sets it, after the infobox's names. Print sets no notes apart.
        body, notes = _Deferred(lambda: render().html), ()
    return Context(
        doc=meta,
        slug=document.slug,
        lang=meta.lang,
        labels=labels,
        summary=meta.summary or document.narrative.first_paragraph,
        body=body,
        notes=notes,
        note_style=rendering.note_style,
        id_prefix=rendering.id_prefix,
        index_id=_index_id(rendering),
        headings=document.narrative.headings,
        sections=_sections(meta, table, labels),
        casualty_table=table,
        casualty_chart=casualty_chart(sides, meta.lang, labels),
        image_src=rendering.asset_url(meta.image.file) if meta.image else None,
        source_numbers={source.id: n for n, source in enumerate(meta.sources, 1)},
        build_date=format_date(when.date(), format="long", locale=locale_of(meta.lang)),
        build_date_iso=when.date().isoformat(),
        generator=f"factsheet {__version__}",
    )


class _Deferred:
    """HTML rendered when a template first sets it."""

    def __init__(self, render: Callable[[], str]):
        self._render = render
        self._html: str | None = None

    def __html__(self) -> str:
        if self._html is None:
            self._html = self._render()
        return self._html


def _index_id(rendering: Rendering) -> Callable[[str], Markup]:
    def index_id(name: str) -> Markup:
        ident = rendering.index.anchor(name) if rendering.index else None
        return Markup(' id="{}"').format(ident) if ident else Markup("")

    return index_id


def _sections(
    meta: FrontMatter, table: SideTable | None, labels: dict[str, str]
) -> tuple[Section, ...]:
    present = {
        "timeline": bool(meta.timeline),
        "casualties": table is not None,
        "sources": bool(meta.sources),
        "colophon": True,
    }
    return tuple(
        Section(name, f"fs-{name}-title", labels[name]) for name, shown in present.items() if shown
    )


def names_in(sides: tuple[Side, ...]) -> tuple[str, ...]:
    """The names the structured data gives, which the body's mentions set unhyphenated."""
    people = (n for s in sides for n in (*s.belligerents, *s.leaders, *s.commanders, *s.units))
    return tuple(dict.fromkeys(people))


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


CHART_WIDTH = 100.0
CHART_CHAR = 3.6
"""The mean advance of a character of the chart's 7-unit sans text, for laying out labels."""


def casualty_chart(sides: tuple[Side, ...], lang: str, labels: dict[str, str]) -> Chart | None:
    """The sides' totals as bars on one scale; none when fewer than two sides give a number."""
    totals = [
        (side, span(side.casualties.total))
        for side in sides
        if side.casualties and side.casualties.total
    ]
    totals = [(side, interval) for side, interval in totals if interval is not None]
    if len(totals) < 2:
        return None
    reach = max(_drawn_end(low, high) for _, (low, high) in totals)
    step = _nice_step(reach / 4)
    top = step * -(-reach // step)
    scale = CHART_WIDTH / top
    bars = []
    for side, (low, high) in totals:
        quantities = side.casualties.total
        shown = "; ".join(format_quantity(q, lang, labels) for q in quantities)
        kind = quantities[0].kind if len(quantities) == 1 else "range"
        end = _drawn_end(low, high)
        bars.append(Bar(side.display_name, kind, low * scale, end * scale, shown))
    ticks = tuple(
        (value * scale, format_number(value, lang))
        for value in (step * i for i in range(int(top // step) + 1))
    )
    description = f"{labels['chart_title']}: " + "; ".join(f"{b.label}: {b.value}" for b in bars)
    return Chart(
        bars=tuple(bars),
        width=CHART_WIDTH,
        label_width=max(len(bar.label) for bar in bars) * CHART_CHAR + 4,
        value_width=max(len(bar.value) for bar in bars) * CHART_CHAR + 4,
        ticks=ticks,
        description=description + ".",
    )


def _drawn_end(low: float, high: float) -> float:
    """An open-ended total (46+) is drawn a quarter longer than its lower bound."""
    return low * 1.25 if high == float("inf") else high


def _nice_step(raw: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) at least `raw`."""
    power = 10 ** max(0, len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


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
