"""Importing Wikipedia articles (`make bench`): `factsheet import` of the real articles in
tests/fixtures/wikitext/ (seven wikitext files and a five-page export) against pandoc's
MediaWiki reader turning the same pages into Markdown, in the same run. pandoc reads the
text only (it drops infoboxes and references); factsheet also maps the infobox, the
references and the report, and checks each document it writes."""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import pypandoc
from load_speed import timed  # the same median of repeats as the load benchmark

from factsheet.importer import import_articles
from factsheet.wikitext.pages import read_file

FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures" / "wikitext"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = sorted([*FIXTURES.glob("*.wikitext"), *FIXTURES.glob("*.xml")])
    pages = [page for source in sources for page in read_file(source)]
    size = sum(len(page.text.encode()) for page in pages)
    pandoc = pypandoc.get_pandoc_path()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        texts = []
        for number, page in enumerate(pages):
            path = root / f"page-{number}.wiki"
            path.write_text(page.text, encoding="utf-8")
            texts.append(path)

        failed: set[str] = set()

        def peer() -> None:
            for path in texts:
                done = subprocess.run(
                    [pandoc, "-f", "mediawiki", "-t", "commonmark", str(path)],
                    capture_output=True,
                )
                if done.returncode:
                    failed.add(path.name)

        def ours() -> None:
            result = import_articles([str(s) for s in sources], root / "content", force=True)
            assert result.ok, [p.format() for p in result.problems if p.severity.value == "error"]

        theirs, mine = timed(peer, args.repeat), timed(ours, args.repeat)
    print(f"{len(pages)} pages, {size / 1e6:.2f} MB of wikitext")
    print(f"{'pandoc (text only)':>28} {theirs:>7.2f}s   failed on {len(failed)} page(s)")
    print(f"{'factsheet import (checked)':>28} {mine:>7.2f}s   ratio {mine / theirs:.2f}")


if __name__ == "__main__":
    main()
