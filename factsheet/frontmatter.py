"""Split a content file into YAML front matter and Markdown body, keeping every value's position."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from factsheet.errors import Problem

FieldPath = tuple[str | int, ...]


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
    """Parse YAML into plain Python data and a position table; problems raise `YamlProblem`."""
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        column = (mark.column if mark else 0) + 1
        message = error.problem or "YAML that does not parse"
        if error.context and error.context_mark:
            where = error.context_mark.line + first_line, error.context_mark.column + 1
            message += f" ({error.context} at line {where[0]}, column {where[1]})"
        raise YamlProblem(
            Problem(path, line, column, "(yaml)", f"invalid YAML: {message}")
        ) from None
    positions = Positions()
    positions.values[()] = (first_line, 1)
    data = _plain(tree, (), positions, first_line)
    return data, positions


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


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
    data, positions = parse_yaml(path, yaml_text, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise YamlProblem(
            Problem(path, 2, 1, "(front matter)", "expected a mapping of fields such as title:")
        )
    body = "\n".join(lines[closing + 1 :])
    return SplitFile(data, positions, body, body_line=closing + 2)


def _plain(node: object, path: FieldPath, positions: Positions, first_line: int) -> object:
    """Turn ruamel's round-trip nodes into dicts, lists, str, int, float and ISO date strings."""
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            key_text = str(key)
            child = (*path, key_text)
            line, column = node.lc.key(key)
            positions.keys[child] = (line + first_line, column + 1)
            vline, vcolumn = node.lc.value(key)
            positions.values[child] = (vline + first_line, vcolumn + 1)
            result[key_text] = _plain(value, child, positions, first_line)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            line, column = node.lc.item(index)
            positions.values[(*path, index)] = (line + first_line, column + 1)
            items.append(_plain(value, (*path, index), positions, first_line))
        return items
    if isinstance(node, dt.datetime | dt.date):
        return node.isoformat()[:10] if type(node) is dt.date else node.isoformat()
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node
