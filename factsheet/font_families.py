"""The font families a theme names: read from its stylesheets with tinycss2, so that a build
can tell a document set in the theme's fonts from one set in whatever fontconfig fell back to.

Families are named in `font-family` and in the `font` shorthand, and (in a theme) in custom
properties named `--font-*`; a `var()` in a family list is replaced by the custom property it
names. Generic families (serif, sans-serif…) name no font: fontconfig picks one for them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tinycss2
from tinycss2.ast import AtRule, Declaration, FunctionBlock, Node, QualifiedRule

GENERIC_FAMILIES = frozenset(
    {
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "ui-rounded",
        "math",
        "emoji",
        "fangsong",
    }
)
"""Families that stand for a kind of font, not a font (CSS Fonts 4, unquoted only)."""
WIDE_KEYWORDS = frozenset({"inherit", "initial", "unset", "revert", "revert-layer", "default"})
FONT_KEYWORDS = frozenset(
    {"normal", "bold", "bolder", "lighter", "italic", "oblique", "small-caps", "none"}
)
"""Values of the other font properties, which a `--font-*` property may hold instead."""
FONT_PROPERTY_PREFIX = "--font-"
"""Custom properties whose value is a family list (or a whole `font`), as a theme sets them."""
NOT_FAMILIES = frozenset(
    {"size", "weight", "style", "variant", "stretch", "feature", "features", "kerning"}
    | {"synthesis", "optical", "palette", "language", "variation", "variations", "width"}
)
"""`--font-size-text` and the like: custom properties of the other font properties."""
MAX_VAR_DEPTH = 8
"""var() inside var(): deeper than this (or a cycle) names nothing more."""
SIZE_KEYWORDS = frozenset(
    {"xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "xxx-large"}
    | {"smaller", "larger", "math"}
)


@dataclass(frozen=True, slots=True)
class ThemeFonts:
    """What a set of stylesheets says about fonts."""

    named: tuple[str, ...]
    """Every family named, in the order first named, each once (compared without case)."""
    supplied: frozenset[str]
    """The families an @font-face rule brings (casefolded): no package installs them."""

    def names(self, family: str) -> bool:
        """Whether `family` is one of the named families (fontconfig ignores case)."""
        return family.casefold() in {name.casefold() for name in self.named}


@functools.lru_cache(maxsize=32)
def theme_fonts(stylesheets: tuple[str, ...]) -> ThemeFonts:
    """The families the stylesheets (their texts, in order) name; parsed once per process."""
    declarations = [
        declaration
        for text in stylesheets
        for declaration in _declarations(
            tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), False
        )
    ]
    custom = {d.name: d.value for d, _ in declarations if d.name.startswith("--")}
    named: dict[str, str] = {}
    supplied: set[str] = set()
    for declaration, in_face in declarations:
        for family in _families(declaration, custom):
            named.setdefault(family.casefold(), family)
            if in_face:
                supplied.add(family.casefold())
    return ThemeFonts(tuple(named.values()), frozenset(supplied))


def _declarations(nodes: Iterable[Node], in_face: bool) -> Iterator[tuple[Declaration, bool]]:
    """Every declaration of the rules, nested rules (@page margins, @media, nesting) included,
    with whether it stands in an @font-face."""
    for node in nodes:
        if isinstance(node, Declaration):
            yield node, in_face
        elif isinstance(node, QualifiedRule | AtRule) and node.content is not None:
            face = isinstance(node, AtRule) and node.lower_at_keyword == "font-face"
            contents = tinycss2.parse_blocks_contents(
                node.content, skip_comments=True, skip_whitespace=True
            )
            yield from _declarations(contents, in_face or face)


def _families(declaration: Declaration, custom: dict[str, list[Node]]) -> list[str]:
    """The families one declaration names, its var()s replaced."""
    name = declaration.lower_name
    if name.startswith("--"):
        if not _family_property(declaration.name):
            return []
        # A theme's --font-* may hold a family list or a whole `font` value.
        value = _resolved(declaration.value, custom, 0)
        return _shorthand(value, required=False)
    if name == "font-family":
        return family_list(_resolved(declaration.value, custom, 0))
    if name == "font":
        return _shorthand(_resolved(declaration.value, custom, 0), required=True)
    return []


def _family_property(name: str) -> bool:
    """Whether a custom property is a theme's family: `--font-text`, not `--font-size-text`."""
    role = name.removeprefix(FONT_PROPERTY_PREFIX)
    return role != name and bool(role) and role.split("-")[0].lower() not in NOT_FAMILIES


def _resolved(tokens: list[Node], custom: dict[str, list[Node]], depth: int) -> list[Node]:
    """The tokens with each var(--name[, fallback]) replaced by what the property holds."""
    out: list[Node] = []
    for token in tokens:
        if isinstance(token, FunctionBlock) and token.lower_name == "var":
            out.extend(_variable(token, custom, depth))
        else:
            out.append(token)
    return out


def _variable(function: FunctionBlock, custom: dict[str, list[Node]], depth: int) -> list[Node]:
    if depth >= MAX_VAR_DEPTH:
        return []
    arguments = [t for t in function.arguments if t.type not in ("whitespace", "comment")]
    if not arguments or arguments[0].type != "ident":
        return []
    name = arguments[0].value
    if name in custom:
        return _resolved(custom[name], custom, depth + 1)
    commas = [i for i, t in enumerate(function.arguments) if _is_comma(t)]
    if commas:  # the fallback: everything after the first comma
        return _resolved(function.arguments[commas[0] + 1 :], custom, depth + 1)
    return []


def family_list(tokens: list[Node]) -> list[str]:
    """The families of a `font-family` value, without generic families and keywords."""
    families = []
    for group in _split_commas(tokens):
        family = _family(group)
        if family is not None:
            families.append(family)
    return families


def _shorthand(tokens: list[Node], *, required: bool) -> list[str]:
    """The families at the end of a `font` value: after its size (and /line-height). Without a
    size, the value is a system font (`font: caption`), or (not `required`) a family list."""
    groups = _split_commas(tokens)
    if not groups:
        return []
    first = groups[0]
    sized = [i for i, t in enumerate(first) if _is_size_or_height(t)]
    if not sized:
        return [] if required else family_list(tokens)
    head = first[sized[-1] + 1 :]
    return family_list([*head, *_joined(groups[1:])])


def _joined(groups: list[list[Node]]) -> list[Node]:
    comma = tinycss2.parse_component_value_list(",")
    joined: list[Node] = []
    for group in groups:
        joined += [*comma, *group]
    return joined


def _is_size_or_height(token: Node) -> bool:
    """A font size, or the `/` and line height after it: where the family list starts."""
    if token.type in ("dimension", "percentage", "number"):
        return True
    if token.type == "literal" and token.value == "/":
        return True
    if isinstance(token, FunctionBlock):  # calc(), clamp()… sizes
        return True
    return token.type == "ident" and token.lower_value in SIZE_KEYWORDS


def _split_commas(tokens: list[Node]) -> list[list[Node]]:
    groups: list[list[Node]] = [[]]
    for token in tokens:
        if _is_comma(token):
            groups.append([])
        elif token.type not in ("whitespace", "comment"):
            groups[-1].append(token)
    return [group for group in groups if group]


def _is_comma(token: Node) -> bool:
    return token.type == "literal" and token.value == ","


def _family(group: list[Node]) -> str | None:
    """One family: a string, or identifiers joined by spaces; None for a generic family, a
    keyword, or anything else (a stray token makes the whole declaration invalid in CSS)."""
    if len(group) == 1 and group[0].type == "string":
        return group[0].value or None
    if not all(token.type == "ident" for token in group):
        return None
    if len(group) == 1 and group[0].lower_value in GENERIC_FAMILIES | WIDE_KEYWORDS | FONT_KEYWORDS:
        return None
    return " ".join(token.value for token in group)
