"""The imported document as a file: front matter in the order the format's own documents
use, with a YAML comment where something was left out, and the Markdown body."""

from __future__ import annotations

import io

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

Path = tuple[object, ...]
FLOW_SIGNS = frozenset(":?#,[]{}&*!|>'\"%@`")
"""Characters that some YAML readers misread inside `{…}` or `[…]` unless the text is quoted."""
RESOLVER = yaml.resolver.Resolver()
"""PyYAML's, as the reader uses it: what a plain scalar is read as."""
FLOW_LIMIT = 90
"""Characters a mapping of scalars may take to be written on one line, `{label: …, value: …}`."""


def as_text(front: dict[str, object], comments: dict[Path, list[str]], body: str) -> str:
    """The document: `---`, the front matter, `---`, the body."""
    tree = _commented(front, ())
    for path, lines in comments.items():
        _comment(tree, path, lines)
    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(tree, out)
    return f"---\n{out.getvalue()}---\n\n{body.strip()}\n"


def _commented(value: object, path: Path, in_flow: bool = False) -> object:
    if isinstance(value, dict):
        flow = bool(path) and _short(value)
        mapping = CommentedMap((k, _commented(v, (*path, k), flow)) for k, v in value.items())
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        flow = bool(path) and bool(value) and all(isinstance(v, str) for v in value)
        flow = flow and len(", ".join(value)) < FLOW_LIMIT - 10
        sequence = CommentedSeq(_commented(v, (*path, i), flow) for i, v in enumerate(value))
        if flow:
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str) and (
        (in_flow and FLOW_SIGNS & set(value)) or _read_as_other_than_text(value)
    ):
        return SingleQuotedScalarString(value)
    return value


def _read_as_other_than_text(value: str) -> bool:
    """Text that the reader's YAML (1.1) would take for something else if written plain:
    `No` and `yes` (booleans), `1:30` (a number in base 60), `~` (nothing), `1938-07-29`."""
    tag = RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return tag != "tag:yaml.org,2002:str"


def _short(value: dict[str, object]) -> bool:
    scalars = all(isinstance(v, str | int | float) for v in value.values())
    return scalars and sum(len(str(k)) + len(str(v)) + 4 for k, v in value.items()) < FLOW_LIMIT


def _comment(tree: object, path: Path, lines: list[str]) -> None:
    """Comment lines before the node at `path` (or, for a path that was not written, before
    its nearest written parent)."""
    while path:
        *parents, key = path
        holder = tree
        try:
            for part in parents:
                holder = holder[part]
            holder[key]
        except (KeyError, IndexError, TypeError):
            path = tuple(parents)
            continue
        indent = 2 * len(parents)
        text = "\n".join(" ".join(line.split()) for line in lines)
        holder.yaml_set_comment_before_after_key(key, before=text, indent=indent)
        return
    tree.yaml_set_start_comment("\n".join(lines))
