"""`factsheet import`: Wikipedia articles into documents of the content format, in one pass
that reads top to bottom: read the sources, name the pages, convert each, write each new
file, then check what was written as a build would."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from mwparserfromhell.nodes import Heading, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from factsheet.collection import slugify
from factsheet.errors import ContentError, Problem, Severity
from factsheet.output import write_atomic
from factsheet.run import UsageError
from factsheet.wikitext import infobox_kinds
from factsheet.wikitext.citations import Citations
from factsheet.wikitext.document import as_text
from factsheet.wikitext.infobox import Mapped, Reading, conflict, is_conflict, locate
from factsheet.wikitext.markup import Gathered, Render, parse, title_key
from factsheet.wikitext.narrative import body
from factsheet.wikitext.pages import Page, SourceError, fetch_page, is_address, read_file
from factsheet.wikitext.templates import template_name

LICENSE = {"name": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
ENGLISH_VARIETIES = {
    "use british english": "en-GB",
    "use american english": "en-US",
    "use australian english": "en-AU",
    "use canadian english": "en-CA",
    "use new zealand english": "en-NZ",
    "use indian english": "en-IN",
    "engvarb": "en-GB",
}
KIND_READERS = {
    "person": infobox_kinds.person,
    "place": infobox_kinds.place,
    "ship": infobox_kinds.ship,
}


@dataclass
class Imported:
    """What an import did: the files written, and one problem per thing left out or wrong."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: int = 0

    @property
    def ok(self) -> bool:
        return self.failed == 0


def import_articles(
    sources: list[str],
    content: Path,
    *,
    force: bool = False,
    allow_remote: bool = False,
    today: dt.date | None = None,
) -> Imported:
    """Import each source into `content`: every page written as a document and checked, one
    problem for each thing left out or wrong; `today` is the access date the sources get."""
    result = Imported()
    pages: list[Page] = []
    for source in sources:
        try:
            pages += (
                [fetch_page(source, allow_remote)]
                if is_address(source)
                else read_file(Path(source))
            )
        except SourceError as error:
            shown = Path(source.split("://", 1)[-1]) if is_address(source) else Path(source)
            result.problems.append(Problem(shown, error.line, 1, "(source)", str(error)))
            result.failed += 1
    for page in [page for page in pages if page.skipped]:
        why = f"left out: the page {page.title!r}: {page.skipped}"
        result.problems.append(
            Problem(page.origin, page.first_line, 1, "(page)", why, Severity.WARNING)
        )
    pages = [page for page in pages if not page.skipped]
    parsed = [(page, parse(page.text)) for page in pages]
    titles = [_title(page, code) for page, code in parsed]
    slugs = [_slug(title, number) for number, title in enumerate(titles, 1)]
    linked = {title_key(title): slug for title, slug in zip(titles, slugs, strict=True)}
    try:
        content.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = "it is a file" if content.is_file() else error.strerror or str(error)
        raise UsageError(f"--content: cannot write documents into {content}: {reason}") from None
    seen: set[str] = set()
    for (page, code), title, slug in zip(parsed, titles, slugs, strict=True):
        page = replace(page, title=title)
        target = content / f"{slug}.md"
        if slug in seen or (target.exists() and not force):
            why = (
                "another page of this import has the same name"
                if slug in seen
                else "it exists; --force replaces it"
            )
            result.problems.append(
                Problem(page.origin, page.first_line, 1, "(file)", f"{target} not written: {why}")
            )
            result.failed += 1
            continue
        seen.add(slug)
        others = {key: other for key, other in linked.items() if other != slug}  # itself: text
        text, problems = convert(page, code, title, others, today or dt.date.today())
        result.problems += problems
        try:
            write_atomic(target, text.encode("utf-8"))
        except OSError as error:
            why = f"{target} not written: {error.strerror or error}"
            result.problems.append(Problem(page.origin, page.first_line, 1, "(file)", why))
            result.failed += 1
            continue
        result.written.append(target)
    result.failed += _check(result, content)
    return result


def _slug(title: str, number: int) -> str:
    """`Soviet–Japanese border conflicts` → `soviet-japanese-border-conflicts`; a title with
    no Latin letter or digit (`沖縄戦`) → `article-N`, N its place in the import."""
    spaced = "".join(c if c.isalnum() else " " for c in title)
    slug = slugify(spaced)
    return slug if slug != "collection" or "collection" in title.lower() else f"article-{number}"


def _check(result: Imported, content: Path) -> int:
    """Each written document read as a build reads it: its errors are the import's failures."""
    from factsheet.reader import load_document

    failed = 0
    for path in result.written:
        try:
            loaded = load_document(path, content)
        except ContentError as error:
            result.problems += error.problems
            failed += 1
        else:
            result.problems += loaded.warnings
    return failed


def _title(page: Page, code: Wikicode) -> str:
    """The page's title; a wikitext file's from its infobox's name, when it has one."""
    if page.revision is not None or page.fetched:
        return page.title
    for template in _infoboxes(code):
        given = {str(p.name).strip().lower(): p for p in template.params}
        for key in ("conflict", "name", "ship name", "official_name", "birth_name"):
            if key in given:
                name = Render(Gathered(page.origin, page.text), True)(given[key].value)
                lines = [line.strip() for line in name.split("\n") if line.strip()]
                if lines:
                    return lines[0]
    return page.title


def _infoboxes(code: Wikicode) -> list[Template]:
    return [
        node
        for node in code.nodes
        if isinstance(node, Template)
        and (template_name(node).startswith("infobox") or is_conflict(node))
    ]


def convert(
    page: Page, code: Wikicode, title: str, linked: dict[str, str], today: dt.date
) -> tuple[str, list[Problem]]:
    """One page as a document's text, and what was left out."""
    names = {template_name(t) for t in code.filter_templates(recursive=False)}
    lang = (
        next((ENGLISH_VARIETIES[n] for n in names if n in ENGLISH_VARIETIES), page.lang)
        if page.lang == "en"
        else page.lang
    )
    gathered = Gathered(
        page.origin,
        page.text,
        page.first_line,
        linked,
        lang,
        "mdy" if "use mdy dates" in names else "dmy",
    )
    gathered.citations = Citations(code, gathered)
    mapped = Mapped(title=title)
    boxes = _infoboxes(code)
    kinds: list[str] = []
    for template in boxes:
        reading = Reading(template, gathered, mapped, locate(template, page.text, gathered))
        name = template_name(template)
        kind = "conflict" if is_conflict(template) else infobox_kinds.kind_of(name)
        found_title = mapped.title
        if kind is not None and kinds and kind != kinds[0]:
            why = f"the document is a {kinds[0]}"  # a second infobox, of another kind
        elif kind is None:
            why = "it has no kind of document of its own"
        else:
            why = ""
        if why:
            gathered.report(
                "infobox",
                f"{{{{{template.name.strip()}}}}}: {why}; each of its parameters is a fact",
            )
            infobox_kinds.facts_only(reading)
        else:
            kinds.append(kind)
            mapped.kind = kind
            (conflict if kind == "conflict" else KIND_READERS[kind])(reading)
        mapped.title = found_title
    if not page.titled:
        guess = "the article's address is made from its title, which a wikitext file does not give"
        gathered.report("url", f"{guess}: check it", 0)
        mapped.comments[("url",)] = [f"url: {guess}: check it (and the source wp's)"]
    text = body(code, gathered, boxes)
    front = _front_matter(page, code, title, lang, mapped, gathered, today)
    return as_text(front, mapped.comments, text), gathered.problems


def _front_matter(
    page: Page,
    code: Wikicode,
    title: str,
    lang: str,
    mapped: Mapped,
    gathered: Gathered,
    today: dt.date,
) -> dict[str, object]:
    front: dict[str, object] = {"title": title}
    if mapped.kind != "conflict":
        front["kind"] = mapped.kind
    front["lang"] = lang
    aliases = _aliases(code, title, gathered) + [a for a in mapped.aliases if a.get("name")]
    if aliases:
        front["aliases"] = [a["name"] if len(a) == 1 else a for a in aliases]
    summary = _short_description(code, gathered)
    if summary:
        front["summary"] = summary
    front["authors"] = ["Wikipedia contributors"]
    if page.timestamp and page.timestamp[:10].count("-") == 2:
        front["updated"] = page.timestamp[:10]
    front["license"] = dict(LICENSE)
    front["url"] = page.address
    wp = {
        "id": "wp",
        "title": title,
        "publisher": "Wikipedia",
        "author": "Wikipedia contributors",
        "url": page.permanent_address,
        "accessed": today.isoformat(),
        "license": LICENSE["name"],
    }
    front["sources"] = [wp, *gathered.citations.sources.values()]
    if mapped.infobox:
        front["infobox"] = mapped.infobox
    return front


def _aliases(code: Wikicode, title: str, gathered: Gathered) -> list[dict[str, str]]:
    """The other names the lead sets in bold (`'''Changkufeng Incident'''`)."""
    found: list[dict[str, str]] = []
    for node in code.nodes:
        if isinstance(node, Heading):
            break
        if isinstance(node, Text) and "\n\n" in node.value and found:
            break
        if isinstance(node, Tag) and node.wiki_markup == "'''":
            name = " ".join(Render(gathered, True)(node.contents).split()).strip(" ,;\"'")
            if name and name.casefold() != title.casefold() and {"name": name} not in found:
                found.append({"name": name})
    return found


def _short_description(code: Wikicode, gathered: Gathered) -> str:
    for template in code.filter_templates(recursive=False):
        if template_name(template) == "short description":
            text = Render(gathered, True).param(template, 1)
            if text and text.casefold() != "none":
                return text[:1].upper() + text[1:]
    return ""
