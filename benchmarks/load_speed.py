"""How loading scales with the size of a body (`make bench`): factsheet's whole load of a
document (front matter, Markdown, link and image rules, positions, every check) against
markdown-it-py parsing the same body alone, in this one process, for bodies of 10,000 to
200,000 links. The ratio should stay flat as the body grows: a rising one is quadratic work.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

from factsheet.reader import load_document

SIZES = (10_000, 50_000, 200_000)


def body(links: int) -> str:
    """Paragraphs of ten links each, with a bad link now and then (a warning to place)."""
    parts = []
    for n in range(links):
        target = f"https://example.org/page/{n}" if n % 1000 else f"nowhere-{n}"
        parts.append(f"[link {n}]({target})")
    lines = [" ".join(parts[i : i + 10]) for i in range(0, links, 10)]
    return "\n\n".join(lines) + "\n"


def timed(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    markdown = MarkdownIt("commonmark")
    print(f"{'links':>8} {'markdown-it':>12} {'factsheet':>10} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content").mkdir()
        for size in SIZES:
            text = body(size)
            path = root / "content" / f"links-{size}.md"
            path.write_text(f"---\ntitle: Links\n---\n{text}", encoding="utf-8")
            alone = timed(lambda text=text: markdown.parse(text), args.repeat)
            ours = timed(lambda path=path: load_document(path, root), args.repeat)
            print(f"{size:>8,} {alone:>11.2f}s {ours:>9.2f}s {ours / alone:>5.1f}x")


if __name__ == "__main__":
    main()
