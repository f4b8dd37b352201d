"""What a build makes: a document's (or the collection's) files, rendered and stored."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import jinja2

from factsheet.cache import record, stale
from factsheet.errors import Problem
from factsheet.fetch import RefusedReference
from factsheet.fixity import manifest_entry, sha256
from factsheet.output import write_atomic
from factsheet.run import Outcome, OutputError, Run
from factsheet.templates import template_problem
from factsheet.workers import TimeLimitExceeded, time_limit
from factsheet.writers import CollectionJob, Job, render_collection, render_formats


@dataclass(frozen=True, slots=True)
class Product:
    """One thing a build makes: a document's files, or the collection's."""

    path: Path
    """The content file that problems are reported against."""
    name: str
    """The slug, and the name of the build record."""
    job: Job | CollectionJob
    targets: dict[str, PurePosixPath]
    """Where each requested format goes, under the output folder."""
    keys: dict[str, str]
    """Each requested format's key: a hash of everything its file is made from."""
    inputs: tuple[dict, ...]
    """The files it is made from, as the manifest lists them."""
    stale: tuple[str, ...] = ()
    """The formats to make: those whose file is missing, changed, or made from other inputs."""


@dataclass(frozen=True, slots=True)
class Written:
    """A file a cluster's worker wrote into the shared output folder (`--shared-out`): what the
    manifest and the build record need of it, without its bytes."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> Written:
        return cls(len(data), sha256(data))


@dataclass(frozen=True, slots=True)
class Rendered:
    """A product's files by format, or the problems that stopped it."""

    outputs: dict[str, bytes | Written] | None
    problems: tuple[Problem, ...] = ()
    """What stopped it, or (with outputs) the warnings making them gave."""
    pages: int | None = None
    """The pages of its printed edition, when it laid one out."""


def with_stale(run: Run, product: Product) -> Product:
    """The product with the formats to make: all of them when the run is forced."""
    out = run.options.out
    if run.force:
        return replace(product, stale=tuple(product.targets))
    paths = {fmt: out / name for fmt, name in product.targets.items()}
    return replace(product, stale=tuple(stale(out, product.name, product.keys, paths)))


def render(product: Product, limit: float | None) -> Rendered:
    """A product's stale files, or the one-line problems of its failure."""
    path, job = product.path, product.job
    produce = render_collection if isinstance(job, CollectionJob) else render_formats
    try:
        with time_limit(limit):
            made = produce(job, product.stale)
        return Rendered(made.outputs, made.warnings, made.pages)
    except RefusedReference as refused:
        return Rendered(None, (Problem(path, 1, 1, "(reference)", str(refused)),))
    except jinja2.TemplateError as error:
        return Rendered(None, (template_problem(error, path),))
    except TimeLimitExceeded:
        return Rendered(None, (over_time(path, limit),))
    except RecursionError:
        return Rendered(None, (too_deep(path),))


def render_into(out: Path, strict: bool, product: Product, limit: float | None) -> Rendered:
    """Render a product and write its files into `out` here, on a cluster's worker that shares
    the output folder (`--shared-out`): the client then records them as if it had."""
    rendered = render(product, limit)
    if rendered.outputs is None or (strict and rendered.problems):
        return rendered  # the client reports it failed, as it does with bytes
    written: dict[str, bytes | Written] = {}
    for fmt, data in rendered.outputs.items():
        assert isinstance(data, bytes)
        try:
            write_atomic(out / product.targets[fmt], data)
        except OSError as error:
            raise OutputError(
                f"cannot write to the shared output folder {out} on {_this_worker()}:"
                f" {error.strerror or error}"
            ) from error
        written[fmt] = Written.of(data)
    return replace(rendered, outputs=written)


def _this_worker() -> str:
    import socket

    return f"the worker on {socket.gethostname()}"


def over_time(path: Path, limit: float | None) -> Problem:
    message = (
        f"took longer than {limit:g} s to build and was stopped;"
        " split the document or raise --time-limit"
    )
    return Problem(path, 1, 1, "(document)", message)


def too_deep(path: Path) -> Problem:
    """Python's recursion limit met while handling a document: its structure nests too deeply."""
    message = "nested too deeply to be built (its markup or data); flatten it"
    return Problem(path, 1, 1, "(document)", message)


def store(run: Run, product: Product, rendered: Rendered) -> Outcome:
    """Write a product's files atomically (or take those a worker wrote, with --shared-out),
    with their manifest entries and build record."""
    if rendered.outputs is None:
        run.fail(product.path, rendered.problems)
        return Outcome.FAILED
    run.warn(rendered.problems)
    if run.options.strict and rendered.problems:
        run.report.failed.append(product.path)
        return Outcome.FAILED
    out = run.options.out
    hashes = {}
    for fmt, data in rendered.outputs.items():
        path = out / product.targets[fmt]
        if isinstance(data, Written):  # a worker wrote it (--shared-out)
            written = data
        else:
            with run.writing():
                write_atomic(path, data)
            written = Written.of(data)
        entry = manifest_entry(path, out, written.size, written.sha256, list(product.inputs))
        run.manifest.append(entry)
        hashes[fmt] = entry["sha256"]
        run.report.written.append(path)
        run.notify(path)
    with run.writing():
        record(out, product.name, product.keys, hashes, rendered.pages)
    return Outcome.BUILT
