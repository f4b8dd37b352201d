"""Live preview: build, then rebuild whenever a content or template file changes.

`factsheet serve` serves the HTML pages on 127.0.0.1 and each page it serves asks the server,
a few times a second, which build it is showing; when a newer build is there the page reloads
itself. The script is added as the page is served, never to the files on disk, so the
outputs stay the same bytes as those of `factsheet build`.
"""

from __future__ import annotations

import html
import http.server
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import watchfiles

from factsheet.pipeline import Options
from factsheet.templates import DEFAULT_TEMPLATES

VERSION_PATH = "/__factsheet__/build"
RELOAD_SCRIPT = f"""<script>
(function () {{
  var shown = null;
  function ask() {{
    fetch("{VERSION_PATH}", {{cache: "no-store"}})
      .then(function (answer) {{ return answer.text(); }})
      .then(function (build) {{
        if (shown === null) {{ shown = build; }}
        else if (build !== shown) {{ location.reload(); return; }}
        setTimeout(ask, 300);
      }})
      .catch(function () {{ setTimeout(ask, 1000); }});
  }}
  ask();
}})();
</script>
"""


@dataclass
class Builds:
    """The number of the latest finished build, for pages to compare with theirs."""

    number: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def finished(self) -> None:
        with self.lock:
            self.number += 1


def watched(options: Options) -> list[Path]:
    """What a change in triggers a rebuild: the content, the user's and the default templates,
    and the --style file."""
    folders = [options.content, *([options.templates] if options.templates else [])]
    return [*folders, DEFAULT_TEMPLATES, *([options.style] if options.style else [])]


def watch(
    options: Options,
    rebuild: Callable[[], None],
    ready: Callable[[], None] = lambda: None,
    stop: threading.Event | None = None,
) -> None:
    """Call `ready` once the watch is on, then `rebuild` after every change to the watched
    files, until `stop` or Ctrl-C."""
    out = options.out.resolve()

    def relevant(change: watchfiles.Change, path: str) -> bool:
        resolved = Path(path).resolve()
        if resolved == out or out in resolved.parents:
            return False  # our own outputs, when they sit inside a watched folder
        return not Path(path).name.startswith((".", "~")) and not path.endswith(".tmp")

    changes = watchfiles.watch(
        *watched(options),
        watch_filter=relevant,
        stop_event=stop,
        yield_on_timeout=True,  # an empty first answer says the watch is on
        rust_timeout=1000,
    )
    watching = False
    for changed in changes:
        if not watching:
            watching = True
            ready()
        if changed:
            rebuild()


def server(out: Path, builds: Builds, port: int) -> http.server.ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 for the files in `out`, with the reload script in pages.
    Binding happens here, so a port that is taken fails (OSError) before anything is built."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def do_HEAD(self) -> None:
            if not self._refused():
                super().do_HEAD()

        def do_GET(self) -> None:
            if self._refused():
                return
            path = self.path.split("?", 1)[0]
            if path == VERSION_PATH:
                self._send(str(builds.number).encode(), "text/plain; charset=utf-8")
            elif path == "/":
                self._send(self._index(), "text/html; charset=utf-8")
            elif path.endswith(".html") and (file := Path(self.translate_path(path))).is_file():
                page = file.read_bytes()
                at = page.rfind(b"</body>")
                page = page[:at] + RELOAD_SCRIPT.encode() + page[at:] if at >= 0 else page
                self._send(page, "text/html; charset=utf-8")
            else:
                super().do_GET()

        def _refused(self) -> bool:
            """Answer a request the preview must not serve, and say so."""
            served = self.server.server_address[1]
            host = (self.headers.get("Host") or "").lower()
            if host not in (f"127.0.0.1:{served}", f"localhost:{served}"):
                # A page elsewhere whose name now resolves to 127.0.0.1 (DNS rebinding).
                self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Not the address being served")
                return True
            path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
            if "\0" in path:
                self.send_error(HTTPStatus.BAD_REQUEST, "NUL character in the path")
                return True
            if any(part.startswith(".") for part in path.split("/")):
                # factsheet's own records (.cache/, .lock) and other hidden files.
                self.send_error(HTTPStatus.NOT_FOUND)
                return True
            return False

        def list_directory(self, path: str) -> None:
            """A folder's files and folders, without the dot-files the preview never serves."""
            entries = sorted(p for p in Path(path).iterdir() if not p.name.startswith("."))
            items = "".join(
                f'<li><a href="{urllib.parse.quote(p.name)}{"/" if p.is_dir() else ""}">'
                f"{html.escape(p.name)}</a></li>"
                for p in entries
            )
            page = (
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/></head>'
                f"<body><ul>{items}</ul></body></html>"
            )
            self._send(page.encode(), "text/html; charset=utf-8")

        def _index(self) -> bytes:
            pages = sorted(out.glob("*.html"))
            items = "".join(
                f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a></li>' for p in pages
            )
            return (
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>'
                "<title>factsheet preview</title></head><body><h1>factsheet preview</h1>"
                f"<ul>{items}</ul>{RELOAD_SCRIPT}</body></html>"
            ).encode()

        def _send(self, body: bytes, media_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            pass  # one line per request would bury the build's own messages

    return http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
