"""Shared fixtures: a throwaway project folder, and the flagship built once per test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
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
    "Vasili Blyukher",
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
