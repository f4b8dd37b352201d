"""Command line: arguments to the pipeline, problems to one-line messages, outcomes to exits.

The arguments are read here; the commands run in factsheet/commands.py."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import NoReturn

from factsheet import __version__
from factsheet.writers import WRITERS
from factsheet.writers.job import PAPER_SIZES, PDF_VARIANTS

FORMATS = tuple(WRITERS)

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _argument(dest: str):
    """The setting's own reader as an argparse type: one check, whichever place gives a value."""
    from factsheet.settings import BY_DEST, SettingError

    def read(text: str):
        try:
            return BY_DEST[dest].read(text)
        except SettingError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parse(argv, parser)  # --version and --help end here, having loaded little
    # The commands, and what they use, are imported once one is chosen.
    from factsheet.commands import COMMANDS
    from factsheet.pipeline import ClusterError, OutputError, UsageError
    from factsheet.project import ProjectError

    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    # Lines reach a pipe as they are printed (an editor or a test reading the preview's output).
    sys.stdout.reconfigure(line_buffering=True)
    # SIGTERM unwinds like Ctrl-C, so half-written temp files are removed on the way out.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return COMMANDS[args.command](args)
    except ProjectError as error:  # a line in the form of content problems: file:line:col
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except UsageError as error:
        print(f"factsheet: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (OutputError, ClusterError) as error:
        print(f"factsheet: {error}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("factsheet: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `factsheet config | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
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


def parse(argv: list[str] | None, parser: argparse.ArgumentParser | None = None):
    """The command line's arguments, with the names of those it gives (`given`)."""
    args = (parser or _parser()).parse_args(argv)
    args.given = _given(argv)
    return args


def _given(argv: list[str] | None) -> set[str]:
    """The options given on the command line (not by default): they win over the project
    file's settings, which win over the defaults."""
    quiet = _parser()
    for command in _commands(quiet):
        for action in command._actions:
            action.default = argparse.SUPPRESS
    return set(vars(quiet.parse_args(argv))) - {"command"}


def _commands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    return [
        command
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for command in action.choices.values()
    ]


def _terminate(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _folder_option(parser: argparse.ArgumentParser, flag: str, default: str, help: str) -> None:
    parser.add_argument(flag, type=Path, default=Path(default), metavar="DIR", help=help)


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
        action=argparse.BooleanOptionalAction,
        help="keep a safe subset of raw HTML in Markdown (default: show it as text)",
    )
    checking.add_argument(
        "--allow-remote",
        action=argparse.BooleanOptionalAction,
        help="let documents and templates use http(s) images and stylesheets (default: refuse)",
    )
    checking.add_argument(
        "--lang",
        metavar="TAG",
        help="the language of documents that name none, e.g. fr (default: en)",
    )
    checking.add_argument(
        "--time-limit",
        default="120",
        metavar="SECONDS",
        help="stop a document that takes longer to load and build (default: 120; 0 for none)",
    )
    checking.add_argument(
        "--strict", action=argparse.BooleanOptionalAction, help="treat warnings as errors"
    )
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
        "--theme",
        default="default",
        metavar="NAME",
        help="a built-in theme: default, print-friendly (greyscale, photocopier-safe) or"
        " large-print (18 pt, one column)",
    )
    rendering.add_argument(
        "--style",
        type=Path,
        metavar="FILE.css",
        help="your stylesheet, set after ours: its :root sets the theme's custom properties"
        " (docs/themes.md), e.g. --colour-accent",
    )
    rendering.add_argument(
        "--jobs",
        type=_argument("jobs"),
        metavar="N",
        help="documents built at once, in worker processes (default: the number of cores)",
    )
    # What printing uses besides: `build` and `archive` take these too.
    printing = argparse.ArgumentParser(add_help=False, parents=[rendering])
    printing.add_argument(
        "--scheduler",
        type=_argument("scheduler"),
        metavar="ADDRESS",
        help="render on a Dask cluster: its scheduler's address (tcp://host:8786), or local:N"
        " for N worker processes here (docs/scaling.md)",
    )
    printing.add_argument(
        "--shared-out",
        action=argparse.BooleanOptionalAction,
        help="every worker of --scheduler sees the output folder: they write the files there",
    )
    printing.add_argument(
        "--paper", choices=sorted(PAPER_SIZES), default="a4", help="PDF paper size (default: a4)"
    )
    printing.add_argument(
        "--bleed", metavar="LENGTH", help="extend the PDF page past the trim, e.g. 3mm"
    )
    printing.add_argument(
        "--marks",
        action=argparse.BooleanOptionalAction,
        help="add crop and registration marks beyond the bleed (needs --bleed)",
    )
    printing.add_argument(
        "--pdf-variant",
        metavar="NAME",
        help=f"write the print PDF to a standard: {', '.join(PDF_VARIANTS)} (default: none)",
    )
    printing.add_argument(
        "--pages",
        type=_argument("pages"),
        metavar="N",
        help="print each sheet on at most N pages, its narrative cut at a section to fit, with"
        " where to read it all (a document's `print: {pages: N}` wins; default: no limit)",
    )
    build_command = commands.add_parser(
        "build",
        parents=[printing],
        help="build documents",
        description="Build documents into PDF, EPUB, HTML and archival PDF.",
    )
    build_command.add_argument("--force", action="store_true", help="remake up-to-date files too")
    config = commands.add_parser(
        "config",
        parents=[printing],
        help="show the settings in force and where each came from",
        description="Print the settings a build here would use, as a project file: each from"
        " the command line, the project file (factsheet.toml, or [tool.factsheet] in"
        " pyproject.toml) or the defaults, and where.",
    )
    for command in (build_command, config):
        command.add_argument(
            "--format",
            dest="formats",
            default=",".join(FORMATS),
            metavar="LIST",
            help=f"formats to build, comma-separated (default: {','.join(FORMATS)})",
        )
        _folder_option(command, "--out", "output", "where built files go (default: output)")
    build_command.add_argument(
        "--watch",
        action="store_true",
        help="after building, rebuild whenever a content or template file changes",
    )
    commands.add_parser(
        "check",
        parents=[checking],
        help="validate content only",
        description="Check documents against the content format; write nothing.",
    )
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
    commands.add_parser(
        "fonts",
        parents=[rendering],
        help="list the fonts in use and any missing, with the Debian package to install",
        description="List the font families the print stylesheets name, whether each is"
        " installed and which Debian package has it, and what each document's PDF is set in."
        " Exit 0 when nothing is missing, 1 when a family is missing or a document is set in a"
        " font the theme does not name, 2 on a usage error.",
    )
    archive = commands.add_parser(
        "archive",
        parents=[printing],
        help="build everything and package it as a BagIt bag",
        description="Build all formats, then write a BagIt bag (SHA-256 and SHA-512) holding "
        "the archival PDFs, the e-books, the sources and the manifest.",
    )
    archive.add_argument(
        "--out",
        dest="bag",
        type=Path,
        metavar="DIR",
        help="where the bag goes (default: bag/ in the build's output folder)",
    )
    archive.add_argument(
        "--build-out",
        dest="out",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help="where the built files go first (default: output, or the project's out)",
    )
    verify = commands.add_parser(
        "verify",
        help="check a bag made by factsheet archive",
        description="Check every file of a bag against its manifests; name what changed.",
    )
    verify.add_argument("bag", type=Path, metavar="BAG")
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
    impose = commands.add_parser(
        "impose",
        help="set a booklet's pages two-up on sheets, to fold and staple",
        description="Write a PDF of sheets for a saddle-stitched booklet: two pages side by"
        " side on each side (A5 on A4, half-Letter on Letter), in folding order, blank pages"
        " added to make a multiple of four. Print it on both sides, flipping on the short edge.",
    )
    impose.add_argument("pdf", type=Path, metavar="BOOKLET.pdf")
    impose.add_argument(
        "--out", type=Path, metavar="FILE", help="the PDF to write (default: <name>.imposed.pdf)"
    )
    impose.add_argument(
        "--sheet",
        choices=sorted(PAPER_SIZES),
        help="the paper printed on (default: letter for Letter pages, else a4)",
    )
    _starting(commands)
    _importing(commands)
    for command in _commands(parser):  # tracebacks for bug reports, on every command
        if "debug" not in {action.dest for action in command._actions}:
            command.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


def _importing(commands: argparse._SubParsersAction) -> None:
    """`factsheet import`: Wikipedia articles into documents."""
    importer = commands.add_parser(
        "import",
        help="turn Wikipedia articles into documents",
        description="Write content/<slug>.md for each article: its infobox as front matter,"
        " its text as Markdown, its references as sources, with a comment where something"
        " was left out. SOURCE is a file of wikitext, a MediaWiki XML export (one page or"
        " many), or with --allow-remote an article's address or wikipedia:LANG:Title.",
    )
    importer.add_argument("sources", nargs="+", metavar="SOURCE")
    _folder_option(importer, "--content", "content", "the content folder (default: content)")
    importer.add_argument(
        "--force", action="store_true", help="replace documents that exist (default: keep them)"
    )
    importer.add_argument(
        "--allow-remote",
        action=argparse.BooleanOptionalAction,
        help="fetch articles named by address from their wiki (default: files only)",
    )


def _starting(commands: argparse._SubParsersAction) -> None:
    """The commands that start a project and its documents: init, new, schema."""
    init = commands.add_parser(
        "init",
        help="make a new project that builds at once",
        description="Write a project: content/ with a commented example of each kind of"
        " document, collection.yaml, the schema editors check front matter against, and a"
        " README. It never overwrites a file: the folder must not have content yet.",
    )
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR")
    new = commands.add_parser(
        "new",
        help="add a document skeleton to content/",
        description="Write content/SLUG.md: the fields of its kind, commented, to fill in.",
    )
    new.add_argument("slug", metavar="SLUG", help="the file name: lowercase words and hyphens")
    new.add_argument(
        "--kind",
        default="conflict",
        help="conflict (the default), person, place, ship or organisation",
    )
    _folder_option(new, "--content", "content", "the content folder (default: content)")
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the front matter",
        description="Print the JSON Schema (draft 2020-12) of a document's front matter, for"
        " editors to complete and check fields.",
    )
    schema.add_argument(
        "--collection", action="store_true", help="the schema of collection.yaml instead"
    )
