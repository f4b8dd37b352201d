"""Documents for the check modules' tests, made by the real loading steps up to the checks themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from factsheet.checks.fields import validate
from factsheet.errors import Problem
from factsheet.fetch import Door
from factsheet.frontmatter import Positions, split
from factsheet.markdown import convert
from factsheet.model import Document, FrontMatter


@dataclass(frozen=True)
class Subject:
    """A document as the checks receive it, with its project folder."""

    document: Document
    positions: Positions
    text: str
    door: Door


def read_sheet(project, text: str, name: str = "doc.md") -> Subject:
    """Write a document into the project's content folder and read it as far as the checks."""
    path = project.write(name, text)
    text = path.read_text(encoding="utf-8")
    parts = split(path, text)
    meta = validate(FrontMatter, parts.data, path, parts.positions)
    narrative = convert(parts.body, meta.lang, tuple(s.id for s in meta.sources))
    slug = path.parent.name if path.name == "index.md" else path.stem
    document = Document(slug, path, meta, parts.body, parts.body_line, narrative)
    return Subject(document, parts.positions, text, Door(project.root))


def shown(problems: Iterable[Problem], subject: Subject) -> list[str]:
    """Problems as the command prints them, path relative to the project."""
    return [p.format(relative_to=subject.door.root) for p in problems]
