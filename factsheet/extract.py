"""Get back from an archival PDF the files it was made from (`factsheet extract`)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pikepdf

from factsheet.output import write_atomic


class ExtractError(Exception):
    """The file is not a PDF, or carries nothing factsheet can give back."""


@dataclass(frozen=True, slots=True)
class Extracted:
    path: Path
    relationship: str
    size: int


def extract(pdf_path: Path, out: Path) -> list[Extracted]:
    """Write every associated file of `pdf_path` under `out`, by its name, with its date."""
    try:
        pdf = pikepdf.open(pdf_path)
    except (pikepdf.PdfError, OSError) as error:
        raise ExtractError(f"{pdf_path}: not a readable PDF ({error})") from None
    with pdf:
        specs = list(pdf.Root.get("/AF", []))
        if not specs:
            raise ExtractError(f"{pdf_path}: carries no associated files (not an archival PDF?)")
        written = []
        for spec in specs:
            name = str(spec.get("/UF", spec.get("/F", "")))
            target = out / _safe(name, pdf_path)
            stream = spec.EF.F
            data = stream.read_bytes()
            write_atomic(target, data)
            modified = _date(stream.get("/Params", {}).get("/ModDate"))
            if modified is not None:
                os.utime(target, (modified.timestamp(), modified.timestamp()))
            relationship = str(spec.get("/AFRelationship", "/Unspecified")).lstrip("/")
            written.append(Extracted(target, relationship, len(data)))
    return written


def _safe(name: str, pdf_path: Path) -> PurePosixPath:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise ExtractError(f"{pdf_path}: refusing to write an attachment named {name!r}")
    return path


def _date(value) -> dt.datetime | None:
    """A PDF date (D:YYYYMMDDHHmmSS...) as UTC; None when absent or unreadable."""
    if value is None:
        return None
    text = str(value).removeprefix("D:")
    digits = "".join(ch for ch in text[:14] if ch.isdigit())
    if len(digits) < 8:
        return None
    digits = digits.ljust(14, "0")
    try:
        return dt.datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
