"""Which Debian package installs a font family, so that a missing font comes with the command
that installs it. Checked against `dpkg -S` on the installed fonts (tests/test_font_packages.py)."""

from __future__ import annotations

import shutil
import subprocess

from factsheet import fonts

EXTRA_STYLES = frozenset(
    {"thin", "extralight", "light", "medium", "semibold", "extrabold", "black"}
    | {"condensed", "semicondensed", "extracondensed"}
)
"""Words in a Noto family's name that only fonts-noto-extra's weights and widths have."""
DEJAVU_CORE = frozenset({"dejavu sans", "dejavu serif", "dejavu sans mono"})
PREFIXES = (
    ("Noto Sans CJK", "fonts-noto-cjk"),
    ("Noto Serif CJK", "fonts-noto-cjk"),
    ("Noto Sans Mono CJK", "fonts-noto-cjk"),
    ("Noto Color Emoji", "fonts-noto-color-emoji"),
    ("Noto Sans Mono", "fonts-noto-mono"),
    ("Noto Mono", "fonts-noto-mono"),
    ("Noto", "fonts-noto-core"),
    ("DejaVu", "fonts-dejavu-extra"),
    ("Liberation", "fonts-liberation2"),
)
"""A family's first words and the package with its fonts, the first that matches winning."""


def package(family: str) -> str | None:
    """The Debian package with the family's fonts, when factsheet knows it."""
    words = family.casefold().split()
    if family.casefold() in DEJAVU_CORE:
        return "fonts-dejavu-core"
    for prefix, name in PREFIXES:
        if words[: len(prefix.split())] == prefix.casefold().split():
            if name == "fonts-noto-core" and words[-1] == "ui":
                return "fonts-noto-ui-core"
            if name == "fonts-noto-core" and EXTRA_STYLES & set(words):
                return "fonts-noto-extra"
            return name
    return None


def installed_package(family: str) -> str | None:
    """The package that installed this machine's fonts of the family, as dpkg says; None when
    the family is not installed, dpkg is not there, or the files are no package's."""
    files = (fonts.family_files() or {}).get(family.casefold())
    dpkg_query = shutil.which("dpkg-query")
    if not files or dpkg_query is None:
        return None
    found = subprocess.run([dpkg_query, "-S", files[0]], capture_output=True, text=True)
    if found.returncode != 0:
        return None
    return found.stdout.partition(":")[0].strip() or None
