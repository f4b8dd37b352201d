"""Content files to validated documents; every check of the content format lives here."""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from factsheet import fonts
from factsheet.context import format_number
from factsheet.errors import ContentError, Problem, Severity
from factsheet.fetch import Door, RefusedReference, asset_path, check_asset, is_remote
from factsheet.frontmatter import FieldPath, Positions, YamlProblem, parse_yaml, split
from factsheet.frontmatter import dotted as _dotted
from factsheet.images import BadImage, check_image
from factsheet.markdown import (
    MAX_NESTING,
    NestedTooDeeply,
    Target,
    convert,
    document_link,
    inline_nesting,
    link_target,
)
from factsheet.model import (
    CASUALTY_KINDS,
    MAX_DIGITS,
    SLUG_PATTERN,
    Casualties,
    Collection,
    Document,
    FrontMatter,
    Mark,
    Quantities,
    span,
)

M = typing.TypeVar("M", bound=BaseModel)
SLUG = re.compile(SLUG_PATTERN)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters that no output can hold (XML forbids them): pasted junk, not text."""


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
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
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
    path: Path, root: Path, *, allow_html: bool = False, allow_remote: bool = False
) -> Loaded:
    """Load and check one document; raises ContentError listing every error found."""
    check_file(path, root)
    text = read_text(path)
    try:
        parts = split(path, text)
    except YamlProblem as problem:
        raise ContentError([problem.problem]) from None
    if control := _CONTROL.search(parts.body):
        before = parts.body[: control.start()]
        line = parts.body_line + before.count("\n")
        column = control.start() - (before.rfind("\n") + 1) + 1
        code = f"U+{ord(control[0]):04X}"
        raise ContentError(
            [
                Problem(
                    path, line, column, "body", f"control character {code} cannot be set; remove it"
                )
            ]
        )
    if problems := control_characters(path, parts.data, parts.positions):
        raise ContentError(problems)
    meta = _validate(FrontMatter, parts.data, path, parts.positions)
    sources = tuple(s.id for s in meta.sources)
    try:
        narrative = convert(parts.body, meta.lang, sources, allow_html=allow_html)
    except NestedTooDeeply as deep:
        line = parts.body_line + deep.line
        raise ContentError([Problem(path, line, 1, "body", _too_deep_message())]) from None
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
    )
    checks = _Checks(document, parts.positions, Door(root, allow_remote))
    checks.run(text)
    errors = [p for p in checks.problems if p.severity is Severity.ERROR]
    if errors:
        raise ContentError(checks.problems)
    return Loaded(document, tuple(checks.problems))


def control_characters(
    path: Path, data: object, positions: Positions, at: FieldPath = ()
) -> list[Problem]:
    """A control character in a field (YAML lets "\\0" and "\\e" write them) cannot be set."""
    problems = []
    if isinstance(data, dict):
        for name, value in data.items():
            if control := _CONTROL.search(name):
                line, column = positions.of((*at, name), key=True)
                message = f"control character U+{ord(control[0]):04X} in a field name; remove it"
                problems.append(Problem(path, line, column, _dotted(at), message))
            problems += control_characters(path, value, positions, (*at, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            problems += control_characters(path, value, positions, (*at, index))
    elif isinstance(data, str) and (control := _CONTROL.search(data)):
        line, column = positions.of(at)
        message = f"control character U+{ord(control[0]):04X} cannot be set; remove it"
        problems.append(Problem(path, line, column, _dotted(at), message))
    return problems


def web_address_problem(url: str) -> str | None:
    """Why a front matter address is not an http(s) or mailto address, or None if it is."""
    if link_target(url, ()) is Target.WEB:
        return None
    return f"expected an http(s) or mailto address, got {url[:80]!r}"


def has_document(content: Path, slug: str) -> bool:
    """Whether the content folder holds the document `slug`, as a file or a bundle."""
    return (content / f"{slug}.md").is_file() or (content / slug / "index.md").is_file()


def _too_deep_message() -> str:
    return (
        f"nested too deeply: more than {MAX_NESTING} levels of emphasis, links"
        " or other inline markup"
    )


def file_slug(path: Path) -> str:
    """The slug a document's file name gives: `<slug>.md` or `<slug>/index.md`."""
    return path.parent.name if path.name == "index.md" else path.stem


def load_collection(path: Path, slugs: set[str] | None) -> Collection:
    """Load `collection.yaml` and check it against the documents' `slugs` (if given): it names
    only those, and its own files are not named like one of them."""
    text = read_text(path).removeprefix("\ufeff")
    try:
        data, positions = parse_yaml(path, text, first_line=1)
    except YamlProblem as problem:
        raise ContentError([problem.problem]) from None
    if problems := control_characters(path, data, positions):
        raise ContentError(problems)
    collection = _validate(Collection, data if data is not None else {}, path, positions)
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


def _validate(model: type[M], data: object, path: Path, positions: Positions) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = {}
        for item in error.errors(include_url=False):
            if _caused_by_bad_items(item):
                continue
            loc = _data_path(data, item["loc"], item["type"])
            line, column = positions.of(loc, key=item["type"] in ("missing", "extra_forbidden"))
            message = _message(model, loc, item)
            problems.setdefault((loc, message), Problem(path, line, column, _dotted(loc), message))
        raise ContentError(sorted(problems.values(), key=lambda p: (p.line, p.column))) from None


def did_you_mean(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """A "; did you mean 'x'?" tail for a message, or nothing when no choice is close."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _caused_by_bad_items(item: dict) -> bool:
    """A list too short only because some of its entries failed: those entries say why."""
    if item["type"] != "too_short" or not isinstance(item.get("input"), list | tuple):
        return False
    return item.get("ctx", {}).get("actual_length", 0) < len(item["input"])


def _data_path(data: object, loc: tuple, error_type: str) -> FieldPath:
    """Drop pydantic's union and validator tags from an error location."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (
            isinstance(node, dict)
            and isinstance(part, str)
            and (part in node or error_type in ("missing", "extra_forbidden"))
        ):
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict | list):
            continue
        else:
            break
    return tuple(path)


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model class that describes the mapping at `path`, for "did you mean" suggestions."""
    current: object = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _message(model: type[BaseModel], loc: FieldPath, item: dict) -> str:
    kind = item["type"]
    given = item.get("input")
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        parent = _model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        hint = did_you_mean(name, known) or f"; expected one of {', '.join(known)}"
        return f"unknown field '{name}'{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind == "model_type" and item.get("ctx", {}).get("class_name") == "Quantity":
        return "expected a number, text, or a mapping such as {approx: 21000}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_describe(given)}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {_describe(given)}"
    if kind in ("string_type", "str_type"):
        return f"expected text, got {_describe(given)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_describe(given)}"
    if kind == "greater_than_equal":
        return "expected a number of zero or more"
    if kind == "less_than_equal":
        return f"expected a number of at most {MAX_DIGITS} digits"
    if kind == "string_too_short" or (kind == "too_short" and isinstance(given, str)):
        return "expected text, got an empty value"
    if kind == "too_short":
        least = item.get("ctx", {}).get("min_length")
        return f"expected at least {least} entries, got {len(given) if given else 0}"
    if kind == "string_pattern_mismatch":
        if (loc and loc[-1] in ("slug", "documents")) or (len(loc) > 1 and loc[-2] == "documents"):
            return f"expected a slug of lowercase letters, digits and hyphens, got {given!r}"
        return f"expected an identifier of letters, digits, '_', ':', '.' or '-', got {given!r}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date as YYYY-MM-DD, got {_describe(given)}"
    if kind in ("value_error", "assertion_error"):
        return str(item["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return str(item["msg"])


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float):
        return f"the decimal number {value}"
    if isinstance(value, int):
        return f"the number {value}"
    return repr(value)


class _Checks:
    """The checks that look across fields, at the body, and at the files around a document."""

    def __init__(self, document: Document, positions: Positions, door: Door):
        self.document = document
        self.positions = positions
        self.door = door
        self.problems: list[Problem] = []
        self._documents: dict[str, bool] = {}
        """Whether a linked document exists, by slug: asked once per slug, not once per link."""

    def run(self, text: str) -> None:
        meta = self.document.meta
        self.source_ids()
        self.addresses()
        self.images()
        if meta.infobox and meta.infobox.sides:
            for index, side in enumerate(meta.infobox.sides):
                base: FieldPath = ("infobox", "sides", index)
                self.quantity_sources(side.strength, (*base, "strength"))
                if side.casualties:
                    self.side_casualties(side.belligerents, side.casualties, (*base, "casualties"))
        self.body()
        self.inline_fields()
        self.glyphs(text)
        self.problems.sort(key=lambda p: (p.line, p.column))

    def add(self, path: FieldPath, message: str, *, warning: bool = False, key: bool = False):
        line, column = self.positions.of(path, key=key)
        severity = Severity.WARNING if warning else Severity.ERROR
        self.problems.append(
            Problem(self.document.path, line, column, _dotted(path), message, severity)
        )

    def add_body(
        self, line: int, column: int, field: str, message: str, *, warning: bool = False
    ) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        line += self.document.body_line
        self.problems.append(Problem(self.document.path, line, column, field, message, severity))

    def source_ids(self) -> None:
        seen: set[str] = set()
        for index, source in enumerate(self.document.meta.sources):
            if source.id in seen:
                self.add(("sources", index, "id"), f"duplicate source id '{source.id}'")
            seen.add(source.id)

    def addresses(self) -> None:
        """The front matter's links (a source's url, the licence's) lead to the web: a file
        name there would become a path of this machine in the PDF."""
        meta = self.document.meta
        urls = [(("sources", n, "url"), source.url) for n, source in enumerate(meta.sources)]
        urls.append((("license", "url"), meta.license.url if meta.license else None))
        for path, url in urls:
            if url is not None and (problem := web_address_problem(url)):
                self.add(path, problem)

    def unknown_source(self, source_id: str) -> str | None:
        if source_id in self._source_ids:
            return None
        known = [s.id for s in self.document.meta.sources]
        listed = ", ".join(known) or "none are listed under sources:"
        return f"unknown source id '{source_id}'{did_you_mean(source_id, known)} (known: {listed})"

    def images(self) -> None:
        document = self.document
        if document.meta.image and (problem := self.missing_asset(document.meta.image.file)):
            self.add(("image", "file"), problem)
        for mark in document.narrative.images:
            if problem := self.missing_asset(mark.label):
                self.add_body(mark.line, mark.column, "body", problem)

    def missing_asset(self, reference: str) -> str | None:
        try:
            check_asset(reference, self.document.folder, self.door)
            if self.door.allow_remote and is_remote(reference):
                return None
            path = asset_path(reference, self.document.folder, self.door.root)
        except RefusedReference as refused:
            return f"image {refused}"
        # Its files are named, archived and bagged by their place under the content folder.
        if not path.is_relative_to(self.document.content_folder.resolve()):
            return f"image '{reference}' lies outside the content folder"
        try:
            check_image(path)
        except BadImage as bad:
            return f"image '{reference}' {bad}"
        return None

    def quantities(self, values: Quantities | None, path: FieldPath) -> None:
        for index, quantity in enumerate(values or ()):
            if quantity.source is not None:
                where = (*path, index, "source") if len(values) > 1 else (*path, "source")
                if problem := self.unknown_source(quantity.source):
                    self.add(where, problem)

    def quantity_sources(self, counts, path: FieldPath) -> None:
        for index, entry in enumerate(counts):
            self.quantities(entry.count, (*path, index, "count"))

    def side_casualties(self, belligerents: tuple[str, ...], casualties: Casualties, path):
        for kind in CASUALTY_KINDS:
            self.quantities(getattr(casualties, kind), (*path, kind))
        self.quantity_sources(casualties.material, (*path, "material"))
        self.quantity_sources(casualties.by_belligerent, (*path, "by_belligerent"))
        for index, entry in enumerate(casualties.by_belligerent):
            if entry.belligerent not in belligerents:
                hint = did_you_mean(entry.belligerent, belligerents)
                self.add(
                    (*path, "by_belligerent", index, "belligerent"),
                    f"'{entry.belligerent}' is not among this side's belligerents"
                    f" ({', '.join(belligerents) or 'none listed'}){hint}",
                )
        self.sums(belligerents, casualties, path)

    def sums(self, belligerents: tuple[str, ...], casualties: Casualties, path: FieldPath) -> None:
        if casualties.total is None or (total := span(casualties.total)) is None:
            return
        parts = [q for q in (casualties.combat, casualties.non_combat) if q is not None]
        if parts:
            self.compare(parts, total, len(parts) == 2, "combat + non_combat", path)
        named = {entry.belligerent for entry in casualties.by_belligerent}
        if casualties.by_belligerent:
            complete = bool(belligerents) and named >= set(belligerents)
            parts = [entry.count for entry in casualties.by_belligerent]
            self.compare(parts, total, complete, "by_belligerent", path)

    def compare(self, parts: list[Quantities], total, complete: bool, what: str, path) -> None:
        spans = [span(part) for part in parts]
        if any(s is None for s in spans):
            return
        low, high = sum(s[0] for s in spans), sum(s[1] for s in spans)
        too_small = complete and high < total[0]
        if low > total[1] or too_small:
            lang = self.document.meta.lang
            self.add(
                (*path, "total"),
                f"{what} adds up to {_shown(low, high, lang)},"
                f" which does not match total {_shown(*total, lang)}",
                warning=True,
            )

    def body(self) -> None:
        narrative = self.document.narrative
        for mark in narrative.citations:
            if problem := self.unknown_source(mark.label):
                self.add_body(mark.line, mark.column, "body", problem)
        for mark in narrative.links:
            self.link(mark)
        for mark in narrative.empty_headings:
            message = "heading without text; it is left out"
            self.add_body(mark.line, mark.column, "body", message, warning=True)
        for mark in narrative.undefined_footnotes:
            self.add_body(
                mark.line,
                mark.column,
                "body",
                f"footnote [^{mark.label}] is not defined; add a line '[^{mark.label}]: …'",
            )

    def link(self, mark: Mark) -> None:
        """A link the outputs keep, or an error or warning saying why they cannot."""
        label = mark.label[:80]
        target = link_target(mark.label, self.document.anchors)
        if target is Target.DOCUMENT:
            slug = document_link(mark.label)[0]
            if not self.document_exists(slug):
                message = f"link '{label}': no document '{slug}' in the content folder"
                self.add_body(mark.line, mark.column, "body", message, warning=True)
            return
        if target.kept:
            return
        scheme = _scheme(mark.label)
        messages = {
            Target.REFUSED: f"links to {scheme}: addresses are not allowed",
            Target.FILE: "links to files are not allowed; link another document (name.md),"
            " an http(s) or mailto address, or a #heading of this document",
            Target.MISSING_ANCHOR: "no heading, footnote or source of this document has that id;"
            " it is kept as text",
            Target.OTHER: "not another document (name.md), an http(s) or mailto address, or a"
            " #heading; it is kept as text",
        }
        warning = target in (Target.MISSING_ANCHOR, Target.OTHER)
        message = f"link '{label}': {messages[target]}"
        self.add_body(mark.line, mark.column, "body", message, warning=warning)

    @functools.cached_property
    def _source_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.document.meta.sources)

    def inline_fields(self) -> None:
        """Fields the templates set as inline Markdown nest no deeper than the body may."""
        meta = self.document.meta
        fields: list[tuple[FieldPath, str | None]] = [
            (("image", "caption"), meta.image.caption if meta.image else None)
        ]
        for index, fact in enumerate(meta.infobox.facts if meta.infobox else ()):
            fields.append((("infobox", "facts", index, "value"), fact.value))
        for path, text in fields:
            if text and inline_nesting(text) > MAX_NESTING:
                self.add(path, _too_deep_message())

    def document_exists(self, slug: str) -> bool:
        if slug not in self._documents:
            self._documents[slug] = has_document(self.document.content_folder, slug)
        return self._documents[slug]

    def glyphs(self, text: str) -> None:
        coverage = fonts.coverage()
        if coverage is None:
            self.problems.append(
                Problem(
                    self.document.path,
                    1,
                    1,
                    "(fonts)",
                    "fc-list is not installed, so characters were not checked against the fonts",
                    Severity.WARNING,
                )
            )
            return
        starts: list[int] = []
        for offset, char in _uncovered(text, coverage):
            starts = starts or [0, *(match.end() for match in re.finditer("\n", text))]
            line = bisect.bisect_right(starts, offset)
            column = offset - starts[line - 1] + 1
            field = "body" if line >= self.document.body_line else self._field_at(line, column)
            self.problems.append(
                Problem(
                    self.document.path,
                    line,
                    column,
                    field,
                    f"no available font can draw {char!r} (U+{ord(char):04X})",
                    Severity.WARNING,
                )
            )

    def _field_at(self, line: int, column: int) -> str:
        """The field whose name comes last at or before a place in the front matter."""
        keys = self._keys_in_order
        index = bisect.bisect_right(keys, (line, column), key=lambda item: item[0])
        return _dotted(keys[index - 1][1]) if index else "(front matter)"

    @functools.cached_property
    def _keys_in_order(self) -> list[tuple[tuple[int, int], FieldPath]]:
        return sorted(((pos, path) for path, pos in self.positions.keys.items()), key=_first)


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _scheme(url: str) -> str:
    """What urllib.parse.urlsplit(url).scheme.lower() says, at a fifth of its cost per link."""
    url = url.lstrip(_URL_SPACE).translate(_URL_BREAKS)
    return match[1].lower() if (match := _SCHEME.match(url)) else ""


_URL_SPACE = "".join(map(chr, range(0x21)))
"""What urlsplit strips from the start of an address (WHATWG's C0 controls and space)..."""
_URL_BREAKS = str.maketrans("", "", "\t\r\n")
"""...and removes from anywhere in it."""


def _first(item: tuple) -> object:
    return item[0]


def _uncovered(text: str, coverage: fonts.Coverage):
    """Each character no font draws, once, at its first place in the text."""
    missing = {
        char
        for char in set(text)
        if not char.isspace() and ord(char) >= 0x20 and not coverage.covers(char)
    }
    if not missing:
        return
    # One pass over the text, whatever the number of missing characters.
    first: dict[str, int] = {}
    for match in re.finditer("[" + "".join(map(re.escape, sorted(missing))) + "]", text):
        first.setdefault(match[0], match.start())
        if len(first) == len(missing):
            break
    yield from sorted((offset, char) for char, offset in first.items())


def _shown(low: float, high: float, lang: str) -> str:
    if high == float("inf"):
        return f"{format_number(round(low), lang)}+"
    if low == high:
        return format_number(round(low), lang)
    return f"{format_number(round(low), lang)}–{format_number(round(high), lang)}"


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
