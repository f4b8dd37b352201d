"""The command line as a user runs it: real processes, real exit codes, one line per problem."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, built_files
from conftest import run_factsheet as run

GOOD = "---\ntitle: Good sheet\n---\nA paragraph.\n"
BROKEN = "---\nlang: en\n---\nNo title.\n"


def test_version_and_help(tmp_path):
    assert run("--version", cwd=tmp_path).stdout.strip() == "factsheet 0.1.0"
    result = run("build", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in ("--content", "--templates", "--out", "--format", "--strict", "--debug"):
        assert option in result.stdout


RENDERERS = ("weasyprint", "pikepdf", "ebooklib")
MODULES_AFTER = """
import json, sys
from factsheet.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(*args: str, cwd: Path) -> set[str]:
    """The modules a whole `factsheet ARGS` process imported."""
    result = subprocess.run(
        [sys.executable, "-c", MODULES_AFTER, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return set(json.loads(result.stderr.splitlines()[-1]))


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("build", "--help"), ("check",)])
def test_commands_that_do_not_render_import_no_renderer(project, args):
    project.write("good.md", GOOD)
    imported = modules_after(*args, cwd=project.root)
    assert "factsheet.cli" in imported
    assert [name for name in RENDERERS if name in imported] == []
    if args[0] != "check":  # checking reads Markdown, which lxml.html cleans
        assert "lxml.html" not in imported and "factsheet.pipeline" not in imported


def test_a_build_imports_the_renderers_when_it_renders(project):
    project.write("good.md", GOOD)
    imported = modules_after("build", "--jobs", "1", cwd=project.root)
    assert (project.out / "archive" / "good.pdf").is_file()
    assert [name for name in RENDERERS if name in imported] == list(RENDERERS)


def test_a_broken_document_is_one_line_and_the_others_are_built(project):
    project.write("good.md", GOOD)
    project.write("broken.md", BROKEN)
    result = run("build", "--format", "html", cwd=project.root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "content/broken.md:2:1: title: required field is missing"
    assert lines[1].startswith("built 1 document(s), 1 failed, 0 warning(s)")
    assert len(lines) == 2 and "Traceback" not in result.stderr
    assert (project.out / "good.html").is_file()
    assert not (project.out / "broken.html").exists()


def test_a_document_that_now_fails_keeps_its_last_good_output(project):
    path = project.write("sheet.md", GOOD)
    assert run("build", "--format", "html", cwd=project.root).returncode == 0
    before = (project.out / "sheet.html").read_bytes()
    path.write_text(BROKEN)
    assert run("build", "--format", "html", cwd=project.root).returncode == 1
    assert (project.out / "sheet.html").read_bytes() == before
    assert sorted(p.name for p in project.out.iterdir() if not p.name.startswith(".")) == [
        "manifest.json",
        "sheet.html",
    ]


def test_strict_turns_warnings_into_failures(project):
    text = "---\ntitle: T\ninfobox:\n  sides:\n    - casualties: {total: 10, combat: 20}\n    - {}\n---\n"
    project.write("sums.md", text)
    relaxed = run("build", "--format", "html", cwd=project.root)
    assert relaxed.returncode == 0
    assert "content/sums.md:5:27: infobox.sides[0].casualties.total: warning:" in relaxed.stderr
    (project.out / "sums.html").unlink()
    strict = run("build", "--strict", "--format", "html", cwd=project.root)
    assert strict.returncode == 1 and not (project.out / "sums.html").exists()


def test_check_validates_without_writing(project):
    project.write("good.md", GOOD)
    result = run("check", cwd=project.root)
    assert result.returncode == 0 and not project.out.exists()
    project.write("broken.md", BROKEN)
    assert run("check", cwd=project.root).returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "--format", "docx"), "--format: unknown format docx"),
        (("build", "no-such-sheet"), "no document 'no-such-sheet'"),
        (("build", "--bogus"), "unrecognized arguments: --bogus (see factsheet --help)"),
        (("build", "--templates", "nowhere"), "--templates: no folder at nowhere"),
        (
            ("serve", "--port", "abc"),
            "argument --port: invalid int value: 'abc' (see factsheet serve --help)",
        ),
        (("build", "--jobs", "0"), "argument --jobs: expected a whole number of 1 or more"),
        (("frobnicate",), "argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(project, args, message):
    project.write("good.md", GOOD)
    result = run(*args, cwd=project.root)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("factsheet: error: ") and message in line, line


def test_selected_documents_by_slug_or_path(project):
    project.write("one.md", GOOD)
    project.write("two/index.md", GOOD)
    result = run("build", "one", "content/two/index.md", "--format", "html", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in project.out.iterdir() if not p.name.startswith(".")) == [
        "manifest.json",
        "one.html",
        "two.html",
    ]


def test_build_py_and_the_console_script_do_the_same(project):
    project.write("good.md", GOOD)
    via_build_py = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--format", "html", "--out", "a"],
        cwd=project.root,
        capture_output=True,
        text=True,
    )
    script = Path(sys.executable).parent / "factsheet"
    via_script = subprocess.run(
        [str(script), "build", "--format", "html", "--out", "b"],
        cwd=project.root,
        capture_output=True,
        text=True,
    )
    assert via_build_py.returncode == via_script.returncode == 0
    assert (project.root / "a/good.html").read_bytes() == (
        project.root / "b/good.html"
    ).read_bytes()


def test_user_templates_override_defaults(project, tmp_path):
    project.write("good.md", GOOD)
    mine = tmp_path / "mine" / "partials"
    mine.mkdir(parents=True)
    (mine / "colophon.html.j2").write_text('<footer class="colophon">Our museum</footer>\n')
    result = run("build", "--format", "html", "--templates", str(mine.parent), cwd=project.root)
    assert result.returncode == 0, result.stderr
    html = (project.out / "good.html").read_text()
    assert "Our museum" in html and "About this document" not in html


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        ("<p>\n{% if %}</p>\n", 2, "Expected an expression, got 'end of statement block'"),
        ("<p>\n\n{{ no_such_name }}</p>\n", 3, "'no_such_name' is undefined"),
        ("<p>\n{{ 1 // 0 }}</p>\n", 2, "ZeroDivisionError: integer division or modulo by zero"),
        (
            '<p>{{ "%d" % "x" }}</p>\n',
            1,
            "TypeError: %d format: a real number is required, not str",
        ),
    ],
)
def test_a_broken_user_template_is_named_with_its_line(project, tmp_path, template, line, message):
    project.write("good.md", GOOD)
    mine = tmp_path / "mine" / "partials"
    mine.mkdir(parents=True)
    (mine / "colophon.html.j2").write_text(template)
    result = run("build", "--format", "html", "--templates", str(mine.parent), cwd=project.root)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first == (
        f"mine/partials/colophon.html.j2:{line}:1: (template): {message} (for content/good.md)"
    ), result.stderr
    assert "Traceback" not in result.stderr


def test_a_character_no_font_draws_is_named_and_fails_under_strict(project):
    project.write("glyph.md", "---\ntitle: Glyphs\n---\nA private sign \ue000 here.\n")
    relaxed = run("build", "--format", "html", cwd=project.root)
    assert relaxed.returncode == 0
    assert relaxed.stderr.splitlines()[0] == (
        "content/glyph.md:4:16: body: warning: no available font can draw '\\ue000' (U+E000)"
    )
    strict = run("build", "--strict", "--format", "pdf", cwd=project.root)
    assert strict.returncode == 1 and not (project.out / "glyph.pdf").exists()


def test_paper_and_bleed_options(project):
    project.write("good.md", GOOD)
    bad = run("build", "--bleed", "three", cwd=project.root)
    assert bad.returncode == 2 and "--bleed: expected a length such as 3mm" in bad.stderr
    result = run(
        "build",
        "--format",
        "pdf",
        "--paper",
        "letter",
        "--bleed",
        "3mm",
        "--marks",
        cwd=project.root,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("bleed", [[], ["--bleed", "0mm"]])
def test_crop_marks_without_a_bleed_are_a_usage_error(project, bleed):
    # Crop marks are drawn outside the trim, in the bleed: without one they have no room.
    project.write("good.md", GOOD)
    result = run("build", "--format", "pdf", "--marks", *bleed, cwd=project.root)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "factsheet: error: --marks: crop marks stand outside the bleed; give --bleed too, e.g. 3mm"
    ]
    assert not project.out.exists()


@pytest.mark.parametrize(
    ("variant", "why"),
    [
        ("pdf/x-9", "unknown variant 'pdf/x-9'"),
        ("debug", "unknown variant 'debug'"),
        ("pdf/x-1a", "pdf/x-1a allows CMYK and spot colours only, and the sheets are in RGB"),
        ("pdf/x-3", "pdf/x-3 forbids transparency, and the charts' bars are transparent"),
    ],
)
def test_a_pdf_variant_the_sheets_cannot_meet_is_a_usage_error(project, variant, why):
    project.write("good.md", GOOD)
    result = run("build", "--format", "pdf", "--pdf-variant", variant, cwd=project.root)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"factsheet: error: --pdf-variant: {why}; choose from pdf/a-2b, pdf/a-2u, pdf/a-3b,"
        " pdf/a-3u, pdf/ua-1, pdf/x-4"
    ]
    assert not project.out.exists()


def test_the_pdf_variants_offered_are_weasyprints():
    from weasyprint.pdf import VARIANTS

    from factsheet.writers.job import PDF_VARIANTS, UNFIT_VARIANTS

    assert set(PDF_VARIANTS) <= set(VARIANTS) and set(UNFIT_VARIANTS) <= set(VARIANTS)


def test_a_pdf_x_4_print_pdf_from_the_command_line(project):
    import pikepdf

    project.write("good.md", GOOD)
    result = run(
        "build",
        "--format",
        "pdf",
        "--pdf-variant",
        "pdf/x-4",
        "--bleed",
        "3mm",
        "--marks",
        cwd=project.root,
    )
    assert result.returncode == 0, result.stderr
    with pikepdf.open(project.out / "good.pdf") as pdf:
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "1e300", "soon"])
def test_a_time_limit_the_timer_cannot_hold_is_a_usage_error(project, value):
    project.write("good.md", GOOD)
    result = run("build", "--time-limit", value, cwd=project.root)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "factsheet: error: --time-limit: expected seconds from 0 (no limit) to 86,400 (a day),"
        f" got '{value}'"
    ]
    assert not project.out.exists()


@pytest.mark.parametrize(
    "option",
    [
        ["--format", "pdf"],
        ["--paper", "letter"],
        ["--bleed", "3mm"],
        ["--marks"],
        ["--pdf-variant", "pdf/x-4"],
        ["--force"],
        ["--jobs", "2"],
        ["--templates", "templates"],
        ["--out", "elsewhere"],
        ["--watch"],
    ],
)
def test_check_refuses_the_options_only_a_build_uses(project, option):
    project.write("good.md", GOOD)
    result = run("check", *option, cwd=project.root)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"factsheet: error: unrecognized arguments: {option[0]} (see factsheet --help)"
    )


def test_check_takes_the_options_that_change_what_it_accepts(project):
    project.write("raw.md", "---\ntitle: Raw\n---\nSome <b>bold</b> text.\n")
    for option in (
        [],
        ["--allow-html"],
        ["--allow-remote"],
        ["--strict"],
        ["--debug"],
        ["--time-limit", "5"],
    ):
        result = run("check", "raw", "--content", "content", *option, cwd=project.root)
        assert result.returncode == 0, (option, result.stderr)
        assert result.stderr.splitlines()[-1].startswith("checked: 0 failed, 0 warning(s)")


@pytest.mark.parametrize("option", [["--format", "pdf"], ["--paper", "letter"], ["--marks"]])
def test_serve_refuses_the_options_of_formats_it_does_not_build(project, option):
    result = run("serve", *option, cwd=project.root)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"factsheet: error: unrecognized arguments: {option[0]} (see factsheet --help)"
    )


@pytest.mark.parametrize("value", ["315532799", "4354819200", "99999999999999999999", "noon", "-5"])
def test_a_source_date_epoch_no_output_can_carry_is_a_usage_error(project, value):
    project.write("good.md", GOOD)
    result = subprocess.run(
        [sys.executable, "-m", "factsheet", "build"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": value},
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "factsheet: error: SOURCE_DATE_EPOCH: expected whole seconds since 1970 from 315532800"
        f" (1980-01-01) to 4354819199 (2107-12-31), got '{value}'"
    ]
    assert not project.out.exists()


def test_an_output_folder_that_is_a_file_or_under_one_is_one_line(project):
    project.write("good.md", GOOD)
    (project.root / "taken").write_text("a file\n")
    named = run("build", "--out", "taken", cwd=project.root)
    assert named.returncode == 2
    assert named.stderr.splitlines() == [
        "factsheet: error: the output folder taken is a file; name a folder"
    ]
    # Root may write anywhere, but not into a file: the one folder that fails for everyone.
    under = run("build", "--out", "taken/output", cwd=project.root)
    assert under.returncode == 1
    assert under.stderr.splitlines() == [
        "factsheet: cannot write to the output folder taken/output: Not a directory"
    ]
    assert (project.root / "taken").read_text() == "a file\n"


def _build_limited(root: Path, max_bytes: int) -> subprocess.CompletedProcess:
    """A build whose process may write no file larger than `max_bytes` (as on a full disk)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run(
        [sys.executable, "-m", "factsheet", "build", "--jobs", "1"],
        cwd=root,
        capture_output=True,
        text=True,
        preexec_fn=limit,
    )


def test_outputs_that_cannot_be_written_leave_the_old_ones_whole(project):
    path = project.write("sheet.md", GOOD)
    assert run("build", cwd=project.root).returncode == 0
    before = {p: p.read_bytes() for p in built_files(project.out)}
    path.write_text(GOOD.replace("A paragraph.", "Another paragraph, longer than the first."))

    result = _build_limited(project.root, 2_000)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "factsheet: cannot write to the output folder output: File too large"
    ]
    assert {p: p.read_bytes() for p in built_files(project.out)} == before
    assert not list(project.out.rglob("*.tmp"))


def test_a_full_disk_leaves_the_old_outputs_whole(project):
    """A real ENOSPC: a 1 MB tmpfs as output/, mounted in a user namespace where allowed."""
    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode
    ):
        pytest.skip("no unshare here, so no tmpfs can be mounted to fill")
    project.write("sheet.md", GOOD)
    script = f"""
        set -e
        mkdir -p output before after
        mount -t tmpfs -o size=1m tmpfs output
        {sys.executable} -m factsheet build --jobs 1 > /dev/null 2>&1
        cp -a output/. before/
        sed -i 's/A paragraph./A changed paragraph./' content/sheet.md
        dd if=/dev/zero of=output/filler bs=4k 2>/dev/null || true
        rm -f output/.cache/loaded/*
        set +e
        {sys.executable} -m factsheet build --jobs 1 --force > /dev/null 2> stderr.txt
        echo $? > code.txt
        rm output/filler
        cp -a output/. after/
    """
    subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=project.root, check=True)

    assert (project.root / "code.txt").read_text().strip() == "1"
    assert (project.root / "stderr.txt").read_text().splitlines() == [
        "factsheet: cannot write to the output folder output: No space left on device"
    ]
    before, after = project.root / "before", project.root / "after"
    assert [p.relative_to(after) for p in built_files(after)] == [
        p.relative_to(before) for p in built_files(before)
    ]
    for old in built_files(before):
        assert (after / old.relative_to(before)).read_bytes() == old.read_bytes()
    assert len(built_files(before)) == 5


def test_a_corrupt_manifest_is_remade_with_a_warning(project):
    project.write("sheet.md", GOOD)
    assert run("build", "--format", "html", cwd=project.root).returncode == 0
    manifest = project.out / "manifest.json"
    good = json.loads(manifest.read_text())
    for corrupt in ("{not json", '{"outputs": [1, 2]}', "[]"):
        manifest.write_text(corrupt)
        result = run("build", "--format", "html", cwd=project.root)
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[0] == (
            "output/manifest.json:1:1: (manifest): warning: is not a manifest factsheet can"
            " read; every document is rebuilt to remake it"
        )
        assert result.stderr.splitlines()[1].startswith("built 1 document(s), 0 failed, 1 warn")
        assert json.loads(manifest.read_text())["outputs"] == good["outputs"]


def test_the_time_limit_is_120_seconds_unless_told():
    from factsheet.cli import parse
    from factsheet.commands import _options

    for command in ("build", "check"):
        assert _options(parse([command])).time_limit == 120
    assert _options(parse(["build", "--time-limit", "0"])).time_limit is None


def test_output_piped_into_a_reader_that_stops_early_is_no_error(tmp_path):
    """`factsheet config | head -1`: the reader closes the pipe; no traceback, no "internal
    error", and the shell's exit for a broken pipe (128 + SIGPIPE)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "factsheet", "config"]
    reader = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    reader.stdout.close()  # gone before factsheet has printed a line
    stderr = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 141
    assert stderr == ""
