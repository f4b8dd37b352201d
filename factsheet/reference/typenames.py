"""A field's type in the words an author reads (`text`, `list of text`, `date (YYYY, YYYY-MM or
YYYY-MM-DD)`), with the checks the type itself makes; read off the annotations, no I/O here."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal

from annotated_types import Ge, Le, MinLen
from pydantic import AfterValidator, BaseModel, BeforeValidator, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from factsheet.dates import FIRST_DAY, LAST_DAY, Day, DocumentDay, PartialDate
from factsheet.kinds import KIND_FIELDS
from factsheet.values import MAX_DIGITS, Lang, Quantity, Slug, Text


@dataclass(frozen=True)
class Words:
    """What a type is called, and what it checks of a value by itself."""

    name: str
    checks: tuple[str, ...] = ()


NAMED: tuple[tuple[object, Words], ...] = (
    (
        DocumentDay,
        Words("date (YYYY-MM-DD)", (f"a real day from {FIRST_DAY} to {LAST_DAY}",)),
    ),
    (Day, Words("date (YYYY-MM-DD)", ("a real day (`1942-06-31` is refused)",))),
    (
        PartialDate,
        Words("date (YYYY, YYYY-MM or YYYY-MM-DD)", ("a real date (`1942-06-31` is refused)",)),
    ),
    (Lang, Words("language tag (BCP 47)", ("a language Babel knows (`en`, `en-GB`, `ja`)",))),
    (Slug, Words("slug", ("lowercase letters and digits, joined by single hyphens",))),
    (Text, Words("text")),
)
"""The content format's own types, most particular first: a field is of the first whose
validators and pattern it all has."""

IDENTIFIER = r"^[A-Za-z0-9_][A-Za-z0-9_:.-]*$"
"""A source id's pattern (factsheet/model.py), said in words."""
PATTERNS = {IDENTIFIER: Words("identifier", ("letters, digits and `_ : . -`",))}


def link(model: type[BaseModel]) -> str:
    """A Markdown link to the model's section."""
    return f"[{title(model).lower()}](#{anchor(title(model))})"


def title(model: type[BaseModel]) -> str:
    """The section heading of a model: its class name in words (`BelligerentCount` is
    `Belligerent count`), or `Infobox of a person` for a kind's fields."""
    for kind, fields in KIND_FIELDS.items():
        if fields is model:
            return f"Infobox of {'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    words = re.findall(r"[A-Z][a-z]*", model.__name__)
    return " ".join([words[0], *(word.lower() for word in words[1:])])


def anchor(heading: str) -> str:
    """The id GitHub and most Markdown renderers give a heading."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def field_type(info: FieldInfo) -> tuple[Words, tuple[type[BaseModel], ...]]:
    """A field's type in words, and the models it holds (each gets its own section)."""
    models: list[type[BaseModel]] = []
    words = _describe(info.annotation, tuple(_flat(info.metadata)), models)
    return words, tuple(models)


def _describe(annotation: object, meta: tuple, models: list[type[BaseModel]]) -> Words:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _describe(args[0], (*meta, *_flat(args[1:])), models)
    if origin in (typing.Union, types.UnionType):
        parts = [_describe(arg, meta, models) for arg in args if arg is not type(None)]
        return Words(" or ".join(p.name for p in parts), sum((p.checks for p in parts), ()))
    if origin is typing.Literal:
        return Words("one of " + ", ".join(f"`{arg}`" for arg in args))
    if origin is tuple:
        item = _describe(args[0], (), models)
        least = [m.min_length for m in meta if isinstance(m, MinLen) and m.min_length > 1]
        checks = (*item.checks, *(f"{n} or more entries" for n in least))
        if _validators(meta) and args[0] is Quantity:  # Quantities: a list, or one alone
            return Words(f"{item.name} (one or a list)", checks)
        each = "list, each " if " or " in item.name else "list of "
        return Words(f"{each}{item.name}", checks)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        models.append(annotation)
        if annotation is Quantity:
            return Words(link(Quantity))
        return Words(
            f"text or {link(annotation)}" if _takes_text(annotation, meta) else link(annotation)
        )
    return _scalar(annotation, meta)


def _scalar(annotation: object, meta: tuple) -> Words:
    given = _validators(meta) | {("pattern", getattr(m, "pattern", None)) for m in meta}
    for alias, words in NAMED:
        if (marks := _marks(alias)) and marks <= given:
            return words
    for pattern, words in PATTERNS.items():
        if ("pattern", pattern) in given:
            return words
    least = next((m.ge for m in meta if isinstance(m, Ge)), None)
    most = next((m.le for m in meta if isinstance(m, Le)), None)
    if annotation is int:
        if most == 10**MAX_DIGITS - 1:
            return Words("whole number", (f"0 or more, at most {MAX_DIGITS} digits",))
        bounds = () if most is None else (f"{least} to {most}",)
        return Words("whole number", bounds)
    if annotation is float:
        return Words("number", () if most is None else (f"{least} to {most}",))
    if annotation is Decimal:
        return Words("number with a decimal point", ("0 or more",))
    return Words("text")


def _flat(meta: typing.Iterable[object]) -> typing.Iterator[object]:
    """Metadata with pydantic's `Field(...)` entries opened into what they constrain."""
    for item in meta:
        if isinstance(item, FieldInfo):
            yield from _flat(item.metadata)
        else:
            yield item


def _validators(meta: tuple) -> set[object]:
    return {m.func for m in meta if isinstance(m, BeforeValidator | AfterValidator)}


def _marks(alias: object) -> set[object]:
    """What sets one of the format's types apart: its validators and its pattern."""
    meta = tuple(_flat(_annotated_metadata(alias)))
    patterns = {("pattern", m.pattern) for m in meta if getattr(m, "pattern", None)}
    return _validators(meta) | patterns


def _annotated_metadata(alias: object) -> tuple:
    if typing.get_origin(alias) is not typing.Annotated:
        return ()
    inner, *meta = typing.get_args(alias)
    return (*_annotated_metadata(inner), *meta)


def _takes_text(model: type[BaseModel], meta: tuple) -> bool:
    """Whether the field takes a name alone where it takes the model (`Zhukov` for a person)."""
    try:
        TypeAdapter(typing.Annotated[model, *meta] if meta else model).validate_python("Name")
    except ValidationError:
        return False
    return True
