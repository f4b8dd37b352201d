"""Languages within a document: spans marked `[text]{lang=…}`, Han ideographs that no
language names (Chinese and Japanese draw the same characters differently), and languages no
installed font is made for."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel

from factsheet import fonts
from factsheet.checks.located import at_field, in_body
from factsheet.errors import Problem
from factsheet.frontmatter import FieldPath, Positions
from factsheet.model import Document
from factsheet.narrative import Mark
from factsheet.scripts import runs
from factsheet.values import fields_given


def _known(tag: str) -> bool:
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return True


def spans(document: Document) -> Iterator[Problem]:
    """A span sets its language and nothing else, and the language is one Babel knows."""
    for place, marks in itertools.groupby(document.narrative.spans, lambda m: (m.line, m.column)):
        attributes = dict(mark.label.partition("=")[::2] for mark in marks)
        mark = Mark("", *place)
        if others := sorted(set(attributes) - {"lang"}):
            named = ", ".join(map(repr, others))
            message = f"a span sets only its language, as [text]{{lang=ja}}, not {named}"
            yield in_body(document, mark, message)
        elif not _known(value := attributes.get("lang", "")):
            message = (
                "a span's lang must be a BCP 47 language tag such as ja, zh-Hant or mn-Mong,"
                f" got {value!r}"
            )
            yield in_body(document, mark, message)


def _mark_it(text: str, example: str) -> str:
    return (
        f"Han characters {text!r} in no language: mark it as Japanese or Chinese,"
        f" as {example} (or zh-Hans, zh-Hant, ko)"
    )


def unmarked_han(document: Document, positions: Positions) -> Iterator[Problem]:
    """Han alone in a body or an alias whose language is not Chinese, Japanese or Korean: its
    glyphs would be a guess."""
    for mark in document.narrative.unmarked_han:
        example = f"[{mark.label}]{{lang=ja}}"
        yield in_body(document, mark, _mark_it(mark.label, example), warning=True)
    for index, alias in enumerate(document.meta.aliases):
        if alias.lang is None:
            for run in runs(alias.name, document.meta.lang):
                if run.han_only:
                    example = f"{{name: {alias.name}, lang: ja}}"
                    message = _mark_it(run.text, example)
                    yield at_field(document, positions, ("aliases", index), message, warning=True)


def undrawn_languages(document: Document, positions: Positions) -> Iterator[Problem]:
    """Each language the document names (its own, an alias's, a name's, a span's) that no
    installed font is made for, once, where it is first named: a warning, as print would set
    it in another language's glyphs, or as boxes."""
    told: set[str] = set()
    for where, tag in _named(document):
        if tag in told or fonts.draws_language(tag) is not False:
            continue
        told.add(tag)
        known = fonts.fontconfig_language(tag)
        message = (
            f"no installed font is made for the language {tag!r} (fontconfig: {known}):"
            " print would draw it with another language's glyphs, or as boxes"
        )
        if isinstance(where, Mark):
            yield in_body(document, where, message, warning=True)
        else:
            yield at_field(document, positions, where, message, warning=True)


def names_an_undrawn_language(document: Document) -> bool:
    """Whether `undrawn_languages` warns about the document: the print fonts' fallback for
    such a language is already told of."""
    return any(fonts.draws_language(tag) is False for _, tag in _named(document))


def _named(document: Document) -> list[tuple[FieldPath | Mark, str]]:
    """Each language the document names, with where: its fields', then its spans'."""
    return [*_langs(document.meta, ()), *((mark, mark.label) for mark in _span_langs(document))]


def _langs(model: BaseModel, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every `lang` field the front matter gives, with its place."""
    for here, _, name, given in fields_given(model, path):
        if name == "lang" and isinstance(given, str):
            yield here, given


def _span_langs(document: Document) -> Iterator[Mark]:
    for mark in document.narrative.spans:
        name, _, value = mark.label.partition("=")
        if name == "lang" and _known(value):
            yield Mark(value, mark.line, mark.column)
