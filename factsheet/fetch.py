"""The only door to files: WeasyPrint and the writers read project files through it alone."""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

from weasyprint.urls import FatalURLFetchingError, URLFetcher


class RefusedReference(Exception):
    """A document or template asked for something outside the project, or on the network."""


def project_file(reference: str, base: Path, root: Path) -> Path:
    """Resolve a relative reference (symlinks and `..` included); refuse anything outside `root`."""
    parsed = urllib.parse.urlsplit(reference)
    if parsed.scheme and parsed.scheme != "file":
        raise RefusedReference(f"'{reference}': only files inside the project can be used")
    raw = urllib.request.url2pathname(parsed.path) if parsed.scheme == "file" else reference
    target = (base / raw).resolve()
    if not target.is_relative_to(root.resolve()):
        raise RefusedReference(f"'{reference}' lies outside the project")
    if not target.is_file():
        raise RefusedReference(f"'{reference}' does not exist")
    return target


def asset_path(reference: str, folder: Path, root: Path) -> Path:
    """A document's image reference (percent-encoded as Markdown leaves it) as a project file."""
    if urllib.parse.urlsplit(reference).scheme or reference.startswith("//"):
        raise RefusedReference(f"'{reference}': only files inside the project can be used")
    return project_file(urllib.parse.unquote(reference), folder, root)


class ProjectFetcher(URLFetcher):
    """WeasyPrint's fetcher, limited to project files and inline data."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = root

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            try:
                project_file(url, self.root, self.root)
            except RefusedReference as refused:
                raise FatalURLFetchingError(str(refused)) from None
        elif not url.startswith("data:"):
            raise FatalURLFetchingError(f"'{url}': only files inside the project can be used")
        return super().fetch(url, headers)
