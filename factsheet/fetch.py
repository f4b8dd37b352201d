"""The only door to files and URLs: project files always, the network only when allowed.

Every image, stylesheet and font that a document, a template or WeasyPrint asks for comes
through here. Files must lie inside the project once symlinks and `..` are resolved. Network
addresses are refused unless the build runs with `--allow-remote`, and then only http(s), with
a timeout, a size limit, and WeasyPrint's own check that redirects keep to those schemes (its
fetcher lives in factsheet.printed.fetcher, with the door WeasyPrint itself asks).
"""

from __future__ import annotations

import mimetypes
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from factsheet.images import BadImage, clean_svg

REMOTE_SCHEMES = ("http", "https")
SVG_TYPE = "image/svg+xml"
REMOTE_TIMEOUT = 10.0
REMOTE_LIMIT = 20_000_000
"""Bytes one remote resource may have: enough for a photograph, not for a disk."""


class RefusedReference(Exception):
    """A document or template asked for something outside the project, or on the network."""


@dataclass(frozen=True, slots=True)
class Door:
    """Where a build may read from."""

    root: Path
    """The project folder; no file outside it is read."""
    allow_remote: bool = False


@dataclass(frozen=True, slots=True)
class Resource:
    name: str
    """A file name for the resource (its own, or the last part of its URL)."""
    data: bytes
    media_type: str


def project_file(reference: str, base: Path, root: Path) -> Path:
    """Resolve a relative reference (symlinks and `..` included); refuse anything outside `root`."""
    parsed = urllib.parse.urlsplit(reference)
    if parsed.scheme and parsed.scheme != "file":
        raise RefusedReference(f"'{reference}': only files inside the project can be used")
    raw = urllib.request.url2pathname(parsed.path) if parsed.scheme == "file" else reference
    if "\0" in raw:
        raise RefusedReference(f"'{reference}' holds a NUL character, which no file name can")
    target = (base / raw).resolve()
    if not target.is_relative_to(root.resolve()):
        raise RefusedReference(f"'{reference}' lies outside the project")
    if not target.is_file():
        raise RefusedReference(f"'{reference}' does not exist")
    return target


def is_remote(reference: str) -> bool:
    return urllib.parse.urlsplit(reference).scheme.lower() in REMOTE_SCHEMES


def asset_path(reference: str, folder: Path, root: Path) -> Path:
    """A document's image reference (percent-encoded as Markdown leaves it) as a project file."""
    if urllib.parse.urlsplit(reference).scheme or reference.startswith("//"):
        raise RefusedReference(f"'{reference}': only files inside the project can be used")
    path = urllib.parse.unquote(reference)
    if "\0" in path:
        raise RefusedReference(f"'{reference}' holds a NUL character, which no file name can")
    return project_file(path, folder, root)


def check_asset(reference: str, folder: Path, door: Door) -> None:
    """Raise RefusedReference unless the build may use `reference` (file or allowed URL)."""
    if door.allow_remote and is_remote(reference):
        return
    asset_path(reference, folder, door.root)


def read_asset(reference: str, folder: Path, door: Door) -> Resource:
    """The bytes of an image a document shows, from the project or (if allowed) the network."""
    if door.allow_remote and is_remote(reference):
        return cleaned(fetch_remote(reference), reference)
    path = asset_path(reference, folder, door.root)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return cleaned(Resource(path.name, path.read_bytes(), kind), reference)


def fetch_remote(url: str) -> Resource:
    """GET an http(s) URL within the time and size limits; RefusedReference otherwise."""
    # Imported here: only a build that fetches a remote resource needs WeasyPrint's fetcher.
    from factsheet.printed.fetcher import http_get

    try:
        data, kind = http_get(url, REMOTE_TIMEOUT, REMOTE_LIMIT + 1)
    except (OSError, ValueError) as error:
        raise RefusedReference(f"'{url}' could not be fetched ({error})") from None
    if len(data) > REMOTE_LIMIT:
        raise RefusedReference(f"'{url}' is larger than {REMOTE_LIMIT:,} bytes")
    name = Path(urllib.parse.urlsplit(url).path).name or "remote"
    return Resource(name, data, kind or mimetypes.guess_type(name)[0] or "application/octet-stream")


def cleaned(resource: Resource, reference: str) -> Resource:
    """An SVG image without scripts and outside references (see images.clean_svg)."""
    if resource.media_type != SVG_TYPE:
        return resource
    try:
        return Resource(resource.name, clean_svg(resource.data), SVG_TYPE)
    except BadImage as bad:
        raise RefusedReference(f"image '{reference}' {bad}") from None
