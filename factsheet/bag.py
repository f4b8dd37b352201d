"""Archive packages as BagIt bags (RFC 8493): `factsheet archive` and `factsheet verify`.

`verify` treats a bag as untrusted input: it looks at what each name is before opening it
(only regular files are read, so a FIFO cannot make it hang, and a symlink cannot point it
outside the bag), and it checks every payload file against both the SHA-256 and the SHA-512
manifest that factsheet writes, before asking bagit-python for the rest of RFC 8493.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import urllib.parse
from pathlib import Path

import bagit

from factsheet import __version__
from factsheet.extract import shown

CHECKSUMS = ("sha256", "sha512")
AGENT = "factsheet"
"""How `Bag-Software-Agent` in bag-info.txt starts in every bag factsheet makes."""
TAG_FILES = (
    "bagit.txt",
    "bag-info.txt",
    *(f"manifest-{a}.txt" for a in CHECKSUMS),
    *(f"tagmanifest-{a}.txt" for a in CHECKSUMS),
)
"""The files around the payload of a bag factsheet makes, and nothing else."""
_CHUNK = 1 << 20


class BagError(Exception):
    """A bag that cannot be made where it was asked for; the message says why."""


def make_bag(files: dict[str, Path], target: Path, when: dt.datetime, title: str) -> Path:
    """Copy `files` (name in the bag -> file) into a new bag at `target`, replacing an old bag
    of factsheet's only once the new one is complete; anything else at `target` is refused."""
    refuse_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    old: Path | None = None
    try:
        for name, source in sorted(files.items()):
            destination = staging / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
        with _quiet_bagit():
            bagit.make_bag(
                str(staging),
                bag_info={
                    "Bagging-Date": when.date().isoformat(),
                    "External-Description": title,
                    "Bag-Software-Agent": f"{AGENT} {__version__} with bagit-python",
                },
                processes=1,
                checksums=list(CHECKSUMS),
            )
        staging.chmod(0o755)
        if target.exists():
            refuse_target(target)  # checked again: it may have changed while we copied
            # A fresh name of our own, so that nothing already there is ever removed.
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old."))
            target.rename(old)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not target.exists():
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old)
    return target


def refuse_target(target: Path) -> None:
    """Raise BagError unless `target` is free, or is a bag factsheet made and nothing more."""
    if target.is_symlink():
        raise BagError(f"{target} is a symbolic link; give a new folder or an old bag")
    if not target.exists():
        return
    if not target.is_dir():
        raise BagError(f"{target} is a file; give a new folder or an old bag")
    if not _made_by_factsheet(target):
        raise BagError(
            f"{target} exists and is not a bag made by factsheet; give a new folder"
            " (nothing was changed)"
        )
    if problems := _foreign_files(target):
        raise BagError(
            f"{target} holds files that are not part of the bag ({problems[0]}); move them"
            " away or give a new folder (nothing was changed)"
        )


def _made_by_factsheet(folder: Path) -> bool:
    info = folder / "bag-info.txt"
    if not (folder / "bagit.txt").is_file() or info.is_symlink() or not info.is_file():
        return False
    try:
        text = info.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.startswith(f"Bag-Software-Agent: {AGENT} ") for line in text.splitlines())


def _foreign_files(folder: Path) -> list[str]:
    """Files of `folder` that its manifests do not list: someone else put them there."""
    listed = set(TAG_FILES)
    for algorithm in CHECKSUMS:
        entries, _ = _read_manifest(folder, f"manifest-{algorithm}.txt")
        listed.update(entries)
    found = []
    for name, kind in _walk(folder):
        if kind != "folder" and (kind != "file" or name not in listed):
            found.append(shown(name))
    return found


def verify_bag(path: Path) -> list[str]:
    """Every problem with the bag at `path`, one line each, naming the files; [] when whole."""
    if path.is_symlink() or not path.is_dir():
        return [f"{shown(str(path))}: not a bag (no such folder)"]
    names = _walk(path)
    problems = [
        f"{shown(name)}: {kind}; a bag holds only regular files"
        for name, kind in names
        if kind not in ("file", "folder")
    ]
    present = {name for name, kind in names if kind == "file"}
    problems += [
        f"{name}: missing; factsheet writes it in every bag"
        for name in TAG_FILES
        if name not in present and name not in dict(names)
    ]
    if not problems:
        problems += _declaration(path)
        manifests = {}
        for algorithm in CHECKSUMS:
            for kind in ("manifest", "tagmanifest"):
                entries, errors = _read_manifest(path, f"{kind}-{algorithm}.txt")
                manifests[kind, algorithm] = entries
                problems += errors
    if not problems:
        problems += _compare(path, present, manifests)
    if not problems:
        problems += _bagit_validation(path)
    return [f"{shown(str(path))}: {line}" for line in problems]


def _walk(folder: Path) -> list[tuple[str, str]]:
    """Every name under `folder` with what it is, without following a link or opening a file."""
    found = []
    for directory, folders, files in os.walk(folder):
        for name in folders + files:
            entry = Path(directory) / name
            found.append((entry.relative_to(folder).as_posix(), _kind(entry.lstat().st_mode)))
    return sorted(found)


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    return "a device or socket"


def _declaration(path: Path) -> list[str]:
    try:
        lines = (path / "bagit.txt").read_bytes().decode("utf-8").splitlines()
    except UnicodeDecodeError:
        lines = []
    fields = dict(line.split(": ", 1) for line in lines if ": " in line)
    if (
        len(lines) != 2
        or fields.get("BagIt-Version") not in ("0.97", "1.0")
        or fields.get("Tag-File-Character-Encoding") != "UTF-8"
    ):
        return ["bagit.txt: not a BagIt declaration (BagIt-Version, Tag-File-Character-Encoding)"]
    return []


def _read_manifest(folder: Path, name: str) -> tuple[dict[str, str], list[str]]:
    """The manifest's entries (path -> hash), and its problems, one line each."""
    file = folder / name
    if file.is_symlink() or not file.is_file():
        return {}, [f"{name}: missing"]
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return {}, [f"{name}: not UTF-8 text (byte {error.start})"]
    entries: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        digest, _, encoded = line.partition(" ")
        entry = urllib.parse.unquote(encoded.strip(), errors="strict") if encoded else ""
        parts = entry.split("/")
        if not digest or not entry or entry.startswith("/") or ".." in parts:
            problems.append(f"{name}:{number}: not a manifest line (hash, space, relative path)")
        elif entry in entries:
            problems.append(f"{name}:{number}: {shown(entry)} is listed twice")
        else:
            entries[entry] = digest.lower()
    return entries, problems


def _compare(path: Path, present: set[str], manifests: dict) -> list[str]:
    """Each file against every manifest that must list it: payload and tag files alike."""
    problems = []
    payload = {name for name in present if name.startswith("data/")}
    tags = {name for name in TAG_FILES if not name.startswith("tagmanifest-")}
    for kind, expected_names in (("manifest", payload), ("tagmanifest", tags)):
        listed = set().union(*(manifests[kind, a].keys() for a in CHECKSUMS))
        for name in sorted(listed | expected_names):
            if name not in present:
                problems.append(f"{shown(name)}: missing")
                continue
            unlisted = [a for a in CHECKSUMS if name not in manifests[kind, a]]
            if unlisted:
                problems.append(f"{shown(name)}: not listed in {kind}-{unlisted[0]}.txt")
                continue
            actual = _hashes(path / name)
            for algorithm in CHECKSUMS:
                if actual[algorithm] != manifests[kind, algorithm][name]:
                    problems.append(f"{shown(name)}: changed ({algorithm} does not match)")
                    break
    for name in sorted(present - payload - set(TAG_FILES)):
        problems.append(f"{shown(name)}: not part of the bag (outside data/, not a tag file)")
    return problems


def _hashes(file: Path) -> dict[str, str]:
    digests = {algorithm: hashlib.new(algorithm) for algorithm in CHECKSUMS}
    with file.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            for digest in digests.values():
                digest.update(chunk)
    return {algorithm: digest.hexdigest() for algorithm, digest in digests.items()}


def _bagit_validation(path: Path) -> list[str]:
    """What bagit-python finds beyond our checks (Payload-Oxum, RFC details), as one line."""
    try:
        with _quiet_bagit():
            bagit.Bag(str(path)).validate(processes=1)
    except (bagit.BagError, bagit.BagValidationError, UnicodeError, ValueError) as error:
        return [f"not a valid bag ({shown(str(getattr(error, 'message', error)))})"]
    return []


@contextlib.contextmanager
def _quiet_bagit():
    """bagit logs each step and failure to stderr; we report ourselves, one line each."""
    logger = logging.getLogger("bagit")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)
