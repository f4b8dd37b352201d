"""The commands: build and check, serve, archive, verify, extract; init, new, schema.

Each imports what only it needs (the bag, the extractor, the preview server) when it runs, so
that `check` loads nothing that renders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from factsheet.cli import EXIT_CONTENT, EXIT_OK
from factsheet.errors import Severity
from factsheet.fixity import MANIFEST_NAME
from factsheet.pipeline import FORMATS, Options, Report, UsageError, build
from factsheet.progress import display, shown
from factsheet.writers.job import PrintSettings


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

    options = replace(_options(args), formats=("html",))
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

    options = replace(_options(args), formats=FORMATS, out=args.build_out)
    _free_for_a_bag(args.out)
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
        bag = make_bag(files, args.out, when, title)
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
    formats = tuple(dict.fromkeys(f.strip() for f in args.format.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(
            f"--format: unknown format {', '.join(unknown) or '(none)'};"
            f" choose from {','.join(FORMATS)}"
        )
    if args.bleed is not None and not re.fullmatch(r"\d+(\.\d+)?(mm|cm|in|pt)", args.bleed):
        raise UsageError(f"--bleed: expected a length such as 3mm or 0.125in, got {args.bleed!r}")
    if args.marks and not _some_length(args.bleed):
        raise UsageError("--marks: crop marks stand in the bleed; give --bleed too, e.g. 3mm")
    if args.templates and not args.templates.is_dir():
        raise UsageError(f"--templates: no folder at {args.templates}")
    return Options(
        content=args.content,
        out=args.out,
        templates=args.templates,
        formats=formats,
        documents=tuple(args.documents),
        strict=args.strict,
        allow_html=args.allow_html,
        allow_remote=args.allow_remote,
        force=getattr(args, "force", False),
        time_limit=_seconds(args.time_limit) or None,
        jobs=getattr(args, "jobs", None) or os.cpu_count() or 1,
        theme=args.theme,
        style=args.style,
        printing=PrintSettings(
            paper=args.paper, bleed=args.bleed, marks=args.marks, pages=args.pages
        ),
    )


def _some_length(length: str | None) -> bool:
    """Whether a checked --bleed is there and more than zero: room outside the trim."""
    return length is not None and float(re.match(r"[\d.]+", length)[0]) > 0


MAX_TIME_LIMIT = 86_400


def _seconds(text: str) -> float:
    """--time-limit as seconds: a finite number the timer can hold, 0 for no limit."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 <= seconds <= MAX_TIME_LIMIT:  # also false for nan
        raise UsageError(
            f"--time-limit: expected seconds from 0 (no limit) to {MAX_TIME_LIMIT:,} (a day),"
            f" got {text[:40]!r}"
        )
    return seconds


COMMANDS = {
    "build": _build,
    "check": _build,
    "archive": _archive,
    "verify": _verify,
    "extract": _extract,
    "serve": _serve,
    "schema": _schema,
    "init": _init,
    "new": _new,
}
