"""The pages an import reads: a file of wikitext, a MediaWiki XML export of one page or
many, or (with --allow-remote) an article fetched from its wiki's API through the project's
one door to the network."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from factsheet.checks.characters import CONTROL
from factsheet.fetch import RefusedReference, fetch_remote

EXPORT_NAMESPACE_START = "http://www.mediawiki.org/xml/export-"
SOURCE_LIMIT = 64_000_000
"""Bytes one source file may have: a whole category's export, not a whole wiki's dump."""
WIKI_PREFIX = "wikipedia:"


CONTROLS = dict.fromkeys(
    c
    for c in (*range(32), 0x7F, *range(0x80, 0xA0), 0xFFFE, 0xFFFF)
    if CONTROL.match(chr(c)) or 0x80 <= c < 0xA0
)
"""Control characters, which no article's text has: those no output can hold, and the C1
controls (U+0080 to U+009F) that front matter's YAML cannot: dropped."""


def cleaned(text: str) -> str:
    return text.replace("\r\n", "\n").translate(CONTROLS)


class SourceError(Exception):
    """A source that cannot be read as wikitext: what is wrong, and on which line."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Page:
    """One article's wikitext, and where it came from."""

    title: str
    text: str
    origin: Path
    """The file its messages name (the source file, or the document for a fetched page)."""
    first_line: int = 1
    """The line of `origin` where the wikitext starts (an export holds many pages)."""
    lang: str = "en"
    revision: int | None = None
    timestamp: str | None = None
    """The revision's time, ISO 8601 (`2026-11-26T10:00:00Z`)."""
    fetched: bool = False
    titled: bool = True
    """Whether the source named the page (an export, the API), or its title is a guess."""
    skipped: str = ""
    """Why the page is not an article to import (a redirect, a talk page), if it is not."""
    site: str = ""
    """The wiki's address (`https://en.wikipedia.org`); empty: Wikipedia in `lang`."""

    @property
    def wiki(self) -> str:
        return self.site or f"https://{self.lang}.wikipedia.org"

    @property
    def address(self) -> str:
        """The article's address on its wiki."""
        name = urllib.parse.quote(self.title.replace(" ", "_"), safe="/:()',!*")
        return f"{self.wiki}/wiki/{name}"

    @property
    def permanent_address(self) -> str:
        """The address of the revision read, where it is known: the text as it was."""
        if self.revision is None:
            return self.address
        query = urllib.parse.urlencode(
            {"title": self.title.replace(" ", "_"), "oldid": self.revision}
        )
        return f"{self.wiki}/w/index.php?{query}"


def is_address(source: str) -> bool:
    """An article named by address or `wikipedia:LANG:Title`, not a file."""
    return source.startswith(WIKI_PREFIX) or urllib.parse.urlsplit(source).scheme in (
        "http",
        "https",
    )


def read_file(path: Path, title: str | None = None) -> list[Page]:
    """The pages of a wikitext file (one page) or of a MediaWiki XML export (any number)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(SOURCE_LIMIT + 1)
    except OSError as error:
        raise SourceError(f"cannot be read: {error.strerror or error}") from None
    if len(data) > SOURCE_LIMIT:
        raise SourceError(f"larger than {SOURCE_LIMIT:,} bytes; export fewer pages")
    head = data[:4096].lstrip()
    if path.suffix.lower() == ".xml" or head.startswith(b"<?xml") or b"<mediawiki" in head:
        return _export_pages(path, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"not UTF-8 text (byte {error.start + 1}); save the wikitext as UTF-8"
        ) from None
    return [Page(title or _title_from_name(path), cleaned(text), path, titled=bool(title))]


def _title_from_name(path: Path) -> str:
    """A title from a file's name, until the infobox names the subject (`battle-of-x` →
    `Battle of x`)."""
    words = path.stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "Untitled"


def _export_pages(path: Path, data: bytes) -> list[Page]:
    """Each page's latest revision in a Special:Export file; entities are not expanded and
    nothing is fetched (an export needs neither)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else 1
        raise SourceError(f"not a MediaWiki export: {error.msg}", line) from None
    if not (isinstance(root.tag, str) and root.tag.startswith("{" + EXPORT_NAMESPACE_START)):
        raise SourceError("not a MediaWiki export (its root is not <mediawiki>)")
    ns = root.tag[1 : root.tag.index("}")]
    lang = (root.get("{http://www.w3.org/XML/1998/namespace}lang") or "en").strip() or "en"
    pages = []
    for page in root.iter(f"{{{ns}}}page"):
        title = (page.findtext(f"{{{ns}}}title") or "").strip()
        revisions = page.findall(f"{{{ns}}}revision")
        if not title or not revisions:
            continue
        revision = revisions[-1]
        text = revision.find(f"{{{ns}}}text")
        if text is None or text.text is None:
            continue
        skipped = _not_an_article(page, ns)
        revision_id = revision.findtext(f"{{{ns}}}id")
        pages.append(
            Page(
                title,
                cleaned(text.text),
                path,
                first_line=text.sourceline or 1,
                lang=lang,
                revision=int(revision_id) if revision_id and revision_id.isdigit() else None,
                timestamp=revision.findtext(f"{{{ns}}}timestamp"),
                skipped=skipped,
            )
        )
    if not pages:
        raise SourceError("a MediaWiki export with no page's text in it")
    return pages


def _not_an_article(page: etree._Element, ns: str) -> str:
    """Why an exported page is no article: a redirect, or a page of another namespace."""
    redirect = page.find(f"{{{ns}}}redirect")
    if redirect is not None:
        return f"a redirect to {redirect.get('title') or 'another page'}"
    namespace = (page.findtext(f"{{{ns}}}ns") or "0").strip()
    return "" if namespace == "0" else f"not an article (namespace {namespace})"


def fetch_page(source: str, allow_remote: bool) -> Page:
    """An article fetched from its wiki's API, with the revision read."""
    site, lang, title = article_of(source)
    if not allow_remote:
        raise SourceError("fetching from the network needs --allow-remote")
    oldid = urllib.parse.parse_qs(urllib.parse.urlsplit(source).query).get("oldid", [""])[0]
    wanted = {"revids": oldid} if oldid.isdigit() else {"titles": title, "redirects": "1"}
    query = urllib.parse.urlencode(
        {
            "action": "query",
            "prop": "revisions",
            "rvprop": "ids|timestamp|content",
            "rvslots": "main",
            "format": "json",
            "formatversion": "2",
        }
        | wanted
    )
    api = f"{site}/w/api.php?{query}"
    try:
        resource = fetch_remote(api)
    except RefusedReference as refused:
        raise SourceError(f"{refused}") from None
    return page_from_api(source, site, lang, resource.data)


def article_of(source: str) -> tuple[str, str, str]:
    """(wiki, language, title) of `https://LANG.wikipedia.org/wiki/Title`, of
    `wikipedia:LANG:Title`, or of an article on another MediaWiki site (`/wiki/Title`)."""
    if source.startswith(WIKI_PREFIX):
        lang, _, title = source[len(WIKI_PREFIX) :].partition(":")
        site = f"https://{lang.strip().lower()}.wikipedia.org"
    else:
        parts = urllib.parse.urlsplit(source)
        host = (parts.hostname or "").lower()
        lang = "en"
        if host.endswith(".wikipedia.org"):
            lang = host.removesuffix(".wikipedia.org").removesuffix(".m")
            host = f"{lang}.wikipedia.org"
        site = f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
        title = ""
        if parts.path.startswith("/wiki/"):
            title = urllib.parse.unquote(parts.path[len("/wiki/") :])
        elif parts.path == "/w/index.php":
            title = urllib.parse.parse_qs(parts.query).get("title", [""])[0]
    title = title.replace("_", " ").strip()
    if not lang or not lang.replace("-", "").isalnum() or not title:
        raise SourceError(
            "expected an article's address (https://en.wikipedia.org/wiki/Title)"
            " or wikipedia:LANG:Title"
        )
    return site, lang.lower(), title


def page_from_api(source: str, site: str, lang: str, data: bytes) -> Page:
    """The page in an API answer (`action=query&prop=revisions`, format version 2)."""
    try:
        pages = json.loads(data)["query"]["pages"]
        page = pages[0]
    except (ValueError, KeyError, IndexError, TypeError):
        raise SourceError("the wiki's answer is not a page's revisions") from None
    if page.get("missing") or page.get("invalid") or not page.get("revisions"):
        raise SourceError("the wiki has no article of that title")
    revision = page["revisions"][0]
    text = revision.get("slots", {}).get("main", {}).get("content")
    if not isinstance(text, str):
        raise SourceError("the wiki's answer holds no wikitext")
    return Page(
        page.get("title") or article_of(source)[2],
        cleaned(text),
        Path(urllib.parse.urlsplit(site).netloc) / str(page.get("title", "page")),
        lang=lang,
        revision=revision.get("revid"),
        timestamp=revision.get("timestamp"),
        fetched=True,
        site=site,
    )
