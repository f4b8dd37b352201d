"""Atomic writes: a temp file beside the target, then rename, so no half file ever shows."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".tmp"


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step; on any failure the old file stays as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # The process id in the name lets a later build remove what a killed one left behind.
    prefix = f".{target.name}.{os.getpid()}."
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=TEMP_SUFFIX)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temp files that builds killed without a chance to clean up (kill -9) left."""
    removed = []
    if not folder.is_dir():
        return removed
    for temp in folder.rglob(f".*{TEMP_SUFFIX}"):
        pid = _pid_of(temp.name)
        if pid is not None and pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
                removed.append(temp)
    return removed


LOCK_NAME = ".lock"


@contextlib.contextmanager
def build_lock(folder: Path, tell: Callable[[str], None]) -> Iterator[None]:
    """One build at a time per output folder: a second one waits for the first to finish.

    A POSIX record lock belongs to the process that took it: forked workers do not inherit it,
    and the kernel releases it when that process ends, however it ends. The file names the
    holder, so that a waiting build can say whom it waits for, and a build that finds the name
    of a process that no longer runs says that it takes over."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(handle, "r+b") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as busy:
            if busy.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            tell(f"{path}: waiting for the build in process {_holder(lock) or '?'} to finish")
            fcntl.lockf(lock, fcntl.LOCK_EX)
        holder = _holder(lock)
        if holder is not None and holder != os.getpid() and not _alive(holder):
            tell(f"{path}: the build in process {holder} was stopped before it ended; taking over")
        _name_holder(lock, f"{os.getpid()}\n")
        try:
            yield
        finally:
            _name_holder(lock, "")
            fcntl.lockf(lock, fcntl.LOCK_UN)


def _holder(lock: BinaryIO) -> int | None:
    lock.seek(0)
    text = lock.read(32).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _name_holder(lock: BinaryIO, text: str) -> None:
    lock.seek(0)
    lock.truncate()
    lock.write(text.encode())
    lock.flush()


def _pid_of(name: str) -> int | None:
    parts = name.split(".")
    # .<target name>.<pid>.<random>.tmp: the pid is third from the end.
    if len(parts) >= 4 and parts[-3].isdigit():
        return int(parts[-3])
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
