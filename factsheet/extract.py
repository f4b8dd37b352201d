"""Get back from an archival PDF the files it was made from (`factsheet extract`).

An archival PDF may come from anywhere, so everything it carries is untrusted: names are
checked before anything is written, sizes are bounded while decompressing, and the files go
into a folder of their own that did not exist before, which appears only once it is whole.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pikepdf

MAX_FILE = 100_000_000
"""Bytes one extracted file may have once decompressed: a large photograph, not a disk."""
MAX_TOTAL = 500_000_000
"""Bytes all the files of one PDF may have together."""
MAX_DEPTH = 8
"""Folders deep a name may go: content folders are shallow."""
SUFFIXES = frozenset(".md .json .png .jpg .jpeg .gif .svg .webp .avif .bmp .tif .tiff".split())
"""What factsheet embeds: Markdown, its data as JSON, and images."""
_CHUNK = 1 << 20


class ExtractError(Exception):
    """The file is not a PDF, or carries nothing factsheet can give back, or carries something
    it will not write; nothing has been written."""


@dataclass(frozen=True, slots=True)
class Extracted:
    path: Path
    relationship: str
    size: int


def default_folder(pdf_path: Path) -> Path:
    """`<name>.extracted` in the current folder: a folder of its own for every PDF."""
    return Path(f"{pdf_path.stem}.extracted")


def extract(pdf_path: Path, out: Path) -> list[Extracted]:
    """Write every associated file of `pdf_path` into the new folder `out`, with its date."""
    if out.exists() or out.is_symlink():
        raise ExtractError(
            f"{shown(str(out))} already exists; extract into a folder that does not exist yet"
        )
    try:
        pdf = pikepdf.open(pdf_path)
    except (pikepdf.PdfError, OSError) as error:
        raise ExtractError(f"{pdf_path}: not a readable PDF ({error})") from None
    with pdf:
        specs = list(pdf.Root.get("/AF", []))
        if not specs:
            raise ExtractError(f"{pdf_path}: carries no associated files (not an archival PDF?)")
        entries = [_entry(spec, pdf_path) for spec in specs]
        _refuse_duplicates([name for name, _ in entries], pdf_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
        try:
            written = _write_all(entries, staging, out, pdf_path)
            staging.chmod(0o755)
            if out.exists() or out.is_symlink():
                raise ExtractError(f"{shown(str(out))} appeared while extracting; nothing written")
            staging.rename(out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return written


def _entry(spec: pikepdf.Object, pdf_path: Path) -> tuple[PurePosixPath, pikepdf.Object]:
    try:
        name = str(spec.get("/UF", spec.get("/F", "")))
        spec.EF.F  # noqa: B018 - a file specification without an embedded file is refused
    except (AttributeError, KeyError, TypeError, ValueError, pikepdf.PdfError):
        message = f"{pdf_path}: an associated file is not embedded; nothing written"
        raise ExtractError(message) from None
    return _plain(name, pdf_path), spec


def _plain(name: str, pdf_path: Path) -> PurePosixPath:
    """The name as a relative path of plain parts, such as factsheet itself writes."""

    def refuse(reason: str) -> ExtractError:
        return ExtractError(f"{pdf_path}: refusing an attachment named {shown(name)}: {reason}")

    if not name:
        raise refuse("it has no name")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise refuse("control or invisible characters")
    if "\\" in name or ":" in name:
        raise refuse("only plain relative names, with / between folders")
    path = PurePosixPath(name)
    if path.is_absolute() or name != path.as_posix():
        raise refuse("only plain relative names, with / between folders")
    if any(part in (".", "..") or part.startswith(".") for part in path.parts):
        raise refuse("no part may start with a dot")
    if len(path.parts) > MAX_DEPTH or any(len(part.encode()) > 255 for part in path.parts):
        raise refuse("too deep or too long")
    if path.suffix.lower() not in SUFFIXES:
        raise refuse("factsheet embeds only Markdown, its JSON data and images")
    return path


def _refuse_duplicates(names: list[PurePosixPath], pdf_path: Path) -> None:
    """Two names for one file (or for a file and a folder) would overwrite each other."""
    seen: dict[str, PurePosixPath] = {}
    folders = {
        unicodedata.normalize("NFC", str(parent)).casefold()
        for name in names
        for parent in name.parents
        if str(parent) != "."
    }
    for name in names:
        key = unicodedata.normalize("NFC", str(name)).casefold()
        if key in seen or key in folders:
            raise ExtractError(
                f"{pdf_path}: refusing a second attachment named {shown(str(name))};"
                " nothing written"
            )
        seen[key] = name


def _write_all(
    entries: list[tuple[PurePosixPath, pikepdf.Object]], staging: Path, out: Path, pdf_path: Path
) -> list[Extracted]:
    written: list[Extracted] = []
    total = 0
    for name, spec in entries:
        stream = spec.EF.F
        target = staging.joinpath(*name.parts)
        for folder in reversed(target.relative_to(staging).parents[:-1]):
            (staging / folder).mkdir(exist_ok=True)
        size = _write_stream(stream, target, MAX_TOTAL - total, name, pdf_path)
        total += size
        modified = _date(stream.get("/Params", {}).get("/ModDate"))
        if modified is not None:
            os.utime(target, (modified.timestamp(), modified.timestamp()), follow_symlinks=False)
        relationship = str(spec.get("/AFRelationship", "/Unspecified")).lstrip("/")
        written.append(Extracted(out.joinpath(*name.parts), relationship, size))
    return written


def _write_stream(
    stream: pikepdf.Object, target: Path, room: int, name: PurePosixPath, pdf_path: Path
) -> int:
    """Decompress into a new file (never through a link, never over a file), within bounds."""
    limit = min(MAX_FILE, room)
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
    if [str(f) for f in filters] not in ([], ["/FlateDecode"]) or "/DecodeParms" in stream:
        raise ExtractError(
            f"{pdf_path}: {shown(str(name))} is stored with {filters}; factsheet writes only"
            " FlateDecode; nothing written"
        )
    raw = stream.read_raw_bytes()
    inflate = zlib.decompressobj() if filters else None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    size = 0
    with os.fdopen(os.open(target, flags, 0o644), "wb") as output:
        for start in range(0, len(raw), _CHUNK):
            chunk = raw[start : start + _CHUNK]
            if inflate is not None:
                try:
                    chunk = inflate.decompress(chunk, limit + 1 - size)
                except zlib.error as error:
                    raise ExtractError(
                        f"{pdf_path}: {shown(str(name))} is damaged ({error}); nothing written"
                    ) from None
            size += len(chunk)
            if size > limit:
                what = "the total for one PDF" if limit < MAX_FILE else "the limit for one file"
                raise ExtractError(
                    f"{pdf_path}: {shown(str(name))} is larger than {limit:,} bytes"
                    f" ({what}); nothing written"
                )
            output.write(chunk)
    return size


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """A name as it can be printed: control and direction characters escaped, so that a crafted
    name cannot forge a line of output."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


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
