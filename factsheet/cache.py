"""Incremental builds: a document is rebuilt only when something its outputs depend on changed.

The record of each build lives in `output/.cache/<slug>.json`: the key of what went in (the
inputs' hash, which covers the document's files, the templates, the print settings and the
tool version, plus the formats, options, collection and date) and the SHA-256 of each file
that came out. A document is skipped when its key is unchanged and its outputs are still the
files that build wrote.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from factsheet import __version__
from factsheet.fetch import RefusedReference
from factsheet.fixity import document_files, file_hashes, sha256
from factsheet.load import Loaded, has_document
from factsheet.markdown import document_link
from factsheet.model import Collection, Document
from factsheet.output import write_atomic
from factsheet.writers.job import CollectionJob, Job


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
    """The tool's version and a hash of its own code: records that other code wrote (an upgrade,
    or a change while developing under the same version number) are not trusted."""
    digest = hashlib.sha256(__version__.encode() + b"\0")
    package = Path(__file__).parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0")
        digest.update(module.read_bytes() + b"\0")
    return digest.hexdigest()


def linked_documents(document: Document) -> list[str]:
    """The documents a document links to that exist: a link to one becomes a link once it is
    written, so its arrival (or its removal) changes the outputs."""
    slugs = {
        target[0] for mark in document.narrative.links if (target := document_link(mark.label))
    }
    return sorted(slug for slug in slugs if has_document(document.content_folder, slug))


def build_key(job: Job, options) -> str:
    parts = {
        "code": code_version(),
        "linked": linked_documents(job.document),
        "inputs": job.digest,
        "formats": list(options.formats),
        "allow_html": options.allow_html,
        "allow_remote": options.allow_remote,
        "collection": job.collection.model_dump(mode="json") if job.collection else None,
        "when": job.when.isoformat(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


COLLECTION_RECORD = "@collection-"
"""The collection's record name starts with a character no slug has."""


def collection_digest(collection: Collection, members: tuple[Job, ...]) -> str:
    """What the collection's files depend on: the collection's description and every sheet."""
    parts = [collection.model_dump_json(), *(f"{m.document.slug}={m.digest}" for m in members)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def collection_key(job: CollectionJob, formats: list[str], *, allow_html: bool) -> str:
    # The print settings are in every sheet's digest, so in the collection's too; whether raw
    # HTML is kept changes the sheets' text, which their digests do not cover.
    parts = {
        "allow_html": allow_html,
        "code": code_version(),
        "inputs": job.digest,
        "formats": formats,
        "when": job.when.isoformat(),
        "allow_remote": job.allow_remote,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def is_current(out: Path, slug: str, key: str, targets: list[Path]) -> bool:
    path = out / CACHE_FOLDER / f"{slug}.json"
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(saved, dict) or saved.get("key") != key:
        return False
    recorded = saved.get("outputs", {})
    for target in targets:
        name = target.relative_to(out).as_posix()
        if name not in recorded or not target.is_file():
            return False
        if sha256(target.read_bytes()) != recorded[name]:
            return False
    return True


def record(out: Path, slug: str, key: str, outputs: dict[Path, bytes]) -> None:
    data = {
        "key": key,
        "outputs": {path.relative_to(out).as_posix(): sha256(d) for path, d in outputs.items()},
    }
    write_atomic(out / CACHE_FOLDER / f"{slug}.json", json.dumps(data, indent=1).encode())


LOADED_FOLDER = "loaded"
"""Checked documents as the last build loaded them, so that an unchanged file is not parsed
and checked again: `output/.cache/loaded/<hash of the file's path>.json`. They are data only
(JSON, validated against the document model when read): an entry that does not validate, or
that belongs to another file, is ignored and the document is loaded again."""
LOADED_FORMAT = 3
"""Bumped whenever the entries' shape changes; entries of another format are ignored."""


def load_stamp(path: Path, listing: list[Path], settings: str) -> str:
    """What loading a document depends on: its bytes and path, the list of documents beside it
    (links to them are checked), the load options and the tool's code."""
    digest = hashlib.sha256(f"{code_version()}\0{settings}\0{path.resolve()}\0".encode())
    digest.update("\0".join(sorted(p.as_posix() for p in listing)).encode() + b"\0")
    digest.update(path.read_bytes())
    return digest.hexdigest()


def recall_loaded(out: Path, path: Path, stamp: str, root: Path) -> Loaded | None:
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
        files = file_hashes(document_files(loaded.document, root))
    except (OSError, ValueError, RefusedReference):
        return None
    return loaded if files == saved.files else None


def remember_loaded(out: Path, path: Path, stamp: str, loaded: Loaded, root: Path) -> None:
    files = file_hashes(document_files(loaded.document, root))
    # Stored under its name in the project, so no path of this machine is written out.
    stored = _placed(loaded, _in_project(path, root))
    entry = _LoadedEntry(format=LOADED_FORMAT, stamp=stamp, files=files, loaded=stored)
    write_atomic(_loaded_path(out, path), _LOADED.dump_json(entry))


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
