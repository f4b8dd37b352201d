"""The commands: build and check, serve, archive, verify, extract; init, new, schema.

Each imports what only it needs (the bag, the extractor, the preview server) when it runs, so
that `check` loads nothing that renders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from factsheet import settings
from factsheet.cli import EXIT_CONTENT, EXIT_OK
from factsheet.errors import Problem, Severity
from factsheet.fixity import MANIFEST_NAME
from factsheet.pipeline import FORMATS, Notify, Options, OutputError, Report, UsageError, build
from factsheet.progress import display, shown


def _build(args: argparse.Namespace) -> int:
    options = _options(args)
    report = _report(args.command, options)
    if getattr(args, "watch", False):
        from factsheet.serve import watch

        watch(options, lambda: _report(args.command, options), ready=lambda: _watching(options))
    return EXIT_OK if report.ok else EXIT_CONTENT


def _serve(args: argparse.Namespace) -> int:
    """Build the HTML pages, serve them on 127.0.0.1, rebuild and reload them on every change."""
    from factsheet.serve import Builds, server, watch

    # The preview rebuilds a page at a time, here: a cluster would only slow it.
    options = replace(_options(args), formats=("html",), scheduler=None, shared_out=False)
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port: expected a port from 0 to 65535, got {args.port}")
    builds = Builds()
    try:
        httpd = server(options.out, builds, args.port)
    except OSError as error:
        raise UsageError(
            f"--port: cannot listen on 127.0.0.1:{args.port}: {error.strerror}"
        ) from error
    _report("build", options)
    builds.finished()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"serving http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C stops)")

    def rebuild() -> None:
        _report("build", options)
        builds.finished()

    try:
        watch(options, rebuild, ready=lambda: _watching(options))
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        httpd.server_close()
    return EXIT_OK


def _watching(options: Options) -> None:
    from factsheet.serve import watched

    folders = ", ".join(str(folder) for folder in watched(options))
    print(f"watching {folders} for changes")


def _archive(args: argparse.Namespace) -> int:
    """Build every format, then package the archival PDFs, e-books, sources and manifest."""
    from factsheet.bag import BagError, make_bag

    options = replace(_options(args), formats=FORMATS)
    bag_folder = args.bag or options.out / "bag"
    _free_for_a_bag(bag_folder)
    report = _report("build", options)
    if not report.ok:
        print("factsheet: archive not made: some documents failed", file=sys.stderr)
        return EXIT_CONTENT
    files = {
        f"{kind}/{path.name}": path
        for kind, pattern in (("archive", "archive/*.pdf"), ("epub", "*.epub"))
        for path in sorted(options.out.glob(pattern))
    }
    for source in report.sources:
        files[f"sources/{source.relative_to(options.content.resolve()).as_posix()}"] = source
    files["manifest.json"] = options.out / MANIFEST_NAME
    when = max(report.dates, default=dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    count = len(report.built) + len(report.skipped)
    title = f"factsheet archive of {count} document{'' if count == 1 else 's'}"
    try:
        bag = make_bag(files, bag_folder, when, title)
    except BagError as error:
        raise UsageError(f"--out: {error}") from None
    print(f"wrote bag {shown(bag, Path.cwd())} with {len(files)} files")
    return EXIT_OK


def _free_for_a_bag(target: Path) -> None:
    """Refuse, before anything is built, a bag folder that would replace something else."""
    from factsheet.bag import BagError, refuse_target

    try:
        refuse_target(target)
    except BagError as error:
        raise UsageError(f"--out: {error}") from None


def _verify(args: argparse.Namespace) -> int:
    from factsheet.bag import verify_bag

    problems = verify_bag(args.bag)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_CONTENT
    print(f"{args.bag}: valid, every file matches its SHA-256 and SHA-512")
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from factsheet.extract import ExtractError, default_folder, extract
    from factsheet.extract import shown as printable

    out = args.out or default_folder(args.pdf)
    if out.exists() or out.is_symlink():
        raise UsageError(
            f"--out: {printable(str(out))} already exists;"
            " extract into a folder that does not exist yet"
        )
    try:
        extracted = extract(args.pdf, out)
    except ExtractError as error:
        print(f"factsheet: {error}", file=sys.stderr)
        return EXIT_CONTENT
    for item in extracted:
        name = printable(shown(item.path, Path.cwd()))
        print(f"wrote {name} ({item.relationship}, {item.size} bytes)")
    return EXIT_OK


def _impose(args: argparse.Namespace) -> int:
    """Set a booklet's pages two-up on sheets in folding order, for saddle stitching."""
    from factsheet.impose import ImposeError, default_output, impose
    from factsheet.output import write_atomic

    source: Path = args.pdf
    if not source.is_file():
        what = "a folder" if source.is_dir() else "no file"
        raise UsageError(f"{source}: {what}; give the booklet's PDF")
    out: Path = args.out or default_output(source)
    if out.is_dir():
        raise UsageError(f"--out: {out} is a folder; name the PDF to write")
    if out.exists() and out.resolve() == source.resolve():
        raise UsageError(f"--out: {out} is the booklet itself; name a new file")
    try:
        data = impose(source, args.sheet)
    except ImposeError as error:
        print(f"factsheet: {error}", file=sys.stderr)
        return EXIT_CONTENT
    try:
        write_atomic(out, data)
    except OSError as error:
        raise OutputError(f"{out}: cannot write it ({error.strerror})") from None
    print(f"wrote {shown(out, Path.cwd())}: print both sides, flipping on the short edge")
    return EXIT_OK


def _fonts(args: argparse.Namespace) -> int:
    """The theme's fonts and the documents', and what is missing: exit 1 when anything is."""
    from factsheet.font_listing import document_listing, lines, theme_listing

    options = _options(args)
    if options.documents or options.content.is_dir():
        with display() as (notify, _):
            listing = document_listing(options, _errors_only(notify))
    else:
        from factsheet.themes import checked_look

        look = checked_look(options, options.content.resolve().parent)
        listing = theme_listing(options.templates, look)
    print("\n".join(lines(listing)))
    return EXIT_OK if listing.complete else EXIT_CONTENT


def _errors_only(notify: Notify) -> Notify:
    """A build's notices, without the files it writes and the warnings a build would give."""

    def told(event: Problem | Path | str) -> None:
        if isinstance(event, str) or (
            isinstance(event, Problem) and event.severity is Severity.ERROR
        ):
            notify(event)

    return told


def _schema(args: argparse.Namespace) -> int:
    from factsheet.schema import as_text, collection_schema, front_matter_schema

    sys.stdout.write(as_text(collection_schema() if args.collection else front_matter_schema()))
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from factsheet.starter import StarterError, init_project

    try:
        written = init_project(args.folder)
    except StarterError as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(f"wrote {shown(path, Path.cwd())}")
    where = shown(args.folder, Path.cwd())
    print(f"next: cd {where} && factsheet build" if where != "." else "next: factsheet build")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from factsheet.starter import StarterError, new_document

    try:
        written = new_document(args.content, args.slug, args.kind)
    except StarterError as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(f"wrote {shown(path, Path.cwd())}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """Import each source; every page left out of or wrong is one line, the rest are written."""
    from factsheet.importer import import_articles

    in_force = settings.in_force(_settings(args))
    content, allow_remote = in_force["content"], in_force["allow_remote"]
    folder = Path(content.value)
    if content.base is not None and not folder.is_absolute():
        folder = content.base / folder
    result = import_articles(
        args.sources, folder, force=args.force, allow_remote=allow_remote.value
    )
    here = Path.cwd()
    for problem in result.problems:
        print(problem.format(here), file=sys.stderr)
    for path in result.written:
        print(f"wrote {shown(path, here)}")
    left_out = sum(1 for p in result.problems if p.severity is Severity.WARNING)
    print(
        f"imported {len(result.written)} document(s), {result.failed} failed,"
        f" {left_out} warning(s)",
        file=sys.stderr,
    )
    return EXIT_OK if result.ok else EXIT_CONTENT


def _report(command: str, options: Options) -> Report:
    started = time.perf_counter()
    with display() as (notify, progress):
        report = build(options, notify, write=command == "build", progress=progress)
    warnings = sum(1 for p in report.problems if p.severity is Severity.WARNING)
    seconds = time.perf_counter() - started
    if command == "build":
        summary = f"built {len(report.built)} document(s), "
        if report.skipped:
            summary += f"{len(report.skipped)} up to date, "
        if report.collection is not None:
            summary += f"collection {report.collection.value}, "
    else:
        summary = "checked: "
    print(
        f"{summary}{len(report.failed)} failed, {warnings} warning(s) in {seconds:.1f}s",
        file=sys.stderr,
    )
    return report


def _options(args: argparse.Namespace) -> Options:
    """The build's options: the command line's over the project file's over the defaults."""
    per_run = {"documents": args.documents, "force": getattr(args, "force", False)}
    return settings.options(_settings(args), per_run)


def _settings(args: argparse.Namespace) -> dict[str, settings.Given]:
    from factsheet.project import find_project, read_project

    project = find_project(Path.cwd())
    given = {}
    if project is not None:  # the project's folders, wherever in it the command runs
        given = settings.folder_defaults(project.folder) | read_project(project)
    for dest in getattr(args, "given", set()) & set(settings.BY_DEST):
        given[dest] = settings.Given(getattr(args, dest), "command line")
    return given


def _config(args: argparse.Namespace) -> int:
    """Print the settings in force as a project file, each with where it came from."""
    from factsheet.project import find_project

    project = find_project(Path.cwd())
    given = _settings(args)
    settings.options(given)  # a bad setting is refused here as by a build
    found = "none" if project is None else shown(project.path, Path.cwd())
    print(f"# settings in force; project file: {found}")
    for dest, entry in settings.in_force(given).items():
        print(settings.as_toml(settings.BY_DEST[dest].key, entry.value, entry.source))
    return EXIT_OK


COMMANDS = {
    "build": _build,
    "check": _build,
    "archive": _archive,
    "verify": _verify,
    "extract": _extract,
    "impose": _impose,
    "serve": _serve,
    "fonts": _fonts,
    "schema": _schema,
    "init": _init,
    "new": _new,
    "config": _config,
    "import": _import,
}
