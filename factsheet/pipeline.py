"""discover -> load -> lay out and write: the whole build, top to bottom."""

from __future__ import annotations

import contextlib
from pathlib import Path

from factsheet import fonts
from factsheet.build_time import document_time, source_date_epoch
from factsheet.cache import (
    COLLECTION_RECORD,
    collection_digest,
    linked_documents,
    output_key,
    recorded_pages,
)
from factsheet.checks.spellings import people_spelt_two_ways
from factsheet.collection import Collection
from factsheet.errors import ContentError, Problem, Severity
from factsheet.fixity import (
    MANIFEST_NAME,
    Facts,
    TemplateFiles,
    inputs_digest,
    merged_manifest,
    previous_outputs,
)
from factsheet.loading import Source, load_all
from factsheet.model import Document
from factsheet.output import build_lock, remove_stale_temps, write_atomic
from factsheet.products import Product, store, with_stale
from factsheet.reader import (
    check_file,
    discover,
    file_slug,
    front_matter_positions,
    load_collection,
)
from factsheet.rendering import Rendering, absolute, renderer
from factsheet.run import (
    FORMATS,
    ClusterError,
    Notify,
    Options,
    Outcome,
    OutputError,
    Progress,
    Report,
    Run,
    Step,
    UsageError,
)
from factsheet.templates import environment
from factsheet.themes import checked_look, look_key, theme_styles
from factsheet.writers import (
    COLLECTION_WRITERS,
    WRITERS,
    CollectionJob,
    Job,
    Look,
    collection_target,
    target,
)

__all__ = [
    "FORMATS",
    "ClusterError",
    "Notify",
    "Options",
    "Outcome",
    "OutputError",
    "Progress",
    "Report",
    "Step",
    "UsageError",
    "build",
]


def build(
    options: Options, notify: Notify, *, write: bool = True, progress: Progress | None = None
) -> Report:
    """Build the selected documents in the selected formats; a bad one stops only itself."""
    source_date_epoch()  # a bad value stops the build before it starts
    if options.scheduler is not None:
        options = absolute(options)
    if write and options.out.exists() and not options.out.is_dir():
        raise UsageError(f"the output folder {options.out} is a file; name a folder")
    run = Run(options, notify, progress or _no_progress)
    run.look = checked_look(options, run.root)
    sources = load_all(run, discover(options.content, options.documents), remember=write)
    # With a selection of documents, the collection's list cannot be checked against them all.
    # A document that failed still counts as there: the collection then reports it by name.
    names = None if options.documents else _slugs((s.document.slug for s in sources), run.report)
    collection = check_collection(run, names)
    if collection is not None:
        sources = spelt_alike(run, sources, collection)
    if write:
        with contextlib.ExitStack() as lock:
            with run.writing():
                lock.enter_context(build_lock(options.out, notify))
                remove_stale_temps(options.out)
            write_all(run, sources, collection)
    return run.report


def _no_progress(step: Step) -> None:
    pass


def _slugs(names, report: Report) -> set[str]:
    """The slugs of the documents, counting those that failed (by their file name)."""
    return set(names) | {file_slug(path) for path in report.failed}


def write_all(run: Run, sources: list[Source], collection: Collection | None) -> None:
    """Render and write every stale format of every document, then the collection, then the
    manifest."""
    options = run.options
    if previous_outputs(options.out) is None:
        path = options.out / MANIFEST_NAME
        message = "is not a manifest factsheet can read; every document is rebuilt to remake it"
        run.warn([Problem(path, 1, 1, "(manifest)", message, Severity.WARNING)])
        run.force = True
    files = TemplateFiles(environment(options.templates))
    themed = theme_styles(run.look)
    templates = {
        fmt: files.digest(declared.templates, (*declared.styles, *themed))
        for fmt, declared in WRITERS.items()
    }
    with_collection = collection is not None and not options.documents
    total = len(sources) + with_collection
    done: dict[str, Product] = {}
    pending: list[Product] = []
    for source in sources:
        product = sheet(run, source, collection, templates)
        run.report.sources.extend(product.job.files.values())
        run.report.dates.append(product.job.when)
        if product.stale:
            pending.append(product)
        else:
            run.report.skipped.append(product.name)
            done[product.name] = product
            run.step(total, product.name, Outcome.CURRENT, _recorded(options.out, product))
    # The manifest lists what was written even when the build stops half-way (a lost cluster).
    with contextlib.ExitStack() as stack:
        stack.callback(_write_manifest, run)
        rendering = stack.enter_context(renderer(run, pending[0] if pending else None))
        for product, result in rendering(pending):
            outcome = store(run, product, result)
            if outcome is Outcome.BUILT:
                run.report.built.append(product.name)
                done[product.name] = product
            built = outcome is Outcome.BUILT and "pdf" in product.targets
            run.step(total, product.name, outcome, result.pages if built else None)
        if with_collection:
            run.report.collection = write_collection(run, collection, done, files, rendering)
            if (outcome := run.report.collection) is not None:
                record_name = COLLECTION_RECORD + collection.name
                pages = (
                    None if outcome is Outcome.FAILED else recorded_pages(options.out, record_name)
                )
                run.step(total, f"collection {collection.name}", outcome, pages)


def _write_manifest(run: Run) -> None:
    if run.manifest:
        out = run.options.out
        with run.writing():
            write_atomic(out / MANIFEST_NAME, merged_manifest(out, run.manifest))


def _recorded(out: Path, product: Product) -> int | None:
    """The pages of an up-to-date product's PDF, as its build record has them."""
    return recorded_pages(out, product.name) if "pdf" in product.targets else None


def sheet(
    run: Run, source: Source, collection: Collection | None, templates: dict[str, str]
) -> Product:
    """A document's product: its job, and the key and staleness of each requested format."""
    options, document, facts = run.options, source.document, source.facts
    job = sheet_job(options, document, facts, collection, run.look)
    shared = {
        "lang": options.lang,
        "allow_html": options.allow_html,
        "allow_remote": options.allow_remote,
        "collection": job.collection.model_dump(mode="json") if job.collection else None,
        "linked": linked_documents(document),
        "when": job.when.isoformat(),
        "look": look_key(run.look),
    }
    keys = {
        fmt: output_key(
            format=fmt,
            inputs=inputs_digest(
                facts.hashes,
                templates[fmt],
                repr(options.printing) if WRITERS[fmt].needs_print else "",
            ),
            # What fontconfig falls back to depends on the fonts installed: printed outputs are
            # made again once they change (after installing the fonts a warning asked for).
            fonts=fonts.installed_digest() if WRITERS[fmt].needs_print else "",
            **shared,
        )
        for fmt in options.formats
    }
    targets = {fmt: target(fmt, document.slug) for fmt in options.formats}
    inputs = tuple(facts.manifest_inputs())
    product = Product(document.path, document.slug, job, targets, keys, inputs)
    return with_stale(run, product)


def sheet_job(
    options: Options,
    document: Document,
    facts: Facts,
    collection: Collection | None = None,
    look: Look | None = None,
) -> Job:
    """What the writers need to make one document's files under `options` and `look`."""
    return Job(
        document,
        facts.root,
        when=document_time(document),
        printing=options.printing,
        # A sheet shows the collection's title and publisher, never its list of documents,
        # which would travel with every job (to each worker) and change every sheet's key.
        collection=collection.model_copy(update={"documents": None})
        if collection is not None and member_of(collection, document.slug)
        else None,
        files=facts.files,
        # The templates reach the PDF's /ID through the page they render (printed.pdf).
        digest=inputs_digest(facts.hashes, "", _settings_text(options)),
        allow_remote=options.allow_remote,
        templates=options.templates,
        look=look or Look(),
    )


def _settings_text(options: Options) -> str:
    """The settings a sheet's pages are made with, for its digest (and the PDF's /ID)."""
    text = repr(options.printing)
    return text if options.lang is None else f"{text} lang={options.lang}"


def member_of(collection: Collection | None, slug: str) -> bool:
    """Whether the document is in the collection: its reading order names it, or it has none."""
    if collection is None:
        return False
    return collection.documents is None or slug in _as_set(collection.documents)


_READING_ORDERS: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}
"""The last reading order asked about, as a set: a build asks once per sheet, of thousands."""


def _as_set(documents: tuple[str, ...]) -> frozenset[str]:
    known = _READING_ORDERS.get(id(documents))
    if known is None or known[0] is not documents:  # held, so its id is not another's
        _READING_ORDERS.clear()
        known = _READING_ORDERS[id(documents)] = (documents, frozenset(documents))
    return known[1]


def write_collection(
    run: Run,
    collection: Collection,
    done: dict[str, Product],
    files: TemplateFiles,
    rendering: Rendering,
) -> Outcome | None:
    """The collection's e-book and booklet, when every sheet in it is built and current."""
    options = run.options
    formats = [fmt for fmt in options.formats if fmt in COLLECTION_WRITERS]
    # A sheet that failed is still a sheet of the collection: it is missing, not left out.
    order = collection.documents or tuple(sorted(_slugs(done, run.report)))
    if not formats or not order:
        return None
    path = options.content / "collection.yaml"
    missing = [slug for slug in order if slug not in done]
    if missing:
        message = f"not built, because {', '.join(missing)} failed; its last good files stay"
        run.fail(path, [Problem(path, 1, 1, "(collection)", message)])
        return Outcome.FAILED
    members = tuple(done[slug].job for slug in order)
    job = CollectionJob(
        collection,
        members,
        run.root,
        printing=options.printing,
        digest=collection_digest(collection, members),
        allow_remote=options.allow_remote,
        templates=options.templates,
        look=run.look,
    )
    keys = {
        fmt: output_key(
            format=fmt,
            inputs=job.digest,
            templates=files.digest(
                COLLECTION_WRITERS[fmt].templates,
                (*COLLECTION_WRITERS[fmt].styles, *theme_styles(run.look)),
            ),
            # Whether raw HTML is kept changes the sheets' text, which their digests miss.
            allow_html=options.allow_html,
            allow_remote=options.allow_remote,
            when=job.when.isoformat(),
            fonts=fonts.installed_digest(),
            look=look_key(run.look),
        )
        for fmt in formats
    }
    targets = {fmt: collection_target(fmt, collection.name) for fmt in formats}
    inputs = tuple(entry for slug in order for entry in done[slug].inputs)
    name = COLLECTION_RECORD + collection.name
    product = with_stale(run, Product(path, name, job, targets, keys, inputs))
    if not product.stale:
        return Outcome.CURRENT
    ((product, rendered),) = rendering([product])
    return store(run, product, rendered)


def check_collection(run: Run, slugs: set[str] | None) -> Collection | None:
    path = run.options.content / "collection.yaml"
    if not path.is_file():
        return None
    try:
        check_file(path, run.root)
        return load_collection(path, slugs, run.options.lang)
    except ContentError as error:
        run.fail(path, error.problems)
        return None


def spelt_alike(run: Run, sources: list[Source], collection: Collection) -> list[Source]:
    """Near spellings of one person in the collection's sheets are warnings; under --strict,
    each sheet that spells a person a second way fails."""
    members = [s.document for s in sources if member_of(collection, s.document.slug)]
    problems = people_spelt_two_ways(members, run.root, front_matter_positions)
    run.warn(problems)
    if not run.options.strict:
        return sources
    failed = list(dict.fromkeys(problem.path for problem in problems))
    run.report.failed.extend(failed)
    return [source for source in sources if source.document.path not in failed]
