"""Archive packages as BagIt bags (RFC 8493): `factsheet archive` and `factsheet verify`."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import shutil
import tempfile
from pathlib import Path

import bagit

from factsheet import __version__

CHECKSUMS = ("sha256", "sha512")


class BagError(Exception):
    """A bag that cannot be made, or one that does not verify; the message says which files."""


def make_bag(files: dict[str, Path], target: Path, when: dt.datetime, title: str) -> Path:
    """Copy `files` (name in the bag -> file) into a new bag at `target`, replacing any old one
    only once the new one is complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        for name, source in sorted(files.items()):
            destination = staging / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
        bagit.make_bag(
            str(staging),
            bag_info={
                "Bagging-Date": when.date().isoformat(),
                "External-Description": title,
                "Bag-Software-Agent": f"factsheet {__version__} with bagit-python",
            },
            processes=1,
            checksums=list(CHECKSUMS),
        )
        staging.chmod(0o755)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def verify_bag(path: Path) -> list[str]:
    """Every problem with the bag at `path`, one line each, naming the files; [] when whole."""
    try:
        bag = bagit.Bag(str(path))
        with _quiet_bagit():
            bag.validate(processes=1)
    except bagit.BagValidationError as error:
        # bagit stops at the first failed check (the payload size total) without naming files;
        # compare every file with the manifests ourselves so the message can.
        found = _changed_files(bag, path) or [str(error.message)]
        return [f"{path}: {line}" for line in found]
    except bagit.BagError as error:
        return [f"{path}: not a valid bag ({error})"]
    return []


@contextlib.contextmanager
def _quiet_bagit():
    """bagit logs each failed file to stderr; we report them ourselves, one line each."""
    logger = logging.getLogger("bagit")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _changed_files(bag: bagit.Bag, path: Path) -> list[str]:
    problems = []
    listed = set()
    for name, hashes in sorted(bag.entries.items()):
        listed.add(name)
        file = path / name
        if not file.is_file():
            problems.append(f"{name}: missing")
            continue
        for algorithm in sorted(hashes, key=lambda name: (name not in CHECKSUMS, name)):
            if hashlib.new(algorithm, file.read_bytes()).hexdigest() != hashes[algorithm]:
                problems.append(f"{name}: changed ({algorithm} does not match)")
                break
    for file in sorted((path / "data").rglob("*")):
        name = file.relative_to(path).as_posix()
        if file.is_file() and name not in listed:
            problems.append(f"{name}: not listed in the manifest")
    return problems
