"""An infobox holds the fields of its document's kind, and their dates are in order: a field of
another kind would be left out of every output, and a death before a birth is a typing slip."""

from __future__ import annotations

from collections.abc import Iterator

from factsheet.checks.located import at_field
from factsheet.dates import ends_before
from factsheet.errors import Problem
from factsheet.frontmatter import FieldPath, Positions, dotted
from factsheet.kinds import KIND_FIELDS
from factsheet.model import Document, Infobox

CONFLICT_FIELDS = ("sides", "civilian_casualties")
"""The fields only a conflict's infobox has."""

WHOSE = {
    "conflict": "a conflict's",
    "person": "a person's",
    "place": "a place's",
    "ship": "a ship's",
    "organisation": "an organisation's",
}


def fields_of_the_kind(document: Document, positions: Positions) -> Iterator[Problem]:
    """Each field that belongs to another kind's infobox, at its name, saying which kind."""
    box, kind = document.meta.infobox, document.meta.subject
    if box is None:
        return
    owners = {name: owner for owner, fields in KIND_FIELDS.items() for name in fields.model_fields}
    owners |= {name: "conflict" for name in CONFLICT_FIELDS}
    conflict = (name for name in CONFLICT_FIELDS if getattr(box, name) is not None)
    for name in (*box.given(), *conflict):
        owner = owners[name]
        if owner == kind:
            continue
        path = ("infobox", _written(name))
        line, column = positions.of(path, key=True)
        message = (
            f"'{path[1]}' is a field of {WHOSE[owner]} infobox; this document's kind is {kind}"
            f" — set kind: {owner}"
        )
        yield Problem(document.path, line, column, dotted(path), message)


def _written(name: str) -> str:
    """A field's name as the file writes it (its alias, where it has one)."""
    return Infobox.model_fields[name].alias or name


def dates_in_order(document: Document, positions: Positions) -> Iterator[Problem]:
    """A death before the birth, an office left before it was taken, a ship launched before
    it was laid down or decommissioned before it was commissioned, an organisation dissolved
    before it was founded: each at the later field, compared as far as both dates go."""
    box = document.meta.infobox
    if box is None:
        return
    pairs: list[tuple[FieldPath, str | None, str, str | None]] = [
        (
            ("infobox", "died", "date"),
            box.died.date if box.died else None,
            "born",
            box.born.date if box.born else None,
        ),
        (("infobox", "launched"), box.launched, "laid_down", box.laid_down),
        (("infobox", "decommissioned"), box.decommissioned, "commissioned", box.commissioned),
        (("infobox", "dissolved"), box.dissolved, "founded", box.founded),
    ]
    pairs += [
        (("infobox", "offices", n, "to"), office.end, "from", office.start)
        for n, office in enumerate(box.offices or ())
    ]
    for path, later, name, earlier in pairs:
        if later and earlier and ends_before(later, earlier):
            field = next(part for part in reversed(path) if part != "date")
            message = f"'{field}' ({later}) is before '{name}' ({earlier})"
            yield at_field(document, positions, path, message)
