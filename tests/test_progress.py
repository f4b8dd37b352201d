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


def test_each_line_gives_the_pdfs_pages_built_or_up_to_date(project):
    project.write("one.md", "---\ntitle: One\n---\nText.\n")
    long_body = "\n\n".join(f"## Part {n}\n\n" + "Word " * 400 for n in range(1, 6))
    project.write("two.md", f"---\ntitle: Two\n---\nLead.\n\n{long_body}\n")

    first = run_factsheet("build", "--format", "pdf,html", "--jobs", "1", cwd=project.root)
    assert first.returncode == 0, first.stderr
    lines = [line for line in first.stdout.splitlines() if line.startswith("[")]
    assert lines == ["[1/2] one: built, 1 page", "[2/2] two: built, 3 pages"]

    again = run_factsheet("build", "--format", "pdf,html", cwd=project.root)
    assert again.stdout.splitlines() == [
        "[1/2] one: up to date, 1 page",
        "[2/2] two: up to date, 3 pages",
    ]

    # A record whose page count is not a number (edited by hand) only loses the count.
    record = project.out / ".cache" / "two.json"
    text = record.read_text()
    assert '"pages": 3' in text
    record.write_text(text.replace('"pages": 3', '"pages": "3; rm -rf /"'))
    third = run_factsheet("build", "--format", "pdf,html", cwd=project.root)
    assert third.returncode == 0, third.stderr
    assert "[2/2] two: up to date" in third.stdout.splitlines()

    html_only = run_factsheet("build", "--format", "html", "--force", cwd=project.root)
    assert "[1/2] one: built" in html_only.stdout.splitlines()  # no PDF, no pages
