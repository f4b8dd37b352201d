"""Which version of the content format a document needs: the rules that set v2's fields are
given only to documents that use them, so a v1 file builds to the same bytes as before v2."""

from __future__ import annotations

from pydantic import BaseModel

from factsheet.kinds import KIND_FIELDS
from factsheet.model import (
    Belligerent,
    BelligerentCount,
    Casualties,
    Fact,
    FrontMatter,
    Infobox,
    Person,
    Strength,
)
from factsheet.values import fields_given
from factsheet.writers import V2_STYLE

V2_FIELDS: dict[type[BaseModel], frozenset[str]] = {
    FrontMatter: frozenset({"kind"}),
    Infobox: frozenset(
        {"civilian_casualties", *(name for f in KIND_FIELDS.values() for name in f.model_fields)}
    ),
    Fact: frozenset({"quantity", "unit", "heading"}),
    Strength: frozenset({"belligerent", "service", "date"}),
    BelligerentCount: frozenset(
        {"belligerents", "part", "killed", "wounded", "missing", "captured", "other"}
    ),
    Casualties: frozenset({"other"}),
    Belligerent: frozenset({"start", "end", "group", "supported_by", "lang"}),
    Person: frozenset({"role", "fate", "lang"}),
}
"""The fields format v2 added to each model; any other model is v1's or v2's alone."""


def needs_v2(model: BaseModel) -> bool:
    """Whether a model, or any model inside it, gives a field only format v2 has."""
    return any(
        name in V2_FIELDS.get(type(owner), ())
        or (isinstance(owner, Fact) and name == "value" and isinstance(given, tuple))
        for _, owner, name, given in fields_given(model)
    )


def styles(base: tuple[str, ...], *metas: FrontMatter) -> tuple[str, ...]:
    """A format's stylesheets, with v2's rules after them when any of the documents needs them."""
    return (*base, V2_STYLE) if any(needs_v2(meta) for meta in metas) else base
