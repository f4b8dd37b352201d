"""Atomic writes: a temp file beside the target, then rename, so no half file ever shows."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

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


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """One build at a time per output folder: a second one waits for the first to finish."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


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
