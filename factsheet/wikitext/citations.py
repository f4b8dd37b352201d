"""References into sources: each `<ref>` and short citation (`{{sfn}}`) becomes a citation
`[@id]` of a source in the front matter, its `{{cite …}}` read for title, author, publisher,
address and access date; a ref in a group is a note, set as a footnote."""

from __future__ import annotations

import datetime as dt
import unicodedata

from babel.dates import get_month_names
from mwparserfromhell.nodes import Tag, Template
from mwparserfromhell.wikicode import Wikicode

from factsheet.collection import slugify
from factsheet.wikitext.markup import Gathered, Note, Render, web_address

Source = dict[str, str]
ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_:.-")
RESERVED_IDS = frozenset({"wp"})
"""The article's own source."""
AUTHOR_KEYS = ("author", "authors", "last", "surname", "last1", "surname1", "author1")
WORK_KEYS = (
    "work",
    "website",
    "newspaper",
    "journal",
    "magazine",
    "encyclopedia",
    "periodical",
    "agency",
    "via",
)
PAGE_KEYS = (("page", "p."), ("p", "p."), ("pages", "pp."), ("pp", "pp."), ("at", ""), ("loc", ""))
MONTHS = {
    name.lower(): number
    for width in ("wide", "abbreviated")
    for number, name in get_month_names(width, locale="en").items()
} | {"sept": 9}


class Citations:
    """A page's sources, in the order first cited, and what each ref and short citation cites."""

    def __init__(self, code: Wikicode, gathered: Gathered):
        self.gathered = gathered
        self.sources: dict[str, Source] = {}
        self.by_key: dict[tuple[str, ...], str] = {}
        self.named: dict[str, Wikicode] = {}
        self.named_cited: dict[str, tuple[str, ...] | Note | None] = {}
        self.works: dict[tuple[str, str], Template] = {}
        for tag in code.filter_tags(recursive=True, matches=lambda n: str(n.tag).lower() == "ref"):
            name = _attribute(tag, "name")
            if name and tag.contents is not None and str(tag.contents).strip():
                self.named.setdefault(name, tag.contents)
        quiet = Render(Gathered(gathered.origin, gathered.text), True)  # said when cited, not here
        for template in code.filter_templates(recursive=True):
            if _is_cite(template):
                for key in _work_keys(template, quiet):
                    self.works.setdefault(key, template)

    def of_ref(self, tag: Tag, render: Render) -> tuple[str, ...] | Note | None:
        """What a `<ref>` cites (`id` or `id, p. 12`, one for each work in it), or the note a
        ref in a group holds, or None for one with nothing in it."""
        name = _attribute(tag, "name")
        if name and name in self.named_cited:
            return self.named_cited[name]
        contents = tag.contents if tag.contents is not None and str(tag.contents).strip() else None
        if contents is None and name:
            contents = self.named.get(name)
        if contents is None:
            if name:
                render.gathered.report(
                    render.where, f"left out: the reference named {name!r}, which is never defined"
                )
            return None
        if name:
            self.named_cited[name] = (
                None  # a ref that cites itself (`{{r|a}}` in `a`) cites nothing
            )
        if _attribute(tag, "group"):
            cited: tuple[str, ...] | Note | None = Note(
                Render(self.gathered, False, render.where)(contents).strip()
            )
        else:
            cited = self._cited(contents, name, render)
        if name:
            self.named_cited[name] = cited
        return cited

    def _cited(self, contents: Wikicode, name: str, render: Render) -> tuple[str, ...] | None:
        """The works a ref cites: each `{{cite …}}` and short citation in it, or its text."""
        plain = Render(self.gathered, True, render.where)
        works: list[str] = []
        for template in contents.filter_templates(recursive=False):
            if _is_cite(template):
                named = name if not works else ""  # the ref's name is its first work's id
                works.append(
                    self.add(source_of(template, plain), named) + _locator(template, plain)
                )
            elif template_is_short(template):
                works += [cited] if (cited := self.of_template(template, render)) else []
        if works:
            return tuple(works)
        before = len(self.gathered.cited)
        text = " ".join(plain(contents).split())
        del self.gathered.cited[before:]
        if not text:
            return None
        source: Source = {"title": text}
        for link in contents.filter_external_links(recursive=True):
            url = web_address(str(link.url))
            if url:
                source["url"] = url
                break
        return (self.add(source, name),)

    def of_template(self, template: Template, render: Render) -> str | None:
        """The citation a short citation makes: `{{sfn|Coox|1985|p=12}}` cites the work the
        bibliography lists by that author and year; `{{r|name}}` a named ref."""
        from factsheet.wikitext.templates import template_name

        plain = Render(self.gathered, True, render.where)
        if template_name(template) == "r":
            name = plain.param(template, 1)
            if not name:
                return None
            reused = self.of_ref(_named_ref(name), render)
            return reused[0] if isinstance(reused, tuple) else None
        positional = [plain(p.value).strip() for p in template.params if not p.showkey]
        positional = [p for p in positional if p] or _first_of_many(template, plain)
        if len(positional) < 2:
            render.gathered.report(render.where, f"left out: {template} names no author and year")
            return None
        *authors, year = positional
        key = (_surname_key(authors[0]), year.lower())
        work = self.works.get(key)
        locator = _locator(template, plain)
        if work is not None:
            return self.add(source_of(work, plain), "") + locator
        who = ", ".join(authors[:-1]) + (" and " if len(authors) > 1 else "") + authors[-1]
        render.gathered.report(
            render.where,
            f"{who} ({year}) is not in the article's bibliography: its source has only that name",
        )
        return self.add({"title": f"{who} ({year})"}, "") + locator

    def add(self, source: Source, name: str) -> str:
        """The id of `source`, added the first time it is cited."""
        key = tuple(source.get(k, "") for k in ("title", "author", "url", "publisher"))
        if key in self.by_key:
            return self.by_key[key]
        wanted = (
            _identifier(name)
            or _identifier(_author_year(source))
            or _identifier("-".join(slugify(source["title"]).split("-")[:3]))
            or "source"
        )
        chosen, counter = wanted, 1
        while chosen in self.sources or chosen in RESERVED_IDS:
            counter += 1
            chosen = f"{wanted}-{counter}"
        self.sources[chosen] = {"id": chosen, **source}
        self.by_key[key] = chosen
        return chosen

    def as_text(self, template: Template, render: Render) -> str:
        """A `{{cite …}}` outside a ref (further reading): the entry as one line of text."""
        source = source_of(template, Render(self.gathered, True, render.where))
        title = render.escape(source["title"])
        parts = [
            render.escape(source.get("author", "")),
            title if render.plain else f"*{title}*",
            render.escape(source.get("publisher", "")),
        ]
        text = ", ".join(part for part in parts if part)
        if source.get("url") and not render.plain:
            text += f" <{source['url']}>"
        return text


def template_is_short(template: Template) -> bool:
    from factsheet.wikitext.templates import SHORT_CITATIONS, template_name

    return template_name(template) in SHORT_CITATIONS


def _named_ref(name: str) -> Tag:
    from factsheet.wikitext.markup import parse

    return parse(f'<ref name="{name.replace(chr(34), "")}" />').nodes[0]


def _is_cite(template: Template) -> bool:
    from factsheet.wikitext.templates import template_name

    name = template_name(template)
    return name.startswith("cite ") or name in ("citation", "cite")


def _attribute(tag: Tag, name: str) -> str:
    if not tag.has(name):
        return ""
    return str(tag.get(name).value).strip()


def source_of(template: Template, plain: Render) -> Source:
    """A source from a `{{cite web}}`, `{{cite book}}`, `{{cite news}}`, `{{cite journal}}`."""
    source: Source = {}
    title = _first(
        template, plain, ("title", "script-title", "trans-title", "chapter", "contribution")
    )
    work = _first(template, plain, WORK_KEYS)
    source["title"] = title or work or _first(template, plain, ("url",)) or "Untitled"
    author = _authors(template, plain)
    if author:
        source["author"] = author
    year = _year(_first(template, plain, ("year", "date", "orig-date")))
    parts = (work if work != source["title"] else "", _first(template, plain, ("publisher",)), year)
    publisher = ", ".join(part for part in parts if part)
    if publisher:
        source["publisher"] = publisher
    url = web_address(_first(template, plain, ("url", "archive-url", "archiveurl")))
    if url:
        source["url"] = url
    accessed = read_day(_first(template, plain, ("access-date", "accessdate")))
    if accessed:
        source["accessed"] = accessed
    return source


def _first(template: Template, plain: Render, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = " ".join(plain.param(template, key).split())
        if value:
            return value
    return ""


def _authors(template: Template, plain: Render) -> str:
    names = []
    for number in ("", "1", "2", "3", "4"):
        last = _first(template, plain, (f"last{number}", f"surname{number}"))
        first = _first(template, plain, (f"first{number}", f"given{number}"))
        whole = _first(template, plain, (f"author{number}",)) or " ".join(
            p for p in (first, last) if p
        )
        if whole and whole not in names:
            names.append(whole)
    if not names:
        names = [_first(template, plain, ("authors", "editor", "editor1", "editor-last"))]
    names = [n for n in names if n]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def _work_keys(template: Template, plain: Render) -> list[tuple[str, str]]:
    keys = []
    if template.has("ref"):
        for anchor in template.get("ref").value.filter_templates(recursive=False):
            named = [plain(p.value).strip() for p in anchor.params if not p.showkey]
            if len(named) >= 2:
                keys.append((_surname_key(named[0]), named[-1].lower()))
    year = _year(_first(template, plain, ("year", "date")))
    last = _first(
        template,
        plain,
        (
            "last",
            "last1",
            "surname",
            "surname1",
            "author",
            "author1",
            "editor-last",
            "editor1-last",
            "editor",
        ),
    )
    if year and last:
        keys.append((_surname_key(last), year.lower()))
    return keys


def _surname_key(name: str) -> str:
    words = unicodedata.normalize("NFKC", name).casefold().split()
    return words[-1] if words else ""


def _year(text: str) -> str:
    for word in text.replace(",", " ").replace("-", " ").split():
        if len(word) >= 4 and word[:4].isdigit() and (len(word) == 4 or word[4:].isalpha()):
            return word
    return ""


def _locator(template: Template, plain: Render) -> str:
    for key, label in PAGE_KEYS:
        value = " ".join(plain.param(template, key).split())
        if value:
            shown = f"{label} {value}" if label else value
            return ", " + shown.replace("]", ")").replace("[", "(").replace(";", ",")
    return ""


def _author_year(source: Source) -> str:
    author = source.get("author", "").split(",")[0].split(" and ")[0]
    surname = author.split()[-1] if author.split() else ""
    year = _year(source.get("publisher", ""))
    return slugify(surname + year).replace("-", "") if surname else ""


def _first_of_many(template: Template, plain: Render) -> list[str]:
    """`{{sfnm|1a1=Coox|1y=1985|2a1=…}}`: the first work's author and year."""
    author, year = plain.param(template, "1a1"), plain.param(template, "1y")
    return [author, year] if author and year else []


def _identifier(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    cleaned = "".join(c if c in ID_CHARACTERS else "-" for c in folded)
    return "-".join(part for part in cleaned.split("-") if part)[:40].strip(".:-_")


def read_day(text: str) -> str:
    """An access date as a day (`2026-11-26`): ISO, `26 November 2026` or `November 26, 2026`."""
    words = text.replace(",", " ").split()
    try:
        if len(words) == 1:
            return dt.date.fromisoformat(words[0]).isoformat()
        if len(words) == 3:
            if words[0].isdigit():
                day, month, year = (
                    int(words[0]),
                    MONTHS[words[1].lower().rstrip(".")],
                    int(words[2]),
                )
            else:
                month, day, year = (
                    MONTHS[words[0].lower().rstrip(".")],
                    int(words[1]),
                    int(words[2]),
                )
            return dt.date(year, month, day).isoformat()
    except (ValueError, KeyError):
        return ""
    return ""
