"""Whole commands as a user waits for them (`make bench`): start-up, check, one cold build.

Every figure is a whole process, from exec to exit, measured in the same run as its
baseline, the runs of each interleaved so that a change in the machine's load hits both:

- `factsheet --version` and `factsheet check` of the flagship against a bare `python -c pass`
  (the aim: within 0.15 s of it, which needs commands that render nothing to import nothing
  that renders);
- a cold build of the flagship alone to PDF, EPUB and HTML against the pandoc route for the
  same three files (`pandoc` to EPUB, to PDF through WeasyPrint, and to standalone HTML, one
  after another, as a script would run them).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from collection_speed import pandoc_route

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = "soviet-japanese-border-conflicts"
AIM = 0.15
"""Seconds a command that renders nothing may take beyond Python's own start."""


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--no-pandoc", action="store_true", help="skip the pandoc route")
    args = parser.parse_args()
    python = sys.executable
    factsheet = [python, "-m", "factsheet"]

    with tempfile.TemporaryDirectory(prefix="factsheet-commands-") as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "content", work / "content")
        alone = work / "alone"
        alone.mkdir()
        shutil.copy(work / "content" / f"{FLAGSHIP}.md", alone / f"{FLAGSHIP}.md")
        builds = iter(range(10**6))

        def cold_build() -> list[str]:
            out = work / f"out-{next(builds)}"
            return [*factsheet, "build", FLAGSHIP, "--format", "pdf,epub,html", "--out", str(out)]

        commands: dict[str, Callable[[], float]] = {
            "python -c pass": lambda: timed([python, "-c", "pass"], work),
            "factsheet --version": lambda: timed([*factsheet, "--version"], work),
            "factsheet check (flagship)": lambda: timed([*factsheet, "check", FLAGSHIP], work),
            "factsheet build, cold (PDF + EPUB + HTML)": lambda: timed(cold_build(), work),
        }
        if not args.no_pandoc:
            import pypandoc

            pandoc = pypandoc.get_pandoc_path()
            routes = iter(range(10**6))
            commands["pandoc route (the same three files)"] = lambda: pandoc_route(
                pandoc, alone, work / f"pandoc-{next(routes)}", 1
            )
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(command())

    medians = {name: statistics.median(values) for name, values in times.items()}
    bare = medians["python -c pass"]
    print(f"## Commands as whole processes, {args.runs} interleaved runs each")
    print()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    print()
    print("| command | median | min | max | beyond `python -c pass` |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        extra = "" if name == "python -c pass" else f"{medians[name] - bare:+.3f} s"
        print(
            f"| {name} | {medians[name]:.3f} s | {min(values):.3f} s | {max(values):.3f} s"
            f" | {extra} |"
        )
    print()
    for name in ("factsheet --version", "factsheet check (flagship)"):
        verdict = "within" if medians[name] - bare <= AIM else "over"
        print(f"- {name}: {medians[name] - bare:.3f} s beyond Python, {verdict} the {AIM} s aim")
    route = medians.get("pandoc route (the same three files)")
    if route:
        ratio = medians["factsheet build, cold (PDF + EPUB + HTML)"] / route
        print(f"- cold build of one document: **{ratio:.2f}×** the pandoc route's time")


if __name__ == "__main__":
    main()
