"""Figures as people write them (`3,057`, `c. 20,000`, `7,000+`, `5,700–8,000`, `at least 46`),
read into the content format's quantity forms, so that a figure typed as text is still a
number: charted, summed and set in the document's language. No I/O here."""

from __future__ import annotations

import re

from babel.numbers import NumberFormatError, parse_decimal

APPROXIMATE = ("circa", "about", "ca.", "c.", "~", "≈")
"""What may stand before a figure to say it is approximate."""
AT_LEAST = "at least"
RANGE_DASHES = re.compile(r"\s*(?:[–—-]|\bto\b)\s*")
GROUP_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")
"""A space between digit groups (3 057), as French and others write thousands."""
POINT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
"""3.057: thousands grouped with points, as German writes them, or a decimal: never guessed."""
WORDS = re.compile(r"\b(?:circa|about|ca\.|c\.|at least|to)", re.IGNORECASE)
FORMS = "3,057, c. 20,000, ~9,372, 7,000+, 5,700–8,000 or at least 46"


def read_figure(text: str) -> dict[str, int] | None:
    """The quantity form of a figure written as text, or None for text that is not a figure
    (`several`, `2,330 horses`); ValueError for one that looks like a figure but is not one
    of the forms (`3.057`, `8,000–5,700`)."""
    written = text.strip()
    if not _looks_like_a_figure(written):
        return None
    lowered = written.casefold()
    if lowered.startswith(AT_LEAST):
        return {"at_least": _number(written[len(AT_LEAST) :], written)}
    if written.endswith("+"):
        return {"at_least": _number(written[:-1], written)}
    for word in APPROXIMATE:
        if lowered.startswith(word):
            return {"approx": _number(written[len(word) :], written)}
    ends = RANGE_DASHES.split(written)
    if len(ends) == 2 and all(ends):
        low, high = (_number(end, written) for end in ends)
        if low > high:
            raise ValueError(
                f"a range runs from low to high, got {written!r}; write {high:,}–{low:,}"
            )
        return {"min": low, "max": high}
    return {"value": _number(written, written)}


def _looks_like_a_figure(text: str) -> bool:
    """Digits, with nothing but the forms' own words and signs around them."""
    rest = WORDS.sub("", text)
    return any(c.isdigit() for c in rest) and not any(c.isalpha() for c in rest)


def _number(text: str, written: str) -> int:
    """A whole number written with or without thousands separators (3057, 3,057, 3 057)."""
    digits = GROUP_SPACES.sub("", text.strip())
    if POINT_GROUPS.fullmatch(digits):
        raise ValueError(
            f"write thousands with a comma or a space ({digits.replace('.', ',')}), not a point;"
            f" got {written!r}"
        )
    try:
        number = parse_decimal(digits, locale="en", strict=True)
    except NumberFormatError:
        raise ValueError(f"expected a figure such as {FORMS}; got {written!r}") from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"expected a whole number of zero or more, as in {FORMS}; got {written!r}")
    return int(number)
