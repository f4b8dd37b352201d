"""The engine's overhead per document (`make bench`): N generated documents built with
`--jobs 2` against `--scheduler local:2` (and with `--shared-out`) on this one machine, in
the same run, every format, each into a fresh folder, the order turned round from one round to
the next. Beside them the client's serial part, which no worker shares: a build with nothing
stale (discover, load from the cache, staleness) and a cold `factsheet check` (the loading of
a first build). docs/scaling.md quotes these figures; the bar is the Dask path within 15%.

The ratios are of the seconds the build reports (from its start, the cluster's start
included, to its summary line); the wall time adds Python's start and the imports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from collection_speed import SUMMARY, make_documents  # the same generated documents

from factsheet.fixity import sha256
from factsheet.output import write_atomic

BUILDS = ("--jobs 2", "--scheduler local:2", "--scheduler local:2 --shared-out")
BASELINE, DASK = BUILDS[0], BUILDS[1]
OWN_LINES = ("wrote ", "[", "built ", "checked:")
"""How factsheet's own stderr lines begin; any other line (Dask's, a warning) is shown."""


def factsheet(command: str, content: Path, *extra: str) -> tuple[float, float]:
    """(wall seconds, seconds it reports) of a real process; no --format: every format."""
    argv = [sys.executable, "-m", "factsheet", command, "--content", str(content), *extra]
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[2:])} failed:\n{done.stderr[-2000:]}")
    for line in done.stderr.splitlines():
        if line.strip() and not line.startswith(OWN_LINES):
            print(f"stderr of {command} {' '.join(extra)}: {line}", file=sys.stderr)
    return wall, float(SUMMARY.findall(done.stderr)[-1])


def written(out: Path) -> tuple[int, int]:
    """Bytes of the output folder's files: (all, the documents' own outputs alone)."""
    files = [path for path in out.rglob("*") if path.is_file()]
    records = {out / "manifest.json", out / ".lock"}
    outputs = [p for p in files if p not in records and ".cache" not in p.relative_to(out).parts]
    return sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in outputs)


def storing(out: Path, n: int) -> float:
    """Seconds per document the client spends storing what workers send: each output written
    atomically (fsync, rename) and hashed for the manifest, as `store` does, into a new folder."""
    files = [p for p in out.glob("**/*") if p.is_file() and p.suffix in (".pdf", ".epub", ".html")]
    data = [(path.relative_to(out), path.read_bytes()) for path in files]
    copy = out.parent / f"{out.name}-stored"
    started = time.perf_counter()
    for name, content in data:
        write_atomic(copy / name, content)
        sha256(content)
    seconds = time.perf_counter() - started
    shutil.rmtree(copy)
    return seconds / n


QUIET = {  # as factsheet's own local:N sets them (factsheet.cluster.QUIET_WORKERS)
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "500ms",
    "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL": "2s",
    "DASK_DISTRIBUTED__WORKER__MEMORY__MONITOR_INTERVAL": "500ms",
}


def client_cpu(content: Path, out: Path, *extra: str) -> tuple[float, float, float]:
    """(seconds the build reports, CPU seconds and peak MiB of the client process alone) of a
    build on a cluster of its own processes (`dask scheduler`, `dask worker --nworkers 2`): the
    client's serial part and memory, which the model for many machines needs."""
    dask = str(Path(sys.executable).parent / "dask")
    file = out.parent / "scheduler.json"
    quiet = {**os.environ, **QUIET}
    started = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(file)],
            env=quiet, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    ]  # fmt: skip
    try:
        while not file.is_file():
            time.sleep(0.1)
        address = json.loads(file.read_text())["address"]
        started.append(
            subprocess.Popen(
                [dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                env=quiet, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(2, timeout=120)
        argv = [sys.executable, "-m", "factsheet", "build", "--content", str(content)]
        argv += ["--out", str(out), "--scheduler", address, *extra]
        client = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stderr = client.stderr.read().decode()
        _, status, usage = os.wait4(client.pid, 0)  # this process's own figures, no other's
        client.returncode = os.waitstatus_to_exitcode(status)
        if client.returncode != 0:
            raise SystemExit(f"build on its own cluster failed:\n{stderr[-2000:]}")
        reported = float(SUMMARY.findall(stderr)[-1])
    finally:
        for process in started:
            process.kill()
            process.wait()
    return reported, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def processor() -> str:
    """The CPU's model name, which platform.processor() often leaves empty on Linux."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def row(name: str, runs: list[tuple[float, float]], n: int, baseline: float | None) -> str:
    """A table row of medians; per document and per second from the seconds reported."""
    wall = statistics.median(r[0] for r in runs)
    own = statistics.median(r[1] for r in runs)
    ratio = f"{own / baseline:.2f}" if baseline else "–"
    per = f"{1000 * own / n:.1f} ms | {n / own:.1f}" if own else "– | –"
    return f"| {name} | {wall:.2f} s | {own:.2f} s | {per} | {ratio} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds (default 1)")
    parser.add_argument(
        "--client-only", action="store_true", help="only the client's CPU on its own cluster"
    )
    parser.add_argument("--shared-out", action="store_true", help="with --client-only")
    args = parser.parse_args()
    n = args.count
    if args.client_only:
        with tempfile.TemporaryDirectory(prefix="factsheet-cluster-") as folder:
            make_documents(Path(folder) / "content", n)
            shared = ("--shared-out",) if args.shared_out else ()
            reported, cpu, peak = client_cpu(
                Path(folder) / "content", Path(folder) / "out", *shared
            )
        print(f"client CPU per document, on a cluster of its own processes: {1000 * cpu / n:.1f}"
              f" ms ({cpu:.1f} s of {reported:.1f} s, {n} documents); client's peak memory"
              f" {peak:.0f} MiB")  # fmt: skip
        return
    builds: dict[str, list[tuple[float, float]]] = {name: [] for name in BUILDS}
    noop: list[tuple[float, float]] = []
    check: list[tuple[float, float]] = []
    sizes: list[tuple[int, int]] = []
    stores: list[float] = []
    clients: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="factsheet-cluster-") as folder:
        work = Path(folder)
        content = work / "content"
        make_documents(content, n)
        for round_ in range(args.repeat):
            turn = round_ % len(BUILDS)  # each build goes first in turn
            for number, name in enumerate(BUILDS[turn:] + BUILDS[:turn]):
                out = work / f"out-{round_}-{number}"
                builds[name].append(factsheet("build", content, "--out", str(out), *name.split()))
                if name == BASELINE:  # again, nothing stale: the client's work alone
                    sizes.append(written(out))
                    stores.append(storing(out, n))
                    noop.append(factsheet("build", content, "--out", str(out), *name.split()))
                shutil.rmtree(out)
            check.append(factsheet("check", content))
            clients.append(client_cpu(content, work / f"out-{round_}-client"))

    baseline = statistics.median(r[1] for r in builds[BASELINE])
    total, outputs = max(sizes)
    print(f"## {n} documents, every format, {args.repeat} round(s), medians")
    print()
    print(
        f"{processor()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"factsheet {version('factsheet')}, distributed {version('distributed')}"
    )
    print()
    print("| run | wall | build reports | per document | documents/s | ratio to --jobs 2 |")
    print("|---|---|---|---|---|---|")
    for name, runs in builds.items():
        print(row(f"build {name}", runs, n, baseline))
    print(row("client alone: build, nothing stale", noop, n, None))
    print(row("client alone: check, cold", check, n, None))
    print()
    print(
        f"Written per document: {total / n:,.0f} bytes ({outputs / n:,.0f} of outputs, "
        f"{(total - outputs) / n:,.0f} of the cache and manifest the client keeps)"
    )
    print(f"Storing per document (write, fsync, rename, hash): {1000 * min(stores):.1f} ms")
    cpu = statistics.median(c[1] for c in clients)
    print(
        f"Client CPU per document, on a cluster of its own processes: {1000 * cpu / n:.1f} ms"
        f" (the build took {statistics.median(c[0] for c in clients):.1f} s); client's peak"
        f" memory {max(c[2] for c in clients):.0f} MiB"
    )
    dask = statistics.median(r[1] for r in builds[DASK])
    print(f"ratio scheduler/jobs: {dask / baseline:.2f}")


if __name__ == "__main__":
    main()
