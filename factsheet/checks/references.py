"""What a document refers to exists and may be used: sources cited and defined, links to the web,
to other documents and to anchors, footnotes called and defined, image files through the Door."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from factsheet.checks.fields import did_you_mean
from factsheet.checks.located import at_field, in_body
from factsheet.errors import Problem
from factsheet.fetch import Door, RefusedReference, asset_path, check_asset, is_remote
from factsheet.frontmatter import Positions
from factsheet.images import BadImage, check_image
from factsheet.markdown import Target, document_link, link_target
from factsheet.model import Document
from factsheet.narrative import Mark
from factsheet.values import quantities_in


def web_address_problem(url: str) -> str | None:
    """Why a front matter address is not an http(s) or mailto address, or None if it is."""
    if link_target(url, ()) is Target.WEB:
        return None
    return f"expected an http(s) or mailto address, got {url[:80]!r}"


def has_document(content: Path, slug: str) -> bool:
    """Whether the content folder holds the document `slug`, as a file or a bundle."""
    return (content / f"{slug}.md").is_file() or (content / slug / "index.md").is_file()


def duplicate_source_ids(document: Document, positions: Positions) -> Iterator[Problem]:
    """A source id names one source: a citation could not say which of two it means."""
    seen: set[str] = set()
    for index, source in enumerate(document.meta.sources):
        if source.id in seen:
            path = ("sources", index, "id")
            yield at_field(document, positions, path, f"duplicate source id '{source.id}'")
        seen.add(source.id)


def web_addresses(document: Document, positions: Positions) -> Iterator[Problem]:
    """The front matter's links (a source's url, the licence's, the document's own) lead to
    the web: a file name there would become a path of this machine in the PDF."""
    meta = document.meta
    urls = [(("sources", n, "url"), source.url) for n, source in enumerate(meta.sources)]
    urls.append((("license", "url"), meta.license.url if meta.license else None))
    urls.append((("url",), meta.url))
    for path, url in urls:
        if url is not None and (problem := web_address_problem(url)):
            yield at_field(document, positions, path, problem)


def images(document: Document, positions: Positions, door: Door) -> Iterator[Problem]:
    """The infobox image and the body's images are readable images in the content folder."""
    image = document.meta.image
    if image and (problem := _missing_asset(document, image.file, door)):
        yield at_field(document, positions, ("image", "file"), problem)
    for mark in document.narrative.images:
        if problem := _missing_asset(document, mark.label, door):
            yield in_body(document, mark, problem)


def _missing_asset(document: Document, reference: str, door: Door) -> str | None:
    try:
        check_asset(reference, document.folder, door)
        if door.allow_remote and is_remote(reference):
            return None
        path = asset_path(reference, document.folder, door.root)
    except RefusedReference as refused:
        return f"image {refused}"
    # Its files are named, archived and bagged by their place under the content folder.
    if not path.is_relative_to(document.content_folder.resolve()):
        return f"image '{reference}' lies outside the content folder"
    try:
        check_image(path)
    except BadImage as bad:
        return f"image '{reference}' {bad}"
    return None


def quantity_sources(document: Document, positions: Positions) -> Iterator[Problem]:
    """Each number in the infobox that names a source names one of the document's."""
    known = _SourceIds(document)
    if document.meta.infobox is None:
        return
    for path, quantity in quantities_in(document.meta.infobox, ("infobox",)):
        if quantity.source is not None and (problem := known.unknown(quantity.source)):
            yield at_field(document, positions, (*path, "source"), problem)


class _SourceIds:
    """The document's source ids, to say of an id whether it is one and which it may mean."""

    def __init__(self, document: Document):
        self.document = document
        self.ids = frozenset(s.id for s in document.meta.sources)

    def unknown(self, source_id: str) -> str | None:
        if source_id in self.ids:
            return None
        known = [s.id for s in self.document.meta.sources]
        listed = ", ".join(known) or "none are listed under sources:"
        return f"unknown source id '{source_id}'{did_you_mean(source_id, known)} (known: {listed})"


def citations(document: Document) -> Iterator[Problem]:
    """Every [@id] in the body names a source listed under sources:."""
    known = _SourceIds(document)
    for mark in document.narrative.citations:
        if problem := known.unknown(mark.label):
            yield in_body(document, mark, problem)


def undefined_footnotes(document: Document) -> Iterator[Problem]:
    """Every [^label] the body calls is defined, or it would be printed as it is written."""
    for mark in document.narrative.undefined_footnotes:
        message = f"footnote [^{mark.label}] is not defined; add a line '[^{mark.label}]: …'"
        yield in_body(document, mark, message)


def links(document: Document) -> Iterator[Problem]:
    """A link the outputs keep, or an error or warning saying why they cannot."""
    exists: dict[str, bool] = {}
    """Whether a linked document exists, by slug: asked once per slug, not once per link."""
    for mark in document.narrative.links:
        label = mark.label[:80]
        target = link_target(mark.label, document.anchors)
        if target is Target.DOCUMENT:
            slug = document_link(mark.label)[0]
            if slug not in exists:
                exists[slug] = has_document(document.content_folder, slug)
            if not exists[slug]:
                message = f"link '{label}': no document '{slug}' in the content folder"
                yield in_body(document, mark, message, warning=True)
        elif not target.kept:
            warning = target in (Target.MISSING_ANCHOR, Target.OTHER)
            message = f"link '{label}': {_refused(target, mark)}"
            yield in_body(document, mark, message, warning=warning)


def _refused(target: Target, mark: Mark) -> str:
    if target is Target.REFUSED:
        return f"links to {_scheme(mark.label)}: addresses are not allowed"
    return {
        Target.FILE: "links to files are not allowed; link another document (name.md),"
        " an http(s) or mailto address, or a #heading of this document",
        Target.MISSING_ANCHOR: "no heading, footnote or source of this document has that id;"
        " it is kept as text",
        Target.OTHER: "not another document (name.md), an http(s) or mailto address, or a"
        " #heading; it is kept as text",
    }[target]


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _scheme(url: str) -> str:
    """What urllib.parse.urlsplit(url).scheme.lower() says, at a fifth of its cost per link."""
    url = url.lstrip(_URL_SPACE).translate(_URL_BREAKS)
    return match[1].lower() if (match := _SCHEME.match(url)) else ""


_URL_SPACE = "".join(map(chr, range(0x21)))
"""What urlsplit strips from the start of an address (WHATWG's C0 controls and space)..."""
_URL_BREAKS = str.maketrans("", "", "\t\r\n")
"""...and removes from anywhere in it."""
