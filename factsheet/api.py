"""The Python API: load, check, render and build, for scripts, notebooks and web services.

The command line is a thin layer over the same parts: its options and the project file become
the same `Options` through `factsheet.settings`, and the same pipeline builds. Each function
may be called from any thread; the time limit does not need the main thread's signals.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from factsheet.checks.fields import did_you_mean
from factsheet.collection import Collection
from factsheet.errors import ContentError, Problem
from factsheet.model import Document
from factsheet.run import Notify, Options, Progress, Report, UsageError
from factsheet.settings import BY_DEST, BY_KEY, ONLY_GIVEN, Given, folder_defaults, options

__all__ = ["ContentError", "Document", "Problem", "Report", "build", "check", "load", "render"]

KEYWORDS = (*BY_DEST, *ONLY_GIVEN)
"""What check, render and build take as keywords: the project file's settings (with
underscores: `time_limit`, `allow_html`) and `documents` and `force`."""


class RenderError(Exception):
    """A document could not be rendered: the problem says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def load(path: str | Path, *, lang: str | None = None, allow_html: bool = False) -> Document:
    """The document at `path`, checked; ContentError lists every problem in it."""
    from factsheet.reader import load_document

    path = Path(path)
    return load_document(path, _root_of(path), allow_html=allow_html, lang=lang).document


def check(project_dir: str | Path = ".", **settings: object) -> list[Problem]:
    """Every problem in the project's documents (errors and warnings), writing nothing."""
    from factsheet.pipeline import build as run

    report = run(project_options(project_dir, settings), _ignore, write=False)
    return report.problems


def render(document: Document, format: str, **settings: object) -> bytes:
    """One format of one document (pdf, epub, html, archive) as bytes, written nowhere."""
    from factsheet.fixity import document_facts
    from factsheet.pipeline import sheet_job
    from factsheet.products import Product
    from factsheet.products import render as produce
    from factsheet.themes import checked_look
    from factsheet.writers import WRITERS, target

    if format not in WRITERS:
        raise UsageError(f"format: unknown format {format!r}; choose from {', '.join(WRITERS)}")
    root = _root_of(document.path)
    chosen = project_options(root, {**settings, "formats": [format]})
    look = checked_look(chosen, root)
    job = sheet_job(chosen, document, document_facts(document, root), _collection(chosen), look)
    targets = {format: target(format, document.slug)}
    product = Product(document.path, document.slug, job, targets, {}, (), (format,))
    rendered = produce(product, chosen.time_limit)
    if rendered.outputs is None:
        raise RenderError(rendered.problems[0])
    return rendered.outputs[format]


def build(
    project_dir: str | Path = ".",
    *,
    notify: Notify | None = None,
    progress: Progress | None = None,
    **settings: object,
) -> Report:
    """Build the project's documents into its output folder, as `factsheet build` does."""
    from factsheet.pipeline import build as run

    return run(project_options(project_dir, settings), notify or _ignore, progress=progress)


def project_options(project_dir: str | Path, settings: Mapping[str, object]) -> Options:
    """The options of a build of `project_dir`: `settings` over its project file's."""
    from factsheet.project import project_in, read_project

    folder = Path(project_dir)
    unknown = [name for name in settings if name not in KEYWORDS]
    if unknown:
        hint = did_you_mean(unknown[0], KEYWORDS)
        raise TypeError(f"unexpected keyword {unknown[0]!r}{hint}")
    project = project_in(folder)
    given = folder_defaults(folder) | (read_project(project) if project is not None else {})
    given |= {
        name: Given(value, "keyword", folder, _keyword_problem)
        for name, value in settings.items()
        if name in BY_DEST and value is not None
    }
    per_run = {name: settings.get(name, default) for name, default in ONLY_GIVEN.items()}
    return options(given, per_run)


def _collection(chosen: Options) -> Collection | None:
    """The project's collection, which a sheet in it names on its pages."""
    from factsheet.reader import load_collection

    path = chosen.content / "collection.yaml"
    return load_collection(path, None, chosen.lang) if path.is_file() else None


def _root_of(path: Path) -> Path:
    """A document's project folder: the one holding its project file, or else the folder
    above its content folder; nothing outside it is read."""
    from factsheet.project import find_project

    start = path.resolve().parent
    project = find_project(start)
    if project is not None and start.is_relative_to(project.folder):
        return project.folder
    content = start.parent if path.name == "index.md" else start
    return content.parent


def _keyword_problem(key: str, message: str) -> UsageError:
    return UsageError(f"{BY_KEY[key].dest}: {message}")


def _ignore(event: object) -> None:
    pass
