"""Command line: arguments to the pipeline, problems to one-line messages, outcomes to exits."""

from __future__ import annotations

import argparse
import re
import sys
import time
import traceback
from pathlib import Path

from factsheet import __version__
from factsheet.errors import Problem, Severity
from factsheet.pipeline import FORMATS, Options, UsageError, build
from factsheet.writers.job import PAPER_SIZES, PrintSettings

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        options = _options(args)
    except UsageError as error:
        parser.error(str(error))
    try:
        return _run(args.command, options)
    except UsageError as error:
        print(f"factsheet: error: {error}", file=sys.stderr)
        return EXIT_USAGE
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


def _run(command: str, options: Options) -> int:
    started = time.perf_counter()
    cwd = Path.cwd()

    def notify(event: Problem | Path) -> None:
        if isinstance(event, Problem):
            print(event.format(relative_to=cwd), file=sys.stderr)
        else:
            print(f"wrote {_shown(event, cwd)}")

    report = build(options, notify, write=command == "build")
    warnings = sum(1 for p in report.problems if p.severity is Severity.WARNING)
    seconds = time.perf_counter() - started
    verb = "built" if command == "build" else "checked"
    count = len(report.built) if command == "build" else None
    summary = f"{verb} {count} document(s), " if count is not None else f"{verb}: "
    print(
        f"{summary}{len(report.failed)} failed, {warnings} warning(s) in {seconds:.1f}s",
        file=sys.stderr,
    )
    return EXIT_OK if report.ok else EXIT_CONTENT


def _shown(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


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
    if args.templates and not args.templates.is_dir():
        raise UsageError(f"--templates: no folder at {args.templates}")
    return Options(
        content=args.content,
        out=args.out,
        templates=args.templates,
        formats=formats,
        documents=tuple(args.documents),
        strict=args.strict,
        printing=PrintSettings(paper=args.paper, bleed=args.bleed, marks=args.marks),
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factsheet",
        description="Build typeset PDF fact sheets, EPUB 3 e-books and HTML pages from content/.",
    )
    parser.add_argument("--version", action="version", version=f"factsheet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "documents", nargs="*", metavar="DOCUMENT", help="a slug or a file (default: all)"
    )
    common.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the content folder (default: content)",
    )
    common.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="your templates; a file here replaces the default of the same name",
    )
    common.add_argument(
        "--out",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help="where built files go (default: output)",
    )
    common.add_argument(
        "--format",
        default=",".join(FORMATS),
        metavar="LIST",
        help=f"formats to build, comma-separated (default: {','.join(FORMATS)})",
    )
    common.add_argument(
        "--paper", choices=sorted(PAPER_SIZES), default="a4", help="PDF paper size (default: a4)"
    )
    common.add_argument(
        "--bleed", metavar="LENGTH", help="extend the PDF page past the trim, e.g. 3mm"
    )
    common.add_argument(
        "--marks", action="store_true", help="add crop marks to the PDF (use with --bleed)"
    )
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    commands.add_parser(
        "build",
        parents=[common],
        help="build documents",
        description="Build documents into PDF, EPUB and HTML.",
    )
    commands.add_parser(
        "check",
        parents=[common],
        help="validate content only",
        description="Check documents against the content format; write nothing.",
    )
    return parser
