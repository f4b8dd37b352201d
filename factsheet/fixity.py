"""Hashes that prove what an output was made from: input digests and output/manifest.json."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.nodes

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


class TemplateFiles:
    """The templates and stylesheets of one environment as a build finds them: each file read,
    and each template parsed, once for all the formats whose keys are made from them."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.names = env.list_templates()
        self._sources: dict[str, str] = {}
        self._named: dict[str, list[str]] = {}

    def digest(self, roots: tuple[str, ...], styles: tuple[str, ...]) -> str:
        """One hash over the templates an output renders (`roots` and what they include), the
        stylesheets it loads, and the other files of the templates folders, which a stylesheet
        may name (fonts, images); not over another output's templates."""
        names = set(styles) | self.closure(roots)
        names |= {name for name in self.names if not name.endswith((".j2", ".css"))}
        digest = hashlib.sha256()
        for name in sorted(names):
            digest.update(name.encode() + b"\0" + self.source(name).encode() + b"\0")
        return digest.hexdigest()

    def source(self, name: str) -> str:
        """A template's text; a missing one counts as empty (rendering then says it is missing)."""
        if name not in self._sources:
            try:
                self._sources[name] = self.env.loader.get_source(self.env, name)[0]
            except jinja2.TemplateNotFound:
                self._sources[name] = ""
        return self._sources[name]

    def closure(self, roots: tuple[str, ...]) -> set[str]:
        """The templates `roots` render: themselves, what they include or import, and the files
        they inline with `static()`."""
        found: set[str] = set()
        waiting = list(roots)
        while waiting:
            name = waiting.pop()
            if name not in found:
                found.add(name)
                waiting += self.named_by(name)
        return found

    def named_by(self, name: str) -> list[str]:
        """The templates and static files one template names; for a name built from a variable
        (`"partials/" ~ section.name ~ ".html.j2"`), every template its constant ends allow."""
        if name not in self._named:
            self._named[name] = self._read_names(name) if name.endswith(".j2") else []
        return self._named[name]

    def _read_names(self, name: str) -> list[str]:
        try:
            tree = self.env.parse(self.source(name))
        except jinja2.TemplateSyntaxError:
            return []  # its text is in the key; rendering names the error, document by document
        nodes = jinja2.nodes
        named = []
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport)):
            named += self._candidates(node.template)
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == "static" and call.args:
                named += self._candidates(call.args[0])
        return named

    def _candidates(self, expression: jinja2.nodes.Expr) -> list[str]:
        if isinstance(expression, jinja2.nodes.Const) and isinstance(expression.value, str):
            return [expression.value]
        parts = expression.nodes if isinstance(expression, jinja2.nodes.Concat) else []
        first, last = (parts[0], parts[-1]) if parts else (None, None)
        head = first.value if isinstance(first, jinja2.nodes.Const) else ""
        tail = last.value if isinstance(last, jinja2.nodes.Const) and last is not first else ""
        return [name for name in self.names if name.startswith(head) and name.endswith(tail)]


@dataclass(frozen=True, slots=True)
class Facts:
    """A document's own files (text, images) by their name under the content folder, and the
    SHA-256 of each: read once per build, then handed to whatever needs them."""

    root: Path
    """The project folder, which the manifest names files under."""
    files: dict[str, Path]
    hashes: dict[str, str]

    def manifest_inputs(self) -> list[dict]:
        """The files as the manifest lists them: path under the project, SHA-256."""
        return [
            {"path": path.relative_to(self.root.resolve()).as_posix(), "sha256": self.hashes[name]}
            for name, path in self.files.items()
        ]


def document_facts(document: Document, root: Path) -> Facts:
    files = document_files(document, root)
    return Facts(root, files, {name: sha256(path.read_bytes()) for name, path in files.items()})


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


def manifest_entry(target: Path, out: Path, size: int, digest: str, inputs: list[dict]) -> dict:
    """One output: its path under `out`, its size and SHA-256, and what it was made from."""
    return {
        "path": target.relative_to(out).as_posix(),
        "size": size,
        "sha256": digest,
        "inputs": inputs,
    }


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
