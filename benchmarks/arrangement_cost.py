"""What arranging a printed sheet costs (`make bench`): each document of content/ and of the
corpus of real articles laid out as a build does (arranged: as many layouts as it takes), and
with a page budget of two pages, against one layout of the same sheet as it is first set (the
baseline: what factsheet did before it read its own layouts), the runs interleaved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from dataclasses import replace
from pathlib import Path

import weasyprint

from factsheet import __version__
from factsheet.build_time import document_time
from factsheet.contexts import printed_sheet
from factsheet.printed import edition
from factsheet.reader import load_document
from factsheet.templates import render
from factsheet.writers import PRINT_STYLES
from factsheet.writers.job import Job, PrintSettings

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [*(ROOT / "content").glob("*.md"), *(ROOT / "tests" / "fixtures" / "corpus").glob("*-*.md")]
)


def once(job: Job) -> None:
    """The baseline: the sheet laid out once, in order, as the first layout sets it."""
    context = printed_sheet(job.document, job.when)
    html = render(job.env, "print.html.j2", context, page=job.printing)
    edition.lay_out(html, job.document.folder, job.door, job.env, PRINT_STYLES)


def counted(function) -> tuple[float, int]:
    """Seconds `function` took, and how many layouts it made."""
    layouts = 0
    original = edition.lay_out

    def counting(*args, **kwargs):
        nonlocal layouts
        layouts += 1
        return original(*args, **kwargs)

    edition.lay_out = counting
    try:
        started = time.perf_counter()
        function()
        return time.perf_counter() - started, layouts
    finally:
        edition.lay_out = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per path (default 3)")
    args = parser.parse_args()
    print(f"## Arranging printed sheets, {args.runs} interleaved runs ({dt.date.today()})")
    print()
    print(f"factsheet {__version__}, WeasyPrint {weasyprint.__version__}")
    print()
    print("| document | pages | layouts | arranged / once | layouts, --pages 2 | budget / once |")
    print("|---|---|---|---|---|---|")
    totals = {"once": 0.0, "arranged": 0.0, "budget": 0.0}
    for path in DOCUMENTS:
        document = load_document(path, ROOT).document
        job = Job(document, ROOT, when=document_time(document))
        budgeted = replace(job, printing=PrintSettings(pages=2))
        runs: dict[str, list[float]] = {name: [] for name in totals}
        layouts: dict[str, int] = {}
        once(job)  # warm: fonts, templates, stylesheets
        for _ in range(args.runs):
            for name, work, given in (
                ("once", once, job),
                ("arranged", edition.print_sheet, job),
                ("budget", edition.print_sheet, budgeted),
            ):
                seconds, layouts[name] = counted(lambda w=work, g=given: w(g))
                runs[name].append(seconds)
        medians = {name: statistics.median(times) for name, times in runs.items()}
        for name in totals:
            totals[name] += medians[name]
        pages = edition.print_sheet(job).pages
        print(
            f"| {path.stem} | {pages} | {layouts['arranged']} "
            f"| {medians['arranged'] / medians['once']:.2f} | {layouts['budget']} "
            f"| {medians['budget'] / medians['once']:.2f} |"
        )
    print()
    print(
        f"All documents: arranged / once **{totals['arranged'] / totals['once']:.2f}**, "
        f"with --pages 2 **{totals['budget'] / totals['once']:.2f}** "
        f"(once: {totals['once']:.1f} s in all)"
    )


if __name__ == "__main__":
    main()
