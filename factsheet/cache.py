"""Incremental builds: an output is made again only when something it depends on changed.

The record of each document (and of the collection) lives in `output/.cache/<slug>.json`: for
each format, the key of what went into its file (the document's files, the templates and
stylesheets that format loads, the settings it uses, the tool's code) and the SHA-256 of the
file that came out. A format is skipped when its key is unchanged and its file is still the
one that build wrote; so changing `booklet.css` rebuilds the booklet and nothing else.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from factsheet import __version__
from factsheet.collection import Collection
from factsheet.fetch import RefusedReference
from factsheet.fixity import Facts, document_facts, sha256
from factsheet.markdown import document_link
from factsheet.model import Document
from factsheet.output import write_atomic
from factsheet.reader import Loaded, has_document
from factsheet.writers.job import Job


@dataclass(frozen=True, slots=True)
class _LoadedEntry:
    """One remembered document, as stored: plain data, validated field by field when read."""

    format: int
    stamp: str
    files: dict[str, str]
    loaded: Loaded


_LOADED = TypeAdapter(_LoadedEntry)

CACHE_FOLDER = ".cache"


@functools.cache
def code_version() -> str:
    """The tool's version and a hash of its own files (code and catalogues): records that other
    code wrote (an upgrade, or a change while developing under the same version number) are
    not trusted."""
    digest = hashlib.sha256(__version__.encode() + b"\0")
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def linked_documents(document: Document) -> list[str]:
    """The documents a document links to that exist: a link to one becomes a link once it is
    written, so its arrival (or its removal) changes the outputs."""
    slugs = {
        target[0] for mark in document.narrative.links if (target := document_link(mark.label))
    }
    return sorted(slug for slug in slugs if has_document(document.content_folder, slug))


def output_key(**parts: object) -> str:
    """The key of one output: a hash of everything it is made from, named part by part."""
    parts["code"] = code_version()
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


COLLECTION_RECORD = "@collection-"
"""The collection's record name starts with a character no slug has."""


def collection_digest(collection: Collection, members: tuple[Job, ...]) -> str:
    """What the collection's files depend on: the collection's description and every sheet."""
    parts = [collection.model_dump_json(), *(f"{m.document.slug}={m.digest}" for m in members)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def stale(out: Path, name: str, keys: dict[str, str], targets: dict[str, Path]) -> list[str]:
    """The formats of `name` to build again: those whose key changed since their file was
    written, or whose file is gone or is no longer the one that build wrote."""
    recorded = _record(out, name)
    return [
        fmt
        for fmt, key in keys.items()
        if recorded.get(fmt, {}).get("key") != key
        or not _unchanged(targets[fmt], recorded[fmt].get("sha256"))
    ]


def _unchanged(path: Path, recorded: object) -> bool:
    return path.is_file() and sha256(path.read_bytes()) == recorded


def record(
    out: Path, name: str, keys: dict[str, str], written: dict[str, str], pages: int | None = None
) -> None:
    """Remember the key and SHA-256 of each format just written (`written`: format → SHA-256),
    beside the formats' records of earlier builds (they are checked again when asked for), and
    the PDF's number of pages, for the build's line about a document that is up to date."""
    formats = _record(out, name)
    formats |= {fmt: {"key": keys[fmt], "sha256": digest} for fmt, digest in written.items()}
    if pages is not None and "pdf" in written:
        formats["pdf"]["pages"] = pages
    data = json.dumps({"formats": formats}, indent=1, sort_keys=True).encode()
    write_atomic(out / CACHE_FOLDER / f"{name}.json", data)


def recorded_pages(out: Path, name: str) -> int | None:
    """The pages of the PDF the last build of `name` wrote, if it recorded them."""
    pages = _record(out, name).get("pdf", {}).get("pages")
    return pages if isinstance(pages, int) and not isinstance(pages, bool) else None


def _record(out: Path, name: str) -> dict[str, dict]:
    try:
        saved = json.loads((out / CACHE_FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    formats = saved.get("formats") if isinstance(saved, dict) else None
    if not isinstance(formats, dict):
        return {}
    return {fmt: entry for fmt, entry in formats.items() if isinstance(entry, dict)}


LOADED_FOLDER = "loaded"
"""Checked documents as the last build loaded them, so that an unchanged file is not parsed
and checked again: `output/.cache/loaded/<hash of the file's path>.json`. They are data only
(JSON, validated against the document model when read): an entry that does not validate, or
that belongs to another file, is ignored and the document is loaded again."""
LOADED_FORMAT = 4
"""Bumped whenever the entries' shape changes; entries of another format are ignored."""


def load_stamp(path: Path, settings: str) -> str:
    """What loading a document depends on: its bytes and path, the load options and the list
    of documents beside it (`settings`, with `listing_digest`), and the tool's code."""
    digest = hashlib.sha256(f"{code_version()}\0{settings}\0{path.resolve()}\0".encode())
    digest.update(path.read_bytes())
    return digest.hexdigest()


def listing_digest(listing: list[Path]) -> str:
    """The documents of a build, once for all their stamps (links to them are checked).
    Absolute, so that a build on a cluster (which names files so) and one here share the cache."""
    text = "\0".join(sorted(os.path.abspath(path) for path in listing))
    return hashlib.sha256(text.encode()).hexdigest()


def recall_loaded(out: Path, path: Path, stamp: str, root: Path) -> tuple[Loaded, Facts] | None:
    """The document as loaded before, if its stamp and every file it shows are unchanged."""
    try:
        saved = _LOADED.validate_json(_loaded_path(out, path).read_bytes())
    except (OSError, ValidationError):
        return None
    if saved.format != LOADED_FORMAT or saved.stamp != stamp:
        return None
    if saved.loaded.document.path != _in_project(path, root):
        return None  # an entry for another file: never trust it for this one
    loaded = _placed(saved.loaded, path)
    try:
        facts = document_facts(loaded.document, root)
    except (OSError, ValueError, RefusedReference):
        return None
    return (loaded, facts) if facts.hashes == saved.files else None


def remember_loaded(out: Path, path: Path, stamp: str, loaded: Loaded, facts: Facts) -> None:
    # Stored under its name in the project, so no path of this machine is written out.
    stored = _placed(loaded, _in_project(path, facts.root))
    entry = _LoadedEntry(format=LOADED_FORMAT, stamp=stamp, files=facts.hashes, loaded=stored)
    write_atomic(_loaded_path(out, path), _LOADED.dump_json(entry, by_alias=True))


def _in_project(path: Path, root: Path) -> Path:
    return Path(path.resolve().relative_to(root.resolve()).as_posix())


def _placed(loaded: Loaded, path: Path) -> Loaded:
    """The loaded document, and the problems about its file, under another name of that file."""
    old = loaded.document.path
    warnings = tuple(
        dataclasses.replace(problem, path=path) if problem.path == old else problem
        for problem in loaded.warnings
    )
    return Loaded(dataclasses.replace(loaded.document, path=path), warnings)


def _loaded_path(out: Path, path: Path) -> Path:
    name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
    return out / CACHE_FOLDER / LOADED_FOLDER / f"{name}.json"
