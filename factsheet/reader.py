"""The reader: content files to validated documents (read, split, validate, convert, then check)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from factsheet.checks import run_checks
from factsheet.checks.characters import body_control_character, control_characters
from factsheet.checks.fields import did_you_mean, validate
from factsheet.checks.markup import too_deep_message
from factsheet.checks.references import has_document, web_address_problem
from factsheet.collection import Collection
from factsheet.errors import ContentError, Problem, Severity
from factsheet.fetch import Door
from factsheet.frontmatter import Positions, YamlProblem, parse_yaml, split
from factsheet.markdown import NestedTooDeeply, convert
from factsheet.model import SLUG_PATTERN, Document, FrontMatter
from factsheet.positions import TextPositions
from factsheet.run import UsageError

__all__ = [
    "Loaded",
    "check_file",
    "check_unique_slugs",
    "did_you_mean",
    "file_slug",
    "front_matter_positions",
    "has_document",
    "load_collection",
    "load_document",
    "read_text",
    "web_address_problem",
]

SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True, slots=True)
class Loaded:
    document: Document
    warnings: tuple[Problem, ...]


def check_file(path: Path, root: Path) -> None:
    """A document is a regular file inside the project; say which it is not, never what it holds."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        problem = "lies outside the project (once links are followed), so it is not read"
    elif not resolved.exists():
        problem = "cannot be read: it is a link to nothing (the file it names is gone)"
    elif resolved.is_dir():
        problem = "is a folder, not a file; a bundle's text is <slug>/index.md"
    elif not resolved.is_file():
        problem = "is not a regular file (a pipe, socket or device), so it is not read"
    else:
        try:
            resolved.open("rb").close()
        except OSError as error:
            problem = f"cannot be read: {error.strerror or error}"
        else:
            return
    raise ContentError([Problem(path, 1, 1, "(file)", problem)])


def read_text(path: Path) -> str:
    """Decode UTF-8 strictly, naming the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ContentError([Problem(path, 1, 1, "(file)", f"cannot be read: {reason}")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = TextPositions.of(data).at(error.start)
        raise ContentError(
            [
                Problem(
                    path,
                    line,
                    column,
                    "(file)",
                    f"invalid UTF-8 at byte offset {error.start}; save the file as UTF-8",
                )
            ]
        ) from None


def load_document(
    path: Path,
    root: Path,
    *,
    allow_html: bool = False,
    allow_remote: bool = False,
    lang: str | None = None,
) -> Loaded:
    """Load and check one document; raises ContentError listing every error found. `lang` is
    the project's language, for a document that names none."""
    check_file(path, root)
    text = read_text(path)
    try:
        parts = split(path, text)
    except YamlProblem as problem:
        raise ContentError([problem.problem]) from None
    if control := body_control_character(path, parts.body, parts.body_line):
        raise ContentError([control])
    if problems := control_characters(path, parts.data, parts.positions):
        raise ContentError(problems)
    meta = validate(FrontMatter, _with_language(parts.data, lang), path, parts.positions)
    sources = tuple(s.id for s in meta.sources)
    try:
        narrative = convert(parts.body, meta.lang, sources, allow_html=allow_html)
    except NestedTooDeeply as deep:
        line = parts.body_line + deep.line
        raise ContentError([Problem(path, line, 1, "body", too_deep_message())]) from None
    slug = meta.slug or file_slug(path)
    if not SLUG.match(slug):
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "slug",
                    f"the file name gives the slug {slug!r}, which is not lowercase letters,"
                    " digits and hyphens; rename the file or set slug:",
                )
            ]
        )
    document = Document(
        slug=slug,
        path=path,
        meta=meta,
        body=parts.body,
        body_line=parts.body_line,
        narrative=narrative,
        budget_at=parts.positions.of(("print", "pages")) if meta.printing else (1, 1),
    )
    problems = run_checks(document, parts.positions, Door(root, allow_remote), text)
    if any(p.severity is Severity.ERROR for p in problems):
        raise ContentError(problems)
    return Loaded(document, tuple(problems))


def front_matter_positions(document: Document) -> Positions:
    """Where the fields of a loaded document stand, read again for a message that looks
    across documents; a file that no longer reads as it did places the message at its top."""
    try:
        return split(document.path, read_text(document.path)).positions
    except (ContentError, YamlProblem):
        return Positions()


def _with_language(data: object, lang: str | None) -> object:
    """Front matter or a collection with the project's language, when it names none."""
    if lang is None or not isinstance(data, dict) or "lang" in data:
        return data
    return {**data, "lang": lang}


def file_slug(path: Path) -> str:
    """The slug a document's file name gives: `<slug>.md` or `<slug>/index.md`."""
    return path.parent.name if path.name == "index.md" else path.stem


def load_collection(path: Path, slugs: set[str] | None, lang: str | None = None) -> Collection:
    """Load `collection.yaml` and check it against the documents' `slugs` (if given): it names
    only those, and its own files are not named like one of them. `lang`: the project's."""
    text = read_text(path).removeprefix("\ufeff")
    try:
        data, positions = parse_yaml(path, text, first_line=1)
    except YamlProblem as problem:
        raise ContentError([problem.problem]) from None
    if problems := control_characters(path, data, positions):
        raise ContentError(problems)
    data = _with_language(data if data is not None else {}, lang)
    collection = validate(Collection, data, path, positions)
    problems = []
    url = collection.license.url if collection.license else None
    if url is not None and (problem := web_address_problem(url)):
        line, column = positions.of(("license", "url"))
        problems.append(Problem(path, line, column, "license.url", problem))
    for index, slug in enumerate(collection.documents or ()):
        if slugs is not None and slug not in slugs:
            hint = did_you_mean(slug, sorted(slugs))
            line, column = positions.of(("documents", index))
            problems.append(
                Problem(path, line, column, f"documents[{index}]", f"no document '{slug}'{hint}")
            )
    if slugs and collection.name in slugs:
        line, column = positions.of(("slug",) if collection.slug else ("title",))
        message = (
            f"the collection's files would be named '{collection.name}', like a document's;"
            " set another slug:"
        )
        problems.append(Problem(path, line, column, "slug", message))
    if problems:
        raise ContentError(problems)
    return collection


def check_unique_slugs(loaded: list[Loaded]) -> list[Problem]:
    """Slugs are unique across a collection: the second one of a pair is an error."""
    first: dict[str, Path] = {}
    problems = []
    for item in loaded:
        document = item.document
        if document.slug in first:
            problems.append(
                Problem(
                    document.path,
                    1,
                    1,
                    "slug",
                    f"duplicate slug '{document.slug}', already used by {first[document.slug]}",
                )
            )
        else:
            first[document.slug] = document.path
    return problems


def discover(content: Path, selection: tuple[str, ...]) -> list[Path]:
    """Documents are `content/<slug>.md` and `content/<slug>/index.md`, in name order."""
    if not selection:
        if not content.is_dir():
            raise UsageError(f"no content folder at {content}")
        files = [p for p in content.glob("*.md") if not p.name.startswith(("_", "."))]
        files += [p for p in content.glob("*/index.md") if not p.parent.name.startswith(("_", "."))]
        return sorted(files, key=lambda p: (p.parent if p.name == "index.md" else p).stem)
    return [_find(content, name) for name in selection]


def _find(content: Path, name: str) -> Path:
    given = Path(name)
    for candidate in (
        given,
        given / "index.md",
        content / f"{name}.md",
        content / name / "index.md",
    ):
        if candidate.is_file():
            return candidate
    raise UsageError(f"no document '{name}': not a file, and no {content / name}.md")
