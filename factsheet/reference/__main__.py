"""`python -m factsheet.reference [FILE]`: regenerate the reference's field tables and checks
in FILE (default docs/content-format.md), written whole or not at all."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from factsheet.reference import Gaps, render


def main(argv: list[str]) -> int:
    """Write the regenerated reference; 1, with one line per gap, when the model lacks what
    the reference needs."""
    path = Path(argv[0] if argv else "docs/content-format.md")
    text = path.read_text(encoding="utf-8")
    try:
        generated = render(text)
    except Gaps as gaps:
        for line in gaps.lines:
            print(f"{path}: {line}", file=sys.stderr)
        return 1
    if generated == text:
        print(f"{path}: up to date")
        return 0
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False, newline=""
    ) as file:
        file.write(generated)
    os.replace(file.name, path)
    print(f"{path}: regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
