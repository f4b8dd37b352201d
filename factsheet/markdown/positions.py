"""Where in the body each citation, image, link and unresolved footnote call was written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from factsheet.narrative import Mark
from factsheet.positions import TextPositions
from factsheet.scripts import runs

_FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")


def placed(rule: Callable[[StateInline, bool], bool], kind: str):
    """The inline `rule`, also noting where in its block's source each `kind` token begins."""

    def placed_rule(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        for index in range(count, len(state.tokens)):
            if state.tokens[index].type == kind:
                state.tokens[index].meta["offset"] = start
                break
        return True

    return placed_rule


def inline_blocks(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type == "inline":
            yield token


class _Lines:
    """Line (0-based in the body) and column of an offset in a block's text; a line's column
    counts what the block left out (`> ` of a quote, a list's indent)."""

    def __init__(self, block: Token, source: list[str]):
        first = block.map[0] if block.map else 0
        self.lines = TextPositions.of(block.content, first_line=first)
        self.shifts = []
        for index, text in enumerate(block.content.split("\n")):
            written = source[first + index] if first + index < len(source) else text
            written = written.rstrip() if not written.endswith(text) else written
            self.shifts.append(len(written) - len(text) if written.endswith(text) else 0)

    def position(self, offset: int) -> tuple[int, int]:
        line, column = self.lines.at(offset)
        return line, self.shifts[line - self.lines.first_line] + column


def citations(tokens: list[Token], source: list[str]) -> Iterator[Mark]:
    return _marks(tokens, source, "citation", lambda child: child.meta["id"])


def images(tokens: list[Token], source: list[str]) -> Iterator[Mark]:
    return _marks(tokens, source, "image", lambda child: str(child.attrs.get("src", "")))


def links(tokens: list[Token], source: list[str]) -> Iterator[Mark]:
    return _marks(tokens, source, "link_open", lambda child: str(child.attrs.get("href", "")))


def _marks(tokens: list[Token], source: list[str], kind: str, label: Callable[[Token], str]):
    """Each `kind` token's label, placed where its parse rule found it in the block's source."""
    for block in inline_blocks(tokens):
        lines = None
        for child in block.children or ():
            if child.type == kind:
                lines = lines or _Lines(block, source)
                line, column = lines.position(child.meta.get("offset", 0))
                yield Mark(label(child), line, column)


def undefined_footnotes(tokens: list[Token], source: list[str]) -> Iterator[Mark]:
    for block in inline_blocks(tokens):
        leftover = " ".join(c.content for c in block.children or () if c.type == "text")
        labels = set(_FOOTNOTE_CALL.findall(leftover))
        if not labels:
            continue
        lines = _Lines(block, source)
        for call in _FOOTNOTE_CALL.finditer(block.content):
            if call[1] in labels:
                labels.discard(call[1])
                yield Mark(call[1], *lines.position(call.start()))


def spans(tokens: list[Token], source: list[str]) -> Iterator[Mark]:
    """Each attribute written on a span (`[text]{lang=ja .x}`), as `key=value`, at its span."""
    for block in inline_blocks(tokens):
        lines = None
        for child in block.children or ():
            if child.type == "span_open":
                lines = lines or _Lines(block, source)
                line, column = lines.position(child.meta.get("offset", 0))
                for key, value in child.attrs.items():
                    yield Mark(f"{key}={value}", line, column)
                for key in child.meta.get("insecure_attrs", ()):
                    yield Mark(f"{key}=", line, column)


def unmarked_han(tokens: list[Token], source: list[str], lang: str) -> Iterator[Mark]:
    """Each run of Han ideographs alone in text of the document's language, when that is not
    Chinese, Japanese or Korean (and outside the spans content marked), at its place: searched
    for in the block's source from the last run or marked span found (a text token keeps no
    offset), so that the block is read once."""
    for block in inline_blocks(tokens):
        lines, marked, cursor = None, 0, 0
        for child in block.children or ():
            if child.type == "span_open":
                marked += 1
                cursor = max(cursor, child.meta.get("offset", cursor))
            elif child.type == "span_close":
                marked -= 1
            elif child.type != "text" or child.content.isascii():
                continue
            elif marked:  # content spoke; the same Han later in the block is another run
                found = block.content.find(child.content, cursor)
                cursor = found + len(child.content) if found >= 0 else cursor
            else:
                for run in runs(child.content, lang):
                    if run.han_only:
                        lines = lines or _Lines(block, source)
                        found = block.content.find(run.text, cursor)
                        cursor = found if found >= 0 else cursor
                        yield Mark(run.text, *lines.position(cursor))
                        cursor += len(run.text) if found >= 0 else 0
