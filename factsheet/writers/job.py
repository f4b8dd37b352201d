"""What every writer gets: one document and the settings of this build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2

from factsheet.model import Document


@dataclass(frozen=True, slots=True)
class Job:
    document: Document
    env: jinja2.Environment
    root: Path
    """The project folder; nothing outside it is read."""
    when: dt.datetime
    """The document's date for metadata: never the clock, so builds are reproducible."""
