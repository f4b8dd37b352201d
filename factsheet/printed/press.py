"""The print PDF made ready for a print shop: its boxes set right, crop and registration marks
drawn outside the bleed, in room added for them beyond it.

WeasyPrint lays the page out with the bleed (CSS `bleed`), so the page's background runs
into it, and writes TrimBox (the page as trimmed) and MediaBox (trim and bleed). Its own marks
(CSS `marks`) stand inside the bleed, where the knife may leave them on the page, and its
BleedBox stops 10 pt past the trim whatever the bleed. Here the BleedBox takes the whole
bleed, the MediaBox grows by a slug for the marks, and the marks are drawn in that slug.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from xml.etree import ElementTree

import pikepdf

MM = 72 / 25.4
"""A millimetre in PDF points."""
MARK_GAP = 3 * MM
"""From the bleed's edge to where a crop mark begins: the knife may wander into the bleed."""
MARK_LENGTH = 6 * MM
MARK_WIDTH = 0.25
"""Hairline crop marks, as print shops draw them."""
SLUG = MARK_GAP + MARK_LENGTH + 3 * MM
"""The room beyond the bleed that holds the marks, with a margin outside them."""
TARGET_RADIUS = 2 * MM
"""The registration targets' circle, centred in the marks' band on each side."""
REGISTRATION = "/FactsheetRegistration"
"""The colour space of the marks in the pages' resources: the Separation /All."""


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in PDF points: left, bottom, right, top."""

    left: float
    bottom: float
    right: float
    top: float

    def grown(self, by: float) -> Box:
        """This box with `by` points more on each side."""
        return Box(self.left - by, self.bottom - by, self.right + by, self.top + by)

    def array(self) -> pikepdf.Array:
        return pikepdf.Array([round(v, 4) for v in (self.left, self.bottom, self.right, self.top)])

    @classmethod
    def of(cls, array: pikepdf.Array) -> Box:
        left, bottom, right, top = (float(v) for v in array)
        return cls(min(left, right), min(bottom, top), max(left, right), max(bottom, top))


def for_the_press(data: bytes, *, marks: bool, strip_annotations: bool = False) -> bytes:
    """The PDF with BleedBox the whole bleed WeasyPrint laid out, and with `marks`, a slug
    holding crop and registration marks; `strip_annotations` drops links (PDF/X allows none on
    the printed area). The first half of /ID is kept, the second is made from the content."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            trim = Box.of(page.trimbox)
            bleed = Box.of(page.MediaBox)
            page.BleedBox = bleed.array()
            media = bleed.grown(SLUG) if marks else bleed
            page.MediaBox = media.array()
            page.CropBox = media.array()
            if marks:
                _draw_marks(pdf, page, trim, bleed)
            if strip_annotations and "/Annots" in page.obj:
                del page.obj["/Annots"]
        _steady_document_id(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


XMP_MM = "{http://ns.adobe.com/xap/1.0/mm/}"


def _steady_document_id(pdf: pikepdf.Pdf) -> None:
    """WeasyPrint gives a PDF/X a random xmpMM:DocumentID; make it the /ID's first half as a
    UUID, so the same inputs give the same bytes."""
    if "/Metadata" not in pdf.Root:
        return
    xmp = pdf.Root.Metadata.read_bytes()
    found = ElementTree.fromstring(xmp).find(f".//{XMP_MM}DocumentID")
    if found is None or not found.text:
        return
    steady = uuid.UUID(bytes=hashlib.sha256(bytes(pdf.trailer.ID[0])).digest()[:16])
    pdf.Root.Metadata.write(xmp.replace(found.text.encode(), f"uuid:{steady}".encode()))


def _registration(pdf: pikepdf.Pdf) -> pikepdf.Array:
    """Registration colour: a tint that prints on every plate (Separation /All), grey where a
    device has no plates."""
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1], C1=[0], N=1)
    return pikepdf.Array(
        [
            pikepdf.Name.Separation,
            pikepdf.Name.All,
            pikepdf.Name.DeviceGray,
            pdf.make_indirect(tint),
        ]
    )


def _draw_marks(pdf: pikepdf.Pdf, page: pikepdf.Page, trim: Box, bleed: Box) -> None:
    """Crop marks in line with the trim's edges and a registration target on each side, all
    in the slug beyond `bleed`, as an artifact after the page's own content."""
    resources = page.obj.Resources
    if "/ColorSpace" not in resources:
        resources.ColorSpace = pikepdf.Dictionary()
    if REGISTRATION not in resources.ColorSpace:
        resources.ColorSpace[REGISTRATION] = _registration(pdf)
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n" + marks_content(trim, bleed)))


def mark_lines(trim: Box, bleed: Box) -> list[tuple[float, float, float, float]]:
    """The eight crop marks, each (x0, y0, x1, y1): two at each corner, in line with the
    trim's edges, from MARK_GAP past the bleed's edge, MARK_LENGTH long."""
    near, far = MARK_GAP, MARK_GAP + MARK_LENGTH
    lines = []
    for x in (trim.left, trim.right):
        lines.append((x, bleed.bottom - near, x, bleed.bottom - far))
        lines.append((x, bleed.top + near, x, bleed.top + far))
    for y in (trim.bottom, trim.top):
        lines.append((bleed.left - near, y, bleed.left - far, y))
        lines.append((bleed.right + near, y, bleed.right + far, y))
    return lines


def target_centres(trim: Box, bleed: Box) -> list[tuple[float, float]]:
    """Where the registration targets stand: mid-side, in the middle of the marks' band."""
    out = MARK_GAP + MARK_LENGTH / 2
    middle_x, middle_y = (trim.left + trim.right) / 2, (trim.bottom + trim.top) / 2
    return [
        (middle_x, bleed.top + out),
        (middle_x, bleed.bottom - out),
        (bleed.left - out, middle_y),
        (bleed.right + out, middle_y),
    ]


def marks_content(trim: Box, bleed: Box) -> bytes:
    """The marks as PDF operators, marked as an artifact (they are not the document's)."""
    ops = [f"/Artifact BMC q {REGISTRATION} CS 1 SCN {MARK_WIDTH} w 0 J [] 0 d"]
    for x0, y0, x1, y1 in mark_lines(trim, bleed):
        ops.append(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S")
    for x, y in target_centres(trim, bleed):
        ops.append(_circle(x, y, TARGET_RADIUS))
        arm = TARGET_RADIUS * 1.4
        ops.append(f"{x - arm:.3f} {y:.3f} m {x + arm:.3f} {y:.3f} l S")
        ops.append(f"{x:.3f} {y - arm:.3f} m {x:.3f} {y + arm:.3f} l S")
    ops.append("Q EMC")
    return "\n".join(ops).encode() + b"\n"


def _circle(x: float, y: float, r: float) -> str:
    """A stroked circle as four Bézier arcs."""
    k = 0.5523 * r
    return (
        f"{x + r:.3f} {y:.3f} m "
        f"{x + r:.3f} {y + k:.3f} {x + k:.3f} {y + r:.3f} {x:.3f} {y + r:.3f} c "
        f"{x - k:.3f} {y + r:.3f} {x - r:.3f} {y + k:.3f} {x - r:.3f} {y:.3f} c "
        f"{x - r:.3f} {y - k:.3f} {x - k:.3f} {y - r:.3f} {x:.3f} {y - r:.3f} c "
        f"{x + k:.3f} {y - r:.3f} {x + r:.3f} {y - k:.3f} {x + r:.3f} {y:.3f} c S"
    )
