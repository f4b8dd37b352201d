"""Languages within a document: spans marked `[text]{lang=…}`, and Han ideographs that no
language names (Chinese and Japanese draw the same characters differently)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from babel import Locale, UnknownLocaleError

from factsheet.checks.located import at_field, in_body
from factsheet.errors import Problem
from factsheet.frontmatter import Positions
from factsheet.model import Document
from factsheet.narrative import Mark
from factsheet.scripts import runs


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
