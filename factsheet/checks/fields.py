"""Pydantic's validation errors as the content format's messages, each placed at its field."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from factsheet.errors import ContentError, Problem
from factsheet.frontmatter import FieldPath, Positions, dotted
from factsheet.model import MAX_DIGITS

M = typing.TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: object, path: Path, positions: Positions) -> M:
    """The model of `data`, or ContentError with one problem per bad field, in file order."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = {}
        items = error.errors(include_url=False)
        for item in items:
            if _caused_by_bad_items(item) or _other_reading(item, items):
                continue
            loc = _data_path(data, item["loc"], item["type"])
            line, column = positions.of(loc, key=item["type"] in ("missing", "extra_forbidden"))
            message = _message(model, loc, item)
            problems.setdefault((loc, message), Problem(path, line, column, dotted(loc), message))
        raise ContentError(sorted(problems.values(), key=lambda p: (p.line, p.column))) from None


def did_you_mean(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """A "; did you mean 'x'?" tail for a message, or nothing when no choice is close."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _other_reading(item: dict, items: list[dict]) -> bool:
    """A measure's figure read as a decimal, when it failed as a quantity too: the quantity's
    message is the one that names the forms it may take."""
    if "decimal" not in item["loc"]:
        return False
    where = item["loc"][: item["loc"].index("decimal")]
    return any(other is not item and other["loc"][: len(where)] == where for other in items)


def _caused_by_bad_items(item: dict) -> bool:
    """A list too short only because some of its entries failed: those entries say why."""
    if item["type"] != "too_short" or not isinstance(item.get("input"), list | tuple):
        return False
    return item.get("ctx", {}).get("actual_length", 0) < len(item["input"])


def _data_path(data: object, loc: tuple, error_type: str) -> FieldPath:
    """Drop pydantic's union and validator tags from an error location."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (
            isinstance(node, dict)
            and isinstance(part, str)
            and (part in node or error_type in ("missing", "extra_forbidden"))
        ):
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict | list):
            continue
        else:
            break
    return tuple(path)


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model class that describes the mapping at `path`, for "did you mean" suggestions."""
    current: object = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = yaml_fields(current).get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def yaml_fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by the names a document writes them with (`print`, not `printing`)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _inner_model(annotation: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _message(model: type[BaseModel], loc: FieldPath, item: dict) -> str:
    kind = item["type"]
    given = item.get("input")
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        parent = _model_at(model, loc[:-1])
        known = list(yaml_fields(parent)) if parent else []
        hint = did_you_mean(name, known) or f"; expected one of {', '.join(known)}"
        return f"unknown field '{name}'{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind == "model_type" and item.get("ctx", {}).get("class_name") == "Quantity":
        return "expected a number, text, or a mapping such as {approx: 21000}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_describe(given)}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {_describe(given)}"
    if kind in ("string_type", "str_type"):
        return f"expected text, got {_describe(given)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_describe(given)}"
    if kind == "greater_than_equal":
        least = item.get("ctx", {}).get("ge", 0)
        return "expected a number of zero or more" if least == 0 else f"expected {least} or more"
    if kind == "less_than_equal":
        most = item.get("ctx", {}).get("le")
        if most == 10**MAX_DIGITS - 1:
            return f"expected a number of at most {MAX_DIGITS} digits"
        return f"expected at most {most}"
    if kind == "string_too_short" or (kind == "too_short" and isinstance(given, str)):
        return "expected text, got an empty value"
    if kind == "too_short":
        least = item.get("ctx", {}).get("min_length")
        return f"expected at least {least} entries, got {len(given) if given else 0}"
    if kind == "string_pattern_mismatch":
        if (loc and loc[-1] in ("slug", "documents")) or (len(loc) > 1 and loc[-2] == "documents"):
            return f"expected a slug of lowercase letters, digits and hyphens, got {given!r}"
        return f"expected an identifier of letters, digits, '_', ':', '.' or '-', got {given!r}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date as YYYY-MM-DD, got {_describe(given)}"
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        choices = [choice.strip(" '") for choice in expected.replace(" or ", ", ").split(", ")]
        hint = did_you_mean(str(given), choices) if isinstance(given, str) else ""
        return f"expected one of {', '.join(choices)}, got {_describe(given)}{hint}"
    if kind in ("value_error", "assertion_error"):
        return str(item["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return str(item["msg"])


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float):
        return f"the decimal number {value}"
    if isinstance(value, int):
        return f"the number {value}"
    return repr(value)
