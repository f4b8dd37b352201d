"""Runs of Chinese, Japanese, Korean and Mongolian script inside other text, and the language
each needs: Pango breaks lines and picks glyphs (Japanese, Chinese or Korean forms of the same
ideograph) by the language of the text it sets."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from fontTools import unicodedata as scripts

EAST_ASIAN = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
"""Scripts set together in one run: Japanese mixes Han and kana, Korean hangul and Han."""
MONGOLIAN = frozenset({"Mong"})
CJK_LANGUAGES = frozenset({"ja", "zh", "ko"})
_NO_BREAK_BEFORE = "ー々〻ゝゞヽヾ"
"""Kana marks that never start a line (as small kana and closing punctuation never do)."""


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text, and the language its script needs (None: the surrounding one)."""

    text: str
    lang: str | None = None
    han_only: bool = False
    """Han ideographs alone, in text whose language is not Chinese, Japanese or Korean: the
    same characters are Chinese or Japanese (and drawn differently), so only content can say."""


def _family(char: str) -> frozenset[str] | None:
    script = scripts.script(char)
    if script in EAST_ASIAN:
        return EAST_ASIAN
    if script in MONGOLIAN:
        return MONGOLIAN
    return None


def _joins(char: str, family: frozenset[str]) -> bool:
    """A character of no script of its own (a space, 、, ・) that may stand inside a run."""
    extensions = scripts.script_extension(char)
    return bool(extensions & family) or extensions <= {"Zyyy", "Zinh"}


def runs(text: str, lang: str) -> list[Run]:
    """`text` cut into runs of East Asian or Mongolian script and the rest, each run with the
    language it needs where that differs from `lang`, the language around it."""
    if text.isascii():
        return [Run(text)]
    found: list[Run] = []
    start = index = 0
    while index < len(text):
        family = _family(text[index])
        if family is None:
            index += 1
            continue
        end = index + 1
        scan = end
        while scan < len(text):
            char = text[scan]
            if _family(char) == family:
                end = scan = scan + 1
            elif _family(char) is None and _joins(char, family):
                scan += 1
            else:
                break
        if start < index:
            found.append(Run(text[start:index]))
        found.append(_tagged(text[index:end], family, lang))
        start = index = end
    if start < len(text):
        found.append(Run(text[start:]))
    return found


def _tagged(text: str, family: frozenset[str], around: str) -> Run:
    used = {scripts.script(char) for char in text}
    if family is MONGOLIAN:
        tag = "mn-Mong"
    elif "Hang" in used:
        tag = "ko"
    elif used & {"Hira", "Kana"}:
        tag = "ja"
    elif "Bopo" in used:
        tag = "zh-Hant"
    elif _primary(around) in CJK_LANGUAGES:
        return Run(text)
    else:
        return Run(text, han_only=True)
    return Run(text, None if same_language(tag, around) else tag)


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


@functools.lru_cache(maxsize=256)
def _script_of(tag: str) -> str | None:
    """The script a language tag names or implies (CLDR's likely subtags: mn → Cyrl)."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return None
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language, "")
    return Locale.parse(likely).script if likely else None


def same_language(tag: str, around: str) -> bool:
    """Whether text tagged `tag` inside text in `around` needs no tag of its own."""
    return _primary(tag) == _primary(around) and _script_of(tag) == _script_of(around)


def break_before(text: str, index: int) -> bool:
    """Whether a line may break before `text[index]` with no space there: between Chinese and
    Japanese characters (UAX #14), never before small kana, a closing mark or punctuation,
    nor after an opening mark."""
    if index <= 0 or index >= len(text):
        return False
    before, char = text[index - 1], text[index]
    ideographic = {"Hani", "Hira", "Kana"}
    if not (scripts.script(before) in ideographic or scripts.script(char) in ideographic):
        return False
    if char in _NO_BREAK_BEFORE or " SMALL " in unicodedata.name(char, ""):
        return False
    return unicodedata.category(char) not in ("Pe", "Pf", "Po") and unicodedata.category(
        before
    ) not in ("Ps", "Pi")


def unbreakable_end(word: str) -> str:
    """The end of `word` that no line may break inside (all of it, but for Chinese or Japanese
    text, where a line may break between characters)."""
    cut = max((n for n in range(1, len(word)) if break_before(word, n)), default=0)
    return word[cut:]


def hangul_words(text: str) -> list[tuple[str, bool]]:
    """`text` cut at its spaces, each piece with whether it is a word of hangul (Korean breaks
    lines between words, not between the syllables of a word)."""
    pieces: list[tuple[str, bool]] = []
    for word in text.split(" "):
        if pieces:
            pieces.append((" ", False))
        if word:
            pieces.append((word, any(scripts.script(char) == "Hang" for char in word)))
    return pieces
