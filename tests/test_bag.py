"""`factsheet archive` never replaces what it did not make; `verify` tells the truth about a bag."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import bagit
import pytest

from conftest import run_factsheet

SHEET = "---\ntitle: A small sheet\nupdated: 2024-05-01\n---\nSome text.\n"


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A project with one document, built and archived once into `bag/`."""
    root = tmp_path_factory.mktemp("bagged")
    (root / "content").mkdir()
    (root / "content" / "small-sheet.md").write_text(SHEET, encoding="utf-8")
    result = run_factsheet("archive", "--out", "bag", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(made, tmp_path) -> Path:
    shutil.copytree(made, tmp_path / "p", symlinks=True)
    return tmp_path / "p"


@pytest.mark.parametrize("out", [".", "content", "output", "output/archive"])
def test_archive_refuses_a_folder_that_is_not_its_bag_and_changes_nothing(project, out):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = run_factsheet("archive", "--out", out, cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        f"factsheet: error: --out: {out} exists and is not a bag made by factsheet;"
        " give a new folder (nothing was changed)\n"
    )
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_archive_refuses_a_file(project):
    result = run_factsheet("archive", "--out", "content/small-sheet.md", cwd=project)
    assert result.returncode == 2
    assert "content/small-sheet.md is a file; give a new folder or an old bag" in result.stderr
    assert (project / "content" / "small-sheet.md").read_text() == SHEET


def test_archive_replaces_its_own_bag_but_not_a_file_someone_added(project):
    added = project / "bag" / "data" / "notes.txt"
    added.write_text("my notes")
    result = run_factsheet("archive", "--out", "bag", cwd=project)
    assert result.returncode == 2
    assert "holds files that are not part of the bag (data/notes.txt)" in result.stderr
    assert added.read_text() == "my notes"

    added.unlink()
    beside = project / ".bag.old"
    beside.mkdir()
    (beside / "keep").write_text("not factsheet's")
    result = run_factsheet("archive", "--out", "bag", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (beside / "keep").read_text() == "not factsheet's"
    assert sorted(p.name for p in project.iterdir()) == [".bag.old", "bag", "content", "output"]


def test_bag_info_counts_the_documents_archived_not_those_rebuilt(project):
    result = run_factsheet("archive", "--out", "bag", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "built 0 document(s), 1 up to date" in result.stderr
    info = (project / "bag" / "bag-info.txt").read_text()
    assert "External-Description: factsheet archive of 1 document\n" in info


def verify(project: Path, bag: str = "bag") -> tuple[int, list[str]]:
    result = run_factsheet("verify", bag, cwd=project, timeout=60)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


def test_a_whole_bag_verifies(project):
    assert verify(project) == (0, [])
    bagit.Bag(str(project / "bag")).validate()


def test_a_change_seen_by_one_checksum_only_is_named(project):
    bag = project / "bag"
    manifest = bag / "manifest-sha512.txt"
    lines = manifest.read_text().splitlines()
    lines[0] = "0" * 128 + lines[0][128:]
    manifest.write_text("\n".join(lines) + "\n")
    code, lines_out = verify(project)
    assert code == 1
    assert any(line.startswith("bag: manifest-sha512.txt: changed (sha256") for line in lines_out)
    assert any("(sha512 does not match)" in line for line in lines_out), lines_out


def test_a_bag_with_only_an_md5_manifest_is_not_called_valid(tmp_path):
    bag = tmp_path / "bag"
    (bag / "sheet.md").parent.mkdir(parents=True)
    (bag / "sheet.md").write_text("original")
    bagit.make_bag(str(bag), checksums=["md5"])
    (bag / "data" / "sheet.md").write_text("altered!")
    code, lines = verify(tmp_path)
    assert code == 1
    assert lines == [
        "bag: manifest-sha256.txt: missing; factsheet writes it in every bag",
        "bag: manifest-sha512.txt: missing; factsheet writes it in every bag",
        "bag: tagmanifest-sha256.txt: missing; factsheet writes it in every bag",
        "bag: tagmanifest-sha512.txt: missing; factsheet writes it in every bag",
    ]


def test_a_symlink_in_the_payload_is_refused(project):
    (project / "bag" / "data" / "etc").symlink_to("/etc")
    assert verify(project) == (
        1,
        ["bag: data/etc: a symbolic link; a bag holds only regular files"],
    )


def test_a_fifo_listed_in_the_manifest_does_not_hang_verify(project):
    bag = project / "bag"
    target = bag / "data" / "manifest.json"
    target.unlink()
    os.mkfifo(target)
    assert verify(project) == (
        1,
        ["bag: data/manifest.json: a named pipe (FIFO); a bag holds only regular files"],
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bagit.txt",
            b"\x00\xffgarbage",
            "bag: bagit.txt: not a BagIt declaration (BagIt-Version, Tag-File-Character-Encoding)",
        ),
        (
            "manifest-sha256.txt",
            b"\xff\xfe not utf-8",
            "bag: manifest-sha256.txt: not UTF-8 text (byte 0)",
        ),
        (
            "manifest-sha512.txt",
            b"abc ../../etc/passwd\n",
            "bag: manifest-sha512.txt:1: not a manifest line (hash, space, relative path)",
        ),
    ],
)
def test_garbage_tag_files_get_one_line(project, name, content, expected):
    (project / "bag" / name).write_bytes(content)
    assert verify(project) == (1, [expected])


def test_a_file_name_with_a_newline_is_one_escaped_line(project):
    (project / "bag" / "data" / "evil\nbag: valid").write_text("x")
    assert verify(project) == (
        1,
        ["bag: data/evil\\u000abag: valid: not listed in manifest-sha256.txt"],
    )


def test_no_such_bag(tmp_path):
    assert verify(tmp_path, "nothing") == (1, ["nothing: not a bag (no such folder)"])


def test_a_missing_file_is_named(project):
    (project / "bag" / "data" / "manifest.json").unlink()
    assert verify(project) == (1, ["bag: data/manifest.json: missing"])


def test_an_old_bag_stays_whole_when_the_new_one_cannot_be_made(project):
    import datetime as dt

    from factsheet.bag import make_bag

    before = {p: p.read_bytes() for p in (project / "bag").rglob("*") if p.is_file()}
    files = {"sources/small-sheet.md": project / "content" / "small-sheet.md"}
    files["sources/gone.md"] = project / "content" / "gone.md"  # vanished while archiving
    with pytest.raises(FileNotFoundError):
        make_bag(files, project / "bag", dt.datetime(2024, 5, 1, tzinfo=dt.UTC), "title")
    assert {p: p.read_bytes() for p in (project / "bag").rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in project.iterdir()) == ["bag", "content", "output"]
