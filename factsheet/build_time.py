"""The time a build writes into a document's outputs: never the clock, so that builds are
reproducible (SOURCE_DATE_EPOCH, the content's `updated` date, or the file's own time)."""

from __future__ import annotations

import datetime as dt
import os
import re

from factsheet.dates import FIRST_DAY, LAST_DAY
from factsheet.model import Document
from factsheet.run import UsageError


def document_time(document: Document) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the content's `updated` date, else the file's own time."""
    if (epoch := source_date_epoch()) is not None:
        return epoch
    if document.meta.updated:
        return dt.datetime.combine(document.meta.updated, dt.time(), dt.UTC)
    # A file's time is no field to correct: one no e-book can carry (1970 in a Nix store, say)
    # is moved to the nearest it can.
    seconds = min(max(int(document.path.stat().st_mtime), FIRST_SECOND), LAST_SECOND)
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


FIRST_SECOND = int(dt.datetime.combine(FIRST_DAY, dt.time(), dt.UTC).timestamp())
LAST_SECOND = int(dt.datetime.combine(LAST_DAY, dt.time.max, dt.UTC).timestamp())


def source_date_epoch() -> dt.datetime | None:
    """The time SOURCE_DATE_EPOCH sets, if any; a value no output can carry is a usage error."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not (re.fullmatch(r"[0-9]{1,12}", text) and FIRST_SECOND <= int(text) <= LAST_SECOND):
        raise UsageError(
            f"SOURCE_DATE_EPOCH: expected whole seconds since 1970 from {FIRST_SECOND}"
            f" ({FIRST_DAY}) to {LAST_SECOND} ({LAST_DAY}), got {text[:40]!r}"
        )
    return dt.datetime.fromtimestamp(int(text), dt.UTC)
