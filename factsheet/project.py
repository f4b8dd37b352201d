"""The project file: `factsheet.toml`, or `[tool.factsheet]` in `pyproject.toml`, holding the
settings a project builds with, so that `factsheet build` needs no options.

Relative paths in it are relative to its folder. It is looked for in the current folder and
then in each folder above, as git and cargo look for theirs: a build started in `content/`
builds the project.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from factsheet.checks.fields import did_you_mean
from factsheet.run import UsageError
from factsheet.settings import BY_KEY, Given

PROJECT_FILE = "factsheet.toml"
PYPROJECT = "pyproject.toml"


class ProjectError(UsageError):
    """The project file cannot be read or holds a bad setting: one line, `file:line:col: …`."""


@dataclass(frozen=True, slots=True)
class ProjectFile:
    path: Path
    table: tuple[str, ...]
    """Where the settings are in the file: () at the top, ("tool", "factsheet") in pyproject."""

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def name(self) -> str:
        return self.path.name + (f" [{'.'.join(self.table)}]" if self.table else "")


def find_project(start: Path) -> ProjectFile | None:
    """The project file of `start` or of the nearest folder above it that has one."""
    for folder in (start, *start.parents):
        found = project_in(folder)
        if found is not None:
            return found
    return None


def project_in(folder: Path) -> ProjectFile | None:
    """`folder`'s factsheet.toml, else its pyproject.toml if that has [tool.factsheet]."""
    own = folder / PROJECT_FILE
    if own.is_file():
        return ProjectFile(own, ())
    pyproject = folder / PYPROJECT
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None  # not ours to judge: other tools read it too
        if isinstance(data.get("tool"), dict) and "factsheet" in data["tool"]:
            return ProjectFile(pyproject, ("tool", "factsheet"))
    return None


def read_project(project: ProjectFile) -> dict[str, Given]:
    """The settings a project file gives, by keyword; ProjectError names the first bad one."""
    try:
        text = project.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ProjectError(
            f"{_shown(project.path)}:1:1: (file): cannot be read: {reason}"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason, line, column = _decode_error(error)
        raise ProjectError(f"{_shown(project.path)}:{line}:{column}: (file): {reason}") from None
    for key in project.table:
        data = data.get(key, {})
    if not isinstance(data, dict):
        raise ProjectError(f"{_shown(project.path)}:1:1: {project.name}: expected a table")
    lines: dict[str, tuple[int, int]] = {}
    for key, line in _key_lines(text, project.table):
        lines.setdefault(key, line)
    given: dict[str, Given] = {}
    for key, value in data.items():
        line, column = lines.get(key, (1, 1))
        where = _shown(project.path)
        if key not in BY_KEY:
            key = key if key.isprintable() else repr(key)  # no terminal control reaches it
            hint = did_you_mean(key.replace("_", "-"), list(BY_KEY)) or did_you_mean(
                key, list(BY_KEY)
            )
            raise ProjectError(
                f"{where}:{line}:{column}: {key}: not a setting factsheet knows{hint}"
                f" (settings: {', '.join(BY_KEY)})"
            )
        given[BY_KEY[key].dest] = Given(
            value,
            f"{where}:{line}",
            project.folder,
            _problem_at(where, line, column),
        )
    return given


def _problem_at(where: str, line: int, column: int):
    def problem(name: str, message: str) -> ProjectError:
        return ProjectError(f"{where}:{line}:{column}: {name}: {message}")

    return problem


def _key_lines(text: str, table: tuple[str, ...]) -> Iterator[tuple[str, tuple[int, int]]]:
    """The line and column of each key of `table`: a message points at what to mend."""
    header = ".".join(table)
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[]").strip()
            continue
        if current == header and "=" in stripped and not stripped.startswith("#"):
            key = stripped.split("=", 1)[0].strip().strip("\"'")
            yield key, (number, len(line) - len(line.lstrip()) + 1)


def _shown(path: Path) -> str:
    """The file as messages name it: relative to the current folder when it is under it."""
    from factsheet.progress import shown

    return shown(path, Path.cwd())


def _decode_error(error: tomllib.TOMLDecodeError) -> tuple[str, int, int]:
    """tomllib's message and the place it names at its end: "(at line 3, column 7)"."""
    found = re.search(r" \(at line (\d+), column (\d+)\)$", str(error))
    if found is None:
        return str(error), 1, 1
    return str(error)[: found.start()], int(found[1]), int(found[2])
