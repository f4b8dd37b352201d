"""`factsheet init` and `factsheet new`: a project that builds at once, and document skeletons
of each kind, made from the commented examples in factsheet/examples/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from factsheet.kinds import KINDS
from factsheet.model import SLUG_PATTERN
from factsheet.output import write_atomic
from factsheet.schema import (
    COLLECTION_SCHEMA,
    FRONT_MATTER_SCHEMA,
    MODELINE,
    as_text,
    collection_schema,
    front_matter_schema,
)

EXAMPLES = Path(__file__).parent / "examples"
EXAMPLE_OF_KIND = {
    "conflict": "battle-of-lake-khasan",
    "person": "georgy-zhukov",
    "place": "vladivostok",
    "ship": "cruiser-aurora",
    "organisation": "kwantung-army",
}
"""The example document of each kind, in the collection's reading order."""
PROJECT_README = "README.md"
SMALL_WORDS = frozenset("a an and at by for in of on the to".split())
"""Words a title derived from a slug leaves in lowercase, but for the first."""


class StarterError(Exception):
    """A project or document that would write over something: one line, said before writing."""


def init_project(root: Path) -> list[Path]:
    """Write a new project into `root`: the schemas, a README, content/ with an example of
    each kind and collection.yaml. Nothing is overwritten: any file in the way stops it all."""
    content = root / "content"
    if root.exists() and not root.is_dir():
        raise StarterError(f"{root} is a file; init makes a project in a folder")
    if content.is_dir() and any(content.iterdir()):
        raise StarterError(
            f"{content} already has files; init makes a new project and never writes into one:"
            " choose an empty folder"
        )
    files = {
        root / FRONT_MATTER_SCHEMA: as_text(front_matter_schema()),
        root / COLLECTION_SCHEMA: as_text(collection_schema()),
        root / PROJECT_README: (EXAMPLES / PROJECT_README).read_text(encoding="utf-8"),
        content / "collection.yaml": (EXAMPLES / "collection.yaml").read_text(encoding="utf-8"),
    }
    for slug in EXAMPLE_OF_KIND.values():
        files[content / f"{slug}.md"] = (EXAMPLES / f"{slug}.md").read_text(encoding="utf-8")
    for path in files:
        _refuse_existing(path, "init")
    for path, text in files.items():
        write_atomic(path, text.encode("utf-8"))
    return list(files)


def new_document(content: Path, slug: str, kind: str) -> list[Path]:
    """Write `content/<slug>.md`, a skeleton of `kind`, and the front matter's schema beside
    the content folder when it is not there yet; the files written."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise StarterError(
            f"SLUG: expected lowercase letters and digits in words joined by hyphens, such as"
            f" battle-of-lake-khasan; got {slug!r}"
        )
    if kind not in EXAMPLE_OF_KIND:
        raise StarterError(f"--kind: expected one of {', '.join(KINDS)}; got {kind!r}")
    if not content.is_dir():
        raise StarterError(
            f"--content: no folder at {content}; run factsheet init first, or give --content"
        )
    path = content / f"{slug}.md"
    _refuse_existing(path, "new")
    write_atomic(path, skeleton(slug, kind).encode("utf-8"))
    written = [path]
    schema = content.parent / FRONT_MATTER_SCHEMA
    if not schema.exists():
        write_atomic(schema, as_text(front_matter_schema()).encode("utf-8"))
        written.append(schema)
    return written


def _refuse_existing(path: Path, command: str) -> None:
    if path.exists() or path.is_symlink():
        raise StarterError(f"{path} already exists; {command} never overwrites a file")


def skeleton(slug: str, kind: str) -> str:
    """A new document of `kind`: its title from the slug, and every field of the kind's example
    commented out (`# `), to uncomment and fill in."""
    example = EXAMPLE_OF_KIND[kind]
    lines = (EXAMPLES / f"{example}.md").read_text(encoding="utf-8").split("\n")
    closing = lines.index("---", 1)
    fields = [
        line
        for line in lines[1:closing]
        if line != MODELINE
        and not line.startswith(("# ", "title:", "kind:"))  # the example's own header
    ]
    return "\n".join(
        [
            "---",
            MODELINE,
            f"title: {_plain(title_of(slug))}",
            f"kind: {kind}",
            "## Uncomment the fields you need (delete their first '# ') and write your own",
            f"## values; these are those of {example}.md, the example factsheet init writes.",
            *(f"# {line}" if line else "" for line in fields),
            "---",
            "",
            "Write the narrative here, in Markdown: paragraphs and `## headings`; cite a source",
            "as `[@id]`, and link to another document as `[its title](other-slug.md)`.",
            "",
        ]
    )


def _plain(text: str) -> str:
    """`text` as a YAML value that reads back as that text: `No` and `Null` are quoted."""
    return text if yaml.safe_load(text) == text else json.dumps(text)


def title_of(slug: str) -> str:
    """A title from a slug: `battle-of-lake-khasan` → `Battle of Lake Khasan`."""
    words = slug.split("-")
    return " ".join(
        word if index and word in SMALL_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )
