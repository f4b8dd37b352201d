"""Pydantic's validation errors as the content format's messages, placed at their fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from factsheet.checks.fields import did_you_mean, validate
from factsheet.collection import Collection
from factsheet.errors import ContentError
from factsheet.frontmatter import parse_yaml
from factsheet.model import FrontMatter

PATH = Path("content/doc.md")


def messages(model, text: str) -> list[str]:
    data, positions = parse_yaml(PATH, text, first_line=2)
    with pytest.raises(ContentError) as caught:
        validate(model, data, PATH, positions)
    return [p.format() for p in caught.value.problems]


def test_an_unknown_field_suggests_a_close_name_or_lists_the_known_ones():
    text = "title: T\nsumary: S\nimage: {file: a.png, alt: A, colour: red}\n"
    assert messages(FrontMatter, text) == [
        "content/doc.md:3:1: sumary: unknown field 'sumary'; did you mean 'summary'?",
        "content/doc.md:4:30: image.colour: unknown field 'colour'; expected one of file, alt,"
        " caption, credit",
    ]


def test_a_missing_field_is_placed_at_its_mapping_and_wrong_types_say_what_was_given():
    text = "subtitle: yes\nkeywords: 3\nsources: [{id: a}]\n"
    assert messages(FrontMatter, text) == [
        "content/doc.md:2:1: title: required field is missing",
        "content/doc.md:2:11: subtitle: expected text, got true (a yes/no value)",
        "content/doc.md:3:11: keywords: expected a list, got the number 3",
        "content/doc.md:4:11: sources[0].title: required field is missing",
    ]


def test_a_collections_documents_are_slugs():
    assert messages(Collection, "title: C\ndocuments: [good, Not Good]\n") == [
        "content/doc.md:3:19: documents[1]: expected a slug of lowercase letters, digits and"
        " hyphens, got 'Not Good'"
    ]


def test_did_you_mean_names_the_closest_choice_or_nothing():
    assert did_you_mean("titel", ["title", "subtitle"]) == "; did you mean 'title'?"
    assert did_you_mean("zzz", ["title", "subtitle"]) == ""
    assert did_you_mean("x", []) == ""
