"""The print PDF as a print shop takes it: its boxes in points, the crop marks outside the bleed
(in the content stream and on the rendered page), the PDF variants, all from real builds."""

from __future__ import annotations

import dataclasses
import io
import subprocess

import pikepdf
import pytest

from conftest import COLLECTION
from factsheet.printed.press import MARK_GAP, MARK_LENGTH, SLUG
from factsheet.writers.job import PrintSettings

MM = 72 / 25.4
TRIMS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
"""The trimmed page in points: the paper itself."""


def boxes(page: pikepdf.Page) -> dict[str, list[float]]:
    return {
        name: [float(v) for v in page.obj[f"/{name}"]]
        for name in ("MediaBox", "CropBox", "BleedBox", "TrimBox")
        if f"/{name}" in page.obj
    }


def grown(box: list[float], by: float) -> list[float]:
    return [box[0] - by, box[1] - by, box[2] + by, box[3] + by]


def pdfs(flagship_pdf, settings: PrintSettings) -> dict[str, object]:
    """The flagship sheet and the collection's booklet, built with `settings`."""
    sheet = flagship_pdf(settings)
    return {"sheet": sheet, "booklet": sheet.with_name(f"{COLLECTION}.pdf")}


def stroked_segments(page: pikepdf.Page) -> list[tuple[str, tuple[float, ...]]]:
    """Every straight segment the page strokes, with the stroking colour space in force."""
    segments, colour_space, start, stack = [], "/DeviceGray", None, []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(colour_space)
        elif op == "Q" and stack:
            colour_space = stack.pop()
        elif op == "CS":
            colour_space = str(operands[0])
        elif op == "m":
            start = tuple(float(v) for v in operands)
        elif op == "l" and start is not None:
            end = tuple(float(v) for v in operands)
            segments.append((colour_space, (*start, *end)))
            start = end
    return segments


@pytest.mark.parametrize("paper", sorted(TRIMS))
@pytest.mark.parametrize("which", ["sheet", "booklet"])
def test_bleed_and_marks_boxes(flagship_pdf, paper, which):
    path = pdfs(flagship_pdf, PrintSettings(paper=paper, bleed="3mm", marks=True))[which]
    width, height = TRIMS[paper]
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" in pdf.Root, "still tagged"
        for page in pdf.pages:
            found = boxes(page)
            assert found["TrimBox"] == pytest.approx([0, 0, width, height], abs=0.01)
            assert found["BleedBox"] == pytest.approx(grown(found["TrimBox"], 3 * MM), abs=0.01)
            slug = grown(found["BleedBox"], 12 * MM)
            assert found["MediaBox"] == pytest.approx(slug, abs=0.01), "12 mm for the marks"
            assert found["CropBox"] == found["MediaBox"]


@pytest.mark.parametrize("paper", sorted(TRIMS))
def test_crop_marks_lie_outside_the_bleed_in_line_with_the_trim(flagship_pdf, paper):
    path = pdfs(flagship_pdf, PrintSettings(paper=paper, bleed="3mm", marks=True))["sheet"]
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        trim, bleed, media = (boxes(page)[n] for n in ("TrimBox", "BleedBox", "MediaBox"))
        marks = [s for space, s in stroked_segments(page) if space == "/FactsheetRegistration"]
        assert str(page.Resources.ColorSpace.FactsheetRegistration[1]) == "/All"
    crop = [s for s in marks if s[0] == s[2] or s[1] == s[3]]
    for x0, y0, x1, y1 in marks:
        outside = (max(x0, x1) < bleed[0] or min(x0, x1) > bleed[2]) or (
            max(y0, y1) < bleed[1] or min(y0, y1) > bleed[3]
        )
        assert outside, (x0, y0, x1, y1)
        assert media[0] <= min(x0, x1) and max(x0, x1) <= media[2]
        assert media[1] <= min(y0, y1) and max(y0, y1) <= media[3]
    vertical = sorted((x0, min(y0, y1), max(y0, y1)) for x0, y0, x1, y1 in crop if x0 == x1)
    trim_edges = [
        (x, y, y + MARK_LENGTH)
        for x in (trim[0], trim[2])
        for y in (bleed[1] - MARK_GAP - MARK_LENGTH, bleed[3] + MARK_GAP)
    ]
    for edge in trim_edges:
        assert any(v == pytest.approx(edge, abs=0.01) for v in vertical), edge
    horizontal = {round(y0, 2) for x0, y0, x1, y1 in crop if y0 == y1}
    assert {round(trim[1], 2), round(trim[3], 2)} <= horizontal


def grey_page(path, dpi: int) -> tuple[int, int, bytes]:
    """Page 1 rendered in grey by pdftoppm: width, height and one byte a pixel."""
    data = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    return int(width), int(height), pixels


def test_the_rendered_page_shows_the_marks_beyond_a_white_bleed_edge(flagship_pdf):
    path = pdfs(flagship_pdf, PrintSettings(paper="a4", bleed="3mm", marks=True))["sheet"]
    dpi = 144
    width, _, pixels = grey_page(path, dpi)
    px = dpi / 72

    def column(x_pt: float, from_pt: float, to_pt: float) -> list[int]:
        """The pixels of a column, measured from the media box's top-left corner."""
        x = round(x_pt * px)
        return [pixels[y * width + x] for y in range(round(from_pt * px), round(to_pt * px))]

    slug, bleed = SLUG, 3 * MM
    # The trim's left edge, above the page: white in the gap, dark along the crop mark.
    trim_x = slug + bleed
    gap = column(trim_x, slug - MARK_GAP + 1, slug - 1)
    mark = column(trim_x, slug - MARK_GAP - MARK_LENGTH + 1, slug - MARK_GAP - 1)
    assert min(gap) > 250, "nothing is drawn between the bleed and the marks"
    assert min(mark) < 160, "the crop mark shows"
    # Past the marks, the media box's edge is blank paper.
    assert min(column(trim_x, 0, slug - MARK_GAP - MARK_LENGTH - 1)) > 250
    # A column of the slug away from the marks and targets is white from top to bottom.
    blank_x = slug + bleed + 40
    assert min(column(blank_x, 0, slug - 1)) > 250


def test_a_bleed_without_marks_boxes_the_page_without_a_slug(flagship_pdf):
    path = pdfs(flagship_pdf, PrintSettings(paper="a4", bleed="5mm"))["sheet"]
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            found = boxes(page)
            # WeasyPrint's BleedBox stops 10 pt out; the bleed asked for is 14.17 pt.
            assert found["BleedBox"] == pytest.approx(grown(found["TrimBox"], 5 * MM), abs=0.01)
            assert found["MediaBox"] == found["BleedBox"]
            assert stroked_segments(page) == [] or all(
                space != "/FactsheetRegistration" for space, _ in stroked_segments(page)
            )


@pytest.mark.parametrize("paper", sorted(TRIMS))
def test_without_a_bleed_every_box_is_the_paper(flagship_pdf, paper):
    path = flagship_pdf(PrintSettings(paper=paper))
    width, height = TRIMS[paper]
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            found = boxes(page)
            for name in ("MediaBox", "TrimBox", "BleedBox"):
                assert found[name] == pytest.approx([0, 0, width, height], abs=0.01), name


def link_rectangles(path) -> list[list[float]]:
    with pikepdf.open(path) as pdf:
        return [
            [round(float(v), 2) for v in annot.Rect]
            for page in pdf.pages
            for annot in page.get("/Annots", [])
        ]


def test_links_stay_on_their_words_when_the_page_grows(flagship_pdf):
    plain = link_rectangles(flagship_pdf(PrintSettings()))
    marked = link_rectangles(flagship_pdf(PrintSettings(bleed="3mm", marks=True)))
    assert plain and marked == plain


def test_the_press_pdf_is_reproducible_and_keeps_its_identifier(flagship_printed):
    from factsheet.printed.pdf import pdf_identifier
    from factsheet.writers import pdf

    job, printed = flagship_printed
    for settings in (
        PrintSettings(bleed="3mm", marks=True),
        PrintSettings(bleed="3mm", marks=True, variant="pdf/x-4"),
    ):
        marked = dataclasses.replace(job, printing=settings)
        first, second = pdf.write(marked, printed), pdf.write(marked, printed)
        assert first == second, settings
        with pikepdf.open(io.BytesIO(first)) as written:
            assert bytes(written.trailer.ID[0]) == pdf_identifier(job.digest, printed).encode()


def test_pdf_x_4_has_its_output_intent_trim_boxes_and_no_annotations(flagship_pdf):
    path = flagship_pdf(PrintSettings(bleed="3mm", marks=True, variant="pdf/x-4"))
    with pikepdf.open(path) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        profile = intent.DestOutputProfile.read_bytes()
        assert intent.DestOutputProfile.N == 3 and profile[36:40] == b"acsp"
        assert profile[16:20] == b"RGB "
        assert "sRGB" in str(intent.OutputConditionIdentifier)
        assert pdf.docinfo.Trapped == "/False"
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert b"xmpMM:DocumentID>uuid:" in xmp
        for page in pdf.pages:
            assert "/TrimBox" in page.obj and "/BleedBox" in page.obj
            assert "/Annots" not in page.obj, "PDF/X allows no annotation on the printed area"
        assert "/StructTreeRoot" not in pdf.Root


def test_pdf_a_2b_as_the_print_pdf(flagship_pdf):
    path = flagship_pdf(PrintSettings(variant="pdf/a-2b"))
    with pikepdf.open(path) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert "/StructTreeRoot" in pdf.Root


def test_the_archival_pdf_stays_pdf_a_3b_without_marks(project):
    import shutil

    from conftest import FLAGSHIP, REPO
    from factsheet.pipeline import Options, build

    shutil.copytree(REPO / "content", project.content, dirs_exist_ok=True)
    settings = PrintSettings(bleed="3mm", marks=True, variant="pdf/x-4")
    options = Options(
        content=project.content,
        out=project.out,
        formats=("pdf", "archive"),
        documents=(FLAGSHIP,),
        printing=settings,
    )
    assert build(options, print).ok
    with pikepdf.open(project.out / "archive" / f"{FLAGSHIP}.pdf") as pdf:
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "B"
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        page = pdf.pages[0]
        assert "/FactsheetRegistration" not in page.Resources.get("/ColorSpace", {})
        assert "/Annots" in page.obj, "the archive keeps its links"


def test_pdf_ua_1_as_the_print_pdf(flagship_pdf):
    path = flagship_pdf(PrintSettings(variant="pdf/ua-1"))
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked is True
