"""A warning when a printed document is set in fonts its theme does not name: fontconfig fell
back to another font, silently, because a family the theme names is not installed or because
the theme's fonts do not draw some characters. One line per document, read from its PDF."""

from __future__ import annotations

from collections.abc import Iterable

from factsheet import font_packages, fonts
from factsheet.checks.languages import names_an_undrawn_language
from factsheet.embedded_fonts import SetIn, set_in
from factsheet.errors import Problem, Severity
from factsheet.font_families import ThemeFonts, theme_fonts
from factsheet.model import Document

FIELD = "fonts"
MAX_NAME = 60
"""Characters of a family name shown: a stylesheet or a font file may give a very long one."""
MAX_CHARACTERS = 12
"""Characters shown of those a fallback font was used for."""


def fallback_problems(
    document: Document, pdf: bytes, stylesheets: tuple[str, ...]
) -> tuple[Problem, ...]:
    """At most one warning: the families the PDF is set in that the stylesheets (their texts)
    do not name, with the named families that are not installed and their Debian packages."""
    theme = theme_fonts(stylesheets)
    if not theme.named:  # generic families only: the theme leaves the choice to fontconfig
        return ()
    used = set_in(pdf, characters_of=lambda family: not theme.names(family))
    others = [font for font in used if not theme.names(font.family)]
    if not others:
        return ()
    missing = not_installed(theme)
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        message = (
            f"set in {_listed(shown(font.family) for font in others)}, which the theme does not"
            f" name; {_listed(map(shown, missing))} {verb} not installed{install_hint(missing)}"
        )
    elif names_an_undrawn_language(document):
        return ()  # the language check has said that no font is made for its language
    else:
        message = (
            f"set in {_listed(map(_with_characters, others))}, which the theme does not name:"
            " none of its fonts draws these characters, so the PDF depends on the fonts of the"
            " machine that builds it"
        )
    return (Problem(document.path, 1, 1, FIELD, message, Severity.WARNING),)


def not_installed(theme: ThemeFonts) -> list[str]:
    """The families the theme names that fontconfig does not have (nor an @font-face brings)."""
    return [
        family
        for family in theme.named
        if family.casefold() not in theme.supplied and fonts.installed(family) is False
    ]


def install_hint(missing: Iterable[str]) -> str:
    """The command that installs the families factsheet knows a Debian package for."""
    packages = sorted({p for family in missing if (p := font_packages.package(family))})
    return f" (Debian: apt-get install {' '.join(packages)})" if packages else ""


def shown(name: str) -> str:
    """A family name on one line: control, format and separator characters escaped (a crafted
    name cannot forge a line of output), and cut when very long."""
    cut = name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in cut)


def _with_characters(font: SetIn) -> str:
    characters = font.characters
    if not characters:
        return shown(font.family)
    more = "…" if len(characters) > MAX_CHARACTERS else ""
    return f"{shown(font.family)} for “{shown(characters[:MAX_CHARACTERS])}{more}”"


def _listed(items: Iterable[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    names = list(items)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
