"""Where a link in the body leads, which decides whether the outputs keep it."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Collection
from enum import Enum

from markdown_it.common.normalize_url import normalizeLink

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


def validate_link(url: str) -> bool:
    """markdown-it turns file: and data: links into plain text; we keep them as links and
    images so that the content checks can refuse them by name instead of hiding them."""
    return not _SCRIPT_URL.match(url)


_PLAIN_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?[A-Za-z0-9\-._~/?#!$&'()*+,;=]*")
"""An address that markdown-it's normalizeLink returns as it is: ASCII that needs no encoding,
no `@`, `%` or `:` after the scheme (which its parser would read as user, escape or port)."""


def normalize_link(url: str) -> str:
    """markdown-it's normalizeLink, skipped for the plain addresses it would return as they
    are: a page of links spends a third of its parsing time normalising them."""
    return url if _PLAIN_URL.fullmatch(url) else normalizeLink(url)
