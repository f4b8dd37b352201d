"""The collection's printed edition, the booklet: title page, contents, every sheet on a
right-hand page, an index.

All sheets are set in one HTML document, so each sheet's ids get the sheet's slug in front
(`<slug>--<id>`, see `factsheet.contexts.booklet_sheet`) and links between sheets become links
inside the booklet. The index of names needs the pages its names fell on: the booklet is laid
out once without it, the pages of every marked name are read from that layout, and the index
(which starts on a page of its own, after everything it lists) is added for the final layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from babel.dates import format_date
from markupsafe import Markup

from factsheet import __version__
from factsheet.contexts import booklet_sheet
from factsheet.markdown import NameIndex
from factsheet.model import Person
from factsheet.people import diacritics, folded, index_form, people_named, sort_key
from factsheet.printed.edition import PrintedEdition, lay_out
from factsheet.versions import styles
from factsheet.words import labels_for, locale_of
from factsheet.writers import BOOKLET_STYLES
from factsheet.writers.job import CollectionJob, Job


@dataclass(frozen=True, slots=True)
class Sheet:
    slug: str
    lang: str
    title: str
    anchor: str
    html: Markup


@dataclass(frozen=True, slots=True)
class IndexEntry:
    name: str
    """The name as the index prints it: "Zhukov, Georgy" for a person, as written for a state."""
    pages: tuple[tuple[int, str], ...]
    """(page number, anchor of the first mention on that page), in page order."""

    @property
    def ranges(self) -> tuple[tuple[tuple[int, str], ...], ...]:
        """The pages as runs: a page alone, or the first and last of consecutive pages (each
        with its anchor), so that 3, 4, 5, 7 print as "3–5, 7"."""
        runs: list[list[tuple[int, str]]] = []
        for page in self.pages:
            if runs and runs[-1][-1][0] + 1 == page[0]:
                runs[-1][1:] = [page]
            else:
                runs.append([page])
        return tuple(tuple(run) for run in runs)


@dataclass(frozen=True, slots=True)
class IndexGroup:
    letter: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True, slots=True)
class IndexPart:
    """People (leaders and commanders, by family name) or states and forces (belligerents)."""

    kind: Literal["people", "states"]
    groups: tuple[IndexGroup, ...]


def print_collection(job: CollectionJob) -> PrintedEdition:
    """The booklet laid out twice: once for the pages its names fall on, then with its index."""
    draft, names = booklet_html(job, index=None)
    booklet_styles = styles(BOOKLET_STYLES, *(sheet.document.meta for sheet in job.jobs))
    theme = job.theme
    pages = lay_out(draft, job.root, job.door, job.env, booklet_styles, theme).anchor_pages
    final, _ = booklet_html(job, index=name_index(names, pages, people_in(job.jobs)))
    return lay_out(final, job.root, job.door, job.env, booklet_styles, theme)


def booklet_html(
    job: CollectionJob, index: tuple[IndexPart, ...] | None
) -> tuple[str, dict[str, str]]:
    """The booklet's HTML, and the name each index anchor in it marks."""
    members = {sheet.document.slug: sheet.document for sheet in job.jobs}
    names: dict[str, str] = {}
    sheets = []
    for sheet in job.jobs:
        document = sheet.document
        marks = NameIndex(frozenset(indexed_names(sheet)), names)
        context = {**booklet_sheet(document, sheet.when, members, job.root, marks)}
        context["theme"] = job.theme
        fragment = job.env.get_template("partials/running_source.html.j2").render(context)
        fragment += job.env.get_template("partials/article.html.j2").render(context)
        sheets.append(
            Sheet(
                document.slug,
                document.meta.lang,
                document.meta.title,
                f"{document.slug}--fs-{document.slug}",
                Markup(fragment),
            )
        )
    collection = job.collection
    lang = collection.lang
    context = {
        "collection": collection,
        "lang": lang,
        "labels": labels_for(lang),
        "sheets": sheets,
        "index": index,
        "page": job.printing,
        "authors": job.authors,
        "build_date": format_date(job.when.date(), format="long", locale=locale_of(lang)),
        "build_date_iso": job.when.date().isoformat(),
        "generator": f"factsheet {__version__}",
    }
    return job.env.get_template("booklet.html.j2").render(context), names


def indexed_names(job: Job) -> set[str]:
    """The index lists every belligerent of the structured data (and their supporters), and
    every person it names."""
    box = job.document.meta.infobox
    sides = box.sides if box and box.sides else ()
    people = people_named(job.document.meta)
    return {*(n for side in sides for n in side.states), *(p.name for p in people)}


def people_in(jobs: Iterable[Job]) -> tuple[Person, ...]:
    """The people the sheets name, in reading order."""
    return tuple(person for job in jobs for person in people_named(job.document.meta))


def one_per_person(people: Iterable[Person]) -> dict[str, Person]:
    """Each person once, by the name without case or diacritics: the spelling with the most
    diacritics (`Michitarō` over `Michitaro`), and the first `sort` any spelling gives."""
    chosen: dict[str, Person] = {}
    for person in people:
        seen = chosen.setdefault(folded(person.name), person)
        fuller = person.name if diacritics(person.name) > diacritics(seen.name) else seen.name
        chosen[folded(person.name)] = seen.model_copy(
            update={"name": fuller, "sort": seen.sort or person.sort}
        )
    return chosen


def name_index(
    names: Mapping[str, str], pages: Mapping[str, int], people: Iterable[Person] = ()
) -> tuple[IndexPart, ...]:
    """People by family name, then states and forces, each under its initials, each name
    once with its pages; names that differ only in case or diacritics are one entry."""
    persons = one_per_person(people)
    states: dict[str, str] = {}
    found: dict[str, dict[int, str]] = {}
    for anchor, name in names.items():
        key = folded(name)
        shown = states.get(key, name)
        states[key] = name if diacritics(name) > diacritics(shown) else shown
        if anchor in pages:
            found.setdefault(key, {}).setdefault(pages[anchor], anchor)
    listed = {key: tuple(sorted(on.items())) for key, on in found.items()}
    people_part = sorted(
        (sort_key(persons[key]), IndexEntry(index_form(persons[key]), pages))
        for key, pages in listed.items()
        if key in persons
    )
    states_part = sorted(
        ((key, states[key]), IndexEntry(states[key], pages))
        for key, pages in listed.items()
        if key not in persons
    )
    return tuple(
        IndexPart(kind, _by_initial(part))
        for kind, part in (("people", people_part), ("states", states_part))
        if part
    )


def _by_initial(
    entries: list[tuple[tuple[str, ...], IndexEntry]],
) -> tuple[IndexGroup, ...]:
    """Sorted entries under the initial of their (folded) sort key."""
    return tuple(
        IndexGroup(letter, tuple(entry for _, entry in group))
        for letter, group in groupby(entries, key=lambda item: item[0][0][:1].upper())
    )
