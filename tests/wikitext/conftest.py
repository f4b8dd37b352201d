"""Import one piece of wikitext into a throwaway content folder and read back what was
written: the front matter as data, the body, and the messages."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from factsheet.importer import import_articles

TODAY = dt.date(2026, 12, 7)


@dataclass
class Imported:
    front: dict
    body: str
    text: str
    messages: list[str]
    failed: int


def split_document(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture
def imported(tmp_path: Path):
    def run(wikitext: str, name: str = "article.wikitext") -> Imported:
        source = tmp_path / name
        source.write_text(textwrap.dedent(wikitext).lstrip("\n"), encoding="utf-8")
        content = tmp_path / "content"
        result = import_articles([str(source)], content, force=True, today=TODAY)
        messages = [p.format(tmp_path) for p in result.problems]
        assert len(result.written) == 1, messages
        text = result.written[0].read_text(encoding="utf-8")
        front, body = split_document(text)
        return Imported(front, body, text, messages, result.failed)

    return run
