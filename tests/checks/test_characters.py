"""Control characters in the body, in field values and in field names."""

from __future__ import annotations

from pathlib import Path

from factsheet.checks.characters import body_control_character, control_characters
from factsheet.frontmatter import parse_yaml

PATH = Path("content/doc.md")


def test_the_bodys_first_control_character_is_placed_from_the_bodys_first_line():
    problem = body_control_character(PATH, "Fine.\n\tab\x07c \x1b", body_line=10)
    assert problem.format() == (
        "content/doc.md:11:4: body: control character U+0007 cannot be set; remove it"
    )


def test_tabs_newlines_and_noncharacters_are_told_apart():
    assert body_control_character(PATH, "a\tb\nc\r\n", body_line=4) is None
    problem = body_control_character(PATH, "ok \ufffe", body_line=4)
    assert problem.format() == (
        "content/doc.md:4:4: body: control character U+FFFE cannot be set; remove it"
    )


def test_control_characters_in_field_names_and_values_each_name_their_place():
    text = 'title: T\n"na\\ame": 1\nkeywords: [ok, "x\\0y"]\nnested: {deep: ["\\e"]}\n'
    data, positions = parse_yaml(PATH, text, first_line=2)
    assert [p.format() for p in control_characters(PATH, data, positions)] == [
        "content/doc.md:3:1: (front matter): control character U+0007 in a field name; remove it",
        "content/doc.md:4:16: keywords[1]: control character U+0000 cannot be set; remove it",
        "content/doc.md:5:17: nested.deep[0]: control character U+001B cannot be set; remove it",
    ]
