"""Incremental builds: a document is rebuilt only when something its outputs depend on changed.

The record of each build lives in `output/.cache/<slug>.json`: the key of what went in (the
inputs' hash, which covers the document's files, the templates, the print settings and the
tool version, plus the formats, options, collection and date) and the SHA-256 of each file
that came out. A document is skipped when its key is unchanged and its outputs are still the
files that build wrote.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from factsheet.fixity import sha256
from factsheet.model import Collection
from factsheet.output import write_atomic
from factsheet.writers.job import CollectionJob, Job

CACHE_FOLDER = ".cache"


def build_key(job: Job, options) -> str:
    parts = {
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


def collection_key(job: CollectionJob, formats: list[str]) -> str:
    parts = {
        "inputs": job.digest,
        "formats": formats,
        "when": job.when.isoformat(),
        "printing": repr(job.printing),
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
