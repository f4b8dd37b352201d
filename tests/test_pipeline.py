"""The build as a whole: a bad document stops only itself, and loading obeys the time limit."""

from __future__ import annotations

import hashlib
import json
import os
import random
import zipfile

import pytest

from conftest import built_files, run_factsheet
from factsheet.pipeline import Options, build

BAD = {
    "a-nul.md": '---\ntitle: "a\\0b"\n---\nBody.\n',
    "b-escape.md": '---\ntitle: T\nsummary: "\\e[31m red"\n---\nBody.\n',
    "c-400-digits.md": (
        "---\ntitle: T\ninfobox:\n  sides:\n    - belligerents: [A]\n      casualties:\n"
        f"        total: {'9' * 400}\n    - belligerents: [B]\n---\nBody.\n"
    ),
    "bb-c1-control.md": "---\ntitle: a\x80b\n---\nBody.\n",
    "d-5000-digits.md": f"---\ntitle: T\naliases: [{'7' * 5000}]\n---\nBody.\n",
    "e-year-9999.md": "---\ntitle: T\nupdated: 9999-12-31\n---\nBody.\n",
    "f-june-31.md": "---\ntitle: T\ntimeline:\n  - {date: 1942-06-31, event: E}\n---\nBody.\n",
    "g-february-30.md": "---\ntitle: T\nupdated: 2026-02-30\n---\nBody.\n",
    "h-month-13.md": "---\ntitle: T\nsources:\n  - {id: s, title: S, accessed: 2020-13-01}\n---\n",
    "i-deep.md": "---\ntitle: T\n---\n" + "*" * 20000 + "x" + "*" * 20000 + "\n",
    "j-nul-image.md": "---\ntitle: T\n---\n![a](a%00.png)\n",
    "k-readme-image.md": "---\ntitle: T\n---\n![a](../README.txt)\n",
}
EXPECTED = [
    "content/a-nul.md:2:8: title: control character U+0000 cannot be set; remove it",
    "content/b-escape.md:3:10: summary: control character U+001B cannot be set; remove it",
    "content/bb-c1-control.md:2:9: (yaml): control character U+0080 cannot be set; remove it",
    "content/c-400-digits.md:7:16: infobox.sides[0].casualties.total:"
    " expected a number of at most 15 digits",
    "content/d-5000-digits.md:3:11: aliases[0]: a number of more than 4,300 digits cannot be read"
    " (write it in quotes if it is text)",
    "content/e-year-9999.md:3:10: updated: expected a date from 1980-01-01 to 2107-12-31"
    " (the dates an e-book's files can carry), got '9999-12-31'",
    "content/f-june-31.md:4:12: timeline[0].date: expected a real date, got '1942-06-31'"
    " (day is out of range for month)",
    "content/g-february-30.md:3:10: updated: expected a real date, got '2026-02-30'"
    " (day is out of range for month)",
    "content/h-month-13.md:4:33: sources[0].accessed: expected a real date, got '2020-13-01'"
    " (month must be in 1..12)",
    "content/i-deep.md:4:1: body: nested too deeply: more than 100 levels of emphasis, links"
    " or other inline markup",
    "content/j-nul-image.md:4:1: body: image 'a%00.png' holds a NUL character,"
    " which no file name can",
    "content/k-readme-image.md:4:1: body: image '../README.txt' lies outside the content folder",
    "content/l-outside.md:1:1: (file): lies outside the project (once links are followed),"
    " so it is not read",
    "content/m-dangling.md:1:1: (file): cannot be read: it is a link to nothing"
    " (the file it names is gone)",
    "content/n-folder.md:1:1: (file): is a folder, not a file; a bundle's text is <slug>/index.md",
    "content/o-pipe.md:1:1: (file): is not a regular file (a pipe, socket or device),"
    " so it is not read",
]


def test_bad_documents_stop_only_themselves_and_the_manifest_lists_the_good(project, tmp_path):
    for name, text in BAD.items():
        (project.content / name).write_text(text, encoding="utf-8")
    (project.root / "README.txt").write_text("Not an image.\n", encoding="utf-8")
    secret = tmp_path.parent / f"{tmp_path.name}-secret.md"
    secret.write_text("---\ntitle: T\npassword: hunter2-SECRET\n---\n", encoding="utf-8")
    (project.content / "l-outside.md").symlink_to(secret)
    (project.content / "m-dangling.md").symlink_to(project.content / "gone.md")
    (project.content / "n-folder.md").mkdir()
    os.mkfifo(project.content / "o-pipe.md")
    project.write("good-one.md", "---\ntitle: Good one\n---\nText.\n")
    project.write("good-two/index.md", "---\ntitle: Good two\n---\nMore text.\n")

    result = run_factsheet("build", "--jobs", "2", cwd=project.root, timeout=300)

    assert result.returncode == 1, result.stderr
    assert "hunter2" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert lines[:-1] == EXPECTED
    assert lines[-1].startswith("built 2 document(s), 16 failed, 0 warning(s) in ")
    names = [path.relative_to(project.out).as_posix() for path in built_files(project.out)]
    assert names == [
        "archive/good-one.pdf",
        "archive/good-two.pdf",
        "good-one.epub",
        "good-one.html",
        "good-one.pdf",
        "good-two.epub",
        "good-two.html",
        "good-two.pdf",
        "manifest.json",
    ]
    manifest = json.loads((project.out / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry["sha256"] for entry in manifest["outputs"]}
    assert listed == {
        name: hashlib.sha256((project.out / name).read_bytes()).hexdigest()
        for name in names
        if name != "manifest.json"
    }


def test_check_stops_a_document_that_takes_too_long_to_load(project):
    rng = random.Random(3)
    words = ["steppe", "river", "*tank*", "[army](other.md)", "treaty", "`code`"]
    paragraphs = [" ".join(rng.choice(words) for _ in range(100)) for _ in range(8000)]
    project.write("slow.md", "---\ntitle: Slow\n---\n" + "\n\n".join(paragraphs) + "\n")
    project.write("quick.md", "---\ntitle: Quick\n---\nText.\n")

    result = run_factsheet("check", "--time-limit", "1", cwd=project.root)

    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[:-1] == [
        "content/slow.md:1:1: (document): took longer than 1 s to build and was stopped;"
        " split the document or raise --time-limit"
    ]
    assert result.stderr.splitlines()[-1].startswith("checked: 1 failed, 0 warning(s) in ")


@pytest.mark.parametrize(
    ("mtime", "stamp"),
    [(0, (1980, 1, 1, 0, 0, 0)), (7_258_118_400, (2107, 12, 31, 23, 59, 58))],
)
def test_a_file_time_no_e_book_can_carry_is_moved_into_range(project, mtime, stamp):
    path = project.write("old.md", "---\ntitle: Old\n---\nText.\n")
    os.utime(path, (mtime, mtime))
    events: list = []
    options = Options(content=project.content, out=project.out, formats=("epub",))
    assert build(options, events.append).ok, [str(event) for event in events]
    with zipfile.ZipFile(project.out / "old.epub") as book:
        assert {info.date_time for info in book.infolist()} == {stamp}


def test_a_collection_file_that_links_out_of_the_project_is_not_read(project, tmp_path):
    secret = tmp_path.parent / f"{tmp_path.name}-collection.yaml"
    secret.write_text("title: hunter2-SECRET\nsecret: [hunter2]\n", encoding="utf-8")
    (project.content / "collection.yaml").symlink_to(secret)
    project.write("sheet.md", "---\ntitle: Sheet\n---\nText.\n")

    result = run_factsheet("build", "--format", "html", cwd=project.root)

    assert result.returncode == 1
    assert "hunter2" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[:-1] == [
        "content/collection.yaml:1:1: (file): lies outside the project (once links are"
        " followed), so it is not read"
    ]
    assert [path.name for path in built_files(project.out)] == ["manifest.json", "sheet.html"]


def test_files_and_folders_named_with_an_underscore_or_a_dot_are_not_documents(project):
    sheet = "---\ntitle: Sheet\n---\nText.\n"
    for name in ("_notes.md", ".hidden.md", "_draft/index.md", ".old/index.md", "kept.md"):
        project.write(name, sheet)

    result = run_factsheet("build", "--format", "html", cwd=project.root)

    assert result.returncode == 0, result.stderr
    assert [path.name for path in built_files(project.out)] == ["kept.html", "manifest.json"]
