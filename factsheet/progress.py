"""What a build shows while it runs: a progress bar on a terminal, plain lines anywhere else."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rich import progress as bars
from rich.console import Console

from factsheet.errors import Problem
from factsheet.pipeline import Notify, Progress, Step


def shown(path: Path, cwd: Path) -> str:
    """A path as the user would type it: relative to where they are, when it is below."""
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


@contextlib.contextmanager
def display(
    out: TextIO | None = None, err: TextIO | None = None
) -> Iterator[tuple[Notify, Progress]]:
    """`notify` and `progress` for a build; problems always go to stderr, one line each."""
    out, err = out or sys.stdout, err or sys.stderr
    cwd = Path.cwd()
    if not err.isatty():
        yield (lambda event: _plain(event, cwd, out, err)), (lambda step: _step(step, out))
        return
    console = Console(file=err, highlight=False, soft_wrap=True)
    with bars.Progress(
        bars.TextColumn("{task.description}"),
        bars.BarColumn(),
        bars.MofNCompleteColumn(),
        bars.TimeElapsedColumn(),
        bars.TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("building", total=None, last="")

        def notify(event: Problem | Path | str) -> None:
            if isinstance(event, Problem):
                console.print(event.format(relative_to=cwd), markup=False)
            elif isinstance(event, str):
                console.print(f"factsheet: {event}", markup=False)

        def progress(step: Step) -> None:
            bar.update(task, total=step.total, completed=step.done, last=step.name)

        yield notify, progress


def _plain(event: Problem | Path | str, cwd: Path, out: TextIO, err: TextIO) -> None:
    if isinstance(event, Problem):
        print(event.format(relative_to=cwd), file=err)
    elif isinstance(event, str):
        print(f"factsheet: {event}", file=err)
    else:
        print(f"wrote {shown(event, cwd)}", file=out)


def _step(step: Step, out: TextIO) -> None:
    print(f"[{step.done}/{step.total}] {step.name}: {step_outcome(step)}", file=out)


def step_outcome(step: Step) -> str:
    """What became of a document, with its PDF's pages: "built, 2 pages"."""
    if step.pages is None:
        return step.outcome.value
    return f"{step.outcome.value}, {step.pages} page{'s' if step.pages != 1 else ''}"
