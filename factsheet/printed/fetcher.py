"""The URL fetcher WeasyPrint calls: the project's door (factsheet.fetch), in WeasyPrint's terms."""

from __future__ import annotations

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from factsheet.fetch import (
    REMOTE_SCHEMES,
    SVG_TYPE,
    Door,
    RefusedReference,
    Resource,
    cleaned,
    fetch_remote,
    is_remote,
    project_file,
)


def http_get(url: str, timeout: float, limit: int) -> tuple[bytes, str | None]:
    """At most `limit` bytes of an http(s) URL and its media type; WeasyPrint's fetcher checks
    that every redirect keeps to http(s). OSError or ValueError when it cannot."""
    fetcher = URLFetcher(timeout=timeout, allowed_protocols=REMOTE_SCHEMES)
    response = fetcher.fetch(url)
    body = response.body if hasattr(response, "body") else response
    data = body.read(limit) if hasattr(body, "read") else bytes(body)
    return data, response.headers.get_content_type() if response.headers else None


class ProjectFetcher(URLFetcher):
    """WeasyPrint's fetcher, limited to project files, inline data and (if allowed) http(s)."""

    def __init__(self, door: Door):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.door = door

    def fetch(self, url, headers=None):
        try:
            admit(url, self.door)
            if url.startswith("file:"):
                path = project_file(url, self.door.root, self.door.root)
                if path.suffix.lower() == ".svg":
                    svg = cleaned(Resource(path.name, path.read_bytes(), SVG_TYPE), path.name)
                    return URLFetcherResponse(url, svg.data, {"Content-Type": SVG_TYPE})
            elif is_remote(url):
                resource = cleaned(fetch_remote(url), url)
                return URLFetcherResponse(url, resource.data, {"Content-Type": resource.media_type})
        except RefusedReference as refused:
            raise FatalURLFetchingError(str(refused)) from None
        return super().fetch(url, headers)


def admit(url: str, door: Door) -> None:
    """Raise RefusedReference unless the door lets WeasyPrint have `url`: a project file,
    inline data, or (with --allow-remote) an http(s) address."""
    if url.startswith("file:"):
        project_file(url, door.root, door.root)
    elif not (url.startswith("data:") or (door.allow_remote and is_remote(url))):
        raise RefusedReference(f"'{url}': only files inside the project can be used")
