"""docs/content-format.md and the model agree: every field of every part of the front matter
and of collection.yaml is in the reference, with nothing the model does not accept."""

from __future__ import annotations

import re

import pytest

from factsheet import model
from factsheet.checks.fields import yaml_fields
from tests.conftest import REPO, run_factsheet

REFERENCE = REPO / "docs" / "content-format.md"
SECTIONS = {
    "Front matter": model.FrontMatter,
    "Alias": model.Alias,
    "License": model.License,
    "Source": model.Source,
    "Image": model.Image,
    "Infobox": model.Infobox,
    "Fact": model.Fact,
    "Side": model.Side,
    "Person": model.Person,
    "Casualties": model.Casualties,
    "Item count": model.ItemCount,
    "Belligerent count": model.BelligerentCount,
    "Timeline entry": model.TimelineEntry,
    "Print": model.PrintOptions,
    "Quantity": model.Quantity,
    "The collection (`content/collection.yaml`)": model.Collection,
}


def tables() -> dict[str, dict[str, str]]:
    """Each section's table: field name → its `required` column."""
    found: dict[str, dict[str, str]] = {}
    heading = None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif (row := re.match(r"\| `([a-z_]+)` \|[^|]*\| ([^|]+) \|", line)) and heading:
            found.setdefault(heading, {})[row[1]] = row[2].strip()
    return found


@pytest.mark.parametrize("heading", SECTIONS)
def test_each_table_names_exactly_the_fields_its_model_accepts(heading):
    documented = tables()[heading]
    fields = yaml_fields(SECTIONS[heading])
    assert set(documented) == set(fields)
    for name, required in documented.items():
        assert (required == "yes") == fields[name].is_required(), name


def test_every_part_of_the_model_has_its_section():
    parts = {
        cls
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, model.Frozen) and cls is not model.Frozen
    }
    assert parts <= set(SECTIONS.values()), parts - set(SECTIONS.values())
    assert set(tables()) == set(SECTIONS)


def test_the_example_is_a_document_that_checks_clean(project):
    text = REFERENCE.read_text(encoding="utf-8")
    example = re.search(r"```markdown\n(.*?)```", text, re.DOTALL)[1]
    project.write("battle-of-lake-khasan.md", example)
    done = run_factsheet("check", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert "0 failed, 0 warning(s)" in done.stderr


def test_the_readme_points_to_the_reference():
    assert "docs/content-format.md" in (REPO / "README.md").read_text(encoding="utf-8")
