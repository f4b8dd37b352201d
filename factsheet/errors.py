"""Content problems as values: one line each, `path:line:column: field: message`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one content file, located to the character."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self, relative_to: Path | None = None) -> str:
        shown = self.path
        if relative_to is not None:
            try:
                # abspath, not resolve: a document that is a link is named by its own name.
                shown = Path(os.path.abspath(self.path)).relative_to(relative_to.resolve())
            except ValueError:
                shown = self.path
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{shown}:{self.line}:{self.column}: {self.field}: {prefix}{self.message}"


class ContentError(Exception):
    """Raised when a document cannot be built; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
