"""Shared fixtures: a throwaway project folder, and the flagship built once per test run."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from factsheet.pipeline import Options, build

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP = "soviet-japanese-border-conflicts"


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
    return {fmt: root / "output" / f"{FLAGSHIP}.{fmt}" for fmt in ("pdf", "epub", "html")}
