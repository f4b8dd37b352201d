"""docs/content-format.md's field tables and list of checks, generated from the model: each
model reachable from the front matter (and from collection.yaml) gets a section with a row per
field (its YAML name, type, default, docstring, an example and the checks that apply). Only
the marked blocks are replaced; the prose around them is the author's. No I/O here:
`python -m factsheet.reference` (`make reference`) reads and writes the file."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from factsheet import checks
from factsheet.checks import run_checks
from factsheet.checks.fields import yaml_fields
from factsheet.collection import Collection
from factsheet.kinds import KIND_FIELDS
from factsheet.model import FrontMatter
from factsheet.reference.examples import EXAMPLES
from factsheet.reference.rules import BODY, CHECKS, RULES, Check
from factsheet.reference.typenames import anchor, field_type, link, title

ROOTS: dict[str, type[BaseModel]] = {"FrontMatter": FrontMatter, "Collection": Collection}
"""The models a `<!-- fields: NAME -->` block may start from."""
BLOCK = re.compile(r"<!-- (fields: (\w+)|checks) -->\n.*?<!-- /(?:fields|checks) -->", re.DOTALL)
GENERATED = (
    "<!-- Generated from the model by `make reference`: edit the docstrings in factsheet/"
    " or factsheet/reference/, not this block. -->"
)


class Gaps(Exception):
    """What the model does not say that the reference needs, one line each."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def render(text: str) -> str:
    """The reference with every marked block generated afresh; Gaps when a field, model or
    check lacks what its row needs."""
    missing = gaps(*ROOTS.values())
    named = [m[2] for m in BLOCK.finditer(text) if m[2]]
    missing += [
        f"no block '<!-- fields: {name} -->' in the reference"
        for name in ROOTS
        if name not in named
    ]
    missing += [
        f"'<!-- fields: {name} -->': no such model (one of {', '.join(ROOTS)})"
        for name in named
        if name not in ROOTS
    ]
    if missing:
        raise Gaps(missing)
    done: set[type[BaseModel]] = set()

    def block(found: re.Match[str]) -> str:
        if found[2] is None:
            body = checks_list()
        else:
            models = [m for m in reachable(ROOTS[found[2]]) if m not in done]
            done.update(models)
            body = "\n\n".join(section(model) for model in models)
        return f"<!-- {found[1]} -->\n{GENERATED}\n\n{body}\n\n<!-- /{found[1].split(':')[0]} -->"

    return BLOCK.sub(block, text)


def reachable(root: type[BaseModel]) -> list[type[BaseModel]]:
    """The root and every model its fields hold, each once, in the order a reader meets them:
    a model's parts right after it, a kind's fields after the infobox's own."""
    found: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for info in own_fields(model).values():
            for part in field_type(info)[1]:
                visit(part)
        for base in kinds_of(model):
            visit(base)

    visit(root)
    return found


def kinds_of(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The kinds' field sets a model takes in (the infobox has every kind's fields)."""
    return [k for k in KIND_FIELDS.values() if k is not model and issubclass(model, k)]


def own_fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by their YAML names, less those its kinds' sections list."""
    theirs = {name for kind in kinds_of(model) for name in yaml_fields(kind)}
    return {name: info for name, info in yaml_fields(model).items() if name not in theirs}


def section(model: type[BaseModel]) -> str:
    """A model's heading, what it is, its table, and the rules over its fields together."""
    lines = [f"### {title(model)}", "", _words(model.__doc__ or ""), ""]
    lines += [
        "| field | type | required | what it is | example | checks |",
        "|---|---|---|---|---|---|",
    ]
    examples = EXAMPLES.get(model, {})
    for name, info in own_fields(model).items():
        words, _ = field_type(info)
        said = [_said(c) for c in CHECKS if (model, name) in c.at]
        checks = [*words.checks, *dict.fromkeys(said)]
        example = f"`{examples[name]}`" if name in examples else ""
        cells = [f"`{name}`", words.name, _required(info), _words(info.description or ""), example]
        lines.append("| " + " | ".join(_cell(c) for c in (*cells, "; ".join(checks))) + " |")
    if model in RULES:
        lines += ["", "Together: " + "; ".join(rule.says for rule in RULES[model]) + "."]
    if kinds := kinds_of(model):
        listed = ", ".join(link(kind) for kind in kinds)
        lines += ["", f"Besides these, each kind of document has its own fields: {listed}."]
    return "\n".join(lines)


def checks_list() -> str:
    """Every check beyond the types, errors then warnings, each with where it looks."""
    merged: dict[tuple[bool, str], list[str]] = {}
    for check in CHECKS:
        places = merged.setdefault((check.warning, check.says), [])
        places += [p for p in map(_place, check.at) if p not in places]
    lines: list[str] = []
    for warning, heading in ((False, "Errors"), (True, "Warnings (errors under `--strict`)")):
        lines += [*([""] if lines else []), f"{heading}:", ""]
        for (is_warning, says), places in merged.items():
            if is_warning == warning:
                lines.append(f"- {', '.join(places)}: {says}")
    return "\n".join(lines)


def gaps(*roots: type[BaseModel]) -> list[str]:
    """What the reference would lack: a docstring, an example, a validator's rule, a check."""
    found: list[str] = []
    for root in roots:
        for model in reachable(root):
            found += [line for line in _model_gaps(model) if line not in found]
    listed = {check.runs for check in CHECKS}
    for check in _checks_run():
        if check not in listed:
            found.append(
                f"check {check.__module__}.{check.__name__} is not listed in CHECKS"
                " (factsheet/reference/rules.py)"
            )
    for check in CHECKS:
        for place in check.at:
            if isinstance(place, tuple) and place[1] not in yaml_fields(place[0]):
                found.append(f"CHECKS: {place[0].__name__} has no field '{place[1]}'")
    return found


def _model_gaps(model: type[BaseModel]) -> Iterator[str]:
    name = model.__name__
    if not model.__doc__:
        yield f"{name}: no docstring (say what it is under `class {name}`)"
    examples = EXAMPLES.get(model, {})
    for field, info in own_fields(model).items():
        if not info.description:
            yield f"{name}.{field}: no docstring (write one on the line under the field)"
        if field not in examples:
            yield f"{name}.{field}: no example (add one to factsheet/reference/examples.py)"
    for field in set(examples) - set(own_fields(model)):
        yield f"{name}: an example for '{field}', which is not one of its fields"
    own = f"{model.__module__}.{model.__qualname__}"
    validators = model.__pydantic_decorators__.model_validators.values()
    if model not in RULES and any(
        v.info.mode == "after" and v.cls_ref.rsplit(":", 1)[0] == own for v in validators
    ):
        yield f"{name}: its validator's rules are not in RULES (factsheet/reference/rules.py)"


def _checks_run() -> list[object]:
    """The check functions run_checks calls, found by the names its code uses."""
    names = run_checks.__code__.co_names
    modules = [m for n in names if isinstance(m := getattr(checks, n, None), types.ModuleType)]
    return [
        found
        for module in modules
        for name in names
        if callable(found := getattr(module, name, None))
        and getattr(found, "__module__", None) == module.__name__
    ]


def _place(place: tuple[type[BaseModel], str] | str) -> str:
    if place == BODY:
        return BODY
    if place == "all":
        return "every field"
    model, name = place
    return f"{link(model)} `{name}`"


def _said(check: Check) -> str:
    return f"{'warning' if check.warning else 'error'}: {check.says}"


def _required(info: FieldInfo) -> str:
    if info.is_required():
        return "yes"
    if info.default in (None, ()):
        return "no"
    return f"no; default `{info.default}`"


def _words(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


__all__ = ["Gaps", "anchor", "gaps", "reachable", "render"]
