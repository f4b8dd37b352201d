"""Work done within a time limit, here or in worker processes that die with the build."""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


class TimeLimitExceeded(BaseException):
    """Raised inside a document's work when it runs out of time; a BaseException so that no
    library's `except Exception` swallows it."""


RETRY_EXPIRY = 1.0
"""Seconds between the repeats of an expired time limit's signal."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Stop the work inside after `seconds` (wall clock); no limit off the main thread."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    # Again every second after the first: an exception raised while Python runs a garbage
    # collector callback or a finaliser is printed and dropped, not raised where the work is.
    signal.setitimer(signal.ITIMER_REAL, seconds, RETRY_EXPIRY)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def mapped(
    work: Callable[[In, float | None], Out], items: list[In], jobs: int, limit: float | None
) -> Iterator[Out]:
    """`work(item, limit)` for each item, in order: here, or in `jobs` worker processes."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield work(item, limit)
        return
    # Forked workers start with the modules the caller loaded (the pipeline loads the writers
    # first), and keep fonts, compiled templates and WeasyPrint's font configuration from one
    # document to the next.
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        min(jobs, len(items)),
        mp_context=context,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        yield from pool.map(work, items, itertools.repeat(limit))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def die_with_parent(parent: int) -> None:
    """A worker ends when the build that started it ends, even by `kill -9`: an orphan would
    hold memory and files for a build nobody waits for."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: watch the parent instead
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent was gone before the line above ran
        os._exit(1)


PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
