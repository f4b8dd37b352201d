"""Tokens to HTML for one output: render rules that follow the output's `Rendering`, so that
links, images, ids, notes and names are set as tokens, never edited in the HTML afterwards."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import escape
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from factsheet.markdown.links import document_link
from factsheet.markdown.parse import new_env, new_parser, parse
from factsheet.markdown.sanitize import sanitize
from factsheet.narrative import Note
from factsheet.scripts import hangul_words, runs

NoteStyle = Literal["list", "popup", "float"]
"""How footnotes are set: a list after the text (a web page), pop-up asides (an e-book),
or each at its call for the page layout to float to the foot of the page (print)."""


@dataclass(frozen=True, slots=True)
class NameIndex:
    """The names a booklet's index lists, and the name each anchor set so far marks (`ix-N`,
    numbered in the order the booklet's pages are written)."""

    listed: frozenset[str]
    marks: dict[str, str] = field(default_factory=dict)

    def anchor(self, name: str) -> str | None:
        """A new anchor for this mention of `name`, if the index lists it."""
        if name not in self.listed:
            return None
        ident = f"ix-{len(self.marks) + 1}"
        self.marks[ident] = name
        return ident


def _no_documents(slug: str, fragment: str) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class Rendering:
    """How one output sets the body: its notes, the prefix of its ids (a booklet's sheets share
    one page), where images and other documents are found, and the names it marks."""

    note_style: NoteStyle = "list"
    id_prefix: str = ""
    asset_url: Callable[[str], str] = str
    """Where the output finds each image reference (a path, a data: address)."""
    document_url: Callable[[str, str], str | None] = _no_documents
    """Where a link to another document (slug, #fragment) leads, or None to keep its text."""
    names: tuple[str, ...] = ()
    """The names of the structured data, set unhyphenated where the body mentions them."""
    index: NameIndex | None = None
    """The booklet's index, which takes an anchor at every mention of a name it lists."""
    hangul_words: bool = False
    """Each word of hangul in an unbreakable span, for a layout that would break between its
    syllables (WeasyPrint has no `word-break: keep-all`)."""

    def name_span(self, name: str) -> str:
        """A marked name (as HTML), with an index anchor when the index lists it."""
        ident = self.index.anchor(name) if self.index else None
        return f'<span class="name" id="{ident}">' if ident else '<span class="name">'


@dataclass(frozen=True, slots=True)
class Body:
    """The body as one output sets it."""

    html: str
    notes: tuple[Note, ...]
    """The notes the templates set (none in print, where each stands at its call)."""
    parts: tuple[str, ...] = ()
    """The HTML in parts that join to `html`: the lead, then each section from its <h2> on
    (where a printed sheet may set its casualty table, or end to fit its pages)."""


def render_body(
    body: str,
    lang: str,
    source_ids: tuple[str, ...],
    rendering: Rendering = Rendering(),
    *,
    allow_html: bool = False,
) -> Body:
    """A body (as `convert` read it) for one output, from the tokens parsed once per process."""
    md = renderer(lang, allow_html)
    tokens = parse(body, lang, source_ids, allow_html).tokens
    flow, notes = _split_notes(tokens)
    env = new_env(source_ids) | {"rendering": rendering, "notes": notes, "langs": [lang]}
    parts = [md.renderer.render(part, md.options, env) for part in _sections(flow)]
    texts = {} if rendering.note_style == "float" else _note_texts(md, notes, env)
    calls: dict[int, list[str]] = {}
    for token in (child for block in flow for child in block.children or ()):
        if token.type == "footnote_ref":
            calls.setdefault(token.meta["id"], []).append(f"fnref{_footnote_id(token)}")
    if allow_html:
        images = [rendering.asset_url(str(t.attrs["src"])) for t in _images(tokens)]
        clean = functools.partial(
            sanitize, images=frozenset(images), noterefs=rendering.note_style == "popup"
        )
        parts, texts = [clean(part) for part in parts], {k: clean(t) for k, t in texts.items()}
    return Body(
        "".join(parts),
        tuple(
            Note(number=key + 1, html=text, calls=tuple(calls.get(key, ())))
            for key, text in sorted(texts.items())
        ),
        tuple(parts),
    )


def _sections(flow: list[Token]) -> list[list[Token]]:
    """The body's tokens cut before each top-level <h2>: the lead (maybe empty), the sections."""
    parts: list[list[Token]] = [[]]
    for token in flow:
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
            parts.append([])
        parts[-1].append(token)
    return parts


@functools.cache
def renderer(lang: str, allow_html: bool = False) -> MarkdownIt:
    """The parser with the render rules every output shares, each reading the `Rendering` that
    the render's environment holds."""
    md = new_parser(lang, allow_html)
    for kind, rule in _RULES.items():
        md.add_render_rule(kind, rule)
    return md


def _policy(env: dict) -> Rendering:
    return env.get("rendering") or _PLAIN


_PLAIN = Rendering()


def _split_notes(tokens: tuple[Token, ...]) -> tuple[list[Token], dict[int, list[list[Token]]]]:
    """The body without its footnote block, and each note's paragraphs as inline tokens."""
    flow: list[Token] = []
    notes: dict[int, list[list[Token]]] = {}
    inside, current = False, None
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif not inside:
            flow.append(token)
        elif token.type == "footnote_open":
            current = notes.setdefault(token.meta["id"], [])
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type == "inline":
            current.append(token.children or [])
    return flow, notes


def _note_texts(md: MarkdownIt, notes: dict[int, list[list[Token]]], env: dict) -> dict[int, str]:
    """Each note's text as inline HTML (its paragraphs joined), keyed by its number - 1."""
    return {key: _note_text(md.renderer, notes[key], md.options, env) for key in notes}


def _note_text(renderer, paragraphs: list[list[Token]], options, env: dict) -> str:
    # A call inside a note links to its note, as in a list: it never sets a note in a note.
    inner = env | {"in_note": True}
    return " ".join(renderer.renderInline(children, options, inner) for children in paragraphs)


def _images(tokens: tuple[Token, ...]):
    for block in tokens:
        for child in block.children or ():
            if child.type == "image":
                yield child


def _footnote_id(token: Token) -> str:
    # markdown-it joins repeated calls with ":", which is not allowed in an XML id.
    ident = str(token.meta["id"] + 1)
    sub = token.meta.get("subId", -1)
    return f"{ident}-{sub}" if sub > 0 else ident


def _render_footnote_ref(self, tokens: list[Token], idx: int, options, env) -> str:
    token, policy = tokens[idx], _policy(env)
    number, prefix = token.meta["id"] + 1, policy.id_prefix
    style = "list" if env.get("in_note") else policy.note_style
    if style == "float" and token.meta.get("subId", 0) <= 0:
        # Print: the note itself stands at its call, and the page layout floats it to the foot.
        text = _note_text(self, env["notes"][token.meta["id"]], options, env)
        return f'<span class="footnote" id="{prefix}fn{number}">{text}</span>'
    if style == "float":
        return f'<sup class="footnote-ref"><a href="#{prefix}fn{number}">{number}</a></sup>'
    popup = 'epub:type="noteref" ' if style == "popup" else ""
    return (
        f'<sup class="footnote-ref"><a href="#{prefix}fn{number}" '
        f'id="{prefix}fnref{_footnote_id(token)}" {popup}role="doc-noteref">{number}</a></sup>'
    )


def _render_citation(self, tokens: list[Token], idx: int, options, env) -> str:
    meta, policy = tokens[idx].meta, _policy(env)
    number = env["source_numbers"].get(meta["id"], "?")
    label = f"{number}, {meta['locator']}" if meta["locator"] else str(number)
    link = (
        f'<a class="citation" href="#{policy.id_prefix}source-{escape(meta["id"])}" '
        f'role="doc-biblioref">[{escape(label)}]</a>'
    )
    if not meta.get("word"):
        return link
    before = tokens[idx - 1].content if idx and tokens[idx - 1].type == "text" else ""
    langs = env.setdefault("langs", ["en"])
    # The word was cut from the text before it: it takes the language of the run it ends.
    lang = runs(before + meta["word"], langs[-1])[-1].lang
    langs.append(lang or langs[-1])
    word = _named(meta["word"], policy, _in_scripts(env, escape))
    langs.pop()
    word = f'<span lang="{escape(lang)}">{word}</span>' if lang else word
    return f'<span class="cited">{word}\u00a0{link}</span>'


def _render_text(self, tokens: list[Token], idx: int, options, env) -> str:
    return _named(tokens[idx].content, _policy(env), _in_scripts(env))


def _named(text: str, policy: Rendering, escaped: Callable[[str], str]) -> str:
    """A token's text as HTML, each name of `policy` it mentions in a span of its own."""
    if not policy.names:
        return escaped(text)
    parts = _name_pattern(policy.names).split(text)  # the names at odd places
    return "".join(
        f"{policy.name_span(part)}{escaped(part)}</span>" if place % 2 else escaped(part)
        for place, part in enumerate(parts)
    )


def in_scripts(text: str, lang: str) -> str:
    """Plain text (an alias) as HTML, each run of another script in a span with its language."""
    return _in_scripts({"langs": [lang]})(text)


def _in_scripts(env: dict, escaped: Callable[[str], str] = escapeHtml) -> Callable[[str], str]:
    """Text as HTML with each run of East Asian or Mongolian script in a span with the
    language it needs, where that differs from the language around it."""
    langs, words = env.get("langs") or ["en"], _policy(env).hangul_words

    def in_scripts(text: str) -> str:
        return "".join(
            _run_html(run.text, run.lang, words, escaped) for run in runs(text, langs[-1])
        )

    return in_scripts


def _run_html(text: str, lang: str | None, words: bool, escaped: Callable[[str], str]) -> str:
    if words and (lang or "").startswith("ko"):
        html = "".join(
            f'<span class="hangul-word">{escaped(part)}</span>' if hangul else escaped(part)
            for part, hangul in hangul_words(text)
        )
    else:
        html = escaped(text)
    return f'<span lang="{escape(lang)}">{html}</span>' if lang else html


def _render_span_open(self, tokens: list[Token], idx: int, options, env) -> str:
    """A span the content marked: only its language is set (the checks refuse the rest)."""
    langs = env.setdefault("langs", ["en"])
    lang = tokens[idx].attrs.get("lang")
    langs.append(str(lang) if lang else langs[-1])
    return f'<span lang="{escape(str(lang))}">' if lang else "<span>"


def _render_span_close(self, tokens: list[Token], idx: int, options, env) -> str:
    langs = env.get("langs")
    if langs and len(langs) > 1:
        langs.pop()
    return "</span>"


@functools.lru_cache(maxsize=64)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, longest_first)) + r")(?!\w)")


def _render_heading_open(self, tokens: list[Token], idx: int, options, env) -> str:
    token, prefix = tokens[idx], _policy(env).id_prefix
    if prefix and "id" in token.attrs:
        token = replace(token, attrs={**token.attrs, "id": f"{prefix}{token.attrs['id']}"})
    return self.renderToken([token, *tokens[idx + 1 : idx + 2]], 0, options, env)


def _render_image(self, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    shown = _policy(env).asset_url(str(token.attrs.get("src", "")))
    copy = replace(token, attrs={**token.attrs, "src": shown})
    return self.image([copy], 0, options, env)


def _render_link_open(self, tokens: list[Token], idx: int, options, env) -> str:
    token, policy = tokens[idx], _policy(env)
    href = str(token.attrs.get("href", ""))
    closing = env.setdefault("link_closings", [])
    if linked := document_link(href):
        url = policy.document_url(*linked)
        closing.append("</a>" if url is not None else "</span>")
        return f'<a href="{escape(url)}">' if url is not None else '<span class="document-link">'
    closing.append("</a>")
    if href.startswith("#") and policy.id_prefix:
        token = replace(token, attrs={**token.attrs, "href": f"#{policy.id_prefix}{href[1:]}"})
    return self.renderToken([token, *tokens[idx + 1 : idx + 2]], 0, options, env)


def _render_link_close(self, tokens: list[Token], idx: int, options, env) -> str:
    closings = env.get("link_closings")
    return closings.pop() if closings else "</a>"


_RULES = {
    "footnote_ref": _render_footnote_ref,
    "citation": _render_citation,
    "text": _render_text,
    "heading_open": _render_heading_open,
    "image": _render_image,
    "link_open": _render_link_open,
    "link_close": _render_link_close,
    "span_open": _render_span_open,
    "span_close": _render_span_close,
}
