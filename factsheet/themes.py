"""Themes: the custom properties of css/theme.css, reset by a built-in theme and by the user's
`--style` file, resolved when the build runs.

Every `var()` in every stylesheet is replaced by its value here, token by token (tinycss2,
never patterns), so that the PDF, the e-book and the web page carry plain values: e-book
reading systems that ignore `var()` (Adobe RMSDK, Kindle, older Kobo) show the theme too, and
WeasyPrint never meets a `var()` inside a shorthand or a page-margin box. docs/themes.md says
which properties there are and what each sets.
"""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import jinja2
import tinycss2
from tinycss2.ast import AtRule, Declaration, FunctionBlock, Node, ParseError, QualifiedRule

from factsheet.fetch import Door, RefusedReference, check_asset
from factsheet.run import Options, UsageError
from factsheet.settings import SettingError, read_theme
from factsheet.stylesheets import url_references
from factsheet.writers import THEME_STYLE, THEME_STYLES
from factsheet.writers.job import Look

MAX_DEPTH = 16
"""How deep one custom property may name another before the chain counts as a loop."""


class ThemeError(Exception):
    """A stylesheet names a custom property that is not set, or sets one where it cannot be
    resolved; with the line and column where."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.line, self.column = line, column


@dataclass(frozen=True, slots=True)
class Sheet:
    """One stylesheet as an output carries it: every var() replaced by its value."""

    name: str
    """Its name among the templates (css/print.css), or the --style file as given."""
    filename: str | None
    """Where it was read from."""
    text: str
    folder: Path | None = None
    """The folder its url()s start from, for the --style file; ours start where they did."""


@dataclass(frozen=True, slots=True)
class ChartColours:
    """The chart's colours, as the SVG's presentation attributes take them."""

    series: tuple[str, ...]
    outline: str
    grid: str
    tick: str
    text: str
    ground: str
    font: str


@dataclass(frozen=True, slots=True)
class Theme:
    """The custom properties in force, and the stylesheets set after ours (the theme's own
    rules, then the user's)."""

    properties: Mapping[str, tuple[Node, ...]]
    rules: tuple[Sheet, ...]

    def value(self, name: str) -> str:
        """A property's value as CSS text, any var() in it resolved."""
        tokens = _substituted(self.properties[name], self.properties, (name,))
        return tinycss2.serialize(tokens).strip()

    @property
    def chart(self) -> ChartColours:
        return ChartColours(
            series=tuple(self.value(f"--colour-chart-{n}") for n in range(1, 7)),
            outline=self.value("--colour-chart-outline"),
            grid=self.value("--colour-chart-grid"),
            tick=self.value("--colour-chart-tick"),
            text=self.value("--colour-chart-text"),
            ground=self.value("--colour-chart-ground"),
            font=self.value("--font-chart"),
        )

    @property
    def families(self) -> dict[str, tuple[str, ...]]:
        """The font families each --font-* property names, in order: the fonts a theme asks
        for (generic families such as serif included)."""
        found = {}
        for name in self.properties:
            if name.startswith("--font-"):
                value = _substituted(self.properties[name], self.properties, (name,))
                found[name] = tuple(_family_names(value))
        return found

    def sheet(self, env: jinja2.Environment, name: str) -> Sheet:
        """One of our stylesheets, resolved; jinja2.TemplateSyntaxError where it names a
        property no one sets."""
        source, filename, _ = env.loader.get_source(env, name)
        try:
            return Sheet(name, filename, resolved(source, self.properties))
        except ThemeError as error:
            raise jinja2.TemplateSyntaxError(str(error), error.line, name, filename) from None

    def sheets(self, env: jinja2.Environment, names: tuple[str, ...]) -> list[Sheet]:
        """An output's stylesheets, resolved, followed by the theme's and the user's rules."""
        return [*(self.sheet(env, name) for name in names), *self.rules]


def theme_styles(look: Look) -> tuple[str, ...]:
    """The built-in theme's stylesheet an output reads besides its format's, if any."""
    return (THEME_STYLES[look.theme],) if look.theme in THEME_STYLES else ()


def look_key(look: Look) -> list[str]:
    """What an output's cache key holds of its look: the theme, the --style file's bytes."""
    return [look.theme, hashlib.sha256(look.style_text.encode()).hexdigest() if look.style else ""]


def _family_names(tokens: list[Node]) -> Iterator[str]:
    """A font-family value's names: quoted strings, or words joined by one space."""
    words: list[str] = []
    for token in [*tokens, None]:
        if token is None or token == ",":
            if words:
                yield " ".join(words)
            words = []
        elif token.type in ("string", "ident"):
            words.append(token.value)


def read_look(theme: str, style: Path | None, door: Door) -> Look:
    """The theme and --style file of a build, checked and read once, before any document:
    a usage error names what is wrong (unknown theme, missing file, a file outside the
    project, CSS that does not parse, a url() the door refuses) in one line."""
    try:
        read_theme(theme)
    except SettingError as error:
        raise UsageError(f"--theme: {error}") from None
    if style is None:
        return Look(theme)
    if not style.is_file():
        raise UsageError(f"--style: no file at {style}")
    where = style.resolve()
    if not where.is_relative_to(door.root.resolve()):
        raise UsageError(f"--style: {style} lies outside the project ({door.root})")
    try:
        text = where.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"--style: {style} is not UTF-8 text") from None
    look = Look(theme, style, text)
    problems = [*syntax_errors(text), *refused_urls(text, where.parent, door)]
    if problems:
        line, column, message = min(problems)
        raise UsageError(f"{style}:{line}:{column}: {message}")
    return look


def syntax_errors(text: str) -> Iterator[tuple[int, int, str]]:
    """What in a stylesheet does not parse as CSS rules and declarations: each is a problem,
    where WeasyPrint and browsers would drop it without a word."""
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if isinstance(rule, ParseError):
            yield rule.source_line, rule.source_column, f"CSS that does not parse: {rule.message}"
        elif isinstance(rule, AtRule) and rule.lower_at_keyword == "import":
            message = "@import cannot be used here; copy the rules into this stylesheet"
            yield rule.source_line, rule.source_column, message
        elif isinstance(rule, QualifiedRule):
            for item in tinycss2.parse_declaration_list(rule.content, True, True):
                if isinstance(item, ParseError):
                    message = "a declaration that does not parse: write name: value;"
                    yield item.source_line, item.source_column, message


def refused_urls(text: str, folder: Path, door: Door) -> Iterator[tuple[int, int, str]]:
    """Each url() of the user's stylesheet that the door refuses."""
    for reference, line in url_references(text):
        if not reference or reference.startswith("#") or reference.lower().startswith("data:"):
            continue
        try:
            check_asset(reference, folder, door)
        except RefusedReference as refused:
            yield line, 1, f"url() refused: {refused}"


@functools.lru_cache(maxsize=16)
def theme_of(env: jinja2.Environment, look: Look) -> Theme:
    """The theme a build's outputs are set in: theme.css's properties, set again by the
    built-in theme and then by the user's stylesheet, whose other rules follow ours."""
    layers = [(THEME_STYLE, *env.loader.get_source(env, THEME_STYLE)[:2])]
    if look.theme != "default":
        name = THEME_STYLES[look.theme]
        layers.append((name, *env.loader.get_source(env, name)[:2]))
    if look.style is not None:
        layers.append((str(look.style), look.style_text, str(look.style.resolve())))
    properties: dict[str, tuple[Node, ...]] = {}
    remainders: list[tuple[str, str | None, str]] = []
    for name, source, filename in layers:
        try:
            found, rest = split_properties(source)
        except ThemeError as error:
            raise _located(error, name, filename, look) from None
        properties |= found
        if name != THEME_STYLE:
            remainders.append((name, filename, rest))
    frozen = MappingProxyType(properties)
    rules = []
    for name, filename, rest in remainders:
        try:
            text = resolved(rest, frozen)
        except ThemeError as error:
            raise _located(error, name, filename, look) from None
        folder = look.style.resolve().parent if look.style and name == str(look.style) else None
        rules.append(Sheet(name, filename, text, folder))
    return Theme(frozen, tuple(rules))


def _located(error: ThemeError, name: str, filename: str | None, look: Look) -> Exception:
    """A theme error in the user's stylesheet is theirs (a usage error); in ours, a template's."""
    if look.style is not None and name == str(look.style):
        return UsageError(f"{name}:{error.line}:{error.column}: {error}")
    return jinja2.TemplateSyntaxError(str(error), error.line, name, filename)


def split_properties(source: str) -> tuple[dict[str, tuple[Node, ...]], str]:
    """The custom properties a stylesheet sets in `:root`, and the rest of its rules without
    them (a rule left empty goes). One set anywhere else is an error: resolved when the build
    runs, it could not apply to part of the page only."""
    properties: dict[str, tuple[Node, ...]] = {}
    rules = tinycss2.parse_stylesheet(source, skip_comments=False, skip_whitespace=False)
    kept: list[Node] = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            declarations = tinycss2.parse_declaration_list(rule.content, False, False)
            custom = [d for d in declarations if _custom(d)]
            if custom and tinycss2.serialize(rule.prelude).strip() != ":root":
                raise ThemeError(_only_root(custom[0].name), *_at(custom[0]))
            for declaration in custom:
                properties[declaration.name] = _stripped(declaration.value)
            if custom:
                rest = [d for d in declarations if not _custom(d)]
                if any(isinstance(d, Declaration) for d in rest):
                    body = tinycss2.serialize(rest)
                    prelude = tinycss2.serialize(rule.prelude)
                    kept += tinycss2.parse_stylesheet(f"{prelude}{{{body}}}", False, False)
                continue
        elif isinstance(rule, AtRule) and rule.content and _sets_properties(rule.content):
            name = f"@{rule.at_keyword}"
            message = f"custom properties are set in :root only, not inside {name}"
            raise ThemeError(message, rule.source_line, rule.source_column)
        kept.append(rule)
    return properties, tinycss2.serialize(kept)


def _custom(item: Node) -> bool:
    return isinstance(item, Declaration) and item.name.startswith("--")


def _only_root(name: str) -> str:
    return f"{name} is set outside :root; custom properties are set in :root only"


def _at(node: Node) -> tuple[int, int]:
    return node.source_line, node.source_column


def _sets_properties(content: list[Node]) -> bool:
    """Whether an at-rule's block sets a custom property in any rule inside it."""
    for rule in tinycss2.parse_rule_list(content, True, True):
        if isinstance(rule, QualifiedRule):
            items = tinycss2.parse_declaration_list(rule.content, True, True)
            if any(_custom(item) for item in items):
                return True
        elif isinstance(rule, AtRule) and rule.content and _sets_properties(rule.content):
            return True
    declarations = tinycss2.parse_declaration_list(content, True, True)
    return any(_custom(item) for item in declarations)


def _stripped(tokens: list[Node]) -> tuple[Node, ...]:
    """A value without the white space and comments around it."""
    start, end = 0, len(tokens)
    while start < end and tokens[start].type in ("whitespace", "comment"):
        start += 1
    while end > start and tokens[end - 1].type in ("whitespace", "comment"):
        end -= 1
    return tuple(tokens[start:end])


def resolved(source: str, properties: Mapping[str, tuple[Node, ...]]) -> str:
    """A stylesheet with each var() replaced by the value of its property (or its fallback).

    Only the var() calls change: the text around them stays as written, so a stylesheet set
    in its default values is the stylesheet it was before it had custom properties."""
    rules = tinycss2.parse_stylesheet(source, skip_comments=False, skip_whitespace=False)
    calls = list(_var_calls(rules))
    if not calls:
        return source
    starts = [0]
    for line in source.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    pieces, position = [], 0
    for call in calls:
        start = starts[call.source_line - 1] + call.source_column - 1
        written = tinycss2.serialize([call])
        if start < position or source[start : start + len(written)] != written:
            # Written in a way tinycss2 does not write back (escapes, comments): all of it anew.
            return tinycss2.serialize(_substituted(rules, properties, ()))
        value = tinycss2.serialize(_value_of(call, properties, ()))
        pieces += [source[position:start], value]
        position = start + len(written)
    return "".join([*pieces, source[position:]])


def _var_calls(nodes: list[Node]) -> Iterator[FunctionBlock]:
    """The var() calls among `nodes` and inside their blocks, in the order they are written."""
    for node in nodes:
        if isinstance(node, FunctionBlock) and node.lower_name == "var":
            yield node
            continue
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                yield from _var_calls(children)


def _has_var(nodes: list[Node]) -> bool:
    for node in nodes:
        if isinstance(node, FunctionBlock) and node.lower_name == "var":
            return True
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list) and _has_var(children):
                return True
    return False


def _substituted(
    nodes: list[Node] | tuple[Node, ...],
    properties: Mapping[str, tuple[Node, ...]],
    chain: tuple[str, ...],
) -> list[Node]:
    """`nodes` with every var() among them (and inside their blocks) replaced, in place of
    the function, by its value's tokens; a node with a var() inside is copied, not changed."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, FunctionBlock) and node.lower_name == "var":
            out += _value_of(node, properties, chain)
            continue
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list) and _has_var(children):
                node = copy.copy(node)
                setattr(node, part, _substituted(children, properties, chain))
        out.append(node)
    return out


def _value_of(
    call: FunctionBlock, properties: Mapping[str, tuple[Node, ...]], chain: tuple[str, ...]
) -> list[Node]:
    """The tokens one var() stands for: its property's value, else its fallback."""
    arguments = list(_stripped(call.arguments))
    name = arguments[0].value if arguments and arguments[0].type == "ident" else ""
    if not name.startswith("--"):
        message = "var() takes a custom property's name, such as --colour-accent"
        raise ThemeError(message, *_at(call))
    if name in chain or len(chain) > MAX_DEPTH:
        raise ThemeError(f"{name} is defined in terms of itself", *_at(call))
    if name in properties:
        return _substituted(properties[name], properties, (*chain, name))
    commas = [i for i, token in enumerate(arguments) if token == ","]
    if commas:
        return _substituted(_stripped(arguments[commas[0] + 1 :]), properties, (*chain, name))
    near = difflib.get_close_matches(name, list(properties), n=1)
    hint = f"; did you mean {near[0]}?" if near else ""
    raise ThemeError(f"no custom property {name} is set{hint}", *_at(call))


def checked_look(options: Options, root: Path) -> Look:
    """The build's theme and --style file, read and resolved once before any document: what
    is wrong with them is a usage error."""
    from factsheet.templates import environment

    look = read_look(options.theme, options.style, Door(root, options.allow_remote))
    theme_of(environment(options.templates), look)
    return look
