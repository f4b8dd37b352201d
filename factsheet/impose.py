"""A booklet's pages set two-up on sheets for saddle stitching (`factsheet impose`).

The sheets are printed on both sides, flipped on the short edge, stacked in the order they
come out, folded down the middle and stapled on the fold: the pages then read in order. An
A4 page is set at A5 on an A4 sheet (a Letter page at half-Letter on a Letter sheet).

The PDF may come from anywhere: what is read is bounded (the file's size, its pages, their
size), and only page descriptions are copied, never run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pikepdf

SHEETS = {"a4": (841.8898, 595.2756), "letter": (792.0, 612.0)}
"""Landscape sheets, in PDF points: two pages side by side on each side."""
MAX_BYTES = 512_000_000
"""The largest PDF read: a long booklet full of photographs, not a disk."""
MAX_PAGES = 1000
"""The most pages imposed: a saddle-stitched booklet folds at 100 pages or so."""
MAX_SIDE = 14_400.0
"""The largest page side PDF allows, in points (ISO 32000-1, annex C): 200 inches."""
MIN_SIDE = 3.0


class ImposeError(Exception):
    """The PDF cannot be imposed: not a PDF, encrypted, too short, too large; nothing is
    written."""


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a sheet: the page on the left half and on the right, 1-based, None where
    a blank page pads the booklet."""

    left: int | None
    right: int | None


def folding_order(pages: int) -> list[Side]:
    """The sides in print order, outer sheet first, each front then back: with the pages
    padded with blanks to m, a multiple of four, sheet k's front holds m-2k and 2k+1, its
    back 2k+2 and m-2k-1."""
    padded = 4 * math.ceil(pages / 4)

    def page(number: int) -> int | None:
        return number if number <= pages else None

    sides = []
    for k in range(padded // 4):
        sides.append(Side(page(padded - 2 * k), page(2 * k + 1)))
        sides.append(Side(page(2 * k + 2), page(padded - 2 * k - 1)))
    return sides


def default_output(source: Path) -> Path:
    """`<name>.imposed.pdf` beside the booklet."""
    return source.with_name(f"{source.stem}.imposed.pdf")


def impose(source: Path, sheet: str | None = None) -> bytes:
    """The sheets of the booklet at `source`, on `sheet` paper (a key of SHEETS); by default,
    Letter for a booklet of Letter pages, A4 for any other."""
    size = source.stat().st_size
    if size == 0:
        raise ImposeError(f"{source}: the file is empty, not a PDF")
    if size > MAX_BYTES:
        raise ImposeError(f"{source}: {size:,} bytes is more than the {MAX_BYTES:,} read")
    try:
        pdf = pikepdf.open(source)
    except pikepdf.PasswordError:
        raise ImposeError(f"{source}: the PDF is encrypted; impose the unencrypted one") from None
    except (pikepdf.PdfError, OSError, RecursionError) as error:
        raise ImposeError(f"{source}: not a readable PDF ({_first_line(error)})") from None
    with pdf:
        if pdf.is_encrypted:
            raise ImposeError(f"{source}: the PDF is encrypted; impose the unencrypted one")
        try:
            return _imposed(pdf, source, sheet)
        except (pikepdf.PdfError, RecursionError, ValueError, TypeError) as error:
            raise ImposeError(f"{source}: cannot impose it ({_first_line(error)})") from None


def _imposed(pdf: pikepdf.Pdf, source: Path, sheet: str | None) -> bytes:
    """The new PDF: each side a sheet-sized page holding its two pages, scaled to fit."""
    count = len(pdf.pages)
    if count > MAX_PAGES:
        raise ImposeError(f"{source}: {count:,} pages is more than the {MAX_PAGES:,} imposed")
    if count < 2:
        raise ImposeError(f"{source}: the PDF has {count} page(s); a booklet needs 2 or more")
    for number, page in enumerate(pdf.pages, 1):
        _check_size(source, number, page)
    out = pikepdf.new()
    forms = {}
    width, height = SHEETS[sheet or _paper_of(pdf.pages[0])]
    halves = (
        pikepdf.Rectangle(0, 0, width / 2, height),
        pikepdf.Rectangle(width / 2, 0, width, height),
    )
    for side in folding_order(count):
        blank = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, width, height])
        out.pages.append(pikepdf.Page(blank))
        target = out.pages[-1]
        placed = b""
        for number, half in zip((side.left, side.right), halves, strict=True):
            if number is None:
                continue
            if number not in forms:
                forms[number] = out.copy_foreign(
                    pdf.pages[number - 1].as_form_xobject(handle_transformations=True)
                )
            name = pikepdf.Name(f"/Page{number}")  # not pikepdf's random names: same bytes
            target.add_resource(forms[number], pikepdf.Name.XObject, name)
            placed += target.calc_form_xobject_placement(forms[number], name, half)
        target.obj.Contents = out.make_stream(placed)
    _carry_metadata(pdf, out)
    written = BytesIO()
    out.save(written, deterministic_id=True)
    return written.getvalue()


def _check_size(source: Path, number: int, page: pikepdf.Page) -> None:
    """Refuse a page whose trim is not a size PDF allows (a crafted file's)."""
    box = page.trimbox
    sides = (abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1])))
    if not all(math.isfinite(side) and MIN_SIDE <= side <= MAX_SIDE for side in sides):
        shown = " × ".join(f"{side:.6g}" for side in sides)
        raise ImposeError(
            f"{source}: page {number} is {shown} pt, outside PDF's {MIN_SIDE:g} to"
            f" {MAX_SIDE:,.0f} pt"
        )


def _paper_of(page: pikepdf.Page) -> str:
    """letter for a page of Letter size (within a point), a4 for any other."""
    box = page.trimbox
    size = sorted((abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))))
    return "letter" if abs(size[0] - 612) < 1 and abs(size[1] - 792) < 1 else "a4"


def _carry_metadata(source: pikepdf.Pdf, out: pikepdf.Pdf) -> None:
    """The booklet's title, author and language on its sheets."""
    for key in ("/Title", "/Author", "/Subject"):
        if key in source.docinfo and isinstance(source.docinfo[key], pikepdf.String):
            out.docinfo[key] = source.docinfo[key]
    if isinstance(source.Root.get("/Lang"), pikepdf.String):
        out.Root.Lang = source.Root.Lang


def _first_line(error: BaseException) -> str:
    """An error's message on one line, bounded: a crafted file must not flood the terminal."""
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]
