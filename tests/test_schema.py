"""The JSON Schema editors check front matter against: every fixture passes it, what the model
refuses it refuses too, and what the model reads in its short forms it accepts."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from pydantic import ValidationError

from conftest import REPO, fixtures
from conftest import run_factsheet as run
from factsheet.collection import Collection
from factsheet.frontmatter import YamlProblem, split
from factsheet.model import FrontMatter
from factsheet.schema import DIALECT, collection_schema, front_matter_schema
from factsheet.starter import EXAMPLE_OF_KIND, EXAMPLES

SCHEMA = front_matter_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def documents() -> list[Path]:
    """Every valid document the repository holds: content/, each fixture folder but bad/ (found
    by glob, so a new folder is checked too), and the examples `factsheet init` writes."""
    found = [path for _, _, path in fixtures() if path is not None]
    return [*found, *(EXAMPLES / f"{slug}.md" for slug in EXAMPLE_OF_KIND.values())]


def front_matter(path: Path) -> object:
    """The front matter as the model receives it (dates as text, as YAML 1.2 editors read it)."""
    return split(path, path.read_text(encoding="utf-8")).data


def test_the_schema_is_draft_2020_12_and_valid():
    assert SCHEMA["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)
    Draft202012Validator.check_schema(collection_schema())
    # Fields are named as authors write them, and typos are flagged.
    assert "print" in SCHEMA["properties"] and "printing" not in SCHEMA["properties"]
    assert SCHEMA["additionalProperties"] is False
    period = SCHEMA["$defs"]["Period"]["properties"]
    assert set(period) == {"from", "to"}
    assert SCHEMA["$defs"]["Fact"]["properties"]["heading"]["description"].startswith(
        "A heading row that starts a section"
    )


def test_the_fixtures_are_found():
    names = {path.relative_to(REPO).as_posix() for path in documents()}
    assert "content/battle-of-lake-khasan.md" in names
    assert "tests/fixtures/golden/small-sheet/input.md" in names
    assert "tests/fixtures/corpus/korean-war.md" in names
    assert "factsheet/examples/georgy-zhukov.md" in names
    assert not any("/bad/" in name for name in names)


@pytest.mark.parametrize("path", documents(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_every_document_passes_the_schema_and_the_model(path):
    data = front_matter(path)
    errors = [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert errors == []
    assert Draft7Validator(SCHEMA).is_valid(data)  # the draft VS Code's YAML extension reads
    FrontMatter.model_validate(data)


ACCEPTED = {
    "figures as people write them": """
        title: T
        infobox:
          sides:
            - belligerents: [A]
              casualties: {total: "3,057", killed: "c. 20,000", wounded: "5,700–8,000"}
            - belligerents: [B]
              casualties: {total: [{at_least: 46, note: n}, 7000+], missing: some}
    """,
    "belligerent objects": """
        title: T
        infobox:
          sides:
            - belligerents:
                - {name: France, from: 1778, group: Allies, supported_by: [Spain]}
                - {name: Spain, from: 1779-06, to: 1783-09-03, lang: es}
            - belligerents: [Britain]
    """,
    "people with role, fate and sort": """
        title: T
        infobox:
          sides:
            - belligerents: [A]
              commanders: [{name: Li Hongzhang, sort: Li, role: viceroy, fate: died}, Zhukov]
              leaders: [{name: X, fate: killed}]
            - belligerents: [B]
    """,
    "casualties by belligerent, with a breakdown and a group figure": """
        title: T
        infobox:
          sides:
            - belligerents: [A, B, C]
              casualties:
                by_belligerent:
                  - {belligerent: A, killed: 10, wounded: 20, missing: 3, captured: 1}
                  - belligerents: [B, C]
                    count: 500
                    other: [{label: died of disease, count: 40}]
            - belligerents: [D]
              strength: [{belligerent: D, service: navy, date: 1937, count: 12}]
    """,
    "civilian casualties": """
        title: T
        infobox:
          civilian_casualties: {min: 1000, max: 2000, note: estimates}
    """,
    "a list fact, a quantity fact with its unit, a heading row": """
        title: T
        infobox:
          facts:
            - heading: Result
            - {label: Result, value: [Ceasefire, Border at the Tumen River]}
            - {label: Tonnage, quantity: "17,500", unit: t}
            - {label: Founded, value: 1939}
    """,
    "a person": """
        title: Georgy Zhukov
        kind: person
        aliases: [Zhukov, {name: Георгий Жуков, lang: ru}]
        infobox:
          born: {date: 1896-12-01, place: Strelkovka}
          died: {date: 1974}
          offices: [{office: Minister of Defence, from: 1955-02-09, to: 1957-10-26}]
          service: {from: 1915}
          battles: [Khalkhin Gol]
    """,
    "a place and a ship": """
        title: T
        kind: place
        print: {pages: 2}
        infobox:
          coordinates: {lat: 43.1332, lon: 131.9113}
          population: {quantity: 603519, year: 2021}
          area: {quantity: c. 331, unit: km²}
          displacement: {quantity: [65000, {approx: 72000}], unit: t}
    """,
}
REFUSED = {
    "an unknown field": "title: T\ntitel: T",
    "an unknown field in the infobox": "title: T\ninfobox: {side: []}",
    "a quantity as a decimal": "title: T\ninfobox: {civilian_casualties: 2.5}",
    "a negative count": "title: T\ninfobox: {civilian_casualties: -5}",
    "a quantity in two forms": "title: T\ninfobox: {civilian_casualties: {value: 3, approx: 4}}",
    "half a range": "title: T\ninfobox: {civilian_casualties: {min: 3}}",
    "a fate not in the list": (
        "title: T\ninfobox:\n  sides:\n    - {belligerents: [A], commanders: [{name: X, fate: lost}]}"
        "\n    - belligerents: [B]"
    ),
    "a role of the wrong type": (
        "title: T\ninfobox:\n  sides:\n    - {belligerents: [A], commanders: [{name: X, role: [a]}]}"
        "\n    - belligerents: [B]"
    ),
    "a role that is true": (
        "title: T\ninfobox:\n  sides:\n    - {belligerents: [A], commanders: [{name: X, role: true}]}"
        "\n    - belligerents: [B]"
    ),
    "one side": "title: T\ninfobox:\n  sides: [{belligerents: [A]}]",
    "a date in no form": "title: T\ntimeline: [{date: 1938-7, event: E}]",
    "a kind not in the list": "title: T\nkind: battle",
    "a slug with capitals": "title: T\nslug: Bad-Slug",
    "no title": "subtitle: S",
    "an empty title": "title: ''",
    "a page budget of zero": "title: T\nprint: {pages: 0}",
    "an alias as a list": "title: T\naliases: [[a, b]]",
    "a day that is not a date": "title: T\nupdated: yesterday",
    "a fact with no value": "title: T\ninfobox: {facts: [{label: Date}]}",
    "a fact with a value and a quantity": (
        "title: T\ninfobox: {facts: [{label: Area, value: large, quantity: 5}]}"
    ),
    "a heading with a label": "title: T\ninfobox: {facts: [{heading: H, label: L}]}",
    "a count for no belligerent": (
        "title: T\ninfobox:\n  sides:\n    - {belligerents: [A], casualties: {by_belligerent:"
        " [{count: 5}]}}\n    - belligerents: [B]"
    ),
    "a group figure for one belligerent": (
        "title: T\ninfobox:\n  sides:\n    - {belligerents: [A], casualties: {by_belligerent:"
        " [{belligerents: [A], count: 5}]}}\n    - belligerents: [B]"
    ),
}


def verdicts(text: str) -> tuple[bool, bool, bool]:
    """Whether the model, the schema (2020-12) and a draft-07 reader accept this front matter."""
    data = yaml.safe_load(textwrap.dedent(text))
    data = json.loads(json.dumps(data, default=str))  # dates as text, as the loader gives them
    try:
        FrontMatter.model_validate(data)
        model = True
    except ValidationError:
        model = False
    return model, VALIDATOR.is_valid(data), Draft7Validator(SCHEMA).is_valid(data)


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_v2_forms_are_accepted_by_the_model_and_the_schema(text):
    assert verdicts(text) == (True, True, True)


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_mistakes_are_refused_by_the_model_and_the_schema(text):
    assert verdicts(text) == (False, False, False)


def test_the_schema_refuses_nothing_the_model_reads_in_the_bad_catalogue():
    """The bad inputs whose fields the model reads: the schema accepts each of them too (their
    mistakes are in the body, or in what only the checks see), and refuses the field mistakes
    it can express; dates that do not exist and figures' grammar are the model's alone."""
    refused = set()
    for path in sorted((REPO / "tests" / "fixtures" / "bad").glob("*.md")):
        try:
            data = front_matter(path)
        except (YamlProblem, UnicodeDecodeError):
            continue
        try:
            FrontMatter.model_validate(data)
        except ValidationError:
            if not VALIDATOR.is_valid(data):
                refused.add(path.stem)
            continue
        assert VALIDATOR.is_valid(data), path.name
    assert {
        "unknown-field",
        "missing-title",
        "quantity-decimal",
        "quantity-negative",
        "quantity-two-forms",
        "person-unknown-key",
        "person-not-a-name",
        "one-side",
        "bad-slug",
        "accessed-month-13",
    } <= refused


def test_the_schema_names_what_was_wrong():
    data = {"title": "T", "infobox": {"civilian_casualties": 2.5, "sides": "x"}, "titel": "T"}
    errors = sorted((e.json_path, e.validator) for e in VALIDATOR.iter_errors(data))
    assert errors == [
        ("$", "additionalProperties"),
        ("$.infobox", "anyOf"),
    ]
    best = {e.json_path: e.message for e in VALIDATOR.iter_errors(data)}
    assert best["$"] == "Additional properties are not allowed ('titel' was unexpected)"


def test_collection_schema_matches_the_model():
    schema = collection_schema()
    validator = Draft202012Validator(schema)
    for path in (REPO / "content" / "collection.yaml", EXAMPLES / "collection.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == []
        Collection.model_validate(data)
    assert not validator.is_valid({"title": "T", "documents": ["Bad Slug"]})
    assert not validator.is_valid({"title": "T", "author": "A"})


def test_factsheet_schema_prints_it(tmp_path):
    result = run("schema", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == SCHEMA
    assert result.stdout.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/')
    collection = run("schema", "--collection", cwd=tmp_path)
    assert json.loads(collection.stdout) == collection_schema()
    assert collection.stdout.count('"title": "factsheet collection.yaml"') == 1
