"""`factsheet fonts`: the families the theme names, whether each is installed and from which
Debian package, and what each document's PDF is set in, script by script."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from fontTools import unicodedata

from factsheet import font_packages, fonts
from factsheet.embedded_fonts import SetIn, set_in
from factsheet.font_fallback import MAX_CHARACTERS, shown
from factsheet.font_families import ThemeFonts, theme_fonts
from factsheet.run import Notify, Options
from factsheet.templates import environment
from factsheet.themes import theme_of
from factsheet.writers import BOOKLET_STYLES, V2_STYLE, Look

PRINTED_STYLES = (*BOOKLET_STYLES, V2_STYLE)
"""Every stylesheet a PDF is set with (a sheet's, v2's rules, the booklet's): the e-book and
the web page are set in the reader's fonts, so the machine's fonts matter only for print."""
NO_SCRIPT = frozenset({"Zyyy", "Zinh", "Zzzz"})
"""Common, inherited and unknown characters: digits, punctuation, marks."""


@dataclass(frozen=True, slots=True)
class Family:
    """A family the theme names, and where it comes from."""

    name: str
    installed: bool | None
    """None when fontconfig's fc-list is not there to ask."""
    package: str | None


@dataclass(frozen=True, slots=True)
class Listing:
    """What `factsheet fonts` shows."""

    theme: tuple[Family, ...]
    documents: tuple[tuple[str, tuple[SetIn, ...]], ...] = ()
    """Each document built, by slug, with the families its PDF is set in."""
    named: ThemeFonts | None = None
    failed: tuple[str, ...] = ()
    """The documents that could not be built, by file name."""

    @property
    def missing(self) -> tuple[Family, ...]:
        return tuple(family for family in self.theme if family.installed is False)

    @property
    def complete(self) -> bool:
        """Nothing missing, no document set in other fonts, every document built: exit 0."""
        return not (self.missing or self.fallen_back or self.failed)

    @property
    def fallen_back(self) -> tuple[str, ...]:
        """The documents set in a family the theme does not name."""
        return tuple(slug for slug, used in self.documents if any(map(self.not_named, used)))

    def not_named(self, font: SetIn) -> bool:
        """Whether a document is set in this font although the theme does not name it."""
        return self.named is not None and not self.named.names(font.family)


def printed_stylesheets(templates: Path | None, look: Look) -> tuple[str, ...]:
    """The print stylesheets as the build gives them to WeasyPrint: the theme's properties
    resolved, its own rules and the --style file's after them."""
    env = environment(templates)
    return tuple(sheet.text for sheet in theme_of(env, look).sheets(env, PRINTED_STYLES))


def theme_listing(templates: Path | None, look: Look | None = None) -> Listing:
    """The families the print stylesheets (the user's templates first) name, in the build's
    theme and with its --style file."""
    named = theme_fonts(printed_stylesheets(templates, look or Look()))
    supplied = named.supplied
    theme = tuple(
        Family(name, True if name.casefold() in supplied else fonts.installed(name), _package(name))
        for name in named.named
    )
    return Listing(theme, named=named)


def _package(family: str) -> str | None:
    return font_packages.package(family) or font_packages.installed_package(family)


def document_listing(options: Options, notify: Notify) -> Listing:
    """The theme's families, and each document's as its PDF, built in a folder of its own
    and thrown away, is set in; a document that cannot be built is told to `notify`."""
    from factsheet.pipeline import build
    from factsheet.themes import checked_look

    listing = theme_listing(
        options.templates, checked_look(options, options.content.resolve().parent)
    )
    with tempfile.TemporaryDirectory(prefix="factsheet-fonts-") as folder:
        out = Path(folder)
        built = replace(options, out=out, formats=("pdf",), force=True)
        report = build(built, notify)
        documents = tuple(
            (slug, tuple(set_in((out / f"{slug}.pdf").read_bytes(), lambda family: True)))
            for slug in report.built
        )
    return replace(listing, documents=documents, failed=tuple(p.name for p in report.failed))


def lines(listing: Listing) -> list[str]:
    """The listing as aligned columns, one row per family."""
    rows = [
        (
            shown(family.name),
            {True: "installed", False: "missing", None: "unknown"}[family.installed],
            family.package or "(no Debian package known)",
        )
        for family in listing.theme
    ]
    out = ["The theme's fonts (the print stylesheets):"]
    out += _columns(("FAMILY", "STATUS", "DEBIAN PACKAGE"), rows)
    if listing.documents:
        rows = [
            (slug, shown(font.family), scripts(font.characters), _note(listing, font))
            for slug, used in listing.documents
            for font in used
        ]
        out += ["", "What each document's PDF is set in:"]
        out += _columns(("DOCUMENT", "FAMILY", "SCRIPTS", ""), rows)
    return [*out, "", *summary(listing)]


def _note(listing: Listing, font: SetIn) -> str:
    if not listing.not_named(font):
        return ""
    few = 0 < len(font.characters) <= MAX_CHARACTERS
    return (
        f"not named by the theme: “{shown(font.characters)}”" if few else "not named by the theme"
    )


def summary(listing: Listing) -> list[str]:
    """What is missing and how to install it, or that nothing is."""
    found = []
    if missing := listing.missing:
        names = ", ".join(shown(family.name) for family in missing)
        found.append(f"missing: {names}")
        packages = sorted({family.package for family in missing if family.package})
        if packages:
            found.append(f"install them with: sudo apt-get install {' '.join(packages)}")
    if fallen := listing.fallen_back:
        found.append(f"set in fonts the theme does not name: {', '.join(fallen)}")
    if listing.failed:
        found.append(f"not built, so not listed: {', '.join(listing.failed)}")
    return found or ["nothing is missing"]


def scripts(characters: str) -> str:
    """The scripts of the characters, most used first (Latin, Han…); digits and punctuation
    alone are "Common"."""
    counted = Counter(unicodedata.script(char) for char in characters)
    named = [code for code, _ in counted.most_common() if code not in NO_SCRIPT]
    if not named:
        return "Common" if characters else "-"
    return ", ".join(
        unicodedata.script_name(code) for code in sorted(named, key=lambda c: (-counted[c], c))
    )


def _columns(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  "
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
