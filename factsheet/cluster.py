"""Documents rendered on a Dask cluster (`--scheduler`): the one module that speaks to
dask.distributed. The pipeline gives it products and gets (product, rendered) pairs back, as
they finish, as it does from its own worker processes.

Dask schedules, retries the documents of a worker that dies on the others, and moves the
bytes; what a build promises (the cache, the manifest, atomic writes, one line per problem)
stays with the pipeline on this machine.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factsheet.errors import Problem
from factsheet.products import Product, Rendered
from factsheet.run import ClusterError

CONNECT_TIMEOUT = 10
"""Seconds to reach a scheduler, and for a first worker to join it."""

Work = Callable[[Product, "float | None"], Rendered]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What makes a worker's files the same bytes as this machine's: the versions of the tools,
    the fonts fontconfig finds, and the templates and files of the project it reads."""

    values: tuple[tuple[str, str], ...]

    def with_files(self, sample: tuple[Path, ...]) -> Fingerprint:
        """With the digest of project files the workers must read alike."""
        if not sample:
            return self
        return Fingerprint((*self.values, ("project files", _files_digest(sample))))

    def differences(self, other: Fingerprint) -> list[str]:
        """What `other` (a worker's) has otherwise than this one, as "name here … there …"."""
        mine, theirs = dict(self.values), dict(other.values)
        return [
            f"{name} {_short(mine.get(name))} here, {_short(theirs.get(name))} there"
            for name in mine
            if mine.get(name) != theirs.get(name)
        ]


def _short(value: str | None) -> str:
    if value is None:
        return "(none)"
    return value[:12] if len(value) == 64 else value  # a SHA-256 by its first characters


class WorkerDiffers(Exception):
    """Raised by a document's task on a worker unlike the client (one that joined late)."""


def fingerprint(templates: Path | None, sample: tuple[Path, ...] = ()) -> Fingerprint:
    """This process's fingerprint; `sample`: project files whose bytes it must read alike."""
    from factsheet import fonts
    from factsheet.fixity import TemplateFiles, tool_versions
    from factsheet.templates import environment
    from factsheet.writers import COLLECTION_WRITERS, WRITERS, prepare

    prepare(tuple(WRITERS))  # the rendering libraries load now, before the first document
    declared = [*WRITERS.values(), *COLLECTION_WRITERS.values()]
    names = tuple(sorted({name for fmt in declared for name in fmt.templates}))
    styles = tuple(sorted({name for fmt in declared for name in fmt.styles}))
    values = {
        **tool_versions(),
        "fonts": fonts.installed_digest(),
        "templates": TemplateFiles(environment(templates)).digest(names, styles),
    }
    return Fingerprint(tuple(values.items())).with_files(sample)


def _files_digest(paths: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        try:
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
        except OSError:
            return f"unreadable ({path})"
    return digest.hexdigest()


@functools.cache
def _own_fingerprint(templates: Path | None) -> Fingerprint:
    return fingerprint(templates)


def _checked(
    work: Work, expected: Fingerprint, templates: Path | None, product: Product, limit: float | None
) -> Rendered:
    """A document's task: refused on a worker unlike the client, else `work`."""
    differences = expected.differences(_own_fingerprint(templates))
    if differences:
        from distributed import get_worker

        raise WorkerDiffers(_unlike(get_worker().address, differences))
    return work(product, limit)


def _unlike(worker: str, differences: list[str]) -> str:
    return (
        f"the worker {worker} differs from this machine: {'; '.join(differences)};"
        " every worker needs the same factsheet, WeasyPrint, fonts and project files,"
        " or the files it makes differ (docs/scaling.md)"
    )


@contextlib.contextmanager
def session(address: str, templates: Path | None, sample: tuple[Path, ...]) -> Iterator[Cluster]:
    """A connection to the cluster at `address` (local:N: N worker processes started here),
    its workers checked against this machine; closed, and a local one stopped, on the way out."""
    from distributed import Client

    quiet = logging.getLogger("distributed")
    level = quiet.level
    # Dask's own log lines (a worker restarted, a reconnection tried) are not the build's
    # report: what matters of them reaches the user as one line from here.
    quiet.setLevel(logging.CRITICAL)
    with contextlib.ExitStack() as stack:
        stack.callback(quiet.setLevel, level)
        try:
            if address.startswith("local:"):
                local = stack.enter_context(_local(int(address.removeprefix("local:"))))
                client = Client(local)
            else:
                client = Client(address, timeout=CONNECT_TIMEOUT)
            stack.callback(client.close)
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise ClusterError(_unreachable(address, error)) from None
        here = fingerprint(templates)
        _check_workers(client, address, here.with_files(sample), templates, sample)
        yield Cluster(client, address, here, templates)


QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "500ms",
}
"""A local cluster's workers without what only a dashboard shows (a profiler sampling every
10 ms, a watchdog every 20 ms): on a machine whose cores all render, each takes from the
documents. docs/scaling.md gives them for `dask worker` too."""


@contextlib.contextmanager
def _local(workers: int) -> Iterator[object]:
    """N worker processes here, reached on the loopback only: a scheduler takes pickles, which
    no other machine may send it (its status page, too, on a port of its own)."""
    import dask
    from distributed import LocalCluster

    try:
        with dask.config.set(QUIET_WORKERS):  # the nannies hand it to the workers they start
            local = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.CRITICAL,
            )
    except RuntimeError as error:  # a worker process that could not start
        cause = error.__cause__ or error
        raise ClusterError(
            f"cannot start {workers} worker processes here: {type(cause).__name__}: {cause}"
        ) from None
    with local:
        yield local


def _unreachable(address: str, error: BaseException) -> str:
    if isinstance(error, TimeoutError) and "worker" in str(error).lower():
        reason = f"no worker joined it in {CONNECT_TIMEOUT} s; start `dask worker {address}`"
    else:
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return f"cannot build on the Dask scheduler at {address}: {reason}"


def _check_workers(
    client, address: str, here: Fingerprint, templates: Path | None, sample: tuple[Path, ...]
) -> None:
    """Stop before the first document when a worker is unlike this machine, naming it."""
    try:
        theirs = client.run(fingerprint, templates, sample, on_error="return")
    except (OSError, TimeoutError) as error:
        raise ClusterError(_lost(address, error)) from None
    for worker, found in sorted(theirs.items()):
        if isinstance(found, BaseException):
            raise ClusterError(
                f"the worker {worker} cannot run factsheet: {type(found).__name__}: {found};"
                " install the same factsheet on every worker (docs/scaling.md)"
            )
        if differences := here.differences(found):
            raise ClusterError(_unlike(worker, differences))


@dataclass
class Cluster:
    """A connected, checked cluster: products in, (product, rendered) out as each finishes."""

    client: object
    address: str
    expected: Fingerprint
    templates: Path | None

    def rendered(
        self, work: Work, products: list[Product], limit: float | None
    ) -> Iterator[tuple[Product, Rendered]]:
        """Each product's files as it finishes. A few documents per worker thread are sent at a
        time, not all: a hundred thousand jobs would sit in the scheduler's memory."""
        from distributed import as_completed

        task = functools.partial(_checked, work, self.expected, self.templates)
        waiting = iter(products)
        running: dict[str, tuple[Product, object]] = {}
        finished = as_completed()

        def send(count: int) -> None:
            for product in itertools.islice(waiting, count):
                future = self.client.submit(task, product, limit=limit, pure=False)
                running[future.key] = (product, future)
                finished.add(future)

        try:
            send(self._window())
            for done, future in enumerate(finished, 1):
                product, _ = running.pop(future.key)
                yield product, self._outcome(future, product)
                future.release()
                send(self._window() - len(running) if done % 64 == 0 else 1)
        except (OSError, TimeoutError) as error:
            raise ClusterError(_lost(self.address, error)) from None
        finally:  # a build that stops leaves no work behind on a cluster it still reaches
            if running:
                with contextlib.suppress(OSError, TimeoutError):
                    self.client.cancel([future for _, future in running.values()])

    def _window(self) -> int:
        """Documents in flight: two per worker thread (workers may join while it runs)."""
        threads = sum(self.client.nthreads().values())
        return max(2 * threads, 4)

    def _outcome(self, future, product: Product) -> Rendered:
        """The rendered files, or why the document failed; the cluster's own failures raised."""
        from distributed import KilledWorker

        if future.status == "cancelled":
            raise ClusterError(_lost(self.address, None))
        if future.status == "error":
            error = future.exception()
            if isinstance(error, WorkerDiffers):
                raise ClusterError(str(error))
            if isinstance(error, KilledWorker):
                return Rendered(None, (_killed(product.path),))
            raise error
        return future.result()


def _killed(path: Path) -> Problem:
    message = (
        "every worker that built it died (out of memory, or a crash in a library), as many"
        " times as the scheduler allows; the other documents are built"
    )
    return Problem(path, 1, 1, "(document)", message)


def _lost(address: str, error: BaseException | None) -> str:
    why = f" ({type(error).__name__}: {error})" if error is not None and str(error) else ""
    return (
        f"lost the Dask scheduler at {address}{why}; the files written so far are kept and"
        " listed in the manifest: build again to make the rest"
    )
