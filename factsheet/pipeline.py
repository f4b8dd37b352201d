"""discover -> load -> render -> write: the whole build, top to bottom."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import enum
import itertools
import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import jinja2

from factsheet.cache import (
    COLLECTION_RECORD,
    build_key,
    collection_digest,
    collection_key,
    is_current,
    load_stamp,
    recall_loaded,
    record,
    remember_loaded,
)
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
    previous_outputs,
    templates_digest,
)
from factsheet.load import (
    Loaded,
    check_file,
    check_unique_slugs,
    file_slug,
    load_collection,
    load_document,
)
from factsheet.model import FIRST_DAY, LAST_DAY, Collection, Document
from factsheet.output import build_lock, remove_stale_temps, write_atomic
from factsheet.templates import environment, template_problem
from factsheet.writers import (
    COLLECTION_WRITERS,
    WRITERS,
    CollectionJob,
    Job,
    collection_target,
    render_collection,
    render_formats,
    target,
)
from factsheet.writers.job import PrintSettings

FORMATS = tuple(WRITERS)


class UsageError(Exception):
    """The command line asks for something that is not there (exit code 2)."""


class OutputError(Exception):
    """The output folder cannot be written: full, read-only, or under a file (exit code 1)."""


@contextlib.contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Writing into the output folder: its OSError is the folder's, not a document's."""
    try:
        yield
    except OSError as error:
        raise OutputError(
            f"cannot write to the output folder {out}: {error.strerror or error}"
        ) from error


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
    """Seconds one document may take to load or to render before it is stopped; None: no limit."""
    printing: PrintSettings = field(default_factory=PrintSettings)
    jobs: int = 1
    """Documents rendered at once, each in a worker process when more than one."""


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
    collection: Outcome | None = None
    """What became of the collection's booklet and e-book, when there is a collection."""

    @property
    def ok(self) -> bool:
        return not self.failed


Notify = Callable[[Problem | Path | str], None]
"""Told of each problem, each file written, and notices about the build itself (text)."""
Progress = Callable[["Step"], None]


def build(
    options: Options, notify: Notify, *, write: bool = True, progress: Progress | None = None
) -> Report:
    """Build the selected documents in the selected formats; a bad one stops only itself."""
    report = Report()
    source_date_epoch()  # a bad value stops the build before it starts
    if write and options.out.exists() and not options.out.is_dir():
        raise UsageError(f"the output folder {options.out} is a file; name a folder")
    root = options.content.resolve().parent
    paths = discover(options.content, options.documents)
    loaded = load_all(paths, root, options, report, notify, remember=write)
    # With a selection of documents, the collection's list cannot be checked against them all.
    # A document that failed still counts as there: the collection then reports it by name.
    slugs = None if options.documents else _slugs((i.document.slug for i in loaded), report)
    collection = check_collection(options.content, slugs, report, notify)
    if not write:
        return report
    with contextlib.ExitStack() as lock:
        with _writing(options.out):
            lock.enter_context(build_lock(options.out, notify))
            remove_stale_temps(options.out)
        write_all(loaded, options, root, collection, report, notify, progress or _no_progress)
    return report


def _no_progress(step: Step) -> None:
    pass


def _slugs(names, report: Report) -> set[str]:
    """The slugs of the documents, counting those that failed (by their file name)."""
    return set(names) | {file_slug(path) for path in report.failed}


def write_all(
    loaded: list[Loaded],
    options: Options,
    root: Path,
    collection: Collection | None,
    report: Report,
    notify: Notify,
    progress: Progress,
) -> None:
    """Render every format of every loaded document, then the collection, then the manifest."""
    if previous_outputs(options.out) is None:
        path = options.out / MANIFEST_NAME
        message = "is not a manifest factsheet can read; every document is rebuilt to remake it"
        warning = Problem(path, 1, 1, "(manifest)", message, Severity.WARNING)
        report.problems.append(warning)
        notify(warning)
        options = replace(options, force=True)
    templates = templates_digest(environment(options.templates))
    manifest: list[dict] = []
    done: dict[str, tuple[Job, list[dict]]] = {}
    pending: list[tuple[Product, list[dict]]] = []
    total = len(loaded) + (1 if collection is not None and not options.documents else 0)
    steps = itertools.count(1)
    for item in loaded:
        document = item.document
        files = document_files(document, root)
        hashes = file_hashes(files)
        job = Job(
            document,
            root,
            when=document_time(document),
            printing=options.printing,
            collection=collection if member_of(collection, document.slug) else None,
            files=files,
            digest=inputs_digest(hashes, templates, repr(options.printing)),
            allow_remote=options.allow_remote,
            templates=options.templates,
        )
        report.sources.extend(files.values())
        report.dates.append(job.when)
        targets = {fmt: target(fmt, document.slug) for fmt in options.formats}
        inputs = manifest_inputs(files, hashes, root)
        product = Product(
            document.path, document.slug, job, WRITERS, targets, build_key(job, options)
        )
        if not options.force and _is_current(product, options):
            report.skipped.append(document.slug)
            done[document.slug] = (job, inputs)
            progress(Step(next(steps), total, document.slug, Outcome.CURRENT))
        else:
            pending.append((product, inputs))
    rendered = render_all([product for product, _ in pending], options)
    for (product, inputs), result in zip(pending, rendered, strict=True):
        outcome = _store(product, result, inputs, options, report, manifest, notify)
        if outcome is Outcome.BUILT:
            report.built.append(product.name)
            done[product.name] = (product.job, inputs)
        progress(Step(next(steps), total, product.name, outcome))
    if collection is not None and not options.documents:
        report.collection = _produce_collection(
            collection, done, options, root, report, manifest, notify
        )
        if report.collection is not None:
            progress(Step(next(steps), total, f"collection {collection.name}", report.collection))
    if manifest:
        with _writing(options.out):
            write_atomic(options.out / MANIFEST_NAME, merged_manifest(options.out, manifest))


def member_of(collection: Collection | None, slug: str) -> bool:
    """Whether the document is in the collection: its reading order names it, or it has none."""
    if collection is None:
        return False
    return collection.documents is None or slug in collection.documents


class Outcome(enum.Enum):
    BUILT = "built"
    CURRENT = "up to date"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Step:
    """One document (or the collection) finished: what progress displays count."""

    done: int
    total: int
    name: str
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Product:
    """One thing a build makes: a document's files, or the collection's."""

    path: Path
    """The content file that problems are reported against."""
    name: str
    """The slug, and the name of the build record."""
    job: Job | CollectionJob
    writers: dict[str, Callable]
    targets: dict[str, PurePosixPath]
    key: str


@dataclass(frozen=True, slots=True)
class Rendered:
    """A product's files by format, or the problems that stopped it."""

    outputs: dict[str, bytes] | None
    problems: tuple[Problem, ...] = ()


def render_all(products: list[Product], options: Options) -> Iterator[Rendered]:
    """Render the products in order: here, or in `options.jobs` worker processes."""
    if options.jobs <= 1 or len(products) <= 1:
        for product in products:
            yield render(product, options.time_limit)
        return
    # Forked workers start with the modules, fonts and compiled templates already loaded, and
    # keep them (and WeasyPrint's font configuration) from one document to the next.
    context = multiprocessing.get_context("fork")
    workers = min(options.jobs, len(products))
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    )
    try:
        yield from pool.map(render, products, itertools.repeat(options.time_limit))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def die_with_parent(parent: int) -> None:
    """A worker ends when the build that started it ends, even by `kill -9`: an orphan would
    hold memory and files for a build nobody waits for."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: watch the parent instead
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent was gone before the line above ran
        os._exit(1)


PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def render(product: Product, limit: float | None) -> Rendered:
    """One product's files, or the one-line problems of its failure."""
    path = product.path
    job = product.job
    produce = render_collection if isinstance(job, CollectionJob) else render_formats
    try:
        with time_limit(limit):
            return Rendered(produce(job, tuple(product.targets)))
    except RefusedReference as refused:
        return Rendered(None, (Problem(path, 1, 1, "(reference)", str(refused)),))
    except jinja2.TemplateError as error:
        return Rendered(None, (template_problem(error, path),))
    except TimeLimitExceeded:
        return Rendered(None, (_over_time(path, limit),))
    except RecursionError:
        return Rendered(None, (_too_deep(path),))


def _over_time(path: Path, limit: float | None) -> Problem:
    message = (
        f"took longer than {limit:g} s to build and was stopped;"
        " split the document or raise --time-limit"
    )
    return Problem(path, 1, 1, "(document)", message)


def _too_deep(path: Path) -> Problem:
    """Python's recursion limit met while handling a document: its structure nests too deeply."""
    message = "nested too deeply to be built (its markup or data); flatten it"
    return Problem(path, 1, 1, "(document)", message)


def _is_current(product: Product, options: Options) -> bool:
    paths = [options.out / name for name in product.targets.values()]
    return is_current(options.out, product.name, product.key, paths)


def _store(
    product: Product,
    rendered: Rendered,
    inputs: list[dict],
    options: Options,
    report: Report,
    manifest: list[dict],
    notify: Notify,
) -> Outcome:
    """Write a product's files atomically, with their manifest entries and build record."""
    if rendered.outputs is None:
        _fail(product.path, list(rendered.problems), report, notify)
        return Outcome.FAILED
    paths = {fmt: options.out / name for fmt, name in product.targets.items()}
    for fmt, data in rendered.outputs.items():
        with _writing(options.out):
            write_atomic(paths[fmt], data)
        manifest.append(manifest_entry(paths[fmt], options.out, data, inputs))
        report.written.append(paths[fmt])
        notify(paths[fmt])
    outputs = {paths[fmt]: data for fmt, data in rendered.outputs.items()}
    with _writing(options.out):
        record(options.out, product.name, product.key, outputs)
    return Outcome.BUILT


def _produce_collection(
    collection: Collection,
    done: dict[str, tuple[Job, list[dict]]],
    options: Options,
    root: Path,
    report: Report,
    manifest: list[dict],
    notify: Notify,
) -> Outcome | None:
    """The collection's e-book and booklet, when every sheet in it is built and current."""
    formats = [fmt for fmt in options.formats if fmt in COLLECTION_WRITERS]
    # A sheet that failed is still a sheet of the collection: it is missing, not left out.
    order = collection.documents or tuple(sorted(_slugs(done, report)))
    if not formats or not order:
        return None
    path = options.content / "collection.yaml"
    missing = [slug for slug in order if slug not in done]
    if missing:
        message = f"not built, because {', '.join(missing)} failed; its last good files stay"
        _fail(path, [Problem(path, 1, 1, "(collection)", message)], report, notify)
        return Outcome.FAILED
    members = tuple(done[slug][0] for slug in order)
    job = CollectionJob(
        collection,
        members,
        root,
        printing=options.printing,
        digest=collection_digest(collection, members),
        allow_remote=options.allow_remote,
        templates=options.templates,
    )
    targets = {fmt: collection_target(fmt, collection.name) for fmt in formats}
    product = Product(
        path,
        COLLECTION_RECORD + collection.name,
        job,
        COLLECTION_WRITERS,
        targets,
        collection_key(job, formats, allow_html=options.allow_html),
    )
    if not options.force and _is_current(product, options):
        return Outcome.CURRENT
    inputs = [entry for slug in order for entry in done[slug][1]]
    rendered = render(product, options.time_limit)
    return _store(product, rendered, inputs, options, report, manifest, notify)


class TimeLimitExceeded(BaseException):
    """Raised inside a document's rendering when it runs out of time; a BaseException so that
    no library's `except Exception` swallows it."""


RETRY_EXPIRY = 1.0
"""Seconds between the repeats of an expired time limit's signal."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Stop the work inside after `seconds` (wall clock); no limit off the main thread."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    # Again every second after the first: an exception raised while Python runs a garbage
    # collector callback or a finaliser is printed and dropped, not raised where the work is.
    signal.setitimer(signal.ITIMER_REAL, seconds, RETRY_EXPIRY)
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


def load_all(
    paths, root: Path, options: Options, report: Report, notify: Notify, *, remember: bool
) -> list[Loaded]:
    """Load and check every document; with `remember`, an unchanged one comes from the cache."""
    loaded: list[Loaded] = []
    for path in paths:
        try:
            with time_limit(options.time_limit):
                item = _load(path, paths, root, options, remember=remember)
        except ContentError as error:
            _fail(path, error.problems, report, notify)
            continue
        except TimeLimitExceeded:
            _fail(path, [_over_time(path, options.time_limit)], report, notify)
            continue
        except RecursionError:
            _fail(path, [_too_deep(path)], report, notify)
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


def _load(path: Path, paths, root: Path, options: Options, *, remember: bool) -> Loaded:
    """One document, checked now or (unchanged since the last build) as it was checked then."""
    if not remember:
        return load_document(
            path, root, allow_html=options.allow_html, allow_remote=options.allow_remote
        )
    check_file(path, root)  # before the stamp reads it: load_document checks it too
    stamp = load_stamp(path, paths, f"{options.allow_html} {options.allow_remote}")
    item = None if options.force else recall_loaded(options.out, path, stamp, root)
    if item is None:
        item = load_document(
            path, root, allow_html=options.allow_html, allow_remote=options.allow_remote
        )
        with _writing(options.out):
            remember_loaded(options.out, path, stamp, item, root)
    return item


def check_collection(
    content: Path, slugs: set[str] | None, report: Report, notify: Notify
) -> Collection | None:
    path = content / "collection.yaml"
    if not path.is_file():
        return None
    try:
        check_file(path, content.resolve().parent)
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
    if (epoch := source_date_epoch()) is not None:
        return epoch
    if document.meta.updated:
        return dt.datetime.combine(document.meta.updated, dt.time(), dt.UTC)
    # A file's time is no field to correct: one no e-book can carry (1970 in a Nix store, say)
    # is moved to the nearest it can.
    seconds = min(max(int(document.path.stat().st_mtime), FIRST_SECOND), LAST_SECOND)
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


FIRST_SECOND = int(dt.datetime.combine(FIRST_DAY, dt.time(), dt.UTC).timestamp())
LAST_SECOND = int(dt.datetime.combine(LAST_DAY, dt.time.max, dt.UTC).timestamp())


def source_date_epoch() -> dt.datetime | None:
    """The time SOURCE_DATE_EPOCH sets, if any; a value no output can carry is a usage error."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not (re.fullmatch(r"[0-9]{1,12}", text) and FIRST_SECOND <= int(text) <= LAST_SECOND):
        raise UsageError(
            f"SOURCE_DATE_EPOCH: expected whole seconds since 1970 from {FIRST_SECOND}"
            f" ({FIRST_DAY}) to {LAST_SECOND} ({LAST_DAY}), got {text[:40]!r}"
        )
    return dt.datetime.fromtimestamp(int(text), dt.UTC)
