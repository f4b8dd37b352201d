"""What factsheet.printed.weasyprint_layout takes from WeasyPrint beyond its documented API.

One test per internal, named after it: when an upgrade changes one, this file turns red and
says which, instead of the e-book's page markers or the footnote repair going quietly wrong.
"""

from __future__ import annotations

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import pango

from factsheet.printed import weasyprint_layout

PAGE = """<!DOCTYPE html><html><head><style>
@page { size: 120mm 80mm; margin: 10mm; @bottom-center { content: "foot" } }
.note { float: footnote }
</style></head><body>
<p id="first">Alpha bravo charlie.</p>
<ul style="list-style-position: inside"><li id="item">Delta echo.</li></ul>
<p id="called">A call<span class="note" id="fn-1">The note.</span> here.</p>
<p id="second" style="break-before: page">Foxtrot golf.</p>
</body></html>"""


@pytest.fixture(scope="module")
def source() -> HTML:
    return HTML(string=PAGE)


@pytest.fixture(scope="module")
def layout(source: HTML):
    return source.render()


def test_page_box_is_private_page_box_of_each_page(layout):
    assert len(layout.pages) == 2
    for page in layout.pages:
        assert isinstance(page._page_box, boxes.PageBox)
        assert callable(page._page_box.descendants)


def test_first_child_of_page_box_is_the_flow_not_a_margin_box(layout):
    for page in layout.pages:
        flow = page._page_box.children[0]
        assert flow.element_tag == "html"
        others = page._page_box.children[1:]
        assert any(isinstance(box, boxes.MarginBox) for box in others), "margins come after"


def test_line_box_and_text_box_carry_element_and_text(layout):
    flow = layout.pages[0]._page_box.children[0]
    lines = [box for box in flow.descendants() if isinstance(box, boxes.LineBox)]
    texts = [box for box in lines[0].descendants() if isinstance(box, boxes.TextBox)]
    assert [(box.element.get("id"), box.text) for box in texts] == [
        ("first", "Alpha bravo charlie.")
    ]


def test_marker_suffix_on_element_tag_of_list_markers(layout):
    flow = layout.pages[0]._page_box.children[0]
    tags = {box.element_tag for box in flow.descendants() if isinstance(box, boxes.TextBox)}
    assert "li" + weasyprint_layout.MARKER_SUFFIX in tags
    assert {tag for tag in tags if tag.endswith("::marker")} == {"li::marker"}


def test_footnote_area_box_holds_the_notes_and_calls_name_theirs(layout):
    areas = [
        box
        for box in layout.pages[0]._page_box.descendants()
        if isinstance(box, boxes.FootnoteAreaBox)
    ]
    assert [note.element.get("id") for area in areas for note in area.children] == ["fn-1"]
    calls = [
        box.footnote
        for box in layout.pages[0]._page_box.descendants()
        if getattr(box, "footnote", None) is not None
    ]
    assert [call.element.get("id") for call in calls] == ["fn-1"]
    assert weasyprint_layout.footnotes(layout) == (weasyprint_layout.Footnote("fn-1", 1, 1),)


def test_html_etree_element_is_the_tree_the_boxes_point_into(source, layout):
    root = source.etree_element
    assert root.tag == "html"
    in_tree = {id(element) for element in root.iter()}
    lines = list(weasyprint_layout.flow_lines(layout))
    assert lines and all(id(line.element) in in_tree for line in lines)
    assert [(line.page, line.element.get("id"), line.text) for line in lines] == [
        (1, "first", "Alpha bravo charlie."),
        (1, "item", "Delta echo."),
        (1, "called", "A call1 here."),  # the call's number, not the marker's bullet
        (2, "second", "Foxtrot golf."),
    ]


def test_page_anchors_name_the_ids_on_each_page(layout):
    pages = weasyprint_layout.page_anchors(layout)
    assert {name: pages[name] for name in ("first", "item", "second")} == {
        "first": 1,
        "item": 1,
        "second": 2,
    }


def test_pango_version_is_an_integer_of_the_loaded_library():
    version = pango.pango_version()
    assert isinstance(version, int) and version >= 14400  # WeasyPrint needs Pango 1.44
    major, minor, micro = (int(part) for part in weasyprint_layout.pango_version().split("."))
    assert major * 10000 + minor * 100 + micro == version


BOXES = """<!DOCTYPE html><html><head><style>
@page { size: 120mm 80mm; margin: 10mm; bleed: 3mm; @bottom-center { content: "foot" } }
body { margin: 0 }
.note { float: footnote }
#corner { position: absolute; top: 0; right: 0; margin: 0 }
</style></head><body>
<p id="first">Alpha<span class="note" id="fn-2">The note.</span> bravo.</p>
<table><tr><td id="cell">Cell text</td></tr></table>
<img id="picture" alt="" style="width: 10mm; height: 5mm"
 src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='5'/%3E"/>
<p id="corner">Corner</p>
</body></html>"""


@pytest.fixture(scope="module")
def boxes_layout():
    return HTML(string=BOXES).render()


def test_page_width_and_height_are_the_trim_and_the_bleed_lies_outside(boxes_layout):
    page = boxes_layout.pages[0]
    millimetre = 96 / 25.4
    assert (round(page.width / millimetre), round(page.height / millimetre)) == (120, 80)
    assert round(page.bleed["left"] / millimetre) == 3
    assert (page._page_box.position_x, page._page_box.position_y) == (0, 0)


def test_footnote_area_box_and_margin_box_follow_the_flow_among_page_box_children(boxes_layout):
    flow, *others = boxes_layout.pages[0]._page_box.children
    assert [type(box) for box in others] == [boxes.FootnoteAreaBox, boxes.MarginBox]
    area, page_area_bottom = others[0], boxes_layout.pages[0].height - 10 * 96 / 25.4
    assert area.border_box_y() >= flow.position_y + flow.margin_height(), "below the flow"
    assert round(area.border_box_y() + area.border_height(), 3) == round(page_area_bottom, 3)


def test_absolute_placeholder_stands_for_its_box_in_underscore_box(boxes_layout):
    body = boxes_layout.pages[0]._page_box.children[0].children[0]
    lines = [box for box in body.descendants() if isinstance(box, boxes.LineBox)]
    (placeholder,) = [
        child for line in lines for child in line.children if not isinstance(child, boxes.Box)
    ]
    assert isinstance(placeholder._box, boxes.BlockBox)
    assert placeholder._box.element.get("id") == "corner"


def test_leaf_boxes_border_box_and_pseudo_element_tags(boxes_layout):
    flow = boxes_layout.pages[0]._page_box.children[0]
    kinds = {
        (type(box).__name__, box.element_tag)
        for box in flow.descendants()
        if isinstance(box, boxes.TextBox | boxes.ReplacedBox | boxes.TableCellBox)
    }
    assert kinds == {
        ("TextBox", "p"),
        ("TextBox", "body"),  # the white space around the image
        ("TextBox", "span::footnote-call"),
        ("TableCellBox", "td"),
        ("TextBox", "td"),
        ("InlineReplacedBox", "img"),
    }
    image = next(box for box in flow.descendants() if isinstance(box, boxes.ReplacedBox))
    assert round(image.border_width() * 25.4 / 96) == 10
    assert round(image.border_height() * 25.4 / 96) == 5


def test_page_boxes_place_every_leaf_with_its_elements_and_region(boxes_layout):
    (page,) = weasyprint_layout.page_boxes(boxes_layout)
    found = [
        (box.kind, box.region, box.elements[-1].get("id") if box.elements else None, box.pseudo)
        for box in page.boxes
    ]
    assert found == [
        ("text", "flow", "first", ""),
        ("text", "flow", "fn-2", "footnote-call"),
        ("text", "flow", "first", ""),
        ("cell", "flow", "cell", ""),
        ("text", "flow", "cell", ""),
        ("image", "flow", "picture", ""),
        ("text", "flow", "corner", ""),
        ("text", "footnotes", "fn-2", "footnote-marker"),
        ("text", "footnotes", "fn-2", ""),
        ("text", "margin", None, ""),
    ]
    assert [box.text for box in page.boxes if box.kind == "text"] == [
        "Alpha",
        "1",
        " bravo.",
        "Cell text",
        "Corner",
        "1. ",
        "The note.",
        "foot",
    ]
    assert [element.tag for element in page.boxes[0].elements] == ["html", "body", "p"]
    corner = page.boxes[6].rect
    assert round(corner[2], 1) == round(page.width - 10 * 96 / 25.4, 1), "at the right margin"
    left, top, right, bottom = page.footnote_area
    assert left < right and top < bottom <= page.height
    note = page.boxes[8].rect
    assert top <= note[1] and note[3] <= bottom + 1


FLOAT_PAGE = """<!DOCTYPE html><html><head><style>
@page { size: 120mm 80mm; margin: 10mm }
aside { float: right; width: 30mm; height: 15mm; margin-left: 2mm }
.note { float: footnote }
</style></head><body>
<aside id="box">Box</aside>
<p id="text">Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike
november oscar papa quebec romeo sierra tango<span class="note">A note.</span></p>
<table><tr id="row"><td>Cell</td></tr></table>
</body></html>"""


@pytest.fixture(scope="module")
def float_layout():
    return HTML(string=FLOAT_PAGE).render()


def test_placed_blocks_reads_position_and_margin_size_of_blocks_rows_and_lines(float_layout):
    placed = list(weasyprint_layout.placed_blocks(float_layout))
    by_id = {}
    for box in placed:
        by_id.setdefault((box.element.get("id"), box.line), []).append(box)
    (aside,) = by_id[("box", False)]
    lines = by_id[("text", True)]
    (row,) = by_id[("row", False)]
    assert aside.right - aside.left == pytest.approx((30 + 2) * 96 / 25.4, abs=0.5)
    assert aside.bottom - aside.top == pytest.approx(15 * 96 / 25.4, abs=0.5)
    beside = [line for line in lines if line.top < aside.bottom]
    assert beside and all(line.right <= aside.left + 0.5 for line in beside)
    below = [line for line in lines if line.top >= aside.bottom]
    assert below and max(line.right for line in below) > aside.left  # the full width again
    assert row.top >= lines[-1].bottom


def test_flow_bottoms_is_the_footnote_area_top_when_the_page_has_notes(float_layout):
    (bottom,) = weasyprint_layout.flow_bottoms(float_layout)
    content_foot = (80 - 10) * 96 / 25.4
    assert bottom < content_foot - 5  # the note's area sits above the content area's foot
    plain = HTML(string=FLOAT_PAGE.replace('<span class="note">A note.</span>', "")).render()
    assert weasyprint_layout.flow_bottoms(plain) == (pytest.approx(content_foot, abs=0.5),)


JUSTIFIED = """<!DOCTYPE html><html><head><style>
@page { size: 120mm 80mm; margin: 10mm; }
p { width: 60mm; text-align: justify; font-size: 10pt; }
</style></head><body>
<p id="justified">Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo.</p>
<p id="cjk">日本語の文章には空白がないので、行の中の文字の間で折り返される。日本語の文章。</p>
</body></html>"""


def test_justification_spacing_on_text_boxes_and_widths_of_lines_and_blocks():
    layout = HTML(string=JUSTIFIED).render()
    flow = layout.pages[0]._page_box.children[0]
    paragraphs = [
        box
        for box in flow.descendants()
        if box.element_tag == "p" and isinstance(box, boxes.BlockBox)
    ]
    assert [p.element.get("id") for p in paragraphs] == ["justified", "cjk"]
    latin, cjk = ([c for c in p.children if isinstance(c, boxes.LineBox)] for p in paragraphs)
    assert len(latin) >= 2 and len(cjk) >= 2
    first = [box for box in latin[0].descendants() if isinstance(box, boxes.TextBox)]
    assert first[0].justification_spacing > 0, "a justified line's stretch is on its text"
    assert latin[0].width == pytest.approx(paragraphs[0].width), "stretched to the block"
    assert latin[-1].width < paragraphs[0].width, "the last line is not justified"
    assert paragraphs[0].style["font_size"] == pytest.approx(10 * 4 / 3)  # 10pt in CSS px
    fills = list(weasyprint_layout.line_fills(layout))
    lasts = [False] * (len(latin) - 1) + [True] + [False] * (len(cjk) - 1) + [True]
    assert [fill.last for fill in fills] == lasts
    assert fills[0].natural < fills[0].justified == pytest.approx(fills[0].width)
    assert fills[len(latin)].natural == fills[len(latin)].justified, "no spaces to stretch"
