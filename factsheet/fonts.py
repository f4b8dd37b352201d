"""What fontconfig says of the installed fonts, read once per process: the characters they
draw, the languages they are made for, their families and files."""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Coverage:
    """The union of every installed font's character set, as sorted disjoint ranges."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def covers(self, char: str) -> bool:
        code = ord(char)
        index = bisect.bisect_right(self.starts, code) - 1
        return index >= 0 and code <= self.ends[index]

    def first_missing(self, text: str) -> Iterator[tuple[int, str]]:
        """Each character of `text` no font draws, once, with the offset where it first stands."""
        missing = {
            char
            for char in set(text)
            if not char.isspace() and ord(char) >= 0x20 and not self.covers(char)
        }
        if not missing:
            return
        # One pass over the text, whatever the number of missing characters.
        first: dict[str, int] = {}
        for match in re.finditer("[" + "".join(map(re.escape, sorted(missing))) + "]", text):
            first.setdefault(match[0], match.start())
            if len(first) == len(missing):
                break
        yield from sorted((offset, char) for char, offset in first.items())


@functools.cache
def coverage() -> Coverage | None:
    """None when fontconfig's fc-list is not there to ask."""
    listing = _fc_list("--format", "%{charset}\n")
    return None if listing is None else _merge(_ranges(listing))


def _fc_list(*arguments: str) -> str | None:
    """What fontconfig's fc-list prints, or None when it is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    return subprocess.run([fc_list, *arguments], capture_output=True, text=True, check=True).stdout


def _ranges(listing: str):
    for token in listing.split():
        low, _, high = token.partition("-")
        yield int(low, 16), int(high or low, 16)


def _merge(ranges) -> Coverage:
    starts: list[int] = []
    ends: list[int] = []
    for low, high in sorted(ranges):
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    return Coverage(tuple(starts), tuple(ends))


FONTCONFIG_SCRIPTS = {
    "zh-hans": "zh-cn",
    "zh-hant": "zh-tw",
    "mn-mong": "mn-cn",
    "mn-cyrl": "mn-mn",
}
"""BCP 47 tags whose script fontconfig names by a region instead (its orthographies)."""


def fontconfig_language(tag: str) -> str:
    """The language fontconfig knows a BCP 47 tag by: `zh-Hant` is zh-tw, `de-CH` is de."""
    lowered = tag.lower()
    for bcp47, known in FONTCONFIG_SCRIPTS.items():
        if lowered == bcp47 or lowered.startswith(bcp47 + "-"):
            return known
    if lowered.split("-")[0] == "zh":
        return "zh-tw" if lowered.split("-")[-1] in ("tw", "hk", "mo") else "zh-cn"
    return lowered.split("-")[0]


@functools.cache
def draws_language(tag: str) -> bool | None:
    """Whether an installed font is made for the language (fontconfig's orthographies); None
    when fontconfig's fc-list is not there to ask."""
    found = _fc_list(f":lang={fontconfig_language(tag)}", "family")
    return None if found is None else bool(found.strip())


@functools.cache
def family_files() -> dict[str, tuple[str, ...]] | None:
    """Every family name fontconfig knows (casefolded, each of a font's names) with the files
    that have it; read once per process, None when fontconfig's fc-list is not there to ask."""
    listing = _fc_list("--format", "%{family}\t%{file}\n")
    if listing is None:
        return None
    files: dict[str, list[str]] = {}
    for line in listing.splitlines():
        names, _, file = line.partition("\t")
        for name in names.split(","):
            if name.strip():
                files.setdefault(name.strip().casefold(), []).append(file)
    return {name: tuple(sorted(set(found))) for name, found in files.items()}


def installed(family: str) -> bool | None:
    """Whether fontconfig has a font of the family, by any of its names; None when fc-list is
    not there to ask."""
    known = family_files()
    return None if known is None else family.casefold() in known


@functools.cache
def installed_digest() -> str:
    """A hash of the installed fonts (each family name and its files), which a printed output's
    key holds: installing or removing a font changes what fontconfig falls back to."""
    known = family_files()
    listing = "" if known is None else "\n".join(f"{n}\t{f}" for n, f in sorted(known.items()))
    return hashlib.sha256(listing.encode()).hexdigest()
