"""A build's settings from three places, each checked the same way: the command line, the
project file and the Python API's keywords, over the defaults.

A value comes with where it came from, so that a bad one is named where it was written
(`--bleed: …`, `factsheet.toml:4:1: bleed: …`) and `factsheet config` can say where each
setting in force came from.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from factsheet.run import FORMATS, Options, UsageError
from factsheet.writers.job import PAPER_SIZES, PrintSettings

MAX_TIME_LIMIT = 86_400
"""The longest --time-limit, a day: a finite number any timer can hold."""


class SettingError(ValueError):
    """A setting's value is not one it can take; the message says what it may be."""


@dataclass(frozen=True, slots=True)
class Given:
    """A setting's value as written, and where: "command line", "default", "factsheet.toml:4"
    or "keyword" (the Python API)."""

    value: object
    source: str
    base: Path | None = None
    """The folder a relative path in the value is relative to; None: the current folder."""
    problem: Callable[[str, str], Exception] | None = None
    """Makes the error for a bad value here from the setting's name and message."""


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Path):
        raise SettingError(f"expected text, got {_shown(value)}")
    return str(value)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _switch(value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingError(f"expected true or false, got {_shown(value)}")
    return value


def _whole(low: int, high: int | None, what: str) -> Callable[[object], int]:
    def read(value: object) -> int:
        text = _text(value) if not isinstance(value, bool) else ""
        if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
            bounds = f"from {low} to {high}" if high is not None else f"of {low} or more"
            raise SettingError(f"expected {what} {bounds}, got {_shown(value)}")
        return int(text)

    return read


def read_formats(value: object) -> tuple[str, ...]:
    """A comma-separated list (as --format takes it) or a list of names."""
    items = value if isinstance(value, list | tuple) else _text(value).split(",")
    names = tuple(dict.fromkeys(_text(item).strip() for item in items if _text(item).strip()))
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise SettingError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}"
        )
    return names


def read_paper(value: object) -> str:
    text = _text(value)
    if text not in PAPER_SIZES:
        raise SettingError(f"expected one of {', '.join(sorted(PAPER_SIZES))}, got {text!r}")
    return text


def read_bleed(value: object) -> str:
    text = _text(value)
    if not re.fullmatch(r"\d+(\.\d+)?(mm|cm|in|pt)", text):
        raise SettingError(f"expected a length such as 3mm or 0.125in, got {text!r}")
    return text


def read_seconds(value: object) -> float | None:
    """Seconds from 0 (no limit: None) to a day."""
    try:
        seconds = float(_text(value))
    except (ValueError, SettingError):
        seconds = float("nan")
    if not 0 <= seconds <= MAX_TIME_LIMIT:  # also false for nan
        raise SettingError(
            f"expected seconds from 0 (no limit) to {MAX_TIME_LIMIT:,} (a day),"
            f" got {_shown(value if not isinstance(value, str) else value[:40])}"
        )
    return seconds or None


def read_language(value: object) -> str:
    from pydantic import TypeAdapter, ValidationError

    from factsheet.values import Lang

    try:
        return TypeAdapter(Lang).validate_python(_text(value))
    except ValidationError as error:
        raise SettingError(error.errors()[0]["msg"].removeprefix("Value error, ")) from None


def read_variant(value: object) -> str:
    """A PDF variant the sheets can conform to; the message says which can."""
    from factsheet.writers.job import PDF_VARIANTS, UNFIT_VARIANTS

    variant = _text(value).lower()
    choices = f"choose from {', '.join(PDF_VARIANTS)}"
    if variant in UNFIT_VARIANTS:
        raise SettingError(f"{variant} {UNFIT_VARIANTS[variant]}; {choices}")
    if variant not in PDF_VARIANTS:
        raise SettingError(f"unknown variant {_shown(variant[:40])}; {choices}")
    return variant


def read_theme(value: object) -> str:
    """A built-in theme, or the nearest one's name."""
    from factsheet.writers import THEMES

    name = _text(value)
    if name not in THEMES:
        near = difflib.get_close_matches(name, THEMES, n=1)
        hint = f"did you mean '{near[0]}'? " if near else ""
        raise SettingError(f"no theme {_shown(name)}; {hint}choose from {', '.join(THEMES)}")
    return name


SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss")
"""The transports a Dask scheduler's address may name; a bare host:port is tcp."""
DASK_PORT = 8786
"""A Dask scheduler's port when the address names none (`dask scheduler`'s default)."""
MAX_LOCAL_WORKERS = 512


def read_scheduler(value: object) -> str:
    """`local:N` (a cluster of N worker processes here) or a Dask scheduler's address."""
    from urllib.parse import urlsplit

    text = _text(value).strip()
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or not 1 <= int(count) <= MAX_LOCAL_WORKERS:
            raise SettingError(
                f"expected local:N with N worker processes from 1 to {MAX_LOCAL_WORKERS},"
                f" got {_shown(text)}"
            )
        return f"local:{int(count)}"
    address = urlsplit(text if "://" in text else f"tcp://{text}")
    try:
        port = address.port
    except ValueError:
        port = -1
    if (
        address.scheme not in SCHEDULER_SCHEMES
        or not address.hostname
        or port == -1
        or (address.path not in ("", "/") or address.query or address.fragment or address.username)
    ):
        raise SettingError(
            "expected a Dask scheduler's address such as tcp://host:8786 or host:8786"
            f" ({', '.join(SCHEDULER_SCHEMES)}), or local:N, got {_shown(text)}"
        )
    host = f"[{address.hostname}]" if ":" in address.hostname else address.hostname
    return f"{address.scheme}://{host}:{port or DASK_PORT}"


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name in the project file, its keyword (and argparse dest), how a value
    is read, and its default."""

    key: str
    dest: str
    read: Callable[[object], object]
    default: object
    path: bool = False
    """Its value is a file or folder, relative to where it was written."""
    help: str = ""
    flag: str = ""
    """Its command-line option, when not `--<key>`."""


SETTINGS = (
    Setting("content", "content", _text, "content", path=True, help="the content folder"),
    Setting("out", "out", _text, "output", path=True, help="where built files go"),
    Setting("templates", "templates", _text, None, path=True, help="your templates folder"),
    Setting("formats", "formats", read_formats, FORMATS, help="formats built", flag="--format"),
    Setting("paper", "paper", read_paper, "a4", help="the PDF's paper size"),
    Setting("bleed", "bleed", read_bleed, None, help="the PDF's bleed, e.g. 3mm"),
    Setting("marks", "marks", _switch, False, help="crop marks outside the bleed"),
    Setting("pdf-variant", "pdf_variant", read_variant, None, help="a PDF standard"),
    Setting("pages", "pages", _whole(1, 100, "a number of pages"), None, help="page budget"),
    Setting("lang", "lang", read_language, None, help="language of documents that name none"),
    Setting("theme", "theme", read_theme, "default", help="the built-in theme"),
    Setting("style", "style", _text, None, path=True, help="your stylesheet, after ours"),
    Setting("jobs", "jobs", _whole(1, None, "a whole number"), None, help="documents at once"),
    Setting("scheduler", "scheduler", read_scheduler, None, help="a Dask cluster, or local:N"),
    Setting("shared-out", "shared_out", _switch, False, help="workers write outputs"),
    Setting("strict", "strict", _switch, False, help="warnings fail the build"),
    Setting("time-limit", "time_limit", read_seconds, 120, help="seconds per document"),
    Setting("allow-html", "allow_html", _switch, False, help="keep safe raw HTML"),
    Setting("allow-remote", "allow_remote", _switch, False, help="fetch http(s) resources"),
)
"""What a project file may hold; each is also a command-line option and an API keyword."""

BY_KEY = {setting.key: setting for setting in SETTINGS}
BY_DEST = {setting.dest: setting for setting in SETTINGS}

ONLY_GIVEN = {"documents": (), "force": False}
"""What the command line and the API take but a project file does not: they are per run."""


def folder_defaults(folder: Path) -> dict[str, Given]:
    """The default folders (content, output) as those of the project at `folder`, wherever
    the command runs."""
    return {
        setting.dest: Given(setting.default, "default", folder)
        for setting in SETTINGS
        if setting.path and setting.default is not None
    }


def in_force(given: Mapping[str, Given]) -> dict[str, Given]:
    """Every setting, as given or by default, its value read (relative paths kept as written)."""
    settings: dict[str, Given] = {}
    for setting in SETTINGS:
        entry = given.get(setting.dest) or Given(setting.default, "default")
        if entry.value is not None:
            try:
                value = setting.read(entry.value)
            except SettingError as error:
                raise _problem(entry, setting, str(error)) from None
            entry = Given(value, entry.source, entry.base, entry.problem)
        settings[setting.dest] = entry
    return settings


def _problem(entry: Given, setting: Setting, message: str) -> Exception:
    if entry.problem is not None:
        return entry.problem(setting.key, message)
    return UsageError(f"{setting.flag or '--' + setting.key}: {message}")


def options(given: Mapping[str, Given], extra: Mapping[str, object] | None = None) -> Options:
    """The build's Options from the settings given (`extra`: the per-run ones)."""
    settings = in_force(given)

    def value(dest: str):
        entry = settings[dest]
        if BY_DEST[dest].path and entry.value is not None:
            path = Path(entry.value)
            return path if entry.base is None or path.is_absolute() else entry.base / path
        return entry.value

    templates, style = value("templates"), value("style")
    if templates is not None and not templates.is_dir():
        raise _problem(
            settings["templates"], BY_DEST["templates"], f"no folder at {_here(templates)}"
        )
    if style is not None and not style.is_file():
        raise _problem(settings["style"], BY_DEST["style"], f"no file at {_here(style)}")
    if settings["marks"].value and not _some_length(settings["bleed"].value):
        marks = settings["marks"]
        bleed = "give --bleed too, e.g. 3mm" if marks.problem is None else 'set bleed = "3mm"'
        raise _problem(marks, BY_DEST["marks"], f"crop marks stand outside the bleed; {bleed}")
    scheduler, shared_out = _cluster(settings)
    extra = {**ONLY_GIVEN, **(extra or {})}
    return Options(
        content=value("content"),
        out=value("out"),
        templates=templates,
        formats=value("formats"),
        documents=tuple(extra["documents"]),
        strict=value("strict"),
        allow_html=value("allow_html"),
        allow_remote=value("allow_remote"),
        force=bool(extra["force"]),
        time_limit=value("time_limit"),
        jobs=value("jobs") or os.cpu_count() or 1,
        scheduler=scheduler,
        shared_out=shared_out,
        lang=value("lang"),
        theme=value("theme"),
        style=style,
        printing=PrintSettings(
            paper=value("paper"),
            bleed=value("bleed"),
            marks=value("marks"),
            pages=value("pages"),
            variant=value("pdf_variant"),
        ),
    )


def _cluster(settings: dict[str, Given]) -> tuple[str | None, bool]:
    """The scheduler and --shared-out in force. A --jobs of the command line (or the API) is
    a build here, over a file's scheduler; both given in one place contradict each other."""
    jobs, scheduler, shared = settings["jobs"], settings["scheduler"], settings["shared_out"]
    if scheduler.value is not None and jobs.value is not None:
        if _place(jobs) == _place(scheduler):
            raise _problem(
                jobs,
                BY_DEST["jobs"],
                "a build on a scheduler runs as many documents at once as its workers have"
                " threads; choose one, or local:N for N worker processes here",
            )
        if _place(jobs) in ("command line", "keyword"):
            return None, False
    if shared.value and scheduler.value is None:
        give = "give --scheduler too" if shared.problem is None else "set scheduler too"
        raise _problem(
            shared, BY_DEST["shared_out"], f"the output folder is shared by a cluster; {give}"
        )
    return scheduler.value, bool(shared.value)


def _place(given: Given) -> str:
    """Where a setting was given, without the line: "command line", "keyword", a file."""
    return given.source.rsplit(":", 1)[0]


def _here(path: Path) -> str:
    from factsheet.progress import shown

    return shown(path, Path.cwd())


def _some_length(length: object) -> bool:
    """Whether a checked bleed is there and more than zero: room outside the trim."""
    return isinstance(length, str) and float(re.match(r"[\d.]+", length)[0]) > 0


def as_toml(key: str, value: object, source: str) -> str:
    """One setting as a project file's line, where it came from in a comment (one that is not
    set, commented out: TOML has no null)."""
    if value is None:
        return f"# {key} = (not set)  # {source}"
    return f"{key} = {_toml_value(value)}  # {source}"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string escapes alike
