"""Documents rendered on a Dask cluster (`--scheduler`): the one module that speaks to
dask.distributed. The pipeline gives it products and gets (product, rendered) pairs back, as
they finish, as it does from its own worker processes.

Dask schedules, retries the documents of a worker that dies on the others, and moves the
bytes; what a build promises (the cache, the manifest, atomic writes, one line per problem)
stays with the pipeline on this machine.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import hashlib
import itertools
import logging
import secrets
import threading
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
    """A worker's fingerprint, made once: at the check before the build, then read by each
    of its documents."""
    return fingerprint(templates)


def _worker_fingerprint(templates: Path | None, sample: tuple[Path, ...]) -> Fingerprint:
    return _own_fingerprint(templates).with_files(sample)


def _render_if_alike(
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
def session(
    address: str, templates: Path | None, sample: tuple[Path, ...], shared: Path | None = None
) -> Iterator[Cluster]:
    """A connection to the cluster at `address` (local:N: N worker processes started here),
    its workers checked against this machine, and against `shared`, the output folder they
    write into themselves; closed, and a local one stopped, on the way out."""
    from distributed import Client
    from distributed.security import Security

    if address.startswith(("tls://", "wss://")) and (
        Security().get_connection_args("client")["ssl_context"] is None
    ):
        raise ClusterError(
            f"cannot build on the Dask scheduler at {address}: an encrypted address needs Dask's"
            " TLS settings (distributed.comm.tls: ca-file, and the client's cert and key) in"
            " its configuration (docs/scaling.md)"
        )
    with contextlib.ExitStack() as stack:
        stack.enter_context(_quiet_logs())
        try:
            if address.startswith("local:"):
                local = stack.enter_context(_local(int(address.removeprefix("local:"))))
                client = Client(local, set_as_default=False)
            else:
                client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
            stack.callback(client.close)
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterError(_unreachable(address, error)) from None
        here = fingerprint(templates)
        _check_workers(client, address, here.with_files(sample), templates, sample)
        if shared is not None:
            _check_shared(client, address, shared)
        yield Cluster(client, address, here, templates)


_LOGS = threading.Lock()
_quieted = [0, logging.NOTSET]
"""How many builds have Dask's log quiet now, and its level before the first."""


@contextlib.contextmanager
def _quiet_logs() -> Iterator[None]:
    """Dask's own log lines (a worker restarted, a reconnection tried) are not the build's
    report: what matters of them reaches the user as one line from here. Builds in several
    threads share the logger: the last to end puts its level back."""
    logger = logging.getLogger("distributed")
    with _LOGS:
        if _quieted[0] == 0:
            _quieted[1] = logger.level
            logger.setLevel(logging.CRITICAL)
        _quieted[0] += 1
    try:
        yield
    finally:
        with _LOGS:
            _quieted[0] -= 1
            if _quieted[0] == 0:
                logger.setLevel(_quieted[1])


def _check_shared(client, address: str, out: Path) -> None:
    """With --shared-out, every worker must see this output folder: a token written here is
    read there, or a worker's files would land in a folder of its own that nobody keeps."""
    from factsheet.output import write_atomic

    token = secrets.token_hex(16)
    path = out / f".shared-{token}"
    write_atomic(path, token.encode())
    try:
        seen = client.run(_read_token, path, on_error="return")
    except (OSError, TimeoutError) as error:
        raise ClusterError(_lost(address, error)) from None
    finally:
        path.unlink(missing_ok=True)
    for worker, text in sorted(seen.items()):
        if text != token:
            raise ClusterError(
                f"the worker {worker} does not see the output folder {out} that --shared-out"
                " declares shared by every worker; mount it at the same path there, or leave"
                " out --shared-out"
            )


def _read_token(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None


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
        theirs = client.run(_worker_fingerprint, templates, sample, on_error="return")
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
        time, not all: a hundred thousand jobs would sit in the scheduler's memory, and two
        per thread keep every worker busy while the client stores what came back."""
        from distributed import as_completed

        task = functools.partial(_render_if_alike, work, self.expected, self.templates)
        waiting = iter(products)
        running: dict[str, tuple[Product, object]] = {}
        finished = as_completed(loop=self.client.loop)

        def send(count: int) -> None:
            with self._asking():
                for product in itertools.islice(waiting, max(count, 0)):
                    future = self.client.submit(task, product, limit=limit, pure=False)
                    running[future.key] = (product, future)
                    finished.add(future)

        try:
            window = self._window()
            send(window)
            for done, future in enumerate(finished, 1):
                product, _ = running.pop(future.key)
                yield product, self._outcome(future, product)
                future.release()
                if done % 64 == 0:  # workers may have joined or left
                    window = self._window()
                send(window - len(running))
        finally:  # a build that stops leaves no work behind on a cluster it still reaches
            if running:
                with contextlib.suppress(OSError, TimeoutError):
                    self.client.cancel([future for _, future in running.values()])

    def _window(self) -> int:
        """Documents in flight: two per worker thread."""
        with self._asking():
            return max(2 * sum(self.client.nthreads().values()), 4)

    @contextlib.contextmanager
    def _asking(self) -> Iterator[None]:
        """A call to the scheduler: a connection that fails is the cluster lost."""
        try:
            yield
        except (OSError, TimeoutError) as error:
            raise ClusterError(_lost(self.address, error)) from None

    def _outcome(self, future, product: Product) -> Rendered:
        """The rendered files, or why the document failed; the cluster's own failures raised,
        and a task's own exception as it would be raised here."""
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
        try:
            with self._asking():
                return future.result()
        # The scheduler went while the files were on their way here.
        except concurrent.futures.CancelledError:
            raise ClusterError(_lost(self.address, None)) from None


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
