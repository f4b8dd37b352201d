"""The article's text into the body's Markdown: the lead and every section, with paragraphs,
lists, quotations, emphasis, links and citations. Sections the outputs set themselves
(references, notes) are left out; tables, galleries and navigation boxes are reported."""

from __future__ import annotations

from mwparserfromhell.nodes import Heading, Tag, Template
from mwparserfromhell.wikicode import Wikicode

from factsheet.wikitext.markup import Gathered, Render
from factsheet.wikitext.templates import convert_template, template_name

LIST = "\x01"
QUOTE = "\x02"
HEADING = "\x03"
MARKERS = dict.fromkeys(map(ord, LIST + QUOTE + HEADING))
REFERENCE_SECTIONS = frozenset(
    {
        "references",
        "notes",
        "footnotes",
        "citations",
        "notes and references",
        "references and notes",
        "explanatory notes",
        "endnotes",
        "reference notes",
        "notes and citations",
        "sources and references",
        "general and cited sources",
    }
)
BIBLIOGRAPHY_SECTIONS = frozenset(
    {
        "bibliography",
        "sources",
        "works cited",
        "cited sources",
        "literature",
        "general references",
        "cited works",
    }
)
QUOTE_TEMPLATES = frozenset(
    {
        "quote",
        "blockquote",
        "cquote",
        "quotation",
        "quote box",
        "centered pull quote",
        "rquote",
        "poem quote",
    }
)


def body(code: Wikicode, gathered: Gathered, skip: list[object]) -> str:
    """The Markdown of the whole text; `skip` are the infobox's templates, already read."""
    pieces: list[str] = []
    offset, dropping = 0, None
    for node in code.nodes:
        gathered.offset, offset = offset, offset + len(str(node))
        if isinstance(node, Heading):
            title = " ".join(Render(gathered, True)(node.title).split())
            if dropping is not None and node.level > dropping:
                continue
            dropping = None
            folded = title.casefold()
            if folded in REFERENCE_SECTIONS or folded in BIBLIOGRAPHY_SECTIONS:
                dropping = node.level
                if folded in BIBLIOGRAPHY_SECTIONS:
                    gathered.report(
                        "text",
                        f"left out: the section {title!r}; the works the text cites from it"
                        " are its sources",
                    )
                continue
            shown = " ".join(Render(gathered, False, "text")(node.title).split())
            pieces.append(f"\n{HEADING}{'#' * max(node.level, 2)} {shown}\n")
            continue
        if dropping is not None or any(node is read for read in skip):
            continue
        if isinstance(node, Template) and template_name(node) == "rp" and pieces:
            pieces[-1] = _with_page(
                pieces[-1], Render(gathered, True)(node.get("1").value) if node.has("1") else ""
            )
            continue
        at_line_start = not pieces or pieces[-1].endswith(("\n", LIST))  # `**`: marks in a row
        piece = _block(node, gathered, at_line_start)
        if piece.startswith(LIST) and pieces and pieces[-1].startswith(LIST):
            piece = pieces.pop()[:-1] + piece[1:]  # `**`: two items' marks, one nested item
        pieces.append(piece)
    text = _markdown("".join(pieces)).translate(MARKERS)  # a marker never reaches the text
    notes = [f"[^{label}]: {' '.join(note.split())}" for label, note in gathered.footnotes]
    return text + ("\n\n" + "\n".join(notes) if notes else "") + "\n"


def _block(node: object, gathered: Gathered, at_line_start: bool) -> str:
    """One node of the text; list marks, quotations and boxes count only at a line's start."""
    render = Render(gathered, False, "text")
    if isinstance(node, Tag) and node.wiki_markup and str(node.tag).lower() in ("li", "dt", "dd"):
        if not at_line_start:  # `; term : definition`: the colon inside the line
            return ": "
        return f"{LIST}{node.wiki_markup}{LIST}"
    if isinstance(node, Tag) and str(node.tag).lower() in ("blockquote", "poem"):
        return _quoted(render(node.contents) if node.contents is not None else "")
    if isinstance(node, Template):
        name = template_name(node)
        if name in QUOTE_TEMPLATES and at_line_start:
            text = (
                render.param(node, "text") or render.param(node, "quote") or render.param(node, 1)
            )
            who = render.param(node, "author") or render.param(node, 2)
            return _quoted(text + (f"\n— {who}" if who else ""))
        return convert_template(node, render, block=at_line_start)
    return render.node(node)


def _with_page(piece: str, page: str) -> str:
    """`<ref name=x/>{{rp|106}}`: the page joins the citation the ref made, `[@x, p. 106]`."""
    page = " ".join(page.split()).replace("]", ")").replace("[", "(")
    start = piece.rfind("[@")
    if not page or start < 0 or not piece.endswith("]") or "," in piece[start:]:
        return piece
    label = "pp." if any(dash in page for dash in "–-,") else "p."
    return f"{piece[:-1]}, {label} {page}]"


def _quoted(text: str) -> str:
    lines = [line.strip() for line in text.strip().split("\n")]
    return "\n\n" + "\n".join(f"{QUOTE}{line}" for line in lines) + "\n\n"


def _markdown(text: str) -> str:
    """Lines marked as list items, quotations and headings into Markdown blocks, with blank
    lines where blocks change and a text line's leading signs escaped."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.split("\n"):
        kind, line = _line(raw)
        if kind == "blank":
            blocks.append(("blank", []))
        elif blocks and blocks[-1][0] == kind and kind != "heading":
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    out: list[str] = []
    for kind, lines in blocks:
        if kind == "blank" or not any(line.strip() for line in lines):
            continue
        out.append("\n".join(line for line in lines if line.strip()))
    return "\n\n".join(out).strip()


def _line(raw: str) -> tuple[str, str]:
    if raw.startswith(HEADING):
        return "heading", raw[1:].strip()
    if raw.startswith(QUOTE):
        return "quote", "> " + raw[1:].strip()
    if raw.startswith(LIST):
        markup, _, content = raw[1:].partition(LIST)
        content = " ".join(content.split())
        last = markup[-1:] or "*"
        if last in ":;":
            shown = f"**{content}**" if last == ";" and content else _escaped_start(content)
            return ("text" if content else "blank"), shown
        indent = "".join("  " if mark == "*" else "   " for mark in markup[:-1])
        return "list", f"{indent}{'- ' if last == '*' else '1. '}{_escaped_start(content)}"
    stripped = " ".join(raw.split())
    return ("text" if stripped else "blank"), _escaped_start(stripped)


def _escaped_start(line: str) -> str:
    """A line that Markdown would read as a heading, list item, quotation or rule: escaped."""
    if line[:1] in "#-+>=":
        return "\\" + line
    digits = len(line) - len(line.lstrip("0123456789"))
    if 0 < digits <= 9 and line[digits : digits + 1] in (".", ")"):
        return line[:digits] + "\\" + line[digits:]
    return line
