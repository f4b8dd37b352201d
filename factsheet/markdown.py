"""Markdown to HTML once per document (markdown-it-py), with what the checks need to know."""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Collection
from enum import Enum
from html import escape
from html.parser import HTMLParser

import lxml.html
import nh3
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.footnote import footnote_plugin

from factsheet.model import Heading, Mark, Narrative, Note

_CITATION = re.compile(r"\[@([A-Za-z0-9_][A-Za-z0-9_:.-]*)(?:,\s*([^\]\n]+?))?\s*\]")
_FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")

QUOTES: dict[str, list[str]] = {
    "en": ["“", "”", "‘", "’"],
    "de": ["„", "“", "‚", "‘"],
    "fr": ["«\u202f", "\u202f»", "‹\u202f", "\u202f›"],
    "ru": ["«", "»", "„", "“"],
    "ja": ["「", "」", "『", "』"],
}


def convert(
    body: str, lang: str, source_ids: tuple[str, ...], *, allow_html: bool = False
) -> Narrative:
    """Render the body once; raw HTML in it is shown as text unless `allow_html`, and then
    only a safe subset is kept."""
    md = _cached_parser(lang, allow_html)
    env: dict = {"source_numbers": {sid: n for n, sid in enumerate(source_ids, 1)}}
    tokens = md.parse(body, env)
    if allow_html:
        for token in (t for block in tokens for t in (block, *(block.children or ()))):
            if token.type in ("html_block", "html_inline"):
                token.content = raw_html(token.content)
    empty_headings = tuple(_without_empty_headings(tokens))
    _heading_levels(tokens)
    links = tuple(_links(tokens))
    notes = sorted(t.meta["id"] for t in tokens if t.type == "footnote_open")
    _unlink(tokens, anchors(tokens, [f"fn{key + 1}" for key in notes], source_ids))
    texts = _footnote_texts(md, tokens, env)
    flow = _without_footnote_block(tokens)
    html = md.renderer.render(flow, md.options, env)
    print_html = md.renderer.render(flow, md.options, env | {"notes": texts})
    calls: dict[int, list[str]] = {}
    for block in _inline_blocks(flow):
        for child in block.children or ():
            if child.type == "footnote_ref":
                calls.setdefault(child.meta["id"], []).append(f"fnref{_footnote_id(child)}")
    clean = sanitize if allow_html else str
    return Narrative(
        html=clean(html),
        print_html=clean(print_html),
        notes=tuple(
            Note(number=key + 1, html=clean(text), calls=tuple(calls.get(key, ())))
            for key, text in sorted(texts.items())
        ),
        headings=tuple(_headings(tokens)),
        first_paragraph=_first_paragraph(tokens),
        citations=tuple(_citations(tokens)),
        undefined_footnotes=tuple(_undefined_footnotes(tokens)),
        images=tuple(_images(tokens)),
        links=links,
        empty_headings=empty_headings,
    )


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


def _parser(lang: str, allow_html: bool) -> MarkdownIt:
    primary = lang.split("-")[0].lower()
    md = MarkdownIt(
        "commonmark",
        {
            "html": allow_html,
            "typographer": True,
            "xhtmlOut": True,
            "quotes": QUOTES.get(primary, QUOTES["en"]),
        },
    )
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.validateLink = _validate_link
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=4, slug_func=heading_id)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    return md


def heading_id(title: str) -> str:
    """GitHub's heading ids, made XML names (an e-book needs them): they start with a letter or
    '_', and an empty heading gets `section`."""
    slug = slugify(title)
    start = next((n for n, char in enumerate(slug) if char.isalpha() or char == "_"), len(slug))
    return slug[start:] or "section"


_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript):", re.IGNORECASE)


_DOCUMENT_LINK = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.md(#[^\s]*)?$")


def document_link(href: str) -> tuple[str, str] | None:
    """(slug, fragment) when a link points at another document (`other-sheet.md#part`)."""
    match = _DOCUMENT_LINK.match(href)
    return (match[1], match[2] or "") if match else None


class Target(Enum):
    """What a body link points at, which decides whether the outputs keep it."""

    DOCUMENT = "another document"
    WEB = "a web or mail address"
    ANCHOR = "a place in this document"
    MISSING_ANCHOR = "an anchor that does not exist"
    FILE = "a file"
    REFUSED = "a file: or data: address"
    OTHER = "something no output can open"

    @property
    def kept(self) -> bool:
        return self in (Target.DOCUMENT, Target.WEB, Target.ANCHOR)


LINK_SCHEMES = ("http", "https", "mailto")
"""The addresses a link may have outside the documents: every output keeps them as links."""


def link_target(href: str, known: Collection[str]) -> Target:
    """Where a link leads: kept (another document, http(s) or mailto, an anchor among `known`),
    refused (a file-like path, which a PDF would turn into this machine's path, or a file: or
    data: address), or else kept as text (a bare word, an unknown scheme, a missing anchor)."""
    if document_link(href):
        return Target.DOCUMENT
    try:
        parts = urllib.parse.urlsplit(href)
    except ValueError:  # an unclosed [IPv6 address
        return Target.OTHER
    scheme = parts.scheme.lower()
    if scheme == "mailto" or (scheme in LINK_SCHEMES and _valid_host(parts.hostname)):
        return Target.WEB
    if scheme in ("file", "data"):
        return Target.REFUSED
    if scheme:
        return Target.OTHER
    if "/" in href.split("#", 1)[0] or "." in parts.path:
        return Target.FILE
    if href.startswith("#"):
        fragment = urllib.parse.unquote(parts.fragment)
        return Target.ANCHOR if fragment in known else Target.MISSING_ANCHOR
    return Target.OTHER


def _valid_host(host: str | None) -> bool:
    """A host name of non-empty labels (`https://../` is no address)."""
    return bool(host) and all(host.removesuffix(".").split("."))


def anchors(tokens: list[Token], notes: list[str], source_ids: tuple[str, ...]) -> set[str]:
    """The ids a link in the body may point at: headings, footnotes and sources."""
    headings = (str(t.attrs.get("id", "")) for t in tokens if t.type == "heading_open")
    return {*headings, *notes, *(f"source-{sid}" for sid in source_ids)} - {""}


def _unlink(tokens: list[Token], known: set[str], *, documents: bool = True) -> None:
    """Links that no output may keep become their text (and links to documents, unless
    `documents`); anchors are written decoded, as the ids they point at are."""
    for block in _inline_blocks(tokens):
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


def _validate_link(url: str) -> bool:
    # markdown-it turns file: and data: links into plain text; we keep them as links and
    # images so that the content checks can refuse them by name instead of hiding them.
    return not _SCRIPT_URL.match(url)


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
            # unbreakable span (a no-break space alone makes WeasyPrint break lines too early).
            head, space, word = state.pending[:-1].rpartition(" ")
            state.pending = head + space if word else state.pending[:-1] + "\u00a0"
        token = state.push("citation", "", 0)
        token.meta = {"id": match[1], "locator": match[2], "offset": state.pos, "word": word}
    state.pos = match.end()
    return True


def _render_citation(self, tokens: list[Token], idx: int, options, env) -> str:
    meta = tokens[idx].meta
    number = env["source_numbers"].get(meta["id"], "?")
    label = f"{number}, {meta['locator']}" if meta["locator"] else str(number)
    link = (
        f'<a class="citation" href="#source-{escape(meta["id"])}" '
        f'role="doc-biblioref">[{escape(label)}]</a>'
    )
    if not meta.get("word"):
        return link
    return f'<span class="cited">{escape(meta["word"])}\u00a0{link}</span>'


def _footnote_id(token: Token) -> str:
    # markdown-it joins repeated calls with ":", which is not allowed in an XML id.
    ident = str(token.meta["id"] + 1)
    sub = token.meta.get("subId", -1)
    return f"{ident}-{sub}" if sub > 0 else ident


def _render_footnote_ref(self, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    number = token.meta["id"] + 1
    if "notes" in env and token.meta.get("subId", 0) <= 0:
        # Print: the note itself stands at its call, and the page layout floats it to the foot.
        return f'<span class="footnote" id="fn{number}">{env["notes"][token.meta["id"]]}</span>'
    if "notes" in env:
        return f'<sup class="footnote-ref"><a href="#fn{number}">{number}</a></sup>'
    return (
        f'<sup class="footnote-ref"><a href="#fn{number}" id="fnref{_footnote_id(token)}" '
        f'role="doc-noteref">{number}</a></sup>'
    )


def _footnote_texts(md: MarkdownIt, tokens: list[Token], env: dict) -> dict[int, str]:
    """Each footnote's text as inline HTML (its paragraphs joined), keyed by its number - 1."""
    texts: dict[int, list[str]] = {}
    current = None
    for token in tokens:
        if token.type == "footnote_open":
            current = texts.setdefault(token.meta["id"], [])
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type == "inline":
            current.append(md.renderer.render(token.children or [], md.options, env))
    return {key: " ".join(parts) for key, parts in texts.items()}


def _without_footnote_block(tokens: list[Token]) -> list[Token]:
    kept, inside = [], False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif not inside:
            kept.append(token)
    return kept


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


def _position(block: Token, offset: int) -> tuple[int, int]:
    src = block.content
    line = (block.map[0] if block.map else 0) + src.count("\n", 0, offset)
    column = offset - (src.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _citations(tokens: list[Token]):
    for block in _inline_blocks(tokens):
        for child in block.children or ():
            if child.type == "citation":
                line, column = _position(block, child.meta["offset"])
                yield Mark(child.meta["id"], line, column)


def _images(tokens: list[Token]):
    return _references(tokens, "image", "![", "src")


def _links(tokens: list[Token]):
    return _references(tokens, "link_open", "[", "href")


def _references(tokens: list[Token], kind: str, opener: str, attribute: str):
    """Each `kind` token's `attribute`, placed at the n-th `opener` of its block's source."""
    for block in _inline_blocks(tokens):
        offset = -1
        for child in block.children or ():
            if child.type == kind:
                offset = block.content.find(opener, offset + 1)
                line, column = _position(block, max(offset, 0))
                yield Mark(str(child.attrs.get(attribute, "")), line, column)


def _undefined_footnotes(tokens: list[Token]):
    for block in _inline_blocks(tokens):
        leftover = " ".join(c.content for c in block.children or () if c.type == "text")
        for label in dict.fromkeys(_FOOTNOTE_CALL.findall(leftover)):
            offset = block.content.find(f"[^{label}]")
            line, column = _position(block, max(offset, 0))
            yield Mark(label, line, column)


def _inline_blocks(tokens: list[Token]):
    for token in tokens:
        if token.type == "inline":
            yield token


def inline(text: str, lang: str, source_ids: tuple[str, ...]) -> str:
    """Inline Markdown (emphasis, links, citations) for short fields such as infobox values;
    raw HTML there is always text, and so is a link other than http(s), mailto or a source."""
    env: dict = {"source_numbers": {sid: n for n, sid in enumerate(source_ids, 1)}}
    md = _cached_parser(lang)
    tokens = md.parseInline(text, env)
    _unlink(tokens, {f"source-{sid}" for sid in source_ids}, documents=False)
    return md.renderer.render(tokens, md.options, env)


@functools.cache
def _cached_parser(lang: str, allow_html: bool = False) -> MarkdownIt:
    return _parser(lang, allow_html)


SAFE_TAGS = frozenset(
    """p br hr h1 h2 h3 h4 h5 h6 em strong b i u s sub sup small mark abbr cite q dfn kbd code
    pre samp var span div blockquote ul ol li dl dt dd a table caption thead tbody tfoot tr th
    td figure figcaption section aside del ins time wbr""".split()
)
SAFE_ATTRIBUTES = {
    "*": {"class", "id", "role", "aria-label", "title", "lang", "dir"},
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "time": {"datetime"},
    "abbr": {"title"},
}


class _RawTags(HTMLParser):
    """Raw HTML from the Markdown source written back without ids (one could take a footnote's
    or a heading's) and with links only to http(s) and mailto addresses; `sanitize` then
    keeps the safe subset of the whole page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def tag(self, name: str, attrs: list[tuple[str, str | None]], end: str) -> str:
        kept = "".join(
            f' {key}="{escape(value or "")}"'
            for key, value in attrs
            if key != "id" and (key != "href" or link_target(value or "", ()) is Target.WEB)
        )
        return f"<{name}{kept}{end}>"

    def handle_starttag(self, tag, attrs):
        self.out.append(self.tag(tag, attrs, ""))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.tag(tag, attrs, " /"))

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")


def raw_html(source: str) -> str:
    """One piece of raw HTML from the Markdown with its ids and non-web links removed."""
    parser = _RawTags()
    parser.feed(source)
    parser.close()
    return "".join(parser.out)


PHRASING_ONLY = frozenset(
    """p h1 h2 h3 h4 h5 h6 pre em strong b i u s sub sup small mark abbr cite q dfn kbd code
    samp var span time""".split()
)
"""Elements whose content can only be text and inline elements."""
BLOCKS = frozenset(
    """p div ul ol li dl dt dd blockquote table caption thead tbody tfoot tr th td figure
    figcaption section aside hr h1 h2 h3 h4 h5 h6 pre""".split()
)


def _phrasing_stays_phrasing(root: lxml.html.HtmlElement) -> None:
    """Blocks that an HTML parser leaves inside inline elements (`<pre>` holding a `<p>`),
    which XHTML forbids, give up their tags and keep their content."""
    for element in [e for e in root.iter() if e.tag in PHRASING_ONLY]:
        for inner in [e for e in element.iterdescendants() if e.tag in BLOCKS]:
            inner.drop_tag()


def sanitize(fragment: str) -> str:
    """Keep a safe subset of HTML (no script, style, iframe, object, event handlers or
    javascript: URLs; images only through Markdown, which the checks see), written back as
    well-formed XHTML for the e-book."""
    cleaned = nh3.clean(
        fragment,
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    if not cleaned.strip():
        return cleaned
    parts = lxml.html.fragments_fromstring(cleaned)
    for part in parts:
        if not isinstance(part, str):
            _phrasing_stays_phrasing(part)
    return "".join(
        part if isinstance(part, str) else etree.tostring(part, method="xml", encoding="unicode")
        for part in parts
    )
