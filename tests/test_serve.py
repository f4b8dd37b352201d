"""Live preview in a real browser: `factsheet serve` shows the page in headless Chromium, and
the page reloads itself after the content changes; `build --watch` rebuilds every format."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, run_factsheet

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHEET = "battle-of-lake-khasan"


def start(project_root: Path, *args: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "factsheet", *args],
        cwd=project_root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    return lines_of(process, process.stdout)


def lines_of(process: subprocess.Popen, stream) -> subprocess.Popen:
    """Collect the stream's lines in a queue, so a test can wait for one with a timeout."""
    process.lines = queue.Queue()

    def pump() -> None:
        for line in stream:
            process.lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return process


def read_until(process: subprocess.Popen, pattern: str, timeout: float = 120) -> re.Match:
    """The first line of the process's output, from now on, that matches `pattern`."""
    deadline = time.monotonic() + timeout
    seen = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = process.lines.get(timeout=left)
        except queue.Empty:
            break
        seen.append(line)
        if match := re.search(pattern, line):
            return match
    raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(seen)}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def page_title(devtools: str) -> str:
    with urllib.request.urlopen(f"{devtools}/json/list", timeout=5) as answer:
        pages = [page for page in json.load(answer) if page.get("type") == "page"]
    return pages[0]["title"] if pages else ""


@pytest.fixture
def sample(project):
    shutil.copytree(REPO / "content", project.content, dirs_exist_ok=True)
    (project.content / "collection.yaml").unlink()
    return project


def test_serve_shows_the_sheet_and_reloads_after_a_change(sample, tmp_path):
    server = start(sample.root, "serve", "--port", "0", "--jobs", "1")
    browser = None
    try:
        url = read_until(server, r"serving (http://127\.0\.0\.1:\d+/)")[1]
        page = f"{url}{SHEET}.html"
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        assert 'class="infobox"' in dom and "Vasily Blyukher" in dom
        assert "/__factsheet__/build" in dom  # the reload script, added as the page is served
        assert b"__factsheet__" not in (sample.out / f"{SHEET}.html").read_bytes()

        browser = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-port=0",
                f"--user-data-dir={tmp_path / 'chromium'}",
                page,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        lines_of(browser, browser.stderr)
        devtools = read_until(browser, r"DevTools listening on ws://([\d.:]+)/")
        devtools = f"http://{devtools[1]}"
        wait_for(lambda: page_title(devtools) == "Battle of Lake Khasan")

        sheet = sample.content / f"{SHEET}.md"
        sheet.write_text(sheet.read_text().replace("title: Battle of Lake Khasan", "title: Khasan"))
        read_until(server, rf"wrote .*{SHEET}\.html")
        wait_for(lambda: page_title(devtools) == "Khasan")
    finally:
        if browser is not None:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.wait()
        stop(server)


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_build_watch_rebuilds_every_format_of_the_changed_sheet(sample):
    watcher = start(sample.root, "build", "--watch", "--jobs", "1", "--format", "pdf,epub,html")
    try:
        read_until(watcher, r"watching ")
        pdf = sample.out / f"{SHEET}.pdf"
        before = pdf.read_bytes()
        sheet = sample.content / f"{SHEET}.md"
        sheet.write_text(sheet.read_text() + "\nOne more sentence.\n")
        read_until(watcher, rf"\[\d+/\d+\] {SHEET}: built")
        assert pdf.read_bytes() != before
        assert "One more sentence." in (sample.out / f"{SHEET}.html").read_text()
    finally:
        stop(watcher)


@pytest.fixture
def preview(project):
    """`factsheet serve` of one small sheet, on a free port: (process, port)."""
    project.write("tiny.md", "---\ntitle: Tiny\n---\nA line.\n")
    server = start(project.root, "serve", "--port", "0", "--jobs", "1")
    try:
        port = int(read_until(server, r"serving http://127\.0\.0\.1:(\d+)/")[1])
        yield server, port
    finally:
        stop(server)


def answer(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    """A real request with http.client, which lets the test set the Host header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_serve_answers_the_address_it_serves_and_no_other_host(preview, project):
    server, port = preview
    assert answer(port, "/tiny.html")[0] == 200
    assert answer(port, "/tiny.html", host=f"localhost:{port}")[0] == 200
    assert answer(port, "/tiny.html", host=f"LOCALHOST:{port}")[0] == 200
    # DNS rebinding: a hostile name that now resolves to 127.0.0.1, with our port.
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", "localhost"):
        status, body = answer(port, "/tiny.html", host=host)
        assert status == 421, host
        assert b"A line." not in body
    assert server.poll() is None


def test_serve_never_serves_dot_files_and_dot_folders(preview, project):
    server, port = preview
    records = [p.relative_to(project.out) for p in project.out.rglob(".*")]
    assert Path(".lock") in records and Path(".cache") in records
    for path in ("/.lock", "/.cache/", "/%2Ecache/", "/.cache/loaded/", "/x/../.lock"):
        assert answer(port, path)[0] == 404, path
    for record in project.out.glob(".cache/**/*"):
        if record.is_file():
            assert answer(port, f"/{record.relative_to(project.out).as_posix()}")[0] == 404
    assert answer(port, "/")[0] == 200
    (project.out / "notes").mkdir()
    (project.out / "notes" / "seen.txt").write_text("seen")
    (project.out / "notes" / ".hidden").write_text("secret")
    status, listing = answer(port, "/notes/")
    assert status == 200 and b'<a href="seen.txt">seen.txt</a>' in listing
    assert b".hidden" not in listing and b"secret" not in listing
    assert server.poll() is None


def test_a_nul_in_the_address_is_a_bad_request(preview):
    server, port = preview
    for path in ("/%00", "/tiny%00.html", "/a%00b/"):
        assert answer(port, path)[0] == 400, path
    assert answer(port, "/tiny.html")[0] == 200  # the server lives on
    stop(server)
    assert "Traceback" not in "".join(iter_lines(server))


def iter_lines(process: subprocess.Popen):
    while not process.lines.empty():
        yield process.lines.get()


@pytest.mark.parametrize(
    ("port", "message"),
    [
        ("-1", "--port: expected a port from 0 to 65535, got -1"),
        ("70000", "--port: expected a port from 0 to 65535, got 70000"),
    ],
)
def test_an_invalid_port_is_a_usage_error_before_anything_is_built(project, port, message):
    project.write("tiny.md", "---\ntitle: Tiny\n---\nA line.\n")
    result = run_factsheet("serve", "--port", port, cwd=project.root, timeout=60)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"factsheet: error: {message}"]
    assert not project.out.exists()


def test_a_taken_port_is_a_usage_error_before_anything_is_built(project):
    project.write("tiny.md", "---\ntitle: Tiny\n---\nA line.\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_factsheet("serve", "--port", str(port), cwd=project.root, timeout=60)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"factsheet: error: --port: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]
    assert not project.out.exists()
