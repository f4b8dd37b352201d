"""Raw HTML in the Markdown, when allowed: each piece stripped of ids and non-web links, then
the whole rendered body cut down to a safe subset and written back as XHTML."""

from __future__ import annotations

from collections.abc import Collection
from html import escape
from html.parser import HTMLParser

import lxml.html
import nh3
from lxml import etree

from factsheet.markdown.links import Target, link_target

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


def sanitize(fragment: str, images: Collection[str] = (), noterefs: bool = False) -> str:
    """Keep a safe subset of HTML (no script, style, iframe, object, event handlers or
    javascript: URLs; images only through Markdown, which the checks see), written back as
    well-formed XHTML for the e-book. `images` are the data: addresses the output gave the
    Markdown's images; `noterefs` keeps the e-book's `epub:type` on links."""

    def data_only_as_images(tag: str, attribute: str, value: str) -> str | None:
        if value.startswith("data:") and (tag, attribute) != ("img", "src"):
            return None
        return value if not value.startswith("data:") or value in images else None

    cleaned = nh3.clean(
        fragment,
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES | {"a": {"href", "epub:type"}} if noterefs else SAFE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"} if images else {"http", "https", "mailto"},
        attribute_filter=data_only_as_images,
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
