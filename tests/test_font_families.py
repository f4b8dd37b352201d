"""The font families a theme names, read from stylesheets with tinycss2: our own, a theme's
`--font-*` custom properties, and what users and attackers write."""

from __future__ import annotations

import pytest

from conftest import REPO
from factsheet.font_families import theme_fonts
from factsheet.font_listing import printed_stylesheets, theme_listing
from factsheet.writers import Look

NOTO = ("Noto Sans", "Noto Sans CJK JP", "Noto Serif", "Noto Serif CJK JP", "Noto Sans Mongolian")
MONO = ("DejaVu Sans Mono", "Noto Sans Mono CJK JP")
"""Code's faces: DejaVu Sans Mono, which fontconfig gives monospace on Debian, named."""


def named(*stylesheets: str) -> tuple[str, ...]:
    return theme_fonts(stylesheets).named


def test_our_print_stylesheets_name_the_noto_families():
    texts = printed_stylesheets(None, Look())
    assert sorted(theme_fonts(texts).named) == sorted(NOTO + MONO)


def test_the_web_page_names_georgia_too_but_factsheet_fonts_lists_only_what_print_uses():
    theme = (REPO / "templates" / "css" / "theme.css").read_text(encoding="utf-8")
    assert "Georgia" in named(theme)  # the web page's, in --font-screen-text
    assert [family.name for family in theme_listing(None).theme] == list(
        named(*printed_stylesheets(None, Look()))
    )
    assert "Georgia" not in [family.name for family in theme_listing(None).theme]


def test_font_family_and_the_font_shorthand_in_rules_and_page_margins():
    css = """
    @page { @top-center { font: italic 8pt/1 "Margin Sans", sans-serif; } }
    html { font-family: "Body Serif", Other Serif, serif; }
    .a { font: bold 9pt Shorthand Sans, "Second", monospace; }
    .b { font: caption; }
    @media print { .c { font-family: 'In Media'; } }
    .d { font-family: inherit; }
    """
    assert named(css) == (
        "Margin Sans",
        "Body Serif",
        "Other Serif",
        "Shorthand Sans",
        "Second",
        "In Media",
    )


def test_a_theme_s_custom_properties_and_the_var_that_use_them():
    theme = """
    :root {
      --font-text: "Noto Serif", "Noto Serif CJK JP", serif;
      --font-ui: Noto Sans, sans-serif;
      --font-caption: italic 8pt/1 var(--font-ui);
      --font-size-text: 10pt;
      --font-weight-heading: bold;
      --body-family: "Through A Var";
    }
    """
    print_css = """
    html { font-family: var(--font-text); }
    .x { font: 9pt/1.2 var(--body-family); }
    .y { font-family: var(--not-set, "The Fallback"), serif; }
    .z { font-family: var(--not-set); }
    """
    assert named(theme, print_css) == (
        "Noto Serif",
        "Noto Serif CJK JP",
        "Noto Sans",
        "Through A Var",
        "The Fallback",
    )


def test_generic_families_name_no_font_but_a_quoted_name_is_a_name():
    assert named("p { font-family: serif, sans-serif, system-ui, ui-monospace, math, emoji }") == ()
    assert named('p { font-family: "serif" }') == ("serif",)


def test_the_same_family_twice_or_in_another_case_is_named_once():
    assert named('p { font-family: "Noto Sans" } q { font-family: noto sans }') == ("Noto Sans",)
    assert theme_fonts(('p { font-family: "Noto Sans" }',)).names("NOTO SANS")


def test_a_family_an_at_font_face_brings_is_supplied_not_installed():
    css = '@font-face { font-family: "House Sans"; src: url(house.woff2) } p { font: 9pt "House Sans" }'
    fonts = theme_fonts((css,))
    assert fonts.named == ("House Sans",) and fonts.supplied == {"house sans"}


@pytest.mark.parametrize(
    "css",
    [
        ":root { --font-a: var(--font-b); --font-b: var(--font-a); } p { font-family: var(--font-a) }",
        "p { font-family: var() } q { font-family: var(1) } r { font: }",
        "p { font-family: 12px, url(x), 'ok' }",
        "p { font-family: ",
        "@font-face",
    ],
)
def test_broken_or_circular_css_names_what_it_can_and_never_raises(css):
    assert set(named(css)) <= {"ok"}


def test_a_name_with_a_newline_escape_is_read_as_written():
    # CSS escapes a newline as \A: the name holds it, and whoever prints it must escape it.
    assert named('p { font-family: "Evil\\A content/x.md:1:1: forged" }') == (
        "Evil\ncontent/x.md:1:1: forged",
    )
