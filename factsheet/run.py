"""One build's settings, and what it has done so far: the state a pipeline run carries."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factsheet.errors import Problem, Severity
from factsheet.writers import WRITERS
from factsheet.writers.job import Look, PrintSettings

FORMATS = tuple(WRITERS)


class UsageError(ValueError):
    """The command line asks for something that is not there (exit code 2)."""


class OutputError(Exception):
    """The output folder cannot be written: full, read-only, or under a file (exit code 1)."""


class ClusterError(Exception):
    """The cluster cannot build: unreachable, lost, or unlike this machine (exit code 1)."""


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
    scheduler: str | None = None
    """A Dask scheduler's address, or local:N: the cluster that renders (`--scheduler`)."""
    shared_out: bool = False
    """The output folder is shared by the cluster's workers: they write the files themselves."""
    lang: str | None = None
    """The language of documents whose front matter names none (`lang`); None: English."""
    theme: str = "default"
    """A built-in theme (`--theme`): default, print-friendly or large-print."""
    style: Path | None = None
    """A stylesheet set after ours (`--style`), inside the project: its :root sets the theme's
    custom properties again, its other rules follow ours."""


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
    pages: int | None = None
    """The pages of its PDF, when it has one."""


@dataclass
class Run:
    """One build under way: its options, what it reports, and what it has written."""

    options: Options
    notify: Notify
    progress: Progress
    report: Report = field(default_factory=Report)
    manifest: list[dict] = field(default_factory=list)
    """This build's manifest entries, merged into output/manifest.json at the end."""
    force: bool = field(init=False)
    """Remake every output: --force, or a manifest the build cannot read."""
    root: Path = field(init=False)
    """The project folder: the content folder's parent."""
    look: Look = field(default_factory=Look)
    """The theme and the user's stylesheet, checked and read when the build starts."""
    steps: Iterator[int] = field(init=False, default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.force = self.options.force
        self.root = self.options.content.resolve().parent

    def warn(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        for problem in problems:
            self.report.problems.append(problem)
            self.notify(problem)

    def fail(self, path: Path, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.warn(problems)
        if any(problem.severity is Severity.ERROR for problem in problems):
            self.report.failed.append(path)

    def step(self, total: int, name: str, outcome: Outcome, pages: int | None = None) -> None:
        self.progress(Step(next(self.steps), total, name, outcome, pages))

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Writing into the output folder: its OSError is the folder's, not a document's."""
        try:
            yield
        except OSError as error:
            raise OutputError(
                f"cannot write to the output folder {self.options.out}: {error.strerror or error}"
            ) from error
