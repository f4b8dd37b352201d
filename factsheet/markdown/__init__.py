"""Markdown as tokens: parsed once per document for the checks, rendered for each output by
render rules that follow that output's `Rendering`."""

from factsheet.markdown.inline import inline
from factsheet.markdown.links import LINK_SCHEMES, Target, document_link, link_target
from factsheet.markdown.parse import (
    MAX_NESTING,
    NestedTooDeeply,
    convert,
    heading_id,
    inline_nesting,
    slug,
)
from factsheet.markdown.render import (
    Body,
    NameIndex,
    NoteStyle,
    Rendering,
    in_scripts,
    render_body,
)
from factsheet.markdown.sanitize import raw_html, sanitize

__all__ = [
    "LINK_SCHEMES",
    "MAX_NESTING",
    "Body",
    "NameIndex",
    "NestedTooDeeply",
    "NoteStyle",
    "Rendering",
    "Target",
    "convert",
    "document_link",
    "heading_id",
    "in_scripts",
    "inline",
    "inline_nesting",
    "link_target",
    "raw_html",
    "render_body",
    "sanitize",
    "slug",
]
