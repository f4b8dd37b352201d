"""The fonts a PDF is set in, read from the PDF itself: what the reader of the file will see,
whatever the stylesheets asked for."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from fontTools.ttLib import TTFont, TTLibError

FONT_PROGRAMS = ("/FontFile2", "/FontFile3", "/FontFile")


@dataclass(frozen=True, slots=True)
class SetIn:
    """One family a PDF's text is set in (its styles together)."""

    family: str
    characters: str = ""
    """The characters its embedded fonts draw, in code point order, when asked for."""


def set_in(data: bytes, characters_of: Callable[[str], bool] = lambda family: False) -> list[SetIn]:
    """Each family embedded in the PDF, in name order; for the families `characters_of` picks,
    the characters their embedded subsets draw (read with fontTools, so only when asked)."""
    drawn: dict[str, set[str]] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for descriptor in _descriptors(pdf):
            family = _family(descriptor)
            found = drawn.setdefault(family, set())
            if characters_of(family):
                found |= _characters(descriptor)
    return [SetIn(family, "".join(sorted(drawn[family]))) for family in sorted(drawn)]


def _descriptors(pdf: pikepdf.Pdf):
    """Every font descriptor: those of the pages' fonts and of their forms (the SVG charts)."""
    for thing in pdf.objects:
        if isinstance(thing, pikepdf.Dictionary) and thing.get("/Type") == "/FontDescriptor":
            yield thing


def _family(descriptor: pikepdf.Dictionary) -> str:
    """The family as the PDF names it; without /FontFamily, the PostScript name without its
    subset tag (ABCDEF+)."""
    if "/FontFamily" in descriptor:
        return str(descriptor.FontFamily)
    name = str(descriptor.get("/FontName", "/(unnamed)")).removeprefix("/")
    tag, plus, rest = name.partition("+")
    return rest if plus and len(tag) == 6 and tag.isupper() else name


def _characters(descriptor: pikepdf.Dictionary) -> set[str]:
    """The characters an embedded font program maps (its cmap); none when it has no program
    or one fontTools cannot read."""
    program = next((descriptor[key] for key in FONT_PROGRAMS if key in descriptor), None)
    if not isinstance(program, pikepdf.Stream):
        return set()
    try:
        font = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
        cmap = font.getBestCmap() if "cmap" in font else None
    except (TTLibError, pikepdf.PdfError):
        return set()
    return {chr(code) for code in cmap or {}}
