"""Builds that are killed, stopped or run twice at once never leave half a file behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile

import pikepdf

from factsheet.output import remove_stale_temps
from factsheet.pipeline import Options, build

LONG = (
    "---\ntitle: Long\n---\n"
    + "\n\n".join(" ".join(f"word{n}" for n in range(p * 120, p * 120 + 120)) for p in range(60))
    + "\n"
)


def start(project, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "factsheet", "build", *args],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def assert_whole(out) -> None:
    """Every output is complete: it opens as what it claims to be; no temp file is left."""
    for path in out.rglob("*"):
        if not path.is_file() or path.name == ".lock":
            continue
        assert not path.name.endswith(".tmp"), f"left behind: {path}"
        if path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                assert len(pdf.pages) >= 1
        elif path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                assert book.testzip() is None
        elif path.suffix == ".html":
            assert path.read_text().rstrip().endswith("</html>")


def test_kill_9_at_any_moment_leaves_only_whole_files(project):
    project.write("long.md", LONG)
    project.write("short.md", "---\ntitle: Short\n---\nText.\n")
    assert build(Options(content=project.content, out=project.out), lambda e: None).ok
    for delay in (0.3, 0.8, 1.3, 1.8, 2.5, 3.2):
        process = start(project)
        time.sleep(delay)
        process.kill()
        process.wait()
        remove_stale_temps(project.out)
        assert_whole(project.out)
    assert build(Options(content=project.content, out=project.out), lambda e: None).ok
    assert_whole(project.out)


def test_a_temp_file_of_a_killed_build_is_removed_by_the_next(project):
    project.write("short.md", "---\ntitle: Short\n---\nText.\n")
    project.out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale = project.out / f".short.pdf.{dead}.x1y2z3.tmp"
    stale.write_bytes(b"%PDF-1.7 half")
    assert build(Options(content=project.content, out=project.out), lambda e: None).ok
    assert not stale.exists()
    assert_whole(project.out)


def test_sigterm_and_ctrl_c_clean_up(project):
    project.write("long.md", LONG)
    for sent, code in ((signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 130)):
        lock = project.out / ".lock"
        lock.unlink(missing_ok=True)
        process = start(project)
        deadline = time.monotonic() + 60
        while not lock.exists() and time.monotonic() < deadline:  # the build has begun writing
            time.sleep(0.05)
        time.sleep(0.3)
        process.send_signal(sent)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode in (code, 0), stderr
        assert b"Traceback" not in stderr
        assert_whole(project.out)


def test_two_builds_at_once_both_finish_with_whole_files(project):
    project.write("long.md", LONG)
    first, second = start(project), start(project)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    assert_whole(project.out)
    assert sorted(os.listdir(project.out / "archive")) == ["long.pdf"]
