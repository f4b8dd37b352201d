"""factsheet: typeset PDF fact sheets, EPUB 3 e-books and HTML pages from structured facts.

`factsheet.load`, `check`, `render` and `build` are the Python API (docs/api.md). They are
imported on first use, so that `factsheet --version` and `import factsheet` stay quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from factsheet.api import RenderError, build, check, load, render
    from factsheet.errors import ContentError, Problem, Severity
    from factsheet.model import Document
    from factsheet.run import ClusterError, Report, UsageError

__all__ = [
    "ClusterError",
    "ContentError",
    "Document",
    "Problem",
    "RenderError",
    "Report",
    "Severity",
    "UsageError",
    "__version__",
    "build",
    "check",
    "load",
    "render",
]

_HOMES = {
    "build": "factsheet.api",
    "check": "factsheet.api",
    "load": "factsheet.api",
    "render": "factsheet.api",
    "RenderError": "factsheet.api",
    "ContentError": "factsheet.errors",
    "Problem": "factsheet.errors",
    "Severity": "factsheet.errors",
    "Document": "factsheet.model",
    "Report": "factsheet.run",
    "UsageError": "factsheet.run",
    "ClusterError": "factsheet.run",
}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'factsheet' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
