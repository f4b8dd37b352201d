"""What the installed fonts draw, as ranges, and the characters of a text outside them."""

from __future__ import annotations

import pytest

from factsheet import fonts
from factsheet.fonts import Coverage, _merge

ASCII = Coverage(starts=(0x20,), ends=(0x7E,))


def test_ranges_that_touch_or_overlap_are_merged():
    merged = _merge([(0x41, 0x5A), (0x20, 0x40), (0x100, 0x17F), (0x150, 0x160)])
    assert merged == Coverage(starts=(0x20, 0x100), ends=(0x5A, 0x17F))
    assert merged.covers("A") and merged.covers("ſ") and not merged.covers("a")


def test_each_missing_character_is_given_once_at_its_first_offset_in_text_order():
    text = "plain ü, then é and ü\u00a0again\té\x07"
    assert list(ASCII.first_missing(text)) == [(6, "ü"), (14, "é")]


def test_a_text_all_covered_gives_nothing():
    assert list(ASCII.first_missing("Nothing to see here.\n")) == []


@pytest.mark.parametrize(
    ("tag", "known"),
    [
        ("ja", "ja"),
        ("zh-Hant", "zh-tw"),
        ("zh-Hans", "zh-cn"),
        ("zh-HK", "zh-tw"),
        ("zh", "zh-cn"),
        ("mn-Mong", "mn-cn"),
        ("mn-Cyrl", "mn-mn"),
        ("de-CH", "de"),
        ("en-001", "en"),
    ],
)
def test_a_language_tag_is_asked_of_fontconfig_by_the_name_it_knows(tag, known):
    assert fonts.fontconfig_language(tag) == known


def test_the_languages_the_fixtures_use_have_their_fonts():
    for tag in ("en", "fr", "ru", "ja", "ko", "zh-Hans", "zh-Hant", "mn", "mn-Mong"):
        assert fonts.draws_language(tag) is True, tag
    assert fonts.draws_language("vai") is False
