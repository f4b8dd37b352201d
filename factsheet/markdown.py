"""Markdown to HTML once per document (markdown-it-py), with what the checks need to know."""

from __future__ import annotations

import bisect
import functools
import re
import urllib.parse
from collections.abc import Callable, Collection
from enum import Enum
from html import escape
from html.parser import HTMLParser

import lxml.html
import nh3
from lxml import etree
from markdown_it import MarkdownIt, rules_inline
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.footnote import footnote_plugin

from factsheet.model import Heading, Mark, Narrative, Note
from factsheet.words import quotation_marks

_CITATION = re.compile(r"\[@([A-Za-z0-9_][A-Za-z0-9_:.-]*)(?:,\s*([^\]\n]+?))?\s*\]")
_FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")


def convert(
    body: str, lang: str, source_ids: tuple[str, ...], *, allow_html: bool = False
) -> Narrative:
    """Render the body once; raw HTML in it is shown as text unless `allow_html`, and then
    only a safe subset is kept."""
    md = _cached_parser(lang, allow_html)
    env: dict = {"source_numbers": {sid: n for n, sid in enumerate(source_ids, 1)}}
    tokens = md.parse(body, env)
    _check_nesting(tokens)
    if allow_html:
        for token in (t for block in tokens for t in (block, *(block.children or ()))):
            if token.type in ("html_block", "html_inline"):
                token.content = raw_html(token.content)
    empty_headings = tuple(_without_empty_headings(tokens))
    _heading_levels(tokens)
    source = body.split("\n")
    links = tuple(_links(tokens, source))  # before the links no output can open are unlinked
    notes = sorted(t.meta["id"] for t in tokens if t.type == "footnote_open")
    known = anchors(tokens, [f"fn{key + 1}" for key in notes], source_ids)
    _unlink(tokens, known)
    texts = _footnote_texts(md, tokens, env)
    flow = _without_footnote_block(tokens)
    html = md.renderer.render(flow, md.options, env)
    # Print sets each note where it is called; without notes, that is the same HTML.
    print_html = md.renderer.render(flow, md.options, env | {"notes": texts}) if texts else html
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
        citations=tuple(_citations(tokens, source)),
        undefined_footnotes=tuple(_undefined_footnotes(tokens, source)),
        images=tuple(_images(tokens, source)),
        links=links,
        empty_headings=empty_headings,
        anchors=known,
    )


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
    tokens = _cached_parser("en").parseInline(text, {"source_numbers": {}})
    return max((child.level for child in tokens[0].children or ()), default=0) if tokens else 0


def _check_nesting(tokens: list[Token]) -> None:
    for block in _inline_blocks(tokens):
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


def _parser(lang: str, allow_html: bool) -> MarkdownIt:
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
    md.validateLink = _validate_link
    md.normalizeLink = _normalize_link
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=4, slug_func=heading_id)
    md.inline.ruler.before("link", "citation", _citation_rule)
    for name, rule, kind in (
        ("link", rules_inline.link, "link_open"),
        ("image", rules_inline.image, "image"),
        ("autolink", rules_inline.autolink, "link_open"),
    ):
        md.inline.ruler.at(name, _placed(rule, kind))
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


_WEB_ADDRESS = re.compile(
    r"(?i:https?)://[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?(?::[0-9]{1,5})?(?:[/?#][!-~]*)?"
)
"""The plain http(s) addresses that most links are, recognised without splitting them."""


def link_target(href: str, known: Collection[str]) -> Target:
    """Where a link leads: kept (another document, http(s) or mailto, an anchor among `known`),
    refused (a file-like path, which a PDF would turn into this machine's path, or a file: or
    data: address), or else kept as text (a bare word, an unknown scheme, a missing anchor)."""
    if _WEB_ADDRESS.fullmatch(href):
        return Target.WEB
    return _split_target(href, known)


def _split_target(href: str, known: Collection[str]) -> Target:
    """`link_target` for any address, read as urllib splits it."""
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


def anchors(tokens: list[Token], notes: list[str], source_ids: tuple[str, ...]) -> frozenset[str]:
    """The ids a link in the body may point at: headings, footnotes and sources."""
    headings = (str(t.attrs.get("id", "")) for t in tokens if t.type == "heading_open")
    return frozenset({*headings, *notes, *(f"source-{sid}" for sid in source_ids)} - {""})


def _unlink(tokens: list[Token], known: Collection[str], *, documents: bool = True) -> None:
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


_PLAIN_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?[A-Za-z0-9\-._~/?#!$&'()*+,;=]*")
"""An address that markdown-it's normalizeLink returns as it is: ASCII that needs no encoding,
no `@`, `%` or `:` after the scheme (which its parser would read as user, escape or port)."""


def _normalize_link(url: str) -> str:
    # A page of links spends a third of its parsing time normalising addresses that stay as
    # they are.
    return url if _PLAIN_URL.fullmatch(url) else normalizeLink(url)


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


def _placed(rule: Callable[[StateInline, bool], bool], kind: str):
    """The inline `rule`, also noting where in its block's source each `kind` token begins."""

    def placed(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        for index in range(count, len(state.tokens)):
            if state.tokens[index].type == kind:
                state.tokens[index].meta["offset"] = start
                break
        return True

    return placed


class _Lines:
    """Line and column in the body of an offset in a block's text, found by bisection, not by
    counting; a line's column counts what the block left out (`> ` of a quote, a list's indent)."""

    def __init__(self, block: Token, source: list[str]):
        self.first = block.map[0] if block.map else 0
        self.starts = [0]
        self.shifts = []
        for index, text in enumerate(block.content.split("\n")):
            self.starts.append(self.starts[-1] + len(text) + 1)
            written = source[self.first + index] if self.first + index < len(source) else text
            written = written.rstrip() if not written.endswith(text) else written
            self.shifts.append(len(written) - len(text) if written.endswith(text) else 0)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first + index, self.shifts[index] + offset - self.starts[index] + 1


def _citations(tokens: list[Token], source: list[str]):
    return _marks(tokens, source, "citation", lambda child: child.meta["id"])


def _images(tokens: list[Token], source: list[str]):
    return _marks(tokens, source, "image", lambda child: str(child.attrs.get("src", "")))


def _links(tokens: list[Token], source: list[str]):
    return _marks(tokens, source, "link_open", lambda child: str(child.attrs.get("href", "")))


def _marks(tokens: list[Token], source: list[str], kind: str, label: Callable[[Token], str]):
    """Each `kind` token's label, placed where its parse rule found it in the block's source."""
    for block in _inline_blocks(tokens):
        lines = None
        for child in block.children or ():
            if child.type == kind:
                lines = lines or _Lines(block, source)
                line, column = lines.position(child.meta.get("offset", 0))
                yield Mark(label(child), line, column)


def _undefined_footnotes(tokens: list[Token], source: list[str]):
    for block in _inline_blocks(tokens):
        leftover = " ".join(c.content for c in block.children or () if c.type == "text")
        labels = set(_FOOTNOTE_CALL.findall(leftover))
        if not labels:
            continue
        lines = _Lines(block, source)
        for call in _FOOTNOTE_CALL.finditer(block.content):
            if call[1] in labels:
                labels.discard(call[1])
                yield Mark(call[1], *lines.position(call.start()))


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
    td figure figcaption section aside del ins time wbr img""".split()
)
"""`img` only for the Markdown's own images, which the checks see: `raw_html` drops raw ones."""
SAFE_ATTRIBUTES = {
    "*": {"class", "id", "role", "aria-label", "title", "lang", "dir"},
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "time": {"datetime"},
    "abbr": {"title"},
    "img": {"src", "alt"},
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
        if tag != "img":  # images come through Markdown, where the checks see them
            self.out.append(self.tag(tag, attrs, ""))

    def handle_startendtag(self, tag, attrs):
        if tag != "img":
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
