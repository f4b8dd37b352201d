"""docs/content-format.md is generated from the model and agrees with it: every model reachable
from the front matter has its section, every example is one the model takes, every rule a value
it refuses, and the worked examples are documents that check clean and build."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError, model_validator

from factsheet import model
from factsheet.checks.fields import yaml_fields
from factsheet.collection import Collection
from factsheet.frontmatter import parse_yaml
from factsheet.reference import Gaps, gaps, own_fields, reachable, render
from factsheet.reference.examples import EXAMPLES
from factsheet.reference.rules import RULES
from factsheet.reference.typenames import anchor, title
from factsheet.values import Frozen, Text
from tests.conftest import REPO, run_factsheet

REFERENCE = REPO / "docs" / "content-format.md"
MODELS = list(dict.fromkeys([*reachable(model.FrontMatter), *reachable(Collection)]))
WORKED = re.findall(r"```markdown\n(.*?)```", REFERENCE.read_text(encoding="utf-8"), re.DOTALL)


def as_written(example: str) -> object:
    """An example as factsheet reads it where a file gives it as a field's value."""
    return parse_yaml(Path("example.md"), f"field: {example}\n", first_line=1)[0]["field"]


def test_the_committed_reference_is_what_the_model_generates():
    text = REFERENCE.read_text(encoding="utf-8")
    assert render(text) == text, "docs/content-format.md is stale: run `make reference`"


def test_the_walk_reaches_every_part_of_the_format():
    """Derived, not listed: the walk meets each model that a field of a field holds."""
    names = {m.__name__ for m in MODELS}
    assert {"Side", "Belligerent", "Person", "BelligerentCount", "OtherLoss", "Office"} <= names
    assert {"PersonFields", "PlaceFields", "ShipFields", "OrganisationFields"} <= names
    assert "Named" not in names and "Frozen" not in names


@pytest.mark.parametrize("part", MODELS, ids=lambda m: m.__name__)
def test_each_model_has_its_section_with_a_row_per_field(part):
    text = REFERENCE.read_text(encoding="utf-8")
    heading = f"### {title(part)}\n"
    assert heading in text
    section = text.split(heading, 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| ([^|]+) \|", section, re.MULTILINE)
    documented = {name: required.strip() for name, required in rows}
    fields = own_fields(part)
    assert list(documented) == list(fields)
    for name, info in fields.items():
        assert (documented[name] == "yes") == info.is_required(), name


def test_every_link_in_the_reference_finds_its_section():
    text = REFERENCE.read_text(encoding="utf-8")
    anchors = {anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}
    assert set(re.findall(r"\]\(#([a-z0-9-]+)\)", text)) <= anchors


@pytest.mark.parametrize(
    ("part", "name"),
    [(part, name) for part in EXAMPLES for name in EXAMPLES[part]],
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_each_example_is_a_value_its_field_takes(part, name):
    info = yaml_fields(part)[name]
    TypeAdapter(info.rebuild_annotation()).validate_python(as_written(EXAMPLES[part][name]))


@pytest.mark.parametrize(
    ("part", "rule"),
    [(part, rule) for part, rules in RULES.items() for rule in rules],
    ids=lambda x: x.says if hasattr(x, "says") else x.__name__,
)
def test_each_rule_refuses_its_counter_example(part, rule):
    with pytest.raises(ValidationError):
        part.model_validate(as_written(rule.refused))


def test_nothing_is_missing_today():
    assert gaps(model.FrontMatter, Collection) == []


def test_an_undocumented_field_is_reported_by_name():
    class Ferry(Frozen):
        """A throwaway model, to show what the generator asks of a new one."""

        berths: Text | None = None

    class Front(model.FrontMatter):
        """The front matter with one more part."""

        ferry: Ferry | None = None
        """A ferry."""

    found = gaps(Front)
    assert "Front.ferry: no example (add one to factsheet/reference/examples.py)" in found
    assert "Ferry.berths: no docstring (write one on the line under the field)" in found
    assert "Ferry.berths: no example (add one to factsheet/reference/examples.py)" in found


def test_a_validator_without_its_rule_is_reported():
    class Ordered(Frozen):
        """Two years in order."""

        @model_validator(mode="after")
        def _in_order(self) -> Ordered:
            return self

    assert "Ordered: its validator's rules are not in RULES (factsheet/reference/rules.py)" in (
        gaps(Ordered)
    )


def test_a_changed_docstring_makes_the_committed_file_stale(monkeypatch):
    field = model.Source.model_fields["title"]
    monkeypatch.setattr(field, "description", "The work's title, as its title page gives it.")
    text = REFERENCE.read_text(encoding="utf-8")
    assert render(text) != text


def test_a_missing_block_is_reported():
    with pytest.raises(Gaps) as raised:
        render("# Fields\n\n<!-- fields: FrontMatter -->\n<!-- /fields -->\n")
    assert raised.value.lines == ["no block '<!-- fields: Collection -->' in the reference"]


def test_the_command_says_what_is_missing(tmp_path):
    page = tmp_path / "format.md"
    page.write_text("<!-- fields: Frontmatter -->\n<!-- /fields -->\n", encoding="utf-8")
    done = run_factsheet_module(page)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{page}: no block '<!-- fields: FrontMatter -->' in the reference",
        f"{page}: no block '<!-- fields: Collection -->' in the reference",
        f"{page}: '<!-- fields: Frontmatter -->': no such model (one of FrontMatter, Collection)",
    ]
    assert page.read_text(encoding="utf-8") == "<!-- fields: Frontmatter -->\n<!-- /fields -->\n"


def run_factsheet_module(page):
    """`python -m factsheet.reference PAGE`, as `make reference` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "factsheet.reference", str(page)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_worked_examples_are_there():
    titles = [yaml.safe_load(text.split("---")[1])["title"] for text in WORKED]
    assert titles == ["Battle of Lake Khasan", "Georgy Zhukov", "War of the Two Rivers"]


@pytest.mark.parametrize("number", range(len(WORKED)))
def test_each_worked_example_checks_clean(project, number):
    project.write(f"example-{number}.md", WORKED[number])
    done = run_factsheet("check", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert "0 failed, 0 warning(s)" in done.stderr


@pytest.mark.parametrize("number", range(len(WORKED)))
def test_each_worked_example_builds(project, number):
    project.write(f"example-{number}.md", WORKED[number])
    done = run_factsheet("build", "--format", "html", "--format", "pdf", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert (project.out / f"example-{number}.pdf").stat().st_size > 0


def test_the_readme_points_to_the_generated_reference():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/content-format.md" in readme and "make reference" in readme
