"""The catalogue of bad inputs (tests/fixtures/bad/): each gets its one-line answer and exit code.

Every entry also checks what must never happen: a Python traceback, or a file in output/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import built_files, run_factsheet

BAD = Path(__file__).parent / "fixtures" / "bad"
CASES = sorted(path.stem for path in BAD.glob("*.expected"))


def expectation(name: str) -> tuple[list[str], int, list[str]]:
    lines = (BAD / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    args = lines[0].removeprefix("args:").split()
    code = int(lines[1].removeprefix("exit:"))
    return args, code, lines[2:]


def test_the_catalogue_covers_every_area():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", CASES)
def test_bad_input_gets_its_message_and_exit_code(tmp_path, name):
    args, code, expected = expectation(name)
    (tmp_path / "content").mkdir()
    shutil.copyfile(BAD / f"{name}.md", tmp_path / "content" / f"{name}.md")
    result = run_factsheet("build", *args, cwd=tmp_path, timeout=120)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    if lines and lines[-1].startswith(("built ", "checked")):
        lines = lines[:-1]
    if expected:
        assert lines == expected
    else:
        assert len(lines) == 1 and lines[0].startswith(f"content/{name}.md:"), lines
    built = built_files(tmp_path / "output")
    assert built == [], "a document with errors writes nothing"
