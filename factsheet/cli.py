"""Command line: arguments to the pipeline, problems to one-line messages, outcomes to exits."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import sys
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from factsheet import __version__
from factsheet.bag import BagError, make_bag, refuse_target, verify_bag
from factsheet.errors import Severity
from factsheet.extract import ExtractError, default_folder, extract
from factsheet.extract import shown as printable
from factsheet.fixity import MANIFEST_NAME
from factsheet.pipeline import FORMATS, Options, OutputError, Report, UsageError, build
from factsheet.progress import display, shown
from factsheet.serve import Builds, server, watch, watched
from factsheet.writers.job import PAPER_SIZES, PrintSettings

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
PRINT_DEFAULTS = {"paper": "a4", "bleed": None, "marks": False}
"""The print settings of commands that write no PDF."""
UNUSED_BY_CHECK = {
    **PRINT_DEFAULTS,
    "format": ",".join(FORMATS),
    "templates": None,
    "out": Path("output"),
}
"""What `check` has no option for, since it renders and writes nothing."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    # Lines reach a pipe as they are printed (an editor or a test reading the preview's output).
    sys.stdout.reconfigure(line_buffering=True)
    # SIGTERM unwinds like Ctrl-C, so half-written temp files are removed on the way out.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"factsheet: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as error:
        print(f"factsheet: {error}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("factsheet: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        else:
            print(f"factsheet: internal error: {type(error).__name__}: {error}", file=sys.stderr)
            print(
                "factsheet: please report this, with the command and --debug output",
                file=sys.stderr,
            )
        return EXIT_INTERNAL


def _terminate(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _build(args: argparse.Namespace) -> int:
    options = _options(args)
    report = _report(args.command, options)
    if getattr(args, "watch", False):
        watch(options, lambda: _report(args.command, options), ready=lambda: _watching(options))
    return EXIT_OK if report.ok else EXIT_CONTENT


def _serve(args: argparse.Namespace) -> int:
    """Build the HTML pages, serve them on 127.0.0.1, rebuild and reload them on every change."""
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
    folders = ", ".join(str(folder) for folder in watched(options))
    print(f"watching {folders} for changes")


def _archive(args: argparse.Namespace) -> int:
    """Build every format, then package the archival PDFs, e-books, sources and manifest."""
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
    try:
        refuse_target(target)
    except BagError as error:
        raise UsageError(f"--out: {error}") from None


def _verify(args: argparse.Namespace) -> int:
    problems = verify_bag(args.bag)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_CONTENT
    print(f"{args.bag}: valid, every file matches its SHA-256 and SHA-512")
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
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
        printing=PrintSettings(paper=args.paper, bleed=args.bleed, marks=args.marks),
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


def _folder_option(parser: argparse.ArgumentParser, flag: str, default: str, help: str) -> None:
    parser.add_argument(flag, type=Path, default=Path(default), metavar="DIR", help=help)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return int(text)


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors in factsheet's one-line form (the usage is one --help away)."""

    def error(self, message: str) -> NoReturn:
        hint = f" (see {self.prog} --help)"
        self.exit(EXIT_USAGE, f"factsheet: error: {message}{hint}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="factsheet",
        description="Build typeset PDF fact sheets, EPUB 3 e-books and HTML pages from content/.",
    )
    parser.add_argument("--version", action="version", version=f"factsheet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # What reading and checking documents uses; `check` takes these alone.
    checking = argparse.ArgumentParser(add_help=False)
    checking.add_argument(
        "documents", nargs="*", metavar="DOCUMENT", help="a slug or a file (default: all)"
    )
    _folder_option(checking, "--content", "content", "the content folder (default: content)")
    checking.add_argument(
        "--allow-html",
        action="store_true",
        help="keep a safe subset of raw HTML in Markdown (default: show it as text)",
    )
    checking.add_argument(
        "--allow-remote",
        action="store_true",
        help="let documents and templates use http(s) images and stylesheets (default: refuse)",
    )
    checking.add_argument(
        "--time-limit",
        default="120",
        metavar="SECONDS",
        help="stop a document that takes longer to load and build (default: 120; 0 for none)",
    )
    checking.add_argument("--strict", action="store_true", help="treat warnings as errors")
    checking.add_argument(
        "--debug", action="store_true", help="show tracebacks for internal errors"
    )
    # What rendering uses besides: `serve` takes these too.
    rendering = argparse.ArgumentParser(add_help=False, parents=[checking])
    rendering.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="your templates; a file here replaces the default of the same name",
    )
    rendering.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="documents built at once, in worker processes (default: the number of cores)",
    )
    # What printing uses besides: `build` and `archive` take these too.
    printing = argparse.ArgumentParser(add_help=False, parents=[rendering])
    printing.add_argument(
        "--paper", choices=sorted(PAPER_SIZES), default="a4", help="PDF paper size (default: a4)"
    )
    printing.add_argument(
        "--bleed", metavar="LENGTH", help="extend the PDF page past the trim, e.g. 3mm"
    )
    printing.add_argument(
        "--marks", action="store_true", help="add crop marks to the PDF (needs --bleed)"
    )
    build_command = commands.add_parser(
        "build",
        parents=[printing],
        help="build documents",
        description="Build documents into PDF, EPUB, HTML and archival PDF.",
    )
    build_command.add_argument(
        "--format",
        default=",".join(FORMATS),
        metavar="LIST",
        help=f"formats to build, comma-separated (default: {','.join(FORMATS)})",
    )
    _folder_option(build_command, "--out", "output", "where built files go (default: output)")
    build_command.add_argument(
        "--force", action="store_true", help="rebuild documents that are up to date"
    )
    build_command.add_argument(
        "--watch",
        action="store_true",
        help="after building, rebuild whenever a content or template file changes",
    )
    check_command = commands.add_parser(
        "check",
        parents=[checking],
        help="validate content only",
        description="Check documents against the content format; write nothing.",
    )
    check_command.set_defaults(**UNUSED_BY_CHECK)
    serve = commands.add_parser(
        "serve",
        parents=[rendering],
        help="preview the HTML pages, rebuilt and reloaded on every change",
        description="Build the HTML pages, serve them on 127.0.0.1, and rebuild and reload "
        "them in the browser whenever a content or template file changes.",
    )
    _folder_option(serve, "--out", "output", "where the pages are built (default: output)")
    serve.add_argument(
        "--port", type=int, default=8000, help="the port on 127.0.0.1 (default 8000; 0: any free)"
    )
    serve.set_defaults(format="html", **PRINT_DEFAULTS)
    archive = commands.add_parser(
        "archive",
        parents=[printing],
        help="build everything and package it as a BagIt bag",
        description="Build all formats, then write a BagIt bag (SHA-256 and SHA-512) holding "
        "the archival PDFs, the e-books, the sources and the manifest.",
    )
    _folder_option(archive, "--out", "output/bag", "where the bag goes (default: output/bag)")
    _folder_option(
        archive, "--build-out", "output", "where the built files go first (default: output)"
    )
    archive.set_defaults(format=",".join(FORMATS))
    verify = commands.add_parser(
        "verify",
        help="check a bag made by factsheet archive",
        description="Check every file of a bag against its manifests; name what changed.",
    )
    verify.add_argument("bag", type=Path, metavar="BAG")
    verify.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    extract_parser = commands.add_parser(
        "extract",
        help="get the sources back out of an archival PDF",
        description="Write the files an archival PDF carries (its Markdown, images and data).",
    )
    extract_parser.add_argument("pdf", type=Path, metavar="FILE.pdf")
    extract_parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="a new folder to write them in (default: <name>.extracted); it must not exist",
    )
    extract_parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


COMMANDS = {
    "build": _build,
    "check": _build,
    "archive": _archive,
    "verify": _verify,
    "extract": _extract,
    "serve": _serve,
}
