"""Every check of the content format, with its exact message and position."""

from __future__ import annotations

import pytest

from factsheet.errors import ContentError, Severity
from factsheet.reader import load_collection, load_document

GOOD = """
---
title: A test sheet
sources:
  - {id: wp, title: An article}
infobox:
  sides:
    - belligerents: [Alpha, Beta]
      casualties:
        total: 100
        combat: 80
        non_combat: 20
    - belligerents: [Gamma]
      casualties:
        total: {approx: 50}
---
Some text. [@wp]
"""


def problems(project, text: str, name: str = "doc.md") -> list[str]:
    path = project.write(name, text)
    try:
        loaded = load_document(path, project.root)
    except ContentError as error:
        return [p.format(relative_to=project.root) for p in error.problems]
    return [p.format(relative_to=project.root) for p in loaded.warnings]


def test_a_good_document_loads_with_its_slug_and_facts(project):
    path = project.write("my-sheet.md", GOOD)
    loaded = load_document(path, project.root)
    document = loaded.document
    assert loaded.warnings == ()
    assert document.slug == "my-sheet"
    assert document.meta.title == "A test sheet"
    assert document.meta.lang == "en"
    side = document.meta.infobox.sides[1]
    assert side.casualties.total[0].kind == "approx"
    assert document.body_line == 16
    assert "wp" in [mark.label for mark in document.narrative.citations]


def test_a_bundle_folder_takes_its_slug_from_the_folder(project):
    path = project.write("bundle-sheet/index.md", GOOD)
    assert load_document(path, project.root).document.slug == "bundle-sheet"


def test_slug_field_overrides_the_file_name(project):
    path = project.write("x.md", GOOD.replace("title: A test sheet", "title: T\nslug: chosen"))
    assert load_document(path, project.root).document.slug == "chosen"


def test_yaml_that_does_not_parse(project):
    assert problems(project, "---\ntitle: [unclosed\n---\n") == [
        "content/doc.md:3:1: (yaml): invalid YAML: did not find expected ',' or ']'"
        " (while parsing a flow sequence at line 2, column 8)"
    ]


def test_missing_required_field(project):
    assert problems(project, "---\nlang: en\n---\nBody\n") == [
        "content/doc.md:2:1: title: required field is missing"
    ]


def test_duplicate_field(project):
    assert problems(project, "---\ntitle: A\nlang: en\ntitle: B\n---\n") == [
        "content/doc.md:4:1: (yaml): invalid YAML: duplicate field 'title'"
    ]


def test_alias_bombs_are_refused(project):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    found = problems(project, f"---\ntitle: T\n{bomb}---\n")
    assert len(found) == 1 and "more than 100,000 values once aliases are expanded" in found[0]


def test_mistyped_field(project):
    assert problems(project, "---\ntitle: T\naliases: {a: 1}\n---\n") == [
        "content/doc.md:3:10: aliases: expected a list, got a mapping"
    ]


def test_unknown_field_suggests_the_near_one(project):
    text = GOOD.replace(
        "      casualties:\n        total: 100", "      casualty:\n        total: 100"
    )
    assert problems(project, text) == [
        "content/doc.md:8:7: infobox.sides[0].casualty: unknown field 'casualty';"
        " did you mean 'casualties'?"
    ]


def test_unknown_field_without_a_near_one_lists_the_fields(project):
    found = problems(project, "---\ntitle: T\nlicense: {name: X, zzz: 1}\n---\n")
    assert found == [
        "content/doc.md:3:20: license.zzz: unknown field 'zzz'; expected one of name, url"
    ]


def test_by_belligerent_name_must_be_one_of_the_sides_belligerents(project):
    text = GOOD.replace(
        "        non_combat: 20\n",
        "        non_combat: 20\n        by_belligerent:\n          - {belligerent: Alfa, count: 60}\n",
    )
    assert problems(project, text) == [
        "content/doc.md:13:27: infobox.sides[0].casualties.by_belligerent[0].belligerent:"
        " 'Alfa' is not among this side's belligerents (Alpha, Beta); did you mean 'Alpha'?"
    ]


def test_image_that_does_not_exist(project):
    text = GOOD.replace("sources:", "image: {file: missing.jpg, alt: A picture}\nsources:")
    assert problems(project, text) == [
        "content/doc.md:3:15: image.file: image 'missing.jpg' does not exist"
    ]


def test_image_outside_the_project(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.png"
    outside.write_bytes(b"not really")
    text = GOOD.replace("sources:", f"image: {{file: '{outside}', alt: A picture}}\nsources:")
    assert problems(project, text) == [
        f"content/doc.md:3:15: image.file: image '{outside}' lies outside the project"
    ]


def test_image_needs_alt_text(project):
    (project.content / "pic.png").write_bytes(b"\x89PNG")
    text = GOOD.replace("sources:", "image: {file: pic.png}\nsources:")
    assert problems(project, text) == ["content/doc.md:3:8: image.alt: required field is missing"]


def test_unknown_source_id_in_a_quantity(project):
    text = GOOD.replace("        total: 100", "        total: {value: 100, source: wq}")
    assert problems(project, text) == [
        "content/doc.md:9:37: infobox.sides[0].casualties.total.source:"
        " unknown source id 'wq'; did you mean 'wp'? (known: wp)"
    ]


def test_unknown_source_id_in_the_body(project):
    text = GOOD.replace("Some text. [@wp]", "Some text.\n\nMore [@wq, p. 4].")
    assert problems(project, text) == [
        "content/doc.md:18:6: body: unknown source id 'wq'; did you mean 'wp'? (known: wp)"
    ]


def test_duplicate_source_id(project):
    text = GOOD.replace(
        "  - {id: wp, title: An article}", "  - {id: wp, title: A}\n  - {id: wp, title: B}"
    )
    assert problems(project, text) == [
        "content/doc.md:5:10: sources[1].id: duplicate source id 'wp'"
    ]


def test_undefined_footnote(project):
    text = GOOD.replace("Some text. [@wp]", "Some text.[^a] and more.[^b]\n\n[^a]: Defined.")
    assert problems(project, text) == [
        "content/doc.md:16:25: body: footnote [^b] is not defined; add a line '[^b]: …'"
    ]


def test_combat_and_non_combat_must_add_up_to_total(project):
    text = GOOD.replace("non_combat: 20", "non_combat: 40")
    assert problems(project, text) == [
        "content/doc.md:9:16: infobox.sides[0].casualties.total: warning:"
        " combat + non_combat adds up to 120, which does not match total 100"
    ]


def test_ranges_and_approximations_are_compared_as_intervals(project):
    # approx 50 is 45–55; a range 40–60 overlaps it, so no warning; 70 does not.
    text = GOOD.replace(
        "        total: {approx: 50}",
        "        total: {approx: 50}\n        combat: {min: 40, max: 60}",
    )
    assert problems(project, text) == []
    text = GOOD.replace(
        "        total: {approx: 50}", "        total: {approx: 50}\n        combat: 70"
    )
    assert problems(project, text) == [
        "content/doc.md:14:16: infobox.sides[1].casualties.total: warning:"
        " combat + non_combat adds up to 70, which does not match total 45–55"
    ]


def test_by_belligerent_naming_every_belligerent_must_match_total(project):
    text = GOOD.replace(
        "        non_combat: 20\n",
        "        non_combat: 20\n        by_belligerent:\n"
        "          - {belligerent: Alpha, count: 30}\n          - {belligerent: Beta, count: 30}\n",
    )
    assert problems(project, text) == [
        "content/doc.md:9:16: infobox.sides[0].casualties.total: warning:"
        " by_belligerent adds up to 60, which does not match total 100"
    ]


def test_partial_by_belligerent_is_checked_only_when_it_exceeds_total(project):
    partial = "        non_combat: 20\n        by_belligerent:\n          - {belligerent: Alpha, count: %s}\n"
    assert problems(project, GOOD.replace("        non_combat: 20\n", partial % 30)) == []
    assert problems(project, GOOD.replace("        non_combat: 20\n", partial % 130)) == [
        "content/doc.md:9:16: infobox.sides[0].casualties.total: warning:"
        " by_belligerent adds up to 130, which does not match total 100"
    ]


def test_text_quantities_are_never_checked(project):
    assert problems(project, GOOD.replace("combat: 80", "combat: several")) == []


def test_character_no_font_can_draw_is_a_warning(project):
    text = GOOD.replace("Some text.", "Some \ue000 text.")
    found = problems(project, text)
    assert found == [
        "content/doc.md:16:6: body: warning: no available font can draw '\\ue000' (U+E000)"
    ]


def test_warnings_do_not_stop_a_document(project):
    path = project.write("doc.md", GOOD.replace("non_combat: 20", "non_combat: 40"))
    loaded = load_document(path, project.root)
    assert [w.severity for w in loaded.warnings] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: T\nlang: xx-nope", "lang: expected a BCP 47 language tag such as en, fr or de-CH"),
        ("title: T\nslug: Not A Slug", "slug: expected a slug of lowercase letters, digits"),
        ("title: T\nupdated: yesterday", "updated: expected a date as YYYY-MM-DD, got 'yesterday'"),
        (
            "title: T\ntimeline: [{date: 1938-13, event: x}]",
            "timeline[0].date: expected a real date",
        ),
        ("title: T\ninfobox: {sides: [{belligerents: [A]}]}", "infobox.sides: expected at least 2"),
        ("title: ''", "title: expected text, got an empty value"),
        ("title: T\nkeywords: [a, true]", "keywords[1]: expected text, got true (a yes/no value)"),
    ],
)
def test_field_values_are_checked(project, front, message):
    found = problems(project, f"---\n{front}\n---\n")
    assert len(found) == 1 and message in found[0], found


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("1.5", "expected a whole number, got 1.5 (a decimal point): write thousands"),
        (
            "{approx: 5, at_least: 3}",
            "expected exactly one of value, approx, min and max, at_least",
        ),
        ("{min: 9, max: 3}", "a range needs min <= max, got 9 > 3"),
        ("{min: 9}", "a range needs both min and max"),
        ("{approx: -3}", "expected a number of zero or more"),
        ("{aprox: 3}", "unknown field 'aprox'; did you mean 'approx'?"),
    ],
)
def test_quantity_forms_are_checked(project, count, message):
    text = GOOD.replace("        combat: 80", f"        combat: {count}")
    found = problems(project, text)
    assert len(found) == 1 and message in found[0], found


def test_invalid_utf8_names_the_byte(project):
    path = project.content / "doc.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(ContentError) as caught:
        load_document(path, project.root)
    assert caught.value.problems[0].format(project.root) == (
        "content/doc.md:2:11: (file): invalid UTF-8 at byte offset 14; save the file as UTF-8"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "content/doc.md:1:1: (file): empty file; expected --- front matter"),
        ("# Just Markdown\n", "content/doc.md:1:1: (file): expected the file to start with a ---"),
        (
            "---\ntitle: T\n",
            "content/doc.md:1:1: (file): front matter opened with --- is never closed",
        ),
        (
            "---\n- a list\n---\n",
            "content/doc.md:2:1: (front matter): expected a mapping of fields",
        ),
    ],
)
def test_file_shape_problems(project, text, message):
    found = problems(project, text)
    assert len(found) == 1 and found[0].startswith(message), found


@pytest.mark.parametrize("end", [b"\r\n", b"\r"])
def test_bom_and_crlf_or_cr_are_accepted(project, end):
    path = project.content / "doc.md"
    path.write_bytes(b"\xef\xbb\xbf" + end.join([b"---", b"title: T", b"---", b"Body line.", b""]))
    assert load_document(path, project.root).document.narrative.first_paragraph == "Body line."


def test_collection_names_existing_documents(project):
    path = project.write("collection.yaml", "title: Unit\ndocuments: [sheet-a, sheet-c]\n")
    with pytest.raises(ContentError) as caught:
        load_collection(path, {"sheet-a", "overview"})
    assert [p.format(project.root) for p in caught.value.problems] == [
        "content/collection.yaml:2:22: documents[1]: no document 'sheet-c'; did you mean 'sheet-a'?"
    ]


def test_collection_licence_links_to_the_web(project):
    path = project.write("collection.yaml", "title: Unit\nlicense: {name: L, url: ../x.txt}\n")
    with pytest.raises(ContentError) as caught:
        load_collection(path, {"a"})
    assert [p.format(project.root) for p in caught.value.problems] == [
        "content/collection.yaml:2:25: license.url: expected an http(s) or mailto address,"
        " got '../x.txt'"
    ]


def test_collection_loads(project):
    path = project.write("collection.yaml", "title: Unit\nlang: fr\ndocuments: [a]\n")
    collection = load_collection(path, {"a"})
    assert (collection.title, collection.lang, collection.documents) == ("Unit", "fr", ("a",))
