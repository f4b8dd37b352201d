"""The e-book's cover image: the same bytes for the same text, every line inside the frame,
and a title in a script Noto Serif lacks drawn in a font that has it."""

from __future__ import annotations

import io

from PIL import Image

from factsheet.cover import HEIGHT, TITLE, WIDTH, cover_png, font

LONG = dict(
    title="The Battles of Khalkhin Gol and Lake Khasan on the Soviet–Mongolian–Manchukuoan"
    " Frontier in the Summers of 1938 and 1939",
    subtitle="An account drawn from Soviet, Japanese and Mongolian sources, with casualty"
    " figures, orders of battle and a timeline",
    kicker="Soviet–Japanese border conflicts, fact sheets for the classroom and the museum",
    byline="Ann One, Bo Two, Carla Three, Dmitri Four, Eiko Five, Farid Six, Greta Seven",
)


def picture(**text) -> Image.Image:
    return Image.open(io.BytesIO(cover_png(**text))).convert("RGB")


def colours(image: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _, colour in image.getcolors(image.width * image.height)}


def test_the_same_text_gives_the_same_bytes():
    assert cover_png(**LONG) == cover_png(**LONG)
    assert cover_png(**LONG) != cover_png(**(LONG | {"byline": "Ann One"}))


def test_long_text_stays_inside_the_frame():
    image = picture(**LONG)
    navy, pale = (0x1F, 0x3A, 0x5F), (0xD9, 0xDE, 0xE6)
    # Between the frame (4 px at 60) and the page's edge, and just inside the frame: nothing.
    for x in (*range(0, 60), *range(64, 80), *range(WIDTH - 80, WIDTH - 64)):
        column = {image.getpixel((x, y)) for y in range(64, HEIGHT - 64)}
        assert column == {navy}, x
    assert image.getpixel((60, HEIGHT // 2)) == pale
    # The text is there: white title pixels in the middle band.
    assert (255, 255, 255) in colours(image.crop((80, 500, WIDTH - 80, 1000)))


def test_a_japanese_title_is_drawn_in_a_font_that_has_its_characters():
    title = "張鼓峰事件"
    chosen = font(TITLE.drawing(title), 100)
    assert chosen.getname()[0].startswith("Noto Sans CJK")
    assert font(TITLE.drawing("Khasan"), 100).getname() == ("Noto Serif", "Bold")
    image = picture(title=title, subtitle=None, kicker=None, byline="")
    assert (255, 255, 255) in colours(image.crop((80, 600, WIDTH - 80, 800)))
