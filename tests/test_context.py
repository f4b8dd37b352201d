"""Model to template context: aligned casualty tables and locale formatting."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from factsheet.context import casualty_table, format_quantity
from factsheet.contexts import build_context
from factsheet.markdown import convert
from factsheet.model import Document, FrontMatter, Quantity
from factsheet.pipeline import Options, build
from factsheet.words import labels_for


def _document(front: dict) -> Document:
    meta = FrontMatter.model_validate(front)
    return Document(
        "d", __import__("pathlib").Path("d.md"), meta, "Body.", 4, convert("Body.", meta.lang, ())
    )


@pytest.mark.parametrize(
    ("lang", "raw", "shown"),
    [
        ("en", 33000, "33,000"),
        ("en", {"approx": 21000}, "c.\u00a021,000"),
        ("en", {"min": 26211, "max": 28169}, "26,211–28,169"),
        ("en", {"at_least": 46}, "46+"),
        ("en", "several", "several"),
        ("fr", 33000, "33\u202f000"),
        ("de", 33000, "33.000"),
        ("de", {"approx": 1500}, "ca.\u00a01.500"),
    ],
)
def test_quantities_are_formatted_for_the_language(lang, raw, shown):
    assert format_quantity(Quantity.model_validate(raw), lang, labels_for(lang)) == shown


def test_casualty_rows_align_across_sides():
    meta = FrontMatter.model_validate(
        {
            "title": "T",
            "infobox": {
                "sides": [
                    {
                        "belligerents": ["A", "B"],
                        "casualties": {
                            "total": 10,
                            "combat": 8,
                            "by_belligerent": [{"belligerent": "A", "count": 6}],
                            "material": [{"item": "tanks", "count": 3}],
                        },
                    },
                    {
                        "belligerents": ["C"],
                        "casualties": {
                            "total": 7,
                            "non_combat": 2,
                            "material": [
                                {"item": "aircraft", "count": 1},
                                {"item": "tanks", "count": 4},
                            ],
                            "notes": ["Estimates vary."],
                        },
                    },
                ]
            },
        }
    )
    table = casualty_table(meta.infobox.sides, labels_for("en"))
    assert table.columns == ("A, B", "C")
    layout = {
        group.name: [
            (row.label, [c[0].value if c else None for c in row.cells]) for row in group.rows
        ]
        for group in table.groups
    }
    assert layout == {
        "kinds": [("Total", [10, 7]), ("Combat", [8, None]), ("Non-combat", [None, 2])],
        "by_belligerent": [("A", [6, None])],
        "material": [("tanks", [3, 4]), ("aircraft", [None, 1])],
    }
    assert table.notes == (("C", ("Estimates vary.",)),)


def test_no_casualties_means_no_table():
    assert casualty_table((), labels_for("en")) is None


def test_context_uses_the_summary_or_first_paragraph_and_the_given_date():
    when = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    context = build_context(_document({"title": "T", "lang": "en-GB"}), when=when)
    assert context["summary"] == "Body."
    assert context["build_date"] == "26 November 2026"
    assert context["labels"]["casualties"] == "Casualties and losses"
    context = build_context(_document({"title": "T", "summary": "S", "lang": "fr"}), when=when)
    assert context["summary"] == "S" and context["labels"]["casualties"] == "Pertes"


@pytest.mark.parametrize(
    ("lang", "word"),
    [
        ("en-US", "License"),
        ("en", "License"),  # CLDR: English without a region is US English
        ("en-GB", "Licence"),
        ("en-AU", "Licence"),
        ("en-IN", "Licence"),
        ("en-IE", "Licence"),
        ("en-DE", "Licence"),  # en-150, European English, files under world English
        ("fr", "Licence"),
        ("de-CH", "Lizenz"),
    ],
)
def test_the_licence_label_is_spelt_as_the_region_writes_it(lang, word):
    assert labels_for(lang)["license"] == word


@pytest.mark.parametrize(("lang", "word"), [("en-US", "License"), ("en-GB", "Licence")])
def test_the_colophon_spells_the_licence_label_for_the_sheet(project, lang, word):
    project.write(
        "sheet.md",
        f"---\ntitle: T\nlang: {lang}\nlicense: {{name: CC0}}\n---\nText.\n",
    )
    events: list = []
    options = Options(content=project.content, out=project.out, formats=("html",))
    assert build(options, events.append).ok, events
    page = lxml.html.parse(str(project.out / "sheet.html"))
    colophon = page.xpath("//p[@class='license']")[0].text_content()
    assert colophon == f"{word}: CC0."


def test_infobox_notes_stand_in_parentheses_and_a_lower_bound_bar_is_a_quarter_longer(project):
    import re

    project.write(
        "q.md",
        """
        ---
        title: Q
        infobox:
          sides:
            - belligerents: [North]
              strength: [{item: troops, count: {value: 900, note: at the start}}]
              casualties: {total: 526}
            - belligerents: [South]
              casualties: {total: {at_least: 46}}
        ---
        Text.
        """,
    )
    assert build(Options(content=project.content, out=project.out, formats=("html",)), print).ok
    page = (project.out / "q.html").read_text(encoding="utf-8")
    assert '900 <span class="note">(at the start)</span>' in page
    bars = [
        (float(width), 'fill-opacity="0.35"' in rest)
        for width, rest in re.findall(r'<rect x="[\d.]+" y="15" width="([\d.]+)"([^>]*)/>', page)
    ]
    [(solid, solid_is_light), (light, light_is_light)] = bars
    assert (solid_is_light, light_is_light) == (False, True)
    assert abs(light - solid / 4) < 0.01, bars
