"""One person, one spelling across the collection: the booklet's index makes one entry of the
spellings that differ only in case or diacritics, and lists near spellings ("Vasily" and
"Vasili Blyukher") as two people, so those are worth a warning."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from factsheet.errors import Problem, Severity
from factsheet.frontmatter import FieldPath, Positions, dotted
from factsheet.model import Document, Person
from factsheet.people import folded, near_spellings


def people_spelt_two_ways(
    documents: Sequence[Document], root: Path, positions: Callable[[Document], Positions]
) -> list[Problem]:
    """A warning at each spelling of a person near an earlier spelling (in reading order),
    naming both spellings and both places; `positions` reads a document's front matter again,
    which only a warning needs."""
    first: dict[str, tuple[Person, Document, FieldPath]] = {}
    places: dict[Path, Positions] = {}

    def place(document: Document, path: FieldPath) -> tuple[int, int, str]:
        """Where a name stands, and its field: `commanders[0]`, or `commanders[0].name` in
        the mapping form."""
        if document.path not in places:
            places[document.path] = positions(document)
        found = places[document.path]
        shown = path if path in found.values else path[:-1]
        return (*found.of(path), dotted(shown))

    problems = []
    for document in documents:
        for path, person in _people(document):
            if folded(person.name) in first:
                continue
            for earlier, other, other_path in first.values():
                if near_spellings(person, earlier):
                    line, column, _ = place(other, other_path)
                    where = f"{_shown(other.path, root)}:{line}:{column}"
                    message = (
                        f"'{person.name}' and '{earlier.name}' ({where}) look like one person"
                        " spelt two ways; the index lists them as two until they are spelt alike"
                    )
                    line, column, field = place(document, path)
                    problems.append(
                        Problem(document.path, line, column, field, message, Severity.WARNING)
                    )
                    break
            first[folded(person.name)] = (person, document, path)
    return problems


def _people(document: Document) -> Iterator[tuple[FieldPath, Person]]:
    """Each leader and commander with the place of its name, in file order."""
    box = document.meta.infobox
    for index, side in enumerate(box.sides if box and box.sides else ()):
        for part, people in (("leaders", side.leaders), ("commanders", side.commanders)):
            for number, person in enumerate(people):
                yield ("infobox", "sides", index, part, number, "name"), person


def _shown(path: Path, root: Path) -> str:
    """A document's file as messages name it: from the project folder."""
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return str(path)
