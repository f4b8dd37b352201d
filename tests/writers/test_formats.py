"""The formats' declarations (factsheet/writers/__init__.py): what each writer loads, and the
printed edition laid out only for the formats that read it."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

from conftest import FLAGSHIP, REPO, sheet_job
from factsheet.printed import proof
from factsheet.reader import load_collection
from factsheet.templates import environment
from factsheet.writers import (
    COLLECTION_WRITERS,
    V2_STYLE,
    WRITERS,
    CollectionJob,
    render_collection,
    render_formats,
)

SHEETS = (FLAGSHIP, "battle-of-lake-khasan")


class RecordingLoader(jinja2.BaseLoader):
    """The environment's own loader, noting each template and stylesheet asked of it."""

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner
        self.names: set[str] = set()

    def get_source(self, environment, template):
        self.names.add(template)
        return self.inner.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def recording(folder: Path) -> RecordingLoader:
    """A fresh environment for `folder` (no templates of its own) that records what it loads."""
    folder.mkdir()
    env = environment(folder)
    env.loader = loader = RecordingLoader(env.loader)
    return loader


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_sheet_format_declares_exactly_what_its_writer_loads(tmp_path, fmt):
    """Format v2's stylesheet only for a document that uses v2 (a v1 file keeps its bytes)."""
    declared = WRITERS[fmt]
    loader = recording(tmp_path / "templates")
    render_formats(sheet_job(FLAGSHIP, tmp_path / "templates"), [fmt])
    assert loader.names == {*declared.templates, *declared.styles} - {V2_STYLE}
    loader = recording(tmp_path / "v2")
    v2 = REPO / "tests" / "fixtures" / "golden" / "conflict-v2" / "input.md"
    render_formats(proof.sheet_job(v2, v2.parent, templates=tmp_path / "v2", printing=None), [fmt])
    assert loader.names == {*declared.templates, *declared.styles}


@pytest.mark.parametrize("fmt", sorted(COLLECTION_WRITERS))
def test_a_collection_format_declares_exactly_what_its_writer_loads(tmp_path, fmt):
    loader = recording(tmp_path / "templates")
    collection = load_collection(REPO / "content" / "collection.yaml", None)
    jobs = tuple(sheet_job(slug, tmp_path / "templates") for slug in SHEETS)
    job = CollectionJob(collection, jobs, REPO, templates=tmp_path / "templates")
    render_collection(job, [fmt])
    declared = COLLECTION_WRITERS[fmt]
    assert loader.names == {*declared.templates, *declared.styles} - {V2_STYLE}


def test_only_formats_that_read_the_printed_edition_say_so():
    assert {fmt for fmt, declared in WRITERS.items() if declared.needs_print} == {
        "pdf",
        "epub",
        "archive",
    }
    assert all(declared.needs_print for declared in COLLECTION_WRITERS.values())


def test_the_html_page_lays_out_no_printed_edition(tmp_path):
    import subprocess

    driver = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from factsheet.reader import load_document\n"
        "from factsheet.writers import Job, render_formats\n"
        "root = Path(sys.argv[1])\n"
        "document = load_document(root / 'content' / (sys.argv[2] + '.md'), root).document\n"
        "job = Job(document, root, when=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))\n"
        "page = render_formats(job, ['html']).outputs['html']\n"
        "print(len(page) > 1000, 'weasyprint' in sys.modules, 'factsheet.printed' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", driver, str(REPO), FLAGSHIP],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.split() == ["True", "False", "False"], result.stderr
