"""`factsheet extract` treats an archival PDF as untrusted: names, links, sizes, duplicates."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest

from conftest import run_factsheet


def crafted_pdf(path: Path, attachments: list[tuple[str, bytes]], *, deflate: bool = True) -> Path:
    """A PDF whose catalogue lists `attachments` (name, bytes) as associated files, as an
    attacker would write one: names and contents exactly as given."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    specs = []
    for name, data in attachments:
        stream = pikepdf.Stream(pdf, b"")
        if deflate:
            stream.write(zlib.compress(data, 9), filter=pikepdf.Name.FlateDecode)
        else:
            stream.write(data)
        stream.Type = pikepdf.Name.EmbeddedFile
        spec = pikepdf.Dictionary(
            Type=pikepdf.Name.Filespec,
            F=pikepdf.String(name),
            UF=pikepdf.String(name),
            EF=pikepdf.Dictionary(F=stream),
            AFRelationship=pikepdf.Name.Source,
        )
        specs.append(pdf.make_indirect(spec))
    pdf.Root.AF = pikepdf.Array(specs)
    pdf.save(path)
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_extracts_into_a_new_folder_of_its_own_by_default(tmp_path):
    crafted_pdf(tmp_path / "sheet.pdf", [("sheet.md", b"---\ntitle: A\n---\n")])
    result = run_factsheet("extract", "sheet.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote sheet.extracted/sheet.md (Source, 17 bytes)\n"
    assert (tmp_path / "sheet.extracted" / "sheet.md").read_bytes() == b"---\ntitle: A\n---\n"

    again = run_factsheet("extract", "sheet.pdf", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr == (
        "factsheet: error: --out: sheet.extracted already exists;"
        " extract into a folder that does not exist yet\n"
    )


@pytest.mark.parametrize("existing", [".", "content", "output"])
def test_an_existing_folder_is_never_written_into(tmp_path, existing):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "sheet.md").write_text("mine")
    (tmp_path / "output").mkdir()
    crafted_pdf(tmp_path / "sheet.pdf", [("sheet.md", b"theirs")])
    before = listing(tmp_path)
    result = run_factsheet("extract", "sheet.pdf", "--out", existing, cwd=tmp_path)
    assert result.returncode == 2
    assert "already exists; extract into a folder that does not exist yet" in result.stderr
    assert listing(tmp_path) == before
    assert (tmp_path / "content" / "sheet.md").read_text() == "mine"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (".git/config", "no part may start with a dot"),
        ("output/.cache/loaded/x.json", "no part may start with a dot"),
        ("../content/sheet.md", "no part may start with a dot"),
        ("/etc/cron.d/x.md", "only plain relative names, with / between folders"),
        ("a\\..\\b.md", "only plain relative names, with / between folders"),
        ("C:evil.md", "only plain relative names, with / between folders"),
        ("figures//map.png", "only plain relative names, with / between folders"),
        ("sheet.md\n", "control or invisible characters"),
        ("x\u202egnp.md", "control or invisible characters"),
        ("hooks/post-checkout", "factsheet embeds only Markdown, its JSON data and images"),
        ("sheet.pth", "factsheet embeds only Markdown, its JSON data and images"),
        ("/".join(["a"] * 9) + ".md", "too deep or too long"),
    ],
)
def test_names_factsheet_does_not_write_are_refused_and_nothing_is_written(tmp_path, name, reason):
    crafted_pdf(tmp_path / "x.pdf", [("good.md", b"fine"), (name, b"[core]\nfsmonitor = evil\n")])
    result = run_factsheet("extract", "x.pdf", "--out", "back", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("factsheet: x.pdf: refusing an attachment named ")
    assert result.stderr.endswith(f": {reason}\n")
    assert result.stderr.count("\n") == 1
    assert listing(tmp_path) == ["x.pdf"], "nothing written, not even the good file"


def test_a_name_of_eight_parts_is_the_deepest_accepted(tmp_path):
    deepest = "/".join(["a"] * 7) + "/sheet.md"
    crafted_pdf(tmp_path / "x.pdf", [(deepest, b"fine")])
    result = run_factsheet("extract", "x.pdf", "--out", "back", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "back" / deepest).read_bytes() == b"fine"


def test_a_crafted_name_cannot_forge_a_line_of_output(tmp_path):
    name = "a.md\r\x1b[2Kwrote /etc/shadow (Source, 1 bytes)\n"
    crafted_pdf(tmp_path / "x.pdf", [(name, b"x")])
    result = run_factsheet("extract", "x.pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "\x1b" not in result.stderr and "\r" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "a.md\\u000d\\u001b[2Kwrote /etc/shadow (Source, 1 bytes)\\u000a" in result.stderr


@pytest.mark.parametrize("second", ["sheet.md", "SHEET.md", "sheet.md/x.png"])
def test_duplicate_names_are_refused(tmp_path, second):
    crafted_pdf(tmp_path / "x.pdf", [("sheet.md", b"one"), (second, b"two")])
    result = run_factsheet("extract", "x.pdf", "--out", "back", cwd=tmp_path)
    assert result.returncode == 1
    assert "refusing a second attachment named" in result.stderr
    assert listing(tmp_path) == ["x.pdf"]


def test_a_symlink_as_the_target_is_not_followed(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "back").symlink_to(tmp_path / "elsewhere")
    crafted_pdf(tmp_path / "x.pdf", [("sheet.md", b"one")])
    result = run_factsheet("extract", "x.pdf", "--out", "back", cwd=tmp_path)
    assert result.returncode == 2
    assert listing(tmp_path / "elsewhere") == []


def test_a_decompression_bomb_is_stopped_within_its_bound(tmp_path):
    """150 MB of zeros in a PDF of a few hundred kilobytes: refused, in bounded memory."""
    squeeze = zlib.compressobj(9)
    raw = b"".join(squeeze.compress(bytes(1 << 20)) for _ in range(150)) + squeeze.flush()
    pdf = crafted_pdf(tmp_path / "bomb.pdf", [("bomb.md", b"")])
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        document.Root.AF[0].EF.F.write(raw, filter=pikepdf.Name.FlateDecode)
        document.save(pdf)
    assert pdf.stat().st_size < 1_000_000
    # The peak is read inside the process (VmHWM, of its own memory since it started Python):
    # a child's ru_maxrss would also count the test runner it was forked from.
    measured = (
        "import runpy, sys\n"
        "sys.argv = ['factsheet', 'extract', 'bomb.pdf', '--out', 'back']\n"
        "try:\n"
        "    runpy.run_module('factsheet', run_name='__main__')\n"
        "finally:\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "    print(status, flush=True)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", measured], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr == (
        "factsheet: bomb.pdf: bomb.md is larger than 100,000,000 bytes"
        " (the limit for one file); nothing written\n"
    )
    assert listing(tmp_path) == ["bomb.pdf"]
    peak = int(result.stdout.split()[-1]) * 1024  # VmHWM is in kB
    assert 20_000_000 < peak < 400_000_000, f"extract used {peak:,} bytes of memory"


def test_many_files_together_are_bounded_too(tmp_path):
    squeeze = zlib.compressobj(9)
    raw = b"".join(squeeze.compress(bytes(1 << 20)) for _ in range(90)) + squeeze.flush()
    names = [f"part{n}.md" for n in range(6)]
    pdf = crafted_pdf(tmp_path / "many.pdf", [(name, b"") for name in names])
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        for spec in document.Root.AF:
            spec.EF.F.write(raw, filter=pikepdf.Name.FlateDecode)
        document.save(pdf)
    result = run_factsheet("extract", "many.pdf", "--out", "back", cwd=tmp_path)
    assert result.returncode == 1
    assert "(the total for one PDF); nothing written" in result.stderr
    assert listing(tmp_path) == ["many.pdf"]


def test_a_damaged_stream_is_one_line(tmp_path):
    crafted_pdf(tmp_path / "x.pdf", [("sheet.md", b"one")])
    with pikepdf.open(tmp_path / "x.pdf", allow_overwriting_input=True) as document:
        document.Root.AF[0].EF.F.write(b"not deflate at all", filter=pikepdf.Name.FlateDecode)
        document.save(tmp_path / "x.pdf")
    result = run_factsheet("extract", "x.pdf", "--out", "back", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("factsheet: x.pdf: sheet.md is damaged (")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert listing(tmp_path) == ["x.pdf"]


def test_not_a_pdf_is_one_line(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"<html>not a pdf</html>")
    result = run_factsheet("extract", "x.pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("factsheet: x.pdf: not a readable PDF (")
    assert listing(tmp_path) == ["x.pdf"]
