"""An infobox value as the lines it shows (`<br>`, `{{plainlist}}`, `{{ubl}}`, `*` items),
each with what its templates mark: the flags it shows, the fates of the people in it, the
sources its refs cite and the notes it carries."""

from __future__ import annotations

from dataclasses import dataclass

from mwparserfromhell.nodes import Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from factsheet.wikitext.markup import Render, parse
from factsheet.wikitext.templates import FLAG_ALIASES, FLAG_TEMPLATES, LIST_TEMPLATES, template_name

WRAPPERS = frozenset({"small", "big", "span", "div", "center", "font", "p"})
"""Tags that only style what they hold: a list inside one is still a list."""


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    """The line as plain text."""
    code: Wikicode
    """The line's wikicode, to convert to Markdown where the field takes it."""
    flags: tuple[str, ...] = ()
    """The countries its flags show, by name."""
    fates: tuple[str, ...] = ()
    cited: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def split_lines(code: Wikicode, render: Render) -> list[Line]:
    """The lines of a value, each converted as text."""
    found = []
    for nodes in _line_nodes(code):
        line = _line(nodes, render)
        if line is not None:
            found.append(line)
    return found


def _line_nodes(code: Wikicode) -> list[list[object]]:
    lines: list[list[object]] = [[]]
    for node in code.nodes:
        if isinstance(node, Text) and "\n" in node.value:
            first, *rest = node.value.split("\n")
            lines[-1].append(Text(first))
            for part in rest:
                if _ends_a_line(lines[-1]):
                    lines.append([Text(part)])
                else:
                    lines[-1].append(Text(" " + part))
        elif isinstance(node, Tag) and (
            str(node.tag).lower() in ("br", "hr")
            or (node.wiki_markup and str(node.tag).lower() in ("li", "dd", "dt"))
        ):
            lines.append([])
        elif isinstance(node, Template) and template_name(node) in LIST_TEMPLATES:
            for param in node.params:
                if not param.showkey:
                    lines.extend(_line_nodes(param.value))
                    lines.append([])
        elif isinstance(node, Template) and template_name(node) in ("br", "break"):
            lines.append([])
        elif (
            isinstance(node, Tag)
            and str(node.tag).lower() in WRAPPERS
            and node.contents is not None
            and "\n" in str(node.contents)
        ):
            first, *rest = _line_nodes(node.contents)  # `<small>` around a list: its items
            lines[-1].extend(first)
            lines.extend(rest)
        else:
            lines[-1].append(node)
    return lines


def is_heading(line: Line) -> bool:
    """A line that heads those under it (`'''Supported by:'''`, `Initial:`)."""
    return line.text.endswith(":") and len(line.text) < 60


def _ends_a_line(nodes: list[object]) -> bool:
    """Whether a newline after these nodes ends a line of the value. Editors put each item on
    its own line, and MediaWiki would run them together; a line that stops at a comma or an
    open bracket (`Okinawa,` / `Ryukyu Islands`) goes on, as the editor meant it to."""
    written = "".join(str(node) for node in nodes).rstrip()
    return not written.endswith((",", ";", "(", "–", "—", "-", " and", " or", " of"))


def _line(nodes: list[object], render: Render) -> Line | None:
    gathered = render.gathered
    code = parse("")
    for node in nodes:
        code.append(node)
    marks = len(gathered.fates), len(gathered.cited), len(gathered.notes)
    text = " ".join(Render(gathered, True, render.where)(code).split()).strip(" ,;")
    fates = tuple(gathered.fates[marks[0] :])
    cited = tuple(gathered.cited[marks[1] :])
    notes = tuple(gathered.notes[marks[2] :])
    del gathered.fates[marks[0] :], gathered.cited[marks[1] :], gathered.notes[marks[2] :]
    if not any(c.isalnum() for c in text) and not cited:
        return None  # `()` around a template left out, a lone dash
    flags = []
    for template in code.filter_templates(recursive=False):
        if template_name(template) in FLAG_TEMPLATES and template.has("1"):
            given = template.get("name") if template.has("name") else template.get("1")
            shown = " ".join(str(given.value).split())
            flags.append(FLAG_ALIASES.get(shown.lower(), shown))
    return Line(text, code, tuple(flags), fates, cited, notes)
