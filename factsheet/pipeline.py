"""discover -> load -> render -> write: the whole build, top to bottom."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from weasyprint.urls import FatalURLFetchingError

from factsheet.cache import build_key, is_current, record
from factsheet.errors import ContentError, Problem, Severity
from factsheet.fetch import RefusedReference
from factsheet.fixity import (
    MANIFEST_NAME,
    document_files,
    file_hashes,
    inputs_digest,
    manifest_entry,
    manifest_inputs,
    merged_manifest,
    templates_digest,
)
from factsheet.load import Loaded, check_unique_slugs, load_collection, load_document
from factsheet.model import Collection, Document
from factsheet.output import build_lock, remove_stale_temps, write_atomic
from factsheet.templates import environment, template_problem
from factsheet.writers import WRITERS, Job, target
from factsheet.writers.job import PrintSettings

FORMATS = tuple(WRITERS)


class UsageError(Exception):
    """The command line asks for something that is not there (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Options:
    content: Path = Path("content")
    out: Path = Path("output")
    templates: Path | None = None
    formats: tuple[str, ...] = FORMATS
    documents: tuple[str, ...] = ()
    strict: bool = False
    allow_html: bool = False
    """Keep a safe subset of raw HTML in Markdown bodies instead of showing it as text."""
    allow_remote: bool = False
    """Let documents and templates use http(s) images and stylesheets (fetched with limits)."""
    force: bool = False
    """Rebuild every document, even those whose outputs are up to date."""
    time_limit: float | None = 120.0
    """Seconds one document may take to render before it is stopped; None for no limit."""
    printing: PrintSettings = field(default_factory=PrintSettings)


@dataclass
class Report:
    """What a build did, for the summary line and the exit code."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Documents whose outputs were already up to date."""
    sources: list[Path] = field(default_factory=list)
    """The files (text, images) of the documents built or up to date."""
    dates: list[dt.datetime] = field(default_factory=list)
    """The date of each document built or up to date, as its outputs carry it."""

    @property
    def ok(self) -> bool:
        return not self.failed


Notify = Callable[[Problem | Path], None]


def build(options: Options, notify: Notify, *, write: bool = True) -> Report:
    """Build the selected documents in the selected formats; a bad one stops only itself."""
    report = Report()
    root = options.content.resolve().parent
    paths = discover(options.content, options.documents)
    loaded = load_all(paths, root, options, report, notify)
    # With a selection of documents, the collection's list cannot be checked against them all.
    slugs = None if options.documents else {item.document.slug for item in loaded}
    collection = check_collection(options.content, slugs, report, notify)
    if not write:
        return report
    with build_lock(options.out):
        remove_stale_temps(options.out)
        write_all(loaded, options, root, collection, report, notify)
    return report


def write_all(
    loaded: list[Loaded],
    options: Options,
    root: Path,
    collection: Collection | None,
    report: Report,
    notify: Notify,
) -> None:
    """Render every format of every loaded document and write the files and the manifest."""
    env = environment(options.templates)
    templates = templates_digest(env)
    manifest: list[dict] = []
    for item in loaded:
        document = item.document
        files = document_files(document, root)
        hashes = file_hashes(files)
        job = Job(
            document,
            env,
            root,
            when=document_time(document),
            printing=options.printing,
            collection=collection,
            files=files,
            digest=inputs_digest(hashes, templates, repr(options.printing)),
            allow_remote=options.allow_remote,
        )
        report.sources.extend(files.values())
        report.dates.append(job.when)
        key = build_key(job, options)
        targets = [options.out / target(fmt, document.slug) for fmt in options.formats]
        if not options.force and is_current(options.out, document.slug, key, targets):
            report.skipped.append(document.slug)
            continue
        try:
            with time_limit(options.time_limit):
                outputs = {fmt: WRITERS[fmt](job) for fmt in options.formats}
        except (RefusedReference, FatalURLFetchingError) as refused:
            problem = Problem(document.path, 1, 1, "(reference)", str(refused))
            _fail(document.path, [problem], report, notify)
            continue
        except jinja2.TemplateError as error:
            _fail(document.path, [template_problem(error, document.path)], report, notify)
            continue
        except TimeLimitExceeded:
            message = (
                f"took longer than {options.time_limit:g} s to build and was stopped;"
                " split the document or raise --time-limit"
            )
            problem = Problem(document.path, 1, 1, "(document)", message)
            _fail(document.path, [problem], report, notify)
            continue
        inputs = manifest_inputs(files, hashes, root)
        for fmt, data in outputs.items():
            path = options.out / target(fmt, document.slug)
            write_atomic(path, data)
            manifest.append(manifest_entry(path, options.out, data, inputs))
            report.written.append(path)
            notify(path)
        record(options.out, document.slug, key, dict(zip(targets, outputs.values(), strict=True)))
        report.built.append(document.slug)
    if manifest:
        write_atomic(options.out / MANIFEST_NAME, merged_manifest(options.out, manifest))


class TimeLimitExceeded(BaseException):
    """Raised inside a document's rendering when it runs out of time; a BaseException so that
    no library's `except Exception` swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Stop the work inside after `seconds` (wall clock); no limit off the main thread."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def load_all(paths, root: Path, options: Options, report: Report, notify: Notify) -> list[Loaded]:
    loaded: list[Loaded] = []
    for path in paths:
        try:
            item = load_document(
                path, root, allow_html=options.allow_html, allow_remote=options.allow_remote
            )
        except ContentError as error:
            _fail(path, error.problems, report, notify)
            continue
        for warning in item.warnings:
            report.problems.append(warning)
            notify(warning)
        if options.strict and item.warnings:
            report.failed.append(path)
            continue
        loaded.append(item)
    duplicates = check_unique_slugs(loaded)
    for problem in duplicates:
        _fail(problem.path, [problem], report, notify)
    bad = {problem.path for problem in duplicates}
    return [item for item in loaded if item.document.path not in bad]


def check_collection(
    content: Path, slugs: set[str] | None, report: Report, notify: Notify
) -> Collection | None:
    path = content / "collection.yaml"
    if not path.is_file():
        return None
    try:
        collection = load_collection(path, slugs)
    except ContentError as error:
        _fail(path, error.problems, report, notify)
        return None
    return collection


def _fail(path: Path, problems: list[Problem], report: Report, notify: Notify) -> None:
    for problem in problems:
        report.problems.append(problem)
        notify(problem)
    if any(problem.severity is Severity.ERROR for problem in problems):
        report.failed.append(path)


def document_time(document: Document) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the content's `updated` date, else the file's own time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    if document.meta.updated:
        return dt.datetime.combine(document.meta.updated, dt.time(), dt.UTC)
    return dt.datetime.fromtimestamp(int(document.path.stat().st_mtime), dt.UTC)
