"""Builds of many documents (`make bench`): cold, no-op, one change, peak memory, against pandoc.

N synthetic documents (200 by default) are made from the flagship, each with its own title,
slug and figures, so they are sized like it. Every factsheet build is a real `factsheet build`
process; the time "beyond start-up" is the one the command reports itself (from the start of
the build to its summary line), the wall time includes Python's start and the imports.

The peer is pandoc, from the pypandoc-binary package, making the same three outputs per
document: `pandoc doc.md -o doc.epub`, `pandoc doc.md --pdf-engine=weasyprint -o doc.pdf` and
`pandoc doc.md -s -o doc.html`, as many documents at a time as factsheet has workers.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "content" / "soviet-japanese-border-conflicts.md"
SUMMARY = re.compile(r"in (\d+(?:\.\d+)?)s$", re.MULTILINE)


def make_documents(content: Path, count: int) -> None:
    """`count` documents like the flagship, each with its own slug, title and figures."""
    text = FLAGSHIP.read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]+)\]\([a-z0-9-]+\.md\)", r"\1", text)  # no links to absent sheets
    content.mkdir(parents=True)
    for number in range(1, count + 1):
        body = text.replace(
            "title: Soviet–Japanese border conflicts", f"title: Border conflict study {number}", 1
        )
        (content / f"study-{number:04d}.md").write_text(body, encoding="utf-8")


def factsheet(content: Path, out: Path, *extra: str) -> tuple[float, float, int]:
    """(wall seconds, seconds the build reports, peak RSS in MiB of any of its processes)."""
    command = [sys.executable, "-m", "factsheet", "build", "--content", str(content)]
    command += ["--out", str(out), "--format", "pdf,epub,html", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"factsheet failed:\n{done.stderr[-2000:]}")
    reported = float(SUMMARY.findall(done.stderr)[-1])
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return wall, reported, round(peak)


def pandoc_route(pandoc: str, content: Path, out: Path, workers: int) -> float:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")

    def one(source: Path) -> None:
        stem = out / source.stem
        for args in (
            [f"-o{stem}.epub"],
            ["--pdf-engine=weasyprint", f"-o{stem}.pdf"],
            ["-s", f"-o{stem}.html"],
        ):
            subprocess.run([pandoc, str(source), *args], check=True, env=env, capture_output=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, sorted(content.glob("*.md"))))
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200, help="how many (default 200)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (default 3)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-pandoc", action="store_true", help="skip the pandoc route")
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)]

    with tempfile.TemporaryDirectory(prefix="factsheet-bench-") as folder:
        work = Path(folder)
        content = work / "content"
        make_documents(content, args.documents)
        # The peak memory counter only grows, so the small build goes first.
        small = work / "small"
        make_documents(small, max(args.documents // 10, 1))
        small_peak = factsheet(small, work / "out-small", *jobs)[2]
        cold, noop, change, peaks = [], [], [], []
        for run in range(args.runs):
            out = work / f"out-{run}"
            cold.append(factsheet(content, out, *jobs))
            noop.append(factsheet(content, out, *jobs))
            target = content / "study-0001.md"
            text = target.read_text(encoding="utf-8")
            target.write_text(text + f"\nA sentence added in run {run}.\n", "utf-8")
            change.append(factsheet(content, out, *jobs))
            peaks.append(cold[-1][2])

        theirs: list[float] = []
        if not args.no_pandoc:
            import pypandoc

            pandoc = pypandoc.get_pandoc_path()
            for run in range(args.runs):
                theirs.append(pandoc_route(pandoc, content, work / f"pandoc-{run}", args.jobs))

    n = args.documents
    print(f"## {n} documents, {args.runs} runs each, {args.jobs} workers")
    print()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    print()
    print("| build | median wall | median beyond start-up | per document |")
    print("|---|---|---|---|")
    builds = (("cold (PDF + EPUB + HTML)", cold), ("no-op", noop), ("one changed", change))
    for name, runs in builds:
        wall, own = median([r[0] for r in runs]), median([r[1] for r in runs])
        print(f"| factsheet {name} | {wall:.2f} s | {own:.2f} s | {1000 * wall / n:.1f} ms |")
    if theirs:
        wall = median(theirs)
        print(f"| pandoc route (same outputs) | {wall:.2f} s | – | {1000 * wall / n:.1f} ms |")
        print()
        ratio = wall / median([r[0] for r in cold])
        print(f"Cold build: factsheet is **{ratio:.1f}×** faster than the pandoc route.")
    print()
    print(
        f"Peak memory of any one process: {max(peaks)} MiB for {n} documents, "
        f"{small_peak} MiB for {max(n // 10, 1)} documents."
    )


if __name__ == "__main__":
    main()
