"""How much factsheet adds to WeasyPrint's own time for the flagship PDF (`make bench`).

Both sides run in this one process, interleaved, on the same final HTML with the same PDF
options: factsheet's whole path for one document (read, check, Markdown, context, templates,
WeasyPrint, footnote check) against WeasyPrint alone rendering the HTML we produced with our
print stylesheets (which it parses each time, as a script calling it would). The one-time
cost of a process (imports, font configuration, template compilation) is reported
apart, from the first, cold run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import time
from pathlib import Path

import weasyprint

from factsheet import __version__
from factsheet.build_time import document_time
from factsheet.printed.edition import print_sheet
from factsheet.reader import load_document
from factsheet.writers import PRINT_STYLES, render_formats
from factsheet.writers.job import Job

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "content" / "soviet-japanese-border-conflicts.md"


def factsheet_pdf() -> bytes:
    """What `factsheet build --format pdf` does for one document, minus writing the file."""
    document = load_document(FLAGSHIP, ROOT).document
    made = render_formats(Job(document, ROOT, when=document_time(document)), ["pdf"])
    return made.outputs["pdf"]


def weasyprint_pdf(html: str) -> bytes:
    """WeasyPrint alone, as a script would call it: the HTML and its stylesheets, each time."""
    base = FLAGSHIP.parent.as_uri() + "/"
    styles = [weasyprint.CSS(filename=ROOT / "templates" / name) for name in PRINT_STYLES]
    return weasyprint.HTML(string=html, base_url=base).write_pdf(stylesheets=styles, pdf_tags=True)


def seconds(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per side (default 15)")
    args = parser.parse_args()

    cold = seconds(factsheet_pdf)
    document = load_document(FLAGSHIP, ROOT).document
    html = print_sheet(Job(document, ROOT, when=document_time(document))).html
    weasyprint_pdf(html)

    ours, theirs = [], []
    for _ in range(args.runs):  # interleaved, so a change in machine load hits both alike
        ours.append(seconds(factsheet_pdf))
        theirs.append(seconds(lambda: weasyprint_pdf(html)))
    ratio = statistics.median(ours) / statistics.median(theirs)

    print(f"## Flagship PDF, {args.runs} interleaved runs each ({dt.date.today().isoformat()})")
    print()
    print(
        f"factsheet {__version__}, WeasyPrint {weasyprint.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    print()
    print("| path | median | min | max |")
    print("|---|---|---|---|")
    for name, times in (("factsheet, one document", ours), ("WeasyPrint alone, same HTML", theirs)):
        print(
            f"| {name} | {statistics.median(times) * 1000:.0f} ms "
            f"| {min(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms |"
        )
    print()
    print(f"Ratio factsheet / WeasyPrint (medians): **{ratio:.3f}** ({100 * (ratio - 1):+.1f} %)")
    print(f"First, cold document in this process: {cold * 1000:.0f} ms")


if __name__ == "__main__":
    main()
