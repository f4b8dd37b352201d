"""The e-book's cover as a PNG, the picture library views, calibre and Kindle tools show.

A navy page inside a pale frame: the collection's name in spaced capitals at the top, the
title in bold serif with an accent rule under it, the subtitle in italic, the authors at the
foot. Lines are broken by their measured width, and a title too long for the page is set
smaller. The fonts are the Noto fonts fontconfig finds, as in every other output; the PNG
carries no date or other metadata, so the same text always gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 1800
"""Portrait 2:3, as retailers ask for, and the size of the frame's design."""
NAVY, PALE, WHITE, ACCENT = "#1f3a5f", "#d9dee6", "#ffffff", "#d98c5f"
MEASURE = 920
"""The widest a line of text may be: the frame's inner width less generous margins."""


@dataclass(frozen=True, slots=True)
class Face:
    """A font as fontconfig names it, and the share of the size its line takes."""

    pattern: str
    leading: float

    def drawing(self, text: str) -> Face:
        """This face, or, when it lacks a character of the text, the one fontconfig finds
        that has them all (Noto Sans CJK for a Japanese title)."""
        characters = sorted({f"{ord(char):x}" for char in text if not char.isspace()})
        return Face(f"{self.pattern}:charset={' '.join(characters)}", self.leading)


KICKER = Face("Noto Sans:medium", 1.3)
TITLE = Face("Noto Serif:bold", 1.12)
SUBTITLE = Face("Noto Serif:italic", 1.3)
BYLINE = Face("Noto Sans", 1.3)


def cover_png(*, title: str, subtitle: str | None, kicker: str | None, byline: str) -> bytes:
    """The cover with this text, as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), NAVY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, WIDTH - 61, HEIGHT - 61), outline=PALE, width=4)
    if kicker:
        face = KICKER.drawing(kicker.upper())
        size, lines = fitted(kicker.upper(), face, 40, 26, max_lines=2, tracking=0.14)
        for number, line in enumerate(lines):
            _spaced(draw, line, face, size, 210 + number * round(size * face.leading))
    face = TITLE.drawing(title)
    size, lines = fitted(title, face, 104, 60, max_lines=5)
    step = round(size * TITLE.leading)
    # The title block is centred on the page's optical centre, a little above the middle.
    top = 760 - (len(lines) - 1) * step // 2
    for number, line in enumerate(lines):
        draw.text((WIDTH / 2, top + number * step), line, WHITE, font(face, size), anchor="ms")
    rule = top + (len(lines) - 1) * step + round(size * 0.75)
    draw.rectangle((WIDTH / 2 - 120, rule, WIDTH / 2 + 119, rule + 5), fill=ACCENT)
    if subtitle:
        face = SUBTITLE.drawing(subtitle)
        size, lines = fitted(subtitle, face, 52, 36, max_lines=4)
        for number, line in enumerate(lines):
            y = rule + 100 + number * round(size * face.leading)
            draw.text((WIDTH / 2, y), line, PALE, font(face, size), anchor="ms")
    if byline:
        face = BYLINE.drawing(byline)
        size, lines = fitted(byline, face, 36, 24, max_lines=2)
        step = round(size * face.leading)
        for number, line in enumerate(lines):
            y = 1650 - (len(lines) - 1 - number) * step
            draw.text((WIDTH / 2, y), line, PALE, font(face, size), anchor="ms")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def fitted(
    text: str, face: Face, size: int, smallest: int, *, max_lines: int, tracking: float = 0
) -> tuple[int, list[str]]:
    """The largest size from `size` down to `smallest` at which the text fits the measure in
    `max_lines` lines, and its lines; at the smallest size, as many lines as it takes."""
    for candidate in range(size, smallest - 1, -2):
        lines = wrapped(text, face, candidate, tracking)
        if len(lines) <= max_lines and all(
            _width(line, face, candidate, tracking) <= MEASURE for line in lines
        ):
            return candidate, lines
    return smallest, wrapped(text, face, smallest, tracking)


def wrapped(text: str, face: Face, size: int, tracking: float = 0) -> list[str]:
    """The text broken between words into lines no wider than the measure, where it can be."""
    lines: list[str] = []
    for word in text.split():
        if lines and _width(f"{lines[-1]} {word}", face, size, tracking) <= MEASURE:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _width(text: str, face: Face, size: int, tracking: float) -> float:
    return font(face, size).getlength(text) + tracking * size * max(len(text) - 1, 0)


def _spaced(draw: ImageDraw.ImageDraw, line: str, face: Face, size: int, y: int) -> None:
    """A line in spaced capitals, centred: Pillow has no letter-spacing, so letter by letter."""
    tracking = 0.14 * size
    x = (WIDTH - _width(line, face, size, 0.14)) / 2
    typeface = font(face, size)
    for letter in line:
        draw.text((x, y), letter, PALE, typeface, anchor="ls")
        x += typeface.getlength(letter) + tracking


@functools.cache
def font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    """The face at this size; Pillow's own sans-serif where fontconfig is not there to ask."""
    if shutil.which("fc-match") is None:
        return ImageFont.load_default(size)
    path, index = font_file(face.pattern)
    return ImageFont.truetype(path, size, index=index)


@functools.cache
def font_file(pattern: str) -> tuple[str, int]:
    """The file (and the face in it) fontconfig gives for a pattern such as `Noto Serif:bold`."""
    answer = subprocess.run(
        ["fc-match", "--format", "%{file}\n%{index}", pattern],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, index = answer.split("\n")
    return path, int(index)
