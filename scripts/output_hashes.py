"""The SHA-256 of every output built from content/ and the test fixtures, to prove that a
restructuring changes no byte: record them before, compare after.

    .venv/bin/python scripts/output_hashes.py > before.txt
    ... change the code ...
    .venv/bin/python scripts/output_hashes.py | diff before.txt -

Folders given as arguments are built too, each as a project's content (a copy of a set of
documents kept from before, such as the v1 corpus).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factsheet.pipeline import Options, build  # noqa: E402
from factsheet.writers.job import PrintSettings  # noqa: E402

FIXED_TIME = 1_700_000_000
"""The fixtures' file time, which a document without `updated` takes as its date."""
VARIANTS = {
    "default": {},
    "letter-bleed-marks": {"printing": PrintSettings(paper="letter", bleed="3mm", marks=True)},
}


def projects(work: Path, extra: list[Path]) -> dict[str, Path]:
    """content/ as it is, each golden fixture as a one-document project, and `extra`."""
    found = {"content": work / "content"}
    for folder in extra:
        found[folder.name] = work / "extra" / folder.name / "content"
        shutil.copytree(folder, found[folder.name], ignore=shutil.ignore_patterns("README.md"))
        for document in found[folder.name].glob("*.md"):
            os.utime(document, (FIXED_TIME, FIXED_TIME))
    shutil.copytree(REPO / "content", found["content"])
    for fixture in sorted((REPO / "tests" / "fixtures" / "golden").iterdir()):
        folder = work / f"golden-{fixture.name}" / "content"
        folder.mkdir(parents=True)
        shutil.copy(fixture / "input.md", folder / f"{fixture.name}.md")
        os.utime(folder / f"{fixture.name}.md", (FIXED_TIME, FIXED_TIME))
        found[f"golden/{fixture.name}"] = folder
    return found


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for name, content in projects(work, [Path(arg) for arg in sys.argv[1:]]).items():
            for variant, settings in VARIANTS.items():
                out = work / "out" / name / variant
                report = build(Options(content=content, out=out, **settings), lambda event: None)
                if not report.ok:
                    print(f"{name} ({variant}): build failed", file=sys.stderr)
                    return 1
                for path in sorted(out.rglob("*")):
                    if path.is_file() and not path.relative_to(out).parts[0].startswith("."):
                        digest = hashlib.sha256(path.read_bytes()).hexdigest()
                        print(f"{digest}  {name}/{variant}/{path.relative_to(out).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
