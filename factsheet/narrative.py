"""What reading a document's Markdown body found: its headings, notes, citations, images and
links, shared by the checks and every writer; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Mark:
    """Something in the body worth a message: a citation or an unresolved footnote call."""

    label: str
    line: int
    """0-based line within the body."""
    column: int
    """1-based column."""


@dataclass(frozen=True, slots=True)
class Note:
    """A Markdown footnote, for the templates to set as a list, pop-up asides or page floats."""

    number: int
    html: str
    """The note's text as inline HTML (its paragraphs joined)."""
    calls: tuple[str, ...]
    """The ids of the places that call it, for the links back."""

    @property
    def id(self) -> str:
        return f"fn{self.number}"


@dataclass(frozen=True, slots=True)
class Narrative:
    """What reading the body found, shared by the checks and every writer (each output renders
    the body's tokens itself, see `factsheet.markdown.render_body`)."""

    headings: tuple[Heading, ...]
    first_paragraph: str
    citations: tuple[Mark, ...]
    undefined_footnotes: tuple[Mark, ...]
    images: tuple[Mark, ...] = ()
    """Images the body refers to; `label` is the reference as markdown-it normalised it."""
    links: tuple[Mark, ...] = ()
    """Where the body's links point, for the checks to refuse local files."""
    empty_headings: tuple[Mark, ...] = ()
    """Headings without text, which the body leaves out."""
    anchors: frozenset[str] = frozenset()
    """The ids a link may point at in every output: headings, footnotes and sources."""
    allow_html: bool = False
    """Whether raw HTML in the body is kept (its safe subset), as it was read."""
    spans: tuple[Mark, ...] = ()
    """Each attribute written on a span (`[text]{lang=ja}`), labelled `key=value`."""
    unmarked_han: tuple[Mark, ...] = ()
    """Han ideographs alone in text of another language, which only content can name."""
