"""The casualty chart for every shape of figure: its labels, marks and ticks as computed, and as
WeasyPrint and the e-book set them."""

from __future__ import annotations

import re
import zipfile
from itertools import combinations, pairwise

import pdfplumber
import pytest
import yaml
from lxml import etree
from writers.test_epub import assert_epubcheck_clean

from factsheet.chart import (
    BARS_MIN,
    LABEL_MAX,
    TEXT_SIZE,
    TICK_GAP,
    TICK_SIZE,
    WIDTH,
    Chart,
    casualty_chart,
    fit,
    text_width,
)
from factsheet.model import Side
from factsheet.pipeline import Options, build
from factsheet.templates import environment
from factsheet.words import labels_for

ALLIES = [
    "United States", "United Kingdom", "Soviet Union", "China", "France", "Poland", "Canada",
    "Australia", "New Zealand", "India", "South Africa", "Netherlands", "Belgium", "Norway",
    "Greece", "Yugoslavia", "Czechoslovakia", "Brazil", "Mexico", "Philippines", "Luxembourg",
    "Ethiopia", "Denmark", "Mongolia", "Iraq", "Iran", "Colombia", "Liberia", "Peru", "Bolivia",
    "Ecuador", "Chile", "Uruguay", "Venezuela", "Paraguay", "Turkey", "Egypt", "Syria",
    "Lebanon", "Saudi Arabia", "Cuba",
]  # fmt: skip
AXIS = ["Germany", "Japan", "Italy", "Hungary", "Romania", "Bulgaria", "Finland", "Thailand"]
WORLD_WAR = [
    {"belligerents": ALLIES, "casualties": {"total": {"min": 16_000_000, "max": 19_000_000}}},
    {"belligerents": AXIS, "casualties": {"total": 8_000_000}},
]
DISPUTED = [
    {
        "name": "Allies",
        "casualties": {
            "total": [
                {"value": 1_500_000, "note": "Soviet sources"},
                {"value": 2_400_000, "note": "German claim"},
                {"min": 3_000_000, "max": 3_300_000, "note": "later estimate"},
            ]
        },
    },
    {"name": "Axis", "casualties": {"total": {"approx": 2_100_000}}},
]
BY_BELLIGERENT = [
    {
        "belligerents": ["Soviet Union", "Mongolia"],
        "casualties": {
            "by_belligerent": [
                {"belligerent": "Soviet Union", "count": 32000},
                {"belligerent": "Mongolia", "count": 1000},
            ]
        },
    },
    {
        "belligerents": ["Japan", "Manchukuo"],
        "casualties": {
            "by_belligerent": [
                {"belligerent": "Japan", "count": [27000, 45000]},
                {"belligerent": "Manchukuo", "count": {"at_least": 3000}},
            ]
        },
    },
]
KILLED_AND_WOUNDED = [
    {"belligerents": ["Soviet Union"], "casualties": {"killed": 792, "wounded": 3279}},
    {
        "belligerents": ["Japan", "Manchukuo"],
        "casualties": {
            "killed": {"value": 526, "note": "Japanese sources"},
            "wounded": 913,
            "missing": "unknown",
        },
    },
]
TINY = {"casualties": {"total": 3}}
RANGE = {"min": 1000, "max": 1500}
CROWDED = [
    {"name": "A side with a long name", "casualties": {"total": [400_000, 200_000, 133_333]}},
    {"name": "B", **TINY},
]
TOTALS = [
    12000,
    {"approx": 9000},
    {"at_least": 4000},
    {"min": 2000, "max": 7000},
    [3000, 11000],
    500,
]


def chart(sides: list[dict], lang: str = "en") -> Chart | None:
    return casualty_chart(
        tuple(Side.model_validate(side) for side in sides), lang, labels_for(lang)
    )


def assert_ticks_apart(made: Chart) -> None:
    """Neighbouring tick labels, by the chart's own estimate of their widths, leave room."""
    for (x1, a), (x2, b) in pairwise(made.ticks):
        room = x2 - x1 - (text_width(a, TICK_SIZE) + text_width(b, TICK_SIZE)) / 2
        assert room >= TICK_GAP, (a, b, room)


def svg(made: Chart, id_prefix: str = "") -> etree._Element:
    """The chart as the template draws it."""
    template = environment().get_template("partials/chart.svg.j2")
    html = template.render(casualty_chart=made, id_prefix=id_prefix, lang="en")
    return etree.fromstring(html.strip()).find("{http://www.w3.org/2000/svg}svg")


def bars_of(element: etree._Element) -> list[etree._Element]:
    """The rectangles of the bars, without the white ground under each figure."""
    return [r for r in element.iter("{*}rect") if r.get("class") != "ground"]


def svg_texts(element: etree._Element) -> list[str]:
    return [t.text for t in element.iter("{http://www.w3.org/2000/svg}text")]


def test_sides_without_names_are_labelled_by_their_first_belligerent_and_the_others_count():
    made = chart(WORLD_WAR)
    assert [bar.label for bar in made.bars] == ["United States +40", "Germany +7"]
    assert [bar.name for bar in made.bars] == [", ".join(ALLIES), ", ".join(AXIS)]
    assert made.width == WIDTH
    assert made.label_width <= LABEL_MAX
    assert made.bar_width >= BARS_MIN
    assert made.description == (
        f"Total casualties by side. {', '.join(ALLIES)}: 16,000,000–19,000,000. "
        f"{', '.join(AXIS)}: 8,000,000."
    )


def test_belligerents_are_listed_whole_where_every_list_fits():
    sides = [{"belligerents": ["Soviet Union", "Mongolia"], "casualties": {"total": 33000}}]
    sides.append({"belligerents": ["Japan", "Manchukuo"], "casualties": {"total": 30000}})
    made = chart(sides)
    assert [bar.label for bar in made.bars] == ["Soviet Union, Mongolia", "Japan, Manchukuo"]
    assert [text for _, text in made.ticks] == ["0", "10,000", "20,000", "30,000", "40,000"]


def test_a_long_name_is_cut_with_an_ellipsis_and_the_bars_keep_their_width():
    name = "The Grand Coalition of the Seventh War against Napoleonic France"
    made = chart([{"name": name, "casualties": {"total": 5}}, {"name": "France", **TINY}])
    label = made.bars[0].label
    assert label.endswith("…") and name.startswith(label[:-1])
    assert text_width(label, TEXT_SIZE) <= LABEL_MAX
    assert made.bar_width >= BARS_MIN
    assert made.description.startswith(f"Total casualties by side. {name}: 5. France: 3.")
    assert fit("Axis", 100) == "Axis"


def test_millions_are_written_short_on_the_axis_in_the_documents_language():
    english, french = chart(WORLD_WAR), chart(WORLD_WAR, "fr")
    assert [text for _, text in english.ticks] == ["0", "5M", "10M", "15M", "20M"]
    assert [text for _, text in french.ticks] == ["0", "5\xa0M", "10\xa0M", "15\xa0M", "20\xa0M"]
    assert [bar.value for bar in english.bars] == ["16M–19M", "8M"]
    assert [bar.value for bar in french.bars] == ["16\xa0M–19\xa0M", "8\xa0M"]
    assert_ticks_apart(english)
    assert_ticks_apart(french)


@pytest.mark.parametrize("top", [7, 95, 1_234, 33_000, 87_654, 450_000, 9_999_999, 10**14])
@pytest.mark.parametrize("lang", ["en", "de", "ja", "ru"])
def test_tick_labels_never_meet(top, lang):
    made = chart([{"name": "A", "casualties": {"total": top}}, {"name": "B", **TINY}], lang)
    assert made.ticks[0] == (0.0, "0")
    assert made.ticks[-1][0] == pytest.approx(made.bar_width)
    assert len(made.ticks) >= 2
    assert_ticks_apart(made)


def test_a_step_is_made_coarser_until_its_labels_fit():
    made = chart(CROWDED, "de")
    assert [text for _, text in made.ticks] == ["0", "200.000", "400.000"]
    finer = made.bar_width / 4  # 100.000 apart
    assert finer < text_width("100.000", TICK_SIZE) + TICK_GAP
    assert_ticks_apart(made)


def test_disputed_claims_are_marks_on_one_bar_not_a_range():
    made = chart(DISPUTED)
    allies, axis = made.bars
    scale = made.bar_width / 4_000_000
    assert allies.kind == "claims"
    assert allies.start == 0
    claims = [1.5e6, 1.5e6, 2.4e6, 2.4e6, 3e6, 3.3e6]
    assert [x for mark in allies.marks for x in mark] == pytest.approx([c * scale for c in claims])
    assert allies.end == pytest.approx(3_300_000 * scale)
    assert allies.value == "1.5M; 2.4M; 3M–3.3M"
    assert (axis.kind, axis.value, axis.marks) == ("approx", "c.\xa02.1M", ())
    assert axis.start == pytest.approx(1_890_000 * scale)
    assert made.description == (
        "Total casualties by side. Allies: 1,500,000 (Soviet sources); 2,400,000 (German claim);"
        " 3,000,000–3,300,000 (later estimate). Axis: c.\xa02,100,000."
    )
    drawn = svg(made)
    claims = [r for r in drawn.iter("{*}rect") if r.get("class") == "claim"]
    assert len(claims) == 3
    assert "1.5M; 2.4M; 3M–3.3M" in svg_texts(drawn)


def test_figures_by_belligerent_add_up_to_a_lower_bound():
    made = chart(BY_BELLIGERENT)
    japan = made.bars[1]
    assert [bar.kind for bar in made.bars] == ["sum", "sum"]
    assert [bar.value for bar in made.bars] == ["33,000+", "30,000+"]
    assert japan.start == pytest.approx(30000 * made.bar_width / 60000)
    assert japan.end == pytest.approx(japan.start * 1.25)
    assert made.description == (
        "Total casualties by side."
        " Soviet Union, Mongolia: 33,000+ (Soviet Union 32,000; Mongolia 1,000)."
        " Japan, Manchukuo: 30,000+ (Japan 27,000 / 45,000; Manchukuo 3,000+)."
    )


def test_a_side_with_a_total_is_drawn_by_its_total_not_its_parts():
    sides = [dict(BY_BELLIGERENT[0]), BY_BELLIGERENT[1]]
    sides[0] = {**sides[0], "casualties": {**sides[0]["casualties"], "total": 40000}}
    assert [bar.value for bar in chart(sides).bars] == ["40,000", "30,000+"]


def test_killed_wounded_missing_and_captured_add_up_to_a_lower_bound():
    made = chart(KILLED_AND_WOUNDED)
    assert [bar.value for bar in made.bars] == ["4,071+", "1,439+"]
    assert made.description == (
        "Total casualties by side. Soviet Union: 4,071+ (Killed 792; Wounded 3,279)."
        " Japan, Manchukuo: 1,439+ (Killed 526; Wounded 913; Missing unknown)."
    )


def test_a_sum_of_kinds_with_one_in_dispute_is_no_figure():
    """The Lake Khasan sheet: Japanese sources give 526 killed, Soviet ones 3,000. A sum would
    take one source's side, so that side has no figure, and with one figure there is no chart."""
    disputed = [
        KILLED_AND_WOUNDED[0],
        {
            "belligerents": ["Japan"],
            "casualties": {"killed": [{"value": 526, "note": "Japanese sources"}, 3000]},
        },
    ]
    assert chart(disputed) is None


# Relative luminance to CIE L*: how light a colour prints in grey.
def lightness(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * y ** (1 / 3) - 16


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6])
def test_two_to_six_sides_each_have_a_labelled_bar_in_a_grey_of_its_own(count):
    sides = [{"name": f"Side {n}", "casualties": {"total": TOTALS[n]}} for n in range(count)]
    made = chart(sides)
    assert [bar.label for bar in made.bars] == [f"Side {n}" for n in range(count)]
    assert made.height == count * 13 + 14
    drawn = svg(made)
    assert drawn.get("viewBox") == f"0 0 {made.width:.1f} {made.height}"
    labels = svg_texts(drawn)
    assert all(f"Side {n}" in labels for n in range(count))
    solid = [r.get("fill") for r in bars_of(drawn) if r.get("fill-opacity") is None]
    colours = list(dict.fromkeys(c for c in solid))
    assert len(colours) == count
    assert all(abs(lightness(a) - lightness(b)) >= 10 for a, b in combinations(colours, 2))


def test_the_text_alternative_is_named_by_ids_that_carry_the_prefix():
    drawn = svg(chart(DISPUTED), id_prefix="s2-")
    ids = {element.get("id") for element in drawn.iter() if element.get("id")}
    assert drawn.get("aria-labelledby") == "s2-fs-chart-title s2-fs-chart-desc"
    assert set(drawn.get("aria-labelledby").split()) <= ids


@pytest.mark.parametrize(
    "sides",
    [
        [{"belligerents": ["Soviet Union"], "casualties": {"total": 5000}}, {"name": "Japan"}],
        [{"name": "A", "casualties": {"total": 5000}}, {"name": "B", "casualties": {"total": "?"}}],
        [{"name": "A", "casualties": {"killed": 5}}, {"name": "B", "casualties": {"notes": ["?"]}}],
    ],
    ids=["no-casualties", "text-only", "notes-only"],
)
def test_fewer_than_two_sides_with_a_figure_draw_no_chart(sides):
    assert chart(sides) is None


def sheet(title: str, sides: list[dict], lang: str = "en") -> str:
    front = {
        "title": title,
        "lang": lang,
        "infobox": {"facts": [{"label": "Date", "value": "1939"}]},
    }
    front["infobox"]["sides"] = sides
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\nSome text.\n"


def words_on_line(page, texts: list[str]) -> list[dict]:
    """The words of the page's one line that holds all of `texts`, left to right."""
    lines: dict[float, list[dict]] = {}
    for word in page.extract_words():
        lines.setdefault(round(word["top"], 1), []).append(word)
    found = [line for line in lines.values() if {w["text"] for w in line} >= set(texts)]
    assert len(found) == 1, [[w["text"] for w in line] for line in lines.values()]
    return sorted((w for w in found[0] if w["text"] in texts), key=lambda w: w["x0"])


def assert_ticks_apart_on_the_page(pdf: pdfplumber.PDF, made: Chart) -> None:
    """The chart's tick labels as WeasyPrint set them: apart, and each no wider than the
    chart's estimate of it at the chart's scale on the page."""
    texts = [text for _, text in made.ticks]
    ticks = words_on_line(pdf.pages[0], texts)
    assert [w["text"] for w in ticks] == texts
    for left, right in pairwise(ticks):
        assert left["x1"] < right["x0"], (left, right)
    points = (ticks[-1]["x0"] + ticks[-1]["x1"] - ticks[0]["x0"] - ticks[0]["x1"]) / 2
    scale = points / (made.ticks[-1][0] - made.ticks[0][0])
    for word in ticks:
        assert text_width(word["text"], TICK_SIZE) * scale >= word["x1"] - word["x0"]


def test_in_the_pdf_tick_labels_stand_apart_and_labels_are_whole(project):
    project.write("world-war.md", sheet("World war", WORLD_WAR))
    project.write("crowded.md", sheet("Gedrängt", CROWDED, lang="de"))
    project.write("disputed.md", sheet("Disputed", DISPUTED))
    project.write("one-side.md", sheet("One side", [*WORLD_WAR[:1], {"name": "Axis"}]))
    events: list = []
    options = Options(content=project.content, out=project.out, formats=("pdf", "epub", "html"))
    assert build(options, events.append).ok, events
    with pdfplumber.open(project.out / "crowded.pdf") as pdf:
        assert_ticks_apart_on_the_page(pdf, chart(CROWDED, "de"))
    with pdfplumber.open(project.out / "world-war.pdf") as pdf:
        assert_ticks_apart_on_the_page(pdf, chart(WORLD_WAR))
        page_text = pdf.pages[0].extract_text(x_tolerance=1)
        lines = "\n".join(p.extract_text() for p in pdf.pages).splitlines()
    assert "United States +40" in page_text and "Germany +7" in page_text
    assert "16M–19M" in page_text
    assert lines.count("Casualties and losses") == 2  # the chart's band and the section's heading
    with pdfplumber.open(project.out / "one-side.pdf") as pdf:
        lines = "\n".join(p.extract_text() for p in pdf.pages).splitlines()
    assert lines.count("Casualties and losses") == 1
    assert_epubcheck_clean(project.out / "disputed.epub")
    assert_epubcheck_clean(project.out / "one-side.epub")
    with zipfile.ZipFile(project.out / "one-side.epub") as book:
        xhtml = book.read("EPUB/one-side.xhtml").decode()
    html = (project.out / "one-side.html").read_text(encoding="utf-8")
    for page_source in (xhtml, html):
        infobox = re.search(r"<aside class=\"infobox\".*?</aside>", page_source, re.DOTALL)[0]
        assert "<figure" not in infobox and "infobox-chart" not in infobox
        assert "Casualties and losses" not in infobox
        assert "fs-chart" not in page_source


def test_a_range_a_lower_bound_and_a_sums_parts_are_drawn_as_the_readme_says():
    sides = [
        {"name": "A", "casualties": {"total": {"min": 2000, "max": 7000}}},
        {"name": "B", "casualties": {"total": {"at_least": 4000}}},
        {"name": "C", "casualties": {"total": "unknown", "killed": {"approx": 900}}},
        {"name": "D", "casualties": {"by_belligerent": [{"belligerent": "E", "count": RANGE}]}},
    ]
    made = chart(sides)
    scale = made.bar_width / 8000
    a, b, c, d = made.bars
    assert (a.kind, a.start, a.end) == ("range", 2000 * scale, 7000 * scale)
    assert (b.kind, b.start, b.end) == ("at_least", 4000 * scale, 5000 * scale)
    assert (c.kind, c.value, c.start) == ("sum", "900+", 900 * scale)
    assert (d.kind, d.value, d.start) == ("sum", "1,000+", 1000 * scale)
    assert [text for _, text in chart(WORLD_WAR, "ja").ticks] == [
        "0",
        "500万",
        "1000万",
        "1500万",
        "2000万",
    ]


def test_a_seventh_side_takes_the_first_colour_again():
    sides = [{"name": f"Side {n}", "casualties": {"total": 10 + n}} for n in range(7)]
    drawn = svg(chart(sides))
    fills = [r.get("fill") for r in bars_of(drawn)]
    assert len(fills) == 7 and fills[6] == fills[0] and len(set(fills)) == 6


def test_no_grid_line_runs_through_a_figure():
    """The flagship's 40,000 line ran through "33,000": each figure stands on a white ground
    as wide as the figure is set, over the grid lines."""
    for sides in ([{"name": "A", "casualties": {"total": 33000}}, {"name": "B", **TINY}], DISPUTED):
        drawn = svg(chart(sides))
        shapes = list(drawn)
        for index, text in enumerate(shapes):
            if (
                text.tag.endswith("text")
                and text.get("font-size") == "7"
                and not text.get("text-anchor")
            ):
                ground = shapes[index - 1]
                assert ground.get("class") == "ground" and ground.get("fill") == "#ffffff"
                left, width = float(ground.get("x")), float(ground.get("width"))
                assert left <= float(text.get("x"))
                assert left + width >= float(text.get("x")) + text_width(text.text, 7.0)
                lines = [s for s in shapes[:index] if s.tag.endswith("line")]
                assert shapes.index(lines[-1]) < index - 1  # the grid lies under the ground
