"""The values fields take, shared by every kind of document: text, languages, counts and the
quantities sources give; no I/O here."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Annotated, Literal

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    SerializerFunctionWrapHandler,
    StrictInt,
    StrictStr,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import GetJsonSchemaHandler, JsonDict, JsonSchemaValue
from pydantic_core import CoreSchema

from factsheet.figures import read_figure


class Frozen(BaseModel):
    """Base for every model: immutable, and unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, use_attribute_docstrings=True
    )


def _scalar_as_text(value: object) -> object:
    # YAML reads `value: 1939` as a number; in a text field the author meant the text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


TEXT_FORM: JsonDict = {"type": ["string", "number"], "minLength": 1}
"""What a text field takes in the JSON Schema: YAML reads `1939` as a number, and so may editors."""
Text = Annotated[
    StrictStr, BeforeValidator(_scalar_as_text), Field(min_length=1), WithJsonSchema(TEXT_FORM)
]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[StrictStr, Field(pattern=SLUG_PATTERN)]


def _known_language(tag: str) -> str:
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        raise ValueError(
            f"expected a BCP 47 language tag such as en, fr or de-CH, got {tag!r}"
        ) from None
    return tag


Lang = Annotated[StrictStr, AfterValidator(_known_language)]


def _alias_as_mapping(value: object) -> object:
    # An alias is a text, or {name: ..., lang: ...} when it is in another language.
    value = _scalar_as_text(value)
    return {"name": value} if isinstance(value, str) else value


MAX_DIGITS = 15
"""Digits a count may have: more than any real figure, and still exact when summed as floats."""
Count = Annotated[NonNegativeInt, Field(le=10**MAX_DIGITS - 1)]


def written_as(*forms: JsonDict, rule: JsonDict | None = None) -> Callable[[JsonDict], None]:
    """A model's JSON Schema hook: the mapping (with `rule` added), or any of the shorter `forms`
    its before-validator reads, so editors accept what authors write (`Zhukov` for a Person)."""

    def hook(schema: JsonDict) -> None:
        mapping = dict(schema) | (rule or {})
        schema.clear()
        schema.update(
            {key: mapping.pop(key) for key in ("title", "description") if key in mapping},
            anyOf=[*forms, mapping],
        )

    return hook


class Alias(Frozen):
    """Another name of the subject, in the document's language unless `lang` says otherwise."""

    model_config = ConfigDict(json_schema_extra=written_as(TEXT_FORM))

    name: Text
    """The other name."""
    lang: Lang | None = None
    """Its language, where not the document's: every output marks it so."""

    def __str__(self) -> str:
        return self.name


FIGURE_FORMS: tuple[JsonDict, ...] = (
    {"type": "integer", "minimum": 0, "maximum": 10**MAX_DIGITS - 1},
    {"type": "string", "minLength": 1, "description": "A figure (`3,057`, `c. 20,000`) or text."},
)
"""A quantity written alone: a whole number, or a figure as people write it."""
ONE_FORM: JsonDict = {  # a quantity's mapping gives exactly one of its forms
    "oneOf": [
        {"required": ["value"]},
        {"required": ["approx"]},
        {"required": ["min", "max"]},
        {"required": ["at_least"]},
    ]
}


class Quantity(Frozen):
    """A number as the sources give it: exact, approximate, a range, a lower bound, or text."""

    model_config = ConfigDict(json_schema_extra=written_as(*FIGURE_FORMS, rule=ONE_FORM))

    value: StrictInt | StrictStr | None = None
    """An exact number (`33000`, `3,057`), or text where no figure is given (`several`)."""
    approx: Count | None = None
    """An approximate number, printed `c. 21,000` (`{approx: 21000}`, `c. 21,000`)."""
    min: Count | None = None
    """The low end of a range, with `max` (`5,700–8,000` is `{min: 5700, max: 8000}`)."""
    max: Count | None = None
    """The high end of a range, with `min`."""
    at_least: Count | None = None
    """A lower bound, printed `46+` (`{at_least: 46}`, `7,000+`, `at least 46`)."""
    note: Text | None = None
    """What the figure needs said, printed as a lettered note under the table."""
    source: Text | None = None
    """The id of the source that gives this figure (one of `sources`)."""

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: object) -> object:
        if isinstance(data, bool):
            raise ValueError("expected a number, text, or a mapping such as {approx: 21000}")
        if isinstance(data, int):
            return {"value": data}
        if isinstance(data, float):
            raise ValueError(
                f"expected a whole number, got {data:g} (a decimal point): write thousands"
                " with a comma or a space, as in 3,057 or 3 057"
            )
        if isinstance(data, str):
            return read_figure(data) or {"value": data}
        if isinstance(data, dict) and isinstance(data.get("value"), str):
            figure = read_figure(data["value"])  # {value: "3,057", note: …}
            if figure is not None:
                return {key: given for key, given in data.items() if key != "value"} | figure
        return data

    @model_validator(mode="after")
    def _one_form(self) -> Quantity:
        forms = [
            name
            for name, given in (
                ("value", self.value is not None),
                ("approx", self.approx is not None),
                ("min/max", self.min is not None or self.max is not None),
                ("at_least", self.at_least is not None),
            )
            if given
        ]
        if len(forms) != 1:
            raise ValueError(
                "expected exactly one of value, approx, min and max, at_least"
                + (f"; got {', '.join(forms)}" if forms else "")
            )
        if forms == ["min/max"]:
            if self.min is None or self.max is None:
                raise ValueError("a range needs both min and max")
            if self.min > self.max:
                raise ValueError(f"a range needs min <= max, got {self.min} > {self.max}")
        if isinstance(self.value, int) and self.value < 0:
            raise ValueError("expected a number of zero or more")
        if isinstance(self.value, int) and self.value >= 10**MAX_DIGITS:
            raise ValueError(f"expected a number of at most {MAX_DIGITS} digits")
        if isinstance(self.value, str) and not self.value.strip():
            raise ValueError("expected a number or text, got an empty text")
        return self

    @property
    def kind(self) -> Literal["exact", "approx", "range", "at_least", "text"]:
        if self.approx is not None:
            return "approx"
        if self.min is not None:
            return "range"
        if self.at_least is not None:
            return "at_least"
        return "exact" if isinstance(self.value, int) else "text"

    def interval(self) -> tuple[float, float] | None:
        """The values this quantity allows, for checking sums; None when it is only text."""
        match self.kind:
            case "exact":
                return (self.value, self.value)
            case "approx":
                return (self.approx * 0.9, self.approx * 1.1)
            case "range":
                return (self.min, self.max)
            case "at_least":
                return (self.at_least, float("inf"))
        return None


def _as_tuple(value: object) -> object:
    return value if isinstance(value, list | tuple) else [value]


class OneOrList:
    """JSON Schema of a list that `_as_tuple` also reads as its one item written alone."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        item = handler(core_schema)["items"]
        return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1}]}


Quantities = Annotated[
    tuple[Quantity, ...], BeforeValidator(_as_tuple), Field(min_length=1), OneOrList()
]
"""One quantity, or several where sources disagree."""


def span(quantities: tuple[Quantity, ...]) -> tuple[float, float] | None:
    """The interval a list of quantities covers; None when any of them is only text."""
    intervals = [q.interval() for q in quantities]
    if any(i is None for i in intervals):
        return None
    return (min(i[0] for i in intervals), max(i[1] for i in intervals))


DECIMAL = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d+")
"""A figure with a decimal point (`46.3`, `1,331.16`): a length or an area, never a count."""


def _decimal_figure(value: object) -> object:
    # YAML reads 46.3 as a float: its text is the figure the author wrote.
    if isinstance(value, float):
        if value < 0 or value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"expected a figure of zero or more, got {value}")
        return Decimal(repr(value))
    if isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
        return Decimal(value.strip().replace(",", ""))
    return value


DecimalFigure = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]


class Measure(Frozen):
    """A figure with its unit, as an infobox gives tonnage, length or area: `{quantity: '17,500',
    unit: t}`; the figure is set in the document's language, the unit as written."""

    quantity: Annotated[
        Annotated[Quantities | DecimalFigure, Field(union_mode="left_to_right")],
        BeforeValidator(_decimal_figure),
    ]
    """The figure, in any of the quantity forms (`17,500`, `c. 20,000`, `5,700–8,000`), or with
    a decimal point (`46.3`, `331.16`)."""
    unit: Text | None = None
    """The unit, written after the figure as it is given (`t`, `km²`, `m`, `knots`)."""


def _name_as_mapping(value: object) -> object:
    # A name alone, or its mapping: `Zhukov` is `{name: Zhukov}`.
    if isinstance(value, dict):
        return value
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return {"name": str(value)}
    raise ValueError("expected a name, or a mapping such as {name: Mao Zedong, sort: Mao}")


class Named(Frozen):
    """A name that may carry more than its text: written as the name alone where it does not,
    and serialised the same way, so a v1 file's archived data keeps its bytes."""

    model_config = ConfigDict(json_schema_extra=written_as(TEXT_FORM))

    name: Text
    """The name as every output prints it and the booklet's index files it."""

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: object) -> object:
        return _name_as_mapping(data)

    @model_serializer(mode="wrap")
    def _as_written(self, dump: SerializerFunctionWrapHandler) -> object:
        written = dump(self)
        if isinstance(written, dict) and set(k for k, v in written.items() if v is not None) == {
            "name"
        }:
            return self.name
        return written

    def __str__(self) -> str:
        return self.name


Fate = Literal["killed", "died", "wounded", "captured", "executed"]
FATES: tuple[str, ...] = ("killed", "died", "wounded", "captured", "executed")
"""What befell a commander in the conflict, as Wikipedia's infobox marks it, in legend order."""


class Person(Named):
    """A person: a name, or `{name, sort, role, fate}` to file it, say what they led, and mark
    what befell them."""

    sort: Text = None  # type: ignore[assignment]  # None when absent; `sort:` left empty fails
    """The words the index files the name under when not its last word: `Mao` for Mao Zedong."""
    role: Text | None = None
    """What they led or were, set after the name: `Seymour Expedition`, `commander-in-chief`."""
    fate: Fate | None = None
    """What befell them in the conflict: killed, died, wounded, captured or executed."""
    lang: Lang | None = None
    """The name's language when it is not the document's (`ja` for 東條英機)."""


Path = tuple[str | int, ...]
Given = tuple[Path, BaseModel, str, object]
"""A field a model gives: its path as the file writes it, the model it is of, its name, value."""


def fields_given(model: BaseModel, path: Path = ()) -> Iterator[Given]:
    """Every field a model gives (not None), then those of the models inside it, depth first,
    each at its path as the file writes it (YAML names, list indices)."""
    for name, info in type(model).model_fields.items():
        given = getattr(model, name)
        if given is None:
            continue
        here = (*path, info.alias or name)
        yield here, model, name, given
        for index, item in enumerate(given if isinstance(given, tuple) else (given,)):
            if isinstance(item, BaseModel):
                yield from fields_given(item, (*here, index) if isinstance(given, tuple) else here)


def quantities_in(model: BaseModel, path: Path = ()) -> Iterator[QuantityAt]:
    """Every quantity a model holds, with its field path as the file writes it."""
    for here, _, _, given in fields_given(model, path):
        items = given if isinstance(given, tuple) else (given,)
        for index, item in enumerate(items):
            if isinstance(item, Quantity):
                # One quantity is written as a scalar or a mapping, several as a list.
                yield (here if len(items) == 1 else (*here, index)), item


QuantityAt = tuple[Path, Quantity]
