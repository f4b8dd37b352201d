"""Hashes that prove what an output was made from: input digests and output/manifest.json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jinja2

from factsheet import __version__
from factsheet.fetch import asset_path, is_remote
from factsheet.model import Document

MANIFEST_NAME = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_files(document: Document, root: Path) -> dict[str, Path]:
    """The document's own files by their name under the content folder: text, then images."""
    base = document.content_folder.resolve()
    files = {document.path.resolve().relative_to(base).as_posix(): document.path.resolve()}
    for reference in document.assets:
        if is_remote(reference):
            continue  # fetched at build time, not a file of the project
        path = asset_path(reference, document.folder, root)
        files.setdefault(path.relative_to(base).as_posix(), path)
    return files


def templates_digest(env: jinja2.Environment) -> str:
    """One hash over every template and stylesheet the environment would use."""
    digest = hashlib.sha256()
    for name in sorted(env.list_templates()):
        source, _, _ = env.loader.get_source(env, name)
        digest.update(name.encode() + b"\0" + source.encode() + b"\0")
    return digest.hexdigest()


def file_hashes(files: dict[str, Path]) -> dict[str, str]:
    """The SHA-256 of each of a document's files, read once per build."""
    return {name: sha256(path.read_bytes()) for name, path in files.items()}


def inputs_digest(hashes: dict[str, str], templates: str, settings: str) -> str:
    """What a build of one document depends on, as one hash (the PDF's /ID comes from it)."""
    digest = hashlib.sha256(f"factsheet {__version__}\0{templates}\0{settings}\0".encode())
    for name, file_hash in sorted(hashes.items()):
        digest.update(name.encode() + b"\0" + file_hash.encode() + b"\0")
    return digest.hexdigest()


def tool_versions() -> dict[str, str]:
    """The versions of what made the outputs, read when a manifest is written (the rendering
    libraries are imported here, not by commands that write none)."""
    import ebooklib

    from factsheet.printed import versions

    printing = versions()
    return {
        "factsheet": __version__,
        "weasyprint": printing["weasyprint"],
        "ebooklib": ebooklib.VERSION
        if isinstance(ebooklib.VERSION, str)
        else ".".join(str(part) for part in ebooklib.VERSION),
        "pango": printing["pango"],
    }


def manifest_entry(target: Path, out: Path, data: bytes, inputs: list[dict]) -> dict:
    """One output: its path under `out`, its size and SHA-256, and what it was made from."""
    return {
        "path": target.relative_to(out).as_posix(),
        "size": len(data),
        "sha256": sha256(data),
        "inputs": inputs,
    }


def manifest_inputs(files: dict[str, Path], hashes: dict[str, str], root: Path) -> list[dict]:
    """A document's files as the manifest lists them: path under the project, SHA-256."""
    return [
        {"path": path.relative_to(root.resolve()).as_posix(), "sha256": hashes[name]}
        for name, path in files.items()
    ]


def previous_outputs(out: Path) -> list[dict] | None:
    """The outputs `out/manifest.json` lists ([] without one), or None when it is no manifest."""
    path = out / MANIFEST_NAME
    if not path.exists():
        return []
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = manifest.get("outputs") if isinstance(manifest, dict) else None
    if not isinstance(outputs, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("path"), str) and "\0" not in entry["path"]
        for entry in outputs
    ):
        return None
    return outputs


def merged_manifest(out: Path, entries: list[dict]) -> bytes:
    """The manifest with this build's entries, keeping earlier ones whose files still exist."""
    previous = previous_outputs(out) or []
    fresh = {entry["path"] for entry in entries}
    kept = [e for e in previous if e["path"] not in fresh and (out / e["path"]).is_file()]
    outputs = sorted([*kept, *entries], key=lambda entry: entry["path"])
    manifest = {"manifest_version": 1, "tools": tool_versions(), "outputs": outputs}
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
