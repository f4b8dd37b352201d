"""Load and check every document of a build, an unchanged one as the last build checked it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factsheet import fonts
from factsheet.cache import listing_digest, load_stamp, recall_loaded, remember_loaded
from factsheet.errors import ContentError
from factsheet.fixity import Facts, document_facts
from factsheet.model import Document
from factsheet.products import over_time, too_deep
from factsheet.reader import Loaded, check_file, check_unique_slugs, load_document
from factsheet.run import Run
from factsheet.workers import TimeLimitExceeded, time_limit


@dataclass(frozen=True, slots=True)
class Source:
    """A loaded document, and its files with their hashes, read once for the whole build."""

    loaded: Loaded
    facts: Facts

    @property
    def document(self) -> Document:
        return self.loaded.document


def load_all(run: Run, paths: list[Path], *, remember: bool) -> list[Source]:
    """Load and check every document; with `remember`, an unchanged one comes from the cache."""
    options = run.options
    sources: list[Source] = []
    # The fonts too: the checks ask fontconfig which characters and languages they draw.
    settings = (
        f"{options.allow_html} {options.allow_remote} {options.lang} {fonts.installed_digest()}"
        f" {listing_digest(paths)}"
    )
    for path in paths:
        try:
            with time_limit(options.time_limit):
                source = _load(run, path, settings, remember=remember)
        except ContentError as error:
            run.fail(path, error.problems)
            continue
        except TimeLimitExceeded:
            run.fail(path, [over_time(path, options.time_limit)])
            continue
        except RecursionError:
            run.fail(path, [too_deep(path)])
            continue
        run.warn(source.loaded.warnings)
        if options.strict and source.loaded.warnings:
            run.report.failed.append(path)
            continue
        sources.append(source)
    duplicates = check_unique_slugs([source.loaded for source in sources])
    for problem in duplicates:
        run.fail(problem.path, [problem])
    bad = {problem.path for problem in duplicates}
    return [source for source in sources if source.document.path not in bad]


def _load(run: Run, path: Path, settings: str, *, remember: bool) -> Source:
    """One document, checked now or (unchanged since the last build) as it was checked then."""
    options = run.options

    def load() -> Loaded:
        return load_document(
            path,
            run.root,
            allow_html=options.allow_html,
            allow_remote=options.allow_remote,
            lang=options.lang,
        )

    if not remember:
        loaded = load()
        return Source(loaded, document_facts(loaded.document, run.root))
    check_file(path, run.root)  # before the stamp reads it: load_document checks it too
    stamp = load_stamp(path, settings)
    recalled = None if options.force else recall_loaded(options.out, path, stamp, run.root)
    if recalled is not None:
        return Source(*recalled)
    loaded = load()
    facts = document_facts(loaded.document, run.root)
    with run.writing():
        remember_loaded(options.out, path, stamp, loaded, facts)
    return Source(loaded, facts)
