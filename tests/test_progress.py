"""What a build shows outside a terminal: one plain line per file written and per document it
renders; a document that fails to load has its problem line instead."""

from __future__ import annotations

from conftest import run_factsheet


def test_a_build_in_a_pipe_prints_one_plain_line_per_file_and_per_document(project):
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    project.write("two.md", "---\ntitle: Two\nlang: [en]\n---\nText.\n")

    first = run_factsheet("build", "--format", "html,epub", "--jobs", "1", cwd=project.root)

    assert first.returncode == 1, first.stderr
    assert first.stdout.splitlines() == [
        "wrote output/one.html",
        "wrote output/one.epub",
        "[1/1] one: built",
    ]
    *problems, summary = first.stderr.splitlines()
    assert problems == ["content/two.md:3:7: lang: expected text, got a list"]
    assert summary.startswith("built 1 document(s), 1 failed, 0 warning(s) in ")

    again = run_factsheet("build", "one", "--format", "html,epub", cwd=project.root)

    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["[1/1] one: up to date"]
    assert again.stderr.startswith("built 0 document(s), 1 up to date, 0 failed, 0 warning(s)")
