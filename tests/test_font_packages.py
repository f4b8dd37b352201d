"""The Debian package factsheet names for a font family is the package that has its fonts:
checked with dpkg on every family installed here that the table knows."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from factsheet import font_packages, fonts


@pytest.mark.parametrize(
    ("family", "package"),
    [
        ("Noto Serif", "fonts-noto-core"),
        ("Noto Sans Mongolian", "fonts-noto-core"),
        ("Noto Sans CJK JP", "fonts-noto-cjk"),
        ("Noto Serif CJK TC", "fonts-noto-cjk"),
        ("Noto Sans Mono", "fonts-noto-mono"),
        ("Noto Sans Light", "fonts-noto-extra"),
        ("Noto Sans Arabic UI", "fonts-noto-ui-core"),
        ("Noto Color Emoji", "fonts-noto-color-emoji"),
        ("DejaVu Serif", "fonts-dejavu-core"),
        ("dejavu sans mono", "fonts-dejavu-core"),
        ("DejaVu Math TeX Gyre", "fonts-dejavu-extra"),
        ("Liberation Serif", "fonts-liberation2"),
        ("Nonexistent Sans", None),
        ("Notorious Serif", None),
    ],
)
def test_a_family_s_package(family, package):
    assert font_packages.package(family) == package


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="dpkg is Debian's")
def test_the_table_agrees_with_dpkg_on_every_installed_family_it_knows():
    known = {
        family: files
        for family, files in (fonts.family_files() or {}).items()
        if font_packages.package(family) is not None
    }
    assert {"noto serif", "noto sans cjk jp", "dejavu serif"} <= set(known)
    files = sorted({file for found in known.values() for file in found})
    listed = subprocess.run(
        ["dpkg-query", "-S", *files], capture_output=True, text=True, check=True
    ).stdout
    owner = {}
    for line in listed.splitlines():
        package, _, path = line.partition(": ")
        owner[path] = package
    # A family's name may be on another package's fonts too (DejaVu Sans on the condensed
    # faces of fonts-dejavu-extra): the package named must be one of those that have it.
    wrong = {
        family: sorted({owner.get(file) for file in found})
        for family, found in known.items()
        if font_packages.package(family) not in {owner.get(file) for file in found}
    }
    assert wrong == {}


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="dpkg is Debian's")
def test_the_package_dpkg_says_installed_a_family():
    assert font_packages.installed_package("Noto Serif") == "fonts-noto-core"
    assert font_packages.installed_package("Nonexistent Sans") is None
