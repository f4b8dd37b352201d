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
"""Seconds between the repeats of an expired time limit: an exception raised while Python runs
a garbage-collector callback or a finaliser is printed and dropped, not raised where the work is."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Stop the work inside after `seconds` (wall clock), in whatever thread it runs.

    A watcher thread raises TimeLimitExceeded in the working thread (CPython's
    PyThreadState_SetAsyncExc) rather than a SIGALRM handler, which only the main thread of
    a process can have: the Python API is called from web servers' and notebooks' threads.
    Like a signal handler, it takes effect between two Python steps; a call into a C library
    ends first."""
    if not seconds:
        yield
        return
    watch = _Watch(threading.get_ident())
    threading.Thread(target=watch.run, args=(seconds,), daemon=True, name="time-limit").start()
    try:
        yield
    finally:
        # The limit may go off on the way out, after the work: it then fires at most once a
        # second, so of two stops in a row one always runs whole and stops the watcher.
        try:
            watch.stop()
        finally:
            watch.stop()


class _Watch:
    """The watcher of one time limit, and the lock that keeps it from firing once stopped."""

    def __init__(self, thread: int) -> None:
        self.thread = thread
        self.lock = threading.Lock()
        self.stopped = threading.Event()

    def run(self, seconds: float) -> None:
        wait = seconds
        while not self.stopped.wait(wait):
            with self.lock:
                if self.stopped.is_set():
                    return
                _raise_in(self.thread, TimeLimitExceeded)
            wait = RETRY_EXPIRY

    def stop(self) -> None:
        with self.lock:
            self.stopped.set()
        _raise_in(self.thread, None)  # one set just before, not raised yet


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have `thread` raise `exception` at its next Python step; None takes back one pending."""
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), target)


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
