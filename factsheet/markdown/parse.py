"""Markdown to tokens once per document (markdown-it-py), with what the checks need to know."""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Collection
from dataclasses import dataclass

from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from factsheet.markdown import positions
from factsheet.markdown.links import Target, link_target, normalize_link, validate_link
from factsheet.markdown.positions import inline_blocks
from factsheet.markdown.sanitize import raw_html
from factsheet.narrative import Heading, Mark, Narrative
from factsheet.scripts import unbreakable_end
from factsheet.words import quotation_marks

_CITATION = re.compile(r"\[@([A-Za-z0-9_][A-Za-z0-9_:.-]*)(?:,\s*([^\]\n]+?))?\s*\]")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A body's tokens as every output renders them (links no output may keep are text,
    empty headings left out, levels never skipped), and what was found on the way."""

    tokens: tuple[Token, ...]
    empty_headings: tuple[Mark, ...]
    links: tuple[Mark, ...]
    """Where every link pointed as written, the ones then unlinked included."""
    anchors: frozenset[str]
    spans: tuple[Mark, ...] = ()
    """Each attribute written on a span (`[text]{lang=ja}`), labelled `key=value`."""
    unmarked_han: tuple[Mark, ...] = ()
    """Runs of Han ideographs alone in text of no Chinese, Japanese or Korean language."""


def convert(
    body: str, lang: str, source_ids: tuple[str, ...], *, allow_html: bool = False
) -> Narrative:
    """Parse the body once and keep what the checks and the outputs need to know of it; raw
    HTML in it is shown as text unless `allow_html`, and then only a safe subset is kept."""
    found = parse(body, lang, source_ids, allow_html)
    tokens, source = list(found.tokens), body.split("\n")
    return Narrative(
        headings=tuple(_headings(tokens)),
        first_paragraph=_first_paragraph(tokens),
        citations=tuple(positions.citations(tokens, source)),
        undefined_footnotes=tuple(positions.undefined_footnotes(tokens, source)),
        images=tuple(positions.images(tokens, source)),
        links=found.links,
        empty_headings=found.empty_headings,
        anchors=found.anchors,
        allow_html=allow_html,
        spans=found.spans,
        unmarked_han=found.unmarked_han,
    )


@functools.lru_cache(maxsize=16)
def parse(body: str, lang: str, source_ids: tuple[str, ...], allow_html: bool) -> Parsed:
    """The body's tokens, parsed once per process for its load and all its outputs (renderers
    read them and never change them)."""
    md = cached_parser(lang, allow_html)
    tokens = md.parse(body, new_env(source_ids))
    _check_nesting(tokens)
    if allow_html:
        for token in (t for block in tokens for t in (block, *(block.children or ()))):
            if token.type in ("html_block", "html_inline"):
                token.content = raw_html(token.content)
    empty_headings = tuple(_without_empty_headings(tokens))
    _heading_levels(tokens)
    links = tuple(positions.links(tokens, body.split("\n")))  # before links are unlinked
    notes = sorted(t.meta["id"] for t in tokens if t.type == "footnote_open")
    known = anchors(tokens, [f"fn{key + 1}" for key in notes], source_ids)
    unlink(tokens, known)
    source = body.split("\n")
    return Parsed(
        tuple(tokens),
        empty_headings,
        links,
        known,
        tuple(positions.spans(tokens, source)),
        tuple(positions.unmarked_han(tokens, source, lang)),
    )


def new_env(source_ids: tuple[str, ...]) -> dict:
    """markdown-it's environment for one parse or render: the number of each source."""
    return {"source_numbers": {sid: n for n, sid in enumerate(source_ids, 1)}}


MAX_NESTING = 100
"""Levels of inline markup (emphasis in emphasis in a link...) a paragraph may nest: real text
needs a few, and page layout and XML parsers recurse (lxml stops at 256 levels)."""


class NestedTooDeeply(Exception):
    """The body nests inline markup deeper than MAX_NESTING, at `line` (0-based, in the body)."""

    def __init__(self, line: int):
        self.line = line
        super().__init__(f"nested too deeply at body line {line}")


def inline_nesting(text: str) -> int:
    """How deep the inline markup of a short field nests, for its check against MAX_NESTING."""
    tokens = cached_parser("en").parseInline(text, {"source_numbers": {}})
    return max((child.level for child in tokens[0].children or ()), default=0) if tokens else 0


def _check_nesting(tokens: list[Token]) -> None:
    for block in inline_blocks(tokens):
        if max((child.level for child in block.children or ()), default=0) > MAX_NESTING:
            raise NestedTooDeeply(block.map[0] if block.map else 0)


def _without_empty_headings(tokens: list[Token]):
    """Take out each heading that has no text (`#` alone), which a screen reader would announce
    as a nameless section; yield where each was."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        inline = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.type == "heading_open" and inline is not None and _is_empty(inline):
            line = token.map[0] if token.map else 0
            del tokens[index : index + 3]
            yield Mark("", line, 1)
        else:
            index += 1


def _is_empty(inline: Token) -> bool:
    return not _inline_text(inline).strip() and not any(
        child.type in ("image", "html_inline", "footnote_ref") for child in inline.children or ()
    )


def _heading_levels(tokens: list[Token]) -> None:
    """Each heading at most one level below the one before it (the title is the h1): screen
    readers move by level, and a skipped level reads as a missing section."""
    previous = 1
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = min(int(token.tag[1]), previous + 1)
            token.tag = tokens[index + 2].tag = f"h{level}"
            previous = level


def new_parser(lang: str, allow_html: bool) -> MarkdownIt:
    """markdown-it with our extensions: footnotes, heading ids, citations, placed links."""
    md = MarkdownIt(
        "commonmark",
        {
            "html": allow_html,
            "typographer": True,
            "xhtmlOut": True,
            "quotes": quotation_marks(lang),
        },
    )
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.validateLink = validate_link
    md.normalizeLink = normalize_link
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=4, slug_func=heading_id)
    md.inline.ruler.before("link", "citation", _citation_rule)
    # `[text]{lang=ja}`: spans of text in another language; attributes after other elements
    # (`*a*{.b}`, links, images) stay text, as they always were.
    md.use(attrs_plugin, after=(), spans=True)
    span_rule = md.inline.ruler.getRules("")[md.inline.ruler.get_active_rules().index("span")]
    for name, rule, kind in (
        ("link", rules_inline.link, "link_open"),
        ("image", rules_inline.image, "image"),
        ("autolink", rules_inline.autolink, "link_open"),
        ("span", span_rule, "span_open"),
    ):
        md.inline.ruler.at(name, positions.placed(rule, kind))
    return md


@functools.cache
def cached_parser(lang: str, allow_html: bool = False) -> MarkdownIt:
    """One parser per language and raw-HTML setting, kept for the process."""
    return new_parser(lang, allow_html)


def slug(title: str) -> str:
    """GitHub's heading slug: lower case, spaces made hyphens, and only letters, digits, `_`,
    `-` (and CJK ideographs) kept, so "Khasan – 1938" becomes `khasan--1938`."""
    hyphenated = title.lower().replace(" ", "-")
    return "".join(c for c in hyphenated if c in "-_" or _word(c) or "\u4e00" <= c <= "\u9fff")


def _word(char: str) -> bool:
    """A character of Python's `\\w`: a letter or a digit of any script, or `_`."""
    return char.isalnum() or char == "_"


def heading_id(title: str) -> str:
    """GitHub's heading ids, made XML names (an e-book needs them): they start with a letter or
    '_', and an empty heading gets `section`."""
    ident = slug(title)
    start = next((n for n, char in enumerate(ident) if char.isalpha() or char == "_"), len(ident))
    return ident[start:] or "section"


def anchors(tokens: list[Token], notes: list[str], source_ids: tuple[str, ...]) -> frozenset[str]:
    """The ids a link in the body may point at: headings, footnotes and sources."""
    headings = (str(t.attrs.get("id", "")) for t in tokens if t.type == "heading_open")
    return frozenset({*headings, *notes, *(f"source-{sid}" for sid in source_ids)} - {""})


def unlink(tokens: list[Token], known: Collection[str], *, documents: bool = True) -> None:
    """Links that no output may keep become their text (and links to documents, unless
    `documents`); anchors are written decoded, as the ids they point at are."""
    for block in inline_blocks(tokens):
        children, dropped = [], []
        for child in block.children or ():
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                target = link_target(href, known)
                kept = target.kept and (documents or target is not Target.DOCUMENT)
                dropped.append(not kept)
                if target is Target.ANCHOR:
                    child.attrSet("href", "#" + urllib.parse.unquote(href[1:]))
                if not kept:
                    continue
            elif child.type == "link_close" and dropped.pop():
                continue
            children.append(child)
        block.children = children


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        word = ""
        if state.pending.endswith(" "):
            # A citation never starts a line on its own: it is set with the word before, in one
            # unbreakable span (a no-break space alone makes WeasyPrint break lines too early);
            # in Chinese or Japanese, where lines break between characters, only the last one.
            head, space, word = state.pending[:-1].rpartition(" ")
            tail = unbreakable_end(word)
            head, word = head + space + word[: len(word) - len(tail)], tail
            state.pending = head if word else state.pending[:-1] + "\u00a0"
        token = state.push("citation", "", 0)
        token.meta = {"id": match[1], "locator": match[2], "offset": state.pos, "word": word}
    state.pos = match.end()
    return True


def _inline_text(token: Token) -> str:
    return "".join(
        child.meta.get("word", "") if child.type == "citation" else child.content
        for child in token.children or ()
        if child.type in ("text", "code_inline", "citation")
    )


def _headings(tokens: list[Token]):
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            yield Heading(
                level=int(token.tag[1]),
                id=str(token.attrs.get("id", "")),
                text=_inline_text(tokens[index + 1]),
            )


def _first_paragraph(tokens: list[Token]) -> str:
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            text = " ".join(_inline_text(tokens[index + 1]).split())
            return re.sub(r"\s+([.,;:!?])", r"\1", text)
    return ""
