"""Wikicode as Markdown or as plain text, node by node, with mwparserfromhell's tree: no
regular expression ever reads wikitext. Templates go to `templates.HANDLERS`; a template
without one is left out and reported, never pasted in as markup."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from factsheet.errors import Problem, Severity

MARKDOWN_SPECIAL = "\\`*_[]<>|~&"
"""Characters Markdown would read as markup in running text: escaped."""
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
"""What stays as written in an address; anything else is percent-encoded."""
FILE_NAMESPACES = ("file:", "image:", "media:")
SILENT_NAMESPACES = ("category:",)
LEFT_OUT_TAGS = {
    "table": "a table",
    "gallery": "a gallery",
    "math": "a formula",
    "chem": "a formula",
    "timeline": "a timeline graphic",
    "graph": "a graph",
    "mapframe": "a map",
    "maplink": "a map",
    "imagemap": "an image map",
    "score": "a musical score",
    "syntaxhighlight": "a program listing",
    "inputbox": "an input box",
}
SILENT_TAGS = frozenset({"references", "templatestyles", "noinclude", "section", "indicator"})
CODE_TAGS = frozenset({"code", "tt", "kbd", "samp"})


def parse(text: str) -> Wikicode:
    """The page's tree, with italics and bold closed where MediaWiki closes them."""
    code = mwparserfromhell.parse(text, skip_style_tags=False)
    _close_spans_at_line_ends(code)
    return code


def _close_spans_at_line_ends(code: Wikicode) -> None:
    """MediaWiki ends `''` and `'''` at the end of their line; the parser pairs a mark left
    open (`''Yamato'''s`) with one lines or sections later, swallowing the headings and lists
    between. Such a span is unwrapped: its contents stand where it stood, not emphasised."""
    spanning = [
        tag
        for tag in code.filter_tags(recursive=True)
        if tag.wiki_markup in ("''", "'''") and "\n" in str(tag.contents)
    ]
    for tag in reversed(spanning):  # the innermost come last: unwrap from the inside out
        try:
            code.replace(tag, tag.contents, recursive=True)
        except ValueError:
            continue  # inside a span already unwrapped: its contents moved with it


@dataclass(frozen=True, slots=True)
class Note:
    """What a ref in a group (`<ref group="note">`) holds: a note, not a citation."""

    text: str


@dataclass
class Gathered:
    """What converting one page gathers besides its text: the problems to report, the
    footnotes, the fates and dates templates mark, and the other pages of the run."""

    origin: Path
    text: str
    first_line: int = 1
    linked: dict[str, str] = field(default_factory=dict)
    """The titles of the other pages imported in this run, by slug: links become links."""
    lang: str = "en"
    date_order: str = "dmy"
    problems: list[Problem] = field(default_factory=list)
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    fates: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    offset: int = 0
    """Where in the text the node being converted starts, for the messages."""
    citations: object = None
    """The page's `citations.Citations` (set by the importer)."""
    reported: set[tuple[int, str, str]] = field(default_factory=set)

    def position(self, offset: int | None = None) -> tuple[int, int]:
        at = self.offset if offset is None else offset
        line = self.text.count("\n", 0, at)
        column = at - (self.text.rfind("\n", 0, at) + 1) + 1
        return self.first_line + line, column

    def report(self, where: str, message: str, offset: int | None = None) -> None:
        """One line for something not carried over: `file:line:column: where: message`."""
        line, column = self.position(offset)
        where, message = " ".join(where.split()) or "(parameter)", " ".join(message.split())
        if (line, where, message) in self.reported:
            return
        self.reported.add((line, where, message))
        self.problems.append(Problem(self.origin, line, column, where, message, Severity.WARNING))

    def footnote(self, markdown: str) -> str:
        """The label of a note; a note given again (a named note reused) keeps its label."""
        for label, given in self.footnotes:
            if given == markdown:
                return label
        label = f"n{len(self.footnotes) + 1}"
        self.footnotes.append((label, markdown))
        return label


@dataclass
class Render:
    """Converts wikicode to Markdown (`plain=False`) or plain text for names and figures."""

    gathered: Gathered
    plain: bool = False
    where: str = "text"
    footnotes: bool = True
    """Whether a note becomes a footnote (the body) or is gathered for the caller (a field)."""

    def __call__(self, code: Wikicode | str | None) -> str:
        if code is None:
            return ""
        if isinstance(code, str):
            code = parse(code)
        return "".join(self.node(node) for node in code.nodes)

    def as_plain(self) -> Render:
        return Render(self.gathered, True, self.where, self.footnotes)

    def param(self, template: Template, name: str | int, default: str = "") -> str:
        """A parameter's value, converted; `default` when it is absent or empty."""
        if not template.has(str(name)):
            return default
        value = self(template.get(str(name)).value).strip()
        return value or default

    def raw(self, template: Template, name: str | int) -> str:
        """A parameter's value as plain text, for numbers, codes and dates."""
        if not template.has(str(name)):
            return ""
        return self.as_plain()(template.get(str(name)).value).strip()

    def escape(self, text: str) -> str:
        if self.plain:
            return text
        return "".join("\\" + c if c in MARKDOWN_SPECIAL else c for c in text)

    def node(self, node: object) -> str:
        match node:
            case Text():
                return self.escape(_without_stray_tags(node.value))
            case HTMLEntity():
                return self.escape(node.normalize())
            case Comment():
                return ""
            case Tag():
                return self.tag(node)
            case Wikilink():
                return self.wikilink(node)
            case ExternalLink():
                return self.external_link(node)
            case Template():
                from factsheet.wikitext.templates import convert_template

                return convert_template(node, self)
            case Heading():
                return self(node.title)
            case Argument():
                self.gathered.report(self.where, f"left out: a template argument {node}")
                return ""
        return ""

    def tag(self, tag: Tag) -> str:
        name = str(tag.tag).strip().lower()
        if tag.wiki_markup in ("''", "'''"):
            inner = self(tag.contents)
            if self.plain or not inner.strip():
                return inner
            mark = "*" if tag.wiki_markup == "''" else "**"
            core = inner.strip()
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = inner[len(inner.rstrip()) :]
            return f"{lead}{mark}{core}{mark}{trail}"
        if name == "ref":
            return self.reference(tag)
        if name == "br" or (name in ("li", "dt", "dd") and tag.wiki_markup):
            return "\n"
        if name == "hr":
            return "\n"
        if name in SILENT_TAGS:
            return ""
        if name in LEFT_OUT_TAGS:
            self.gathered.report(self.where, f"left out: {LEFT_OUT_TAGS[name]} (<{name}>)")
            return ""
        if name == "nowiki":
            return self.escape(str(tag.contents or ""))
        if name in CODE_TAGS and not self.plain:
            inner = str(tag.contents or "").replace("`", "'")
            return f"`{inner}`" if inner.strip() else ""
        if tag.contents is None:
            return ""
        return self(tag.contents)

    def reference(self, tag: Tag) -> str:
        citations = self.gathered.citations
        cited = citations.of_ref(tag, self) if citations is not None else None
        if cited is None:
            return ""
        if isinstance(cited, Note):  # a footnote in the text
            if self.plain or not self.footnotes:
                self.gathered.notes.append(cited.text)
                return ""
            return f"[^{self.gathered.footnote(cited.text)}]"
        return "".join(self.citation(each) for each in cited)

    def citation(self, cited: str) -> str:
        """A citation of a source (`id` or `id, p. 12`): `[@id]` in Markdown; gathered for the
        caller in plain text (a figure's `source`)."""
        if self.plain:
            self.gathered.cited.append(cited.partition(",")[0])
            return ""
        return f"[@{cited}]"

    def wikilink(self, link: Wikilink) -> str:
        target = str(link.title).strip()
        lowered = target.lower()
        if lowered.startswith(FILE_NAMESPACES):
            name = target.split(":", 1)[1].strip()
            self.gathered.report(
                self.where, f"left out: the image {name} (images are not imported)"
            )
            return ""
        if lowered.startswith(SILENT_NAMESPACES) or _interlanguage(target):
            return ""
        if target.startswith(":") and _interlanguage(target[1:]) and link.text is None:
            lang, _, page = target[1:].partition(":")  # [[:ja:鉄血勤皇隊]]: a name in Japanese
            from factsheet.wikitext.template_values import language

            return language(lang, self.escape(page.strip()), self, False)
        target = target.lstrip(":")
        shown = self(link.text).strip() if link.text is not None else ""
        if not shown:
            page, _, section = target.partition("#")
            shown = self.escape(page.strip() or section.strip())
        slug = self.gathered.linked.get(title_key(target.partition("#")[0]))
        if slug and not self.plain:
            return f"[{shown}]({slug}.md)"
        return shown

    def external_link(self, link: ExternalLink) -> str:
        url = str(link.url).strip()
        shown = self(link.title).strip() if link.title is not None else ""
        if self.plain:
            return shown or ("" if link.brackets else url)
        address = web_address(url)
        if address is None:
            return shown
        if not link.brackets:
            return f"<{address}>"
        return f"[{shown or self.escape(url)}]({address.replace('(', '%28').replace(')', '%29')})"


STRAY_TAGS = tuple(
    f"<{end}{name}>"
    for name in "small big center span div sup sub s u i b font".split()
    for end in ("", "/")
)
"""A tag left open or closed alone (`…1635)</small>`), which the page does not show either."""


MAGIC_WORDS = tuple(
    f"__{word}__"
    for word in "NOTOC TOC FORCETOC NOEDITSECTION NEWSECTIONLINK NONEWSECTIONLINK NOGALLERY"
    " HIDDENCAT INDEX NOINDEX STATICREDIRECT DISAMBIG EXPECTUNUSEDCATEGORY NOTITLECONVERT"
    " NOCONTENTCONVERT".split()
)
"""Switches of the page (`__NOTOC__`), which print nothing."""


def _without_stray_tags(text: str) -> str:
    """Text as the page shows it: without tags left open or closed alone, or switches."""
    if "__" in text:
        for word in MAGIC_WORDS:
            text = text.replace(word, "")
    if "<" not in text:
        return text
    for tag in STRAY_TAGS:
        text = text.replace(tag, "").replace(tag.upper(), "")
    return text


def _interlanguage(target: str) -> bool:
    """`[[fr:Bataille]]`: the same article in another language, not a link in the text."""
    prefix, sep, _ = target.partition(":")
    return bool(sep) and prefix.islower() and 2 <= len(prefix) <= 3 and prefix.isalpha()


def web_address(url: str) -> str | None:
    """An http(s) address as a link may carry it: characters URLs do not allow (a `|` or
    a space a careless edit left in) percent-encoded; None for any other scheme."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    return urllib.parse.quote(url, safe=URL_SAFE)


def title_key(title: str) -> str:
    """A title as MediaWiki compares them: first letter capital, underscores as spaces."""
    words = " ".join(title.replace("_", " ").split())
    return words[:1].upper() + words[1:]
