"""Split a content file into YAML front matter and Markdown body, keeping every value's position."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from factsheet.errors import Problem

FieldPath = tuple[str | int, ...]
MAX_FRONT_MATTER = 1_000_000
"""Bytes of YAML a document may carry: facts, not a database."""


@dataclass(frozen=True, slots=True)
class Positions:
    """Where each value (and each mapping key) stands in the file, as 1-based line and column."""

    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists in the file."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if (prefix := tuple(path[:end])) in self.values:
                return self.values[prefix]
        return (1, 1)


@dataclass(frozen=True, slots=True)
class SplitFile:
    data: object
    positions: Positions
    body: str
    body_line: int


def parse_yaml(path: Path, text: str, first_line: int) -> tuple[object, Positions]:
    """Parse YAML (safe tags only) into plain data and a position table; raises `YamlProblem`."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        raise _unreadable(path, text, first_line, error) from None
    try:
        root = loader.get_single_node()
        positions = Positions()
        positions.values[()] = (first_line, 1)
        data = _Plain(loader, positions, first_line).convert(root, ()) if root else None
    except _BadValue as bad:
        line, column = positions.of(bad.path)
        raise YamlProblem(Problem(path, line, column, dotted(bad.path), bad.message)) from None
    except yaml.reader.ReaderError as error:
        raise _unreadable(path, text, first_line, error) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        column = (mark.column if mark else 0) + 1
        message = error.problem or "YAML that does not parse"
        tab = mark is not None and _character_at(text, mark.line, mark.column) == "\t"
        if tab:
            message = "YAML does not allow tabs for indentation: indent with spaces"
        if error.context and error.context_mark and not tab:
            where = error.context_mark.line + first_line, error.context_mark.column + 1
            message += f" ({error.context} at line {where[0]}, column {where[1]})"
        raise YamlProblem(
            Problem(path, line, column, "(yaml)", f"invalid YAML: {message}")
        ) from None
    finally:
        loader.dispose()
    return data, positions


def dotted(path: FieldPath) -> str:
    """A field path as messages name it: `infobox.sides[0].casualties`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(front matter)"


class _BadValue(Exception):
    """A value YAML cannot turn into data at all, named by its field."""

    def __init__(self, path: FieldPath, message: str):
        self.path = path
        self.message = message
        super().__init__(message)


def _unreadable(
    path: Path, text: str, first_line: int, error: yaml.reader.ReaderError
) -> YamlProblem:
    """A character YAML refuses to read (a C1 control such as U+0080), at its place."""
    at = error.position
    line = text.count("\n", 0, at) + first_line
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    code = (
        error.character
        if isinstance(error.character, int)
        else ord(str(error.character)[:1] or "?")
    )
    message = f"control character U+{code:04X} cannot be set; remove it"
    return YamlProblem(Problem(path, line, column, "(yaml)", message))


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


def split(path: Path, text: str) -> SplitFile:
    """Separate `---` front matter from the body; the text is already decoded."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not text.strip():
        raise YamlProblem(Problem(path, 1, 1, "(file)", "empty file; expected --- front matter"))
    if lines[0].rstrip() != "---":
        raise YamlProblem(
            Problem(path, 1, 1, "(file)", "expected the file to start with a --- front matter line")
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            closing = index
            break
    else:
        raise YamlProblem(
            Problem(path, 1, 1, "(file)", "front matter opened with --- is never closed by ---")
        )
    yaml_text = "\n".join(lines[1:closing])
    if len(yaml_text.encode()) > MAX_FRONT_MATTER:
        size = len(yaml_text.encode())
        raise YamlProblem(
            Problem(
                path,
                2,
                1,
                "(front matter)",
                f"front matter is {size:,} bytes; the limit is {MAX_FRONT_MATTER:,} (1 MB)",
            )
        )
    data, positions = parse_yaml(path, yaml_text, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise YamlProblem(
            Problem(path, 2, 1, "(front matter)", "expected a mapping of fields such as title:")
        )
    body = "\n".join(lines[closing + 1 :])
    return SplitFile(data, positions, body, body_line=closing + 2)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
INT_TAG, TIMESTAMP_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"
MERGE_TAG, NULL_TAG = "tag:yaml.org,2002:merge", "tag:yaml.org,2002:null"
MAX_NODES = 100_000
"""More values than this (aliases expanded) is a "billion laughs" document, not content."""
MAX_DEPTH = 50
"""Levels of lists and mappings inside each other: the format needs six; checks recurse."""


def _split_figure(key: yaml.Node, value: yaml.Node) -> bool:
    """Whether a key is the rest of a figure a comma cut off: `{total: 3,057}` reads as
    `total: 3` and a field named `057` with no value."""
    plain = isinstance(key, yaml.ScalarNode) and not key.style
    empty = isinstance(value, yaml.ScalarNode) and value.tag == NULL_TAG and not value.value
    return plain and empty and key.value[:3].isdigit() and not key.value[3:4].isdigit()


def _figure_written(pairs: list[tuple[yaml.Node, yaml.Node]], index: int) -> str:
    """The figure as written, from the value the first comma cut to the last piece after it
    (`5,700–8,000` is `total: 5` then the fields `700–8` and `000`)."""
    pieces = [pairs[index - 1][1].value]
    for key, value in pairs[index:]:
        if not _split_figure(key, value):
            break
        pieces.append(key.value)
    return ",".join(pieces)


class _Plain:
    """Turn YAML nodes into dicts, lists and scalars, recording each value's position."""

    def __init__(self, loader: yaml.SafeLoader, positions: Positions, first_line: int):
        self.loader = loader
        self.positions = positions
        self.first_line = first_line
        self.visited = 0

    def at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + self.first_line, node.start_mark.column + 1

    def convert(self, node: yaml.Node, path: FieldPath) -> object:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise yaml.MarkedYAMLError(
                problem=f"more than {MAX_NODES:,} values once aliases are expanded",
                problem_mark=node.start_mark,
            )
        if len(path) > MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                problem=f"nested too deeply: more than {MAX_DEPTH} levels of lists and mappings",
                problem_mark=node.start_mark,
            )
        if isinstance(node, yaml.MappingNode):
            result: dict[str, object] = {}
            for index, (key_node, value_node) in enumerate(node.value):
                if key_node.tag == MERGE_TAG:
                    raise yaml.MarkedYAMLError(
                        problem="merge keys (<<: *name) are not read in front matter;"
                        " write the fields out",
                        problem_mark=key_node.start_mark,
                    )
                before = node.value[index - 1] if index else None
                cut = before is not None and isinstance(before[1], yaml.ScalarNode)
                if node.flow_style and cut and _split_figure(key_node, value_node):
                    written = _figure_written(node.value, index)
                    raise _BadValue(
                        (*path, str(self.scalar(before[0], path))),
                        f"the comma in {written} ends the value inside {{…}}: quote it,"
                        f" as in {{{before[0].value}: '{written}'}}",
                    )
                key = self.scalar(key_node, path)
                if isinstance(key, dict | list) or key is None:
                    raise yaml.MarkedYAMLError(
                        problem="expected a field name", problem_mark=key_node.start_mark
                    )
                name = str(key)
                if name in result:
                    raise yaml.MarkedYAMLError(
                        problem=f"duplicate field '{name}'", problem_mark=key_node.start_mark
                    )
                child = (*path, name)
                self.positions.keys[child] = self.at(key_node)
                self.positions.values[child] = self.at(value_node)
                result[name] = self.convert(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.positions.values[(*path, index)] = self.at(item)
                items.append(self.convert(item, (*path, index)))
            return items
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: FieldPath) -> object:
        if not isinstance(node, yaml.ScalarNode):
            return {} if isinstance(node, yaml.MappingNode) else []
        try:
            value = self.loader.construct_object(node, deep=True)
            if isinstance(value, int):
                str(value)  # Python refuses to turn a number of over 4,300 digits into text
        except ValueError:
            if node.tag == TIMESTAMP_TAG:
                return node.value  # a date that does not exist: the model says why
            if node.tag == INT_TAG:
                limit = sys.get_int_max_str_digits()
                message = f"a number of more than {limit:,} digits cannot be read"
                raise _BadValue(path, f"{message} (write it in quotes if it is text)") from None
            raise
        if isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return value
