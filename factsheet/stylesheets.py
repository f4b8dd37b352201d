"""The e-book's and the web page's stylesheets, made self-contained through the file door.

WeasyPrint asks `fetch.ProjectFetcher` for whatever the print stylesheets name. The e-book and
the web page carry their stylesheets as text, so each `url()` in them is read here instead
(parsed with tinycss2, never with patterns): a project file or an allowed http(s) resource is
packed into the book or inlined into the page, and anything else (a file outside the project,
another scheme, `@import`) is a template error naming the stylesheet and its line.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import tinycss2
from tinycss2.ast import AtRule, FunctionBlock, Node, URLToken
from tinycss2.serializer import serialize_string_value

from factsheet.fetch import Door, RefusedReference, Resource, read_asset

if TYPE_CHECKING:
    from factsheet.themes import Sheet

Place = Callable[[Resource], str]
"""Where an output puts a resource a stylesheet names; the address the stylesheet then uses."""


def self_contained(sheet: Sheet, door: Door | None, place: Place) -> str:
    """A stylesheet (found like a template, or the user's) with every url() pointing where
    `place` put its resource; jinja2.TemplateSyntaxError names what is refused (everything
    but data: and #fragments when there is no `door`, outside a build)."""
    name, filename = sheet.name, sheet.filename
    folder = sheet.folder or (Path(filename).parent if filename else Path())
    rules = tinycss2.parse_stylesheet(sheet.text, skip_comments=False, skip_whitespace=False)
    placed: dict[str, str] = {}

    def address(reference: str, token: Node) -> str:
        if reference.startswith("#") or reference.lower().startswith("data:"):
            return reference
        if reference not in placed:
            try:
                if door is None:
                    raise RefusedReference(f"'{reference}': no file is read outside a build")
                placed[reference] = place(read_asset(reference, folder, door))
            except RefusedReference as refused:
                raise jinja2.TemplateSyntaxError(
                    str(refused), token.source_line, name, filename
                ) from None
        return placed[reference]

    _rewrite(rules, address, name, filename)
    return tinycss2.serialize(rules)


def url_references(source: str) -> Iterator[tuple[str, int]]:
    """Each url() of a stylesheet, with its line, in order."""

    def walk(nodes: list) -> Iterator[tuple[str, int]]:
        for node in nodes:
            reference = _url(node)
            if reference is not None:
                yield reference, node.source_line
                continue
            for part in ("prelude", "content", "arguments"):
                children = getattr(node, part, None)
                if isinstance(children, list):
                    yield from walk(children)

    return walk(tinycss2.parse_stylesheet(source, skip_comments=True, skip_whitespace=True))


def _rewrite(nodes: list, address: Callable[[str, Node], str], name: str, filename) -> None:
    """Replace each url() among `nodes` (and inside their blocks) in place."""
    for index, node in enumerate(nodes):
        if isinstance(node, AtRule) and node.lower_at_keyword == "import":
            message = "@import cannot be used here; copy the rules into this stylesheet"
            raise jinja2.TemplateSyntaxError(message, node.source_line, name, filename)
        reference = _url(node)
        if reference is not None:
            new = address(reference, node)
            if new != reference or not isinstance(node, URLToken):
                representation = f'url("{serialize_string_value(new)}")'
                nodes[index] = URLToken(node.source_line, node.source_column, new, representation)
            continue
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                _rewrite(children, address, name, filename)


def _url(node: Node) -> str | None:
    """The address of a url() token or function, else None."""
    if isinstance(node, URLToken):
        return node.value
    if isinstance(node, FunctionBlock) and node.lower_name == "url":
        strings = [arg for arg in node.arguments if arg.type == "string"]
        return strings[0].value if strings else ""
    return None


def data_uri(resource: Resource) -> str:
    """A resource as a data: address, for the self-contained web page."""
    return f"data:{resource.media_type};base64,{base64.b64encode(resource.data).decode()}"
