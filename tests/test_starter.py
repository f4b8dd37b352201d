"""`factsheet init` and `factsheet new` as a user runs them: a project that builds at once,
skeletons of each kind, and refusals that never overwrite a file."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
import yaml

from conftest import REPO, epubcheck_findings
from conftest import run_factsheet as run
from factsheet.frontmatter import split
from factsheet.kinds import KINDS
from factsheet.pipeline import Options, build
from factsheet.schema import (
    COLLECTION_SCHEMA,
    FRONT_MATTER_SCHEMA,
    MODELINE,
    as_text,
    collection_schema,
    front_matter_schema,
)
from factsheet.starter import EXAMPLE_OF_KIND, EXAMPLES, skeleton, title_of

SLUGS = list(EXAMPLE_OF_KIND.values())
WRITTEN = [
    FRONT_MATTER_SCHEMA,
    COLLECTION_SCHEMA,
    "README.md",
    "content/collection.yaml",
    *(f"content/{slug}.md" for slug in SLUGS),
]


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, object]:
    """`factsheet init DIR`, then `factsheet build` in DIR: the folder and both processes."""
    root = tmp_path_factory.mktemp("init") / "project"
    init = run("init", str(root), cwd=root.parent)
    return root, init, run("build", cwd=root, timeout=900)


def test_init_writes_a_project(started):
    root, init, _ = started
    assert init.returncode == 0, init.stderr
    assert init.stderr == ""
    assert init.stdout.splitlines() == [
        *(f"wrote project/{name}" for name in WRITTEN),
        "next: cd project && factsheet build",
    ]
    content = sorted(f"content/{path.name}" for path in (root / "content").iterdir())
    assert content == sorted(name for name in WRITTEN if name.startswith("content/"))
    schema = (root / FRONT_MATTER_SCHEMA).read_text(encoding="utf-8")
    assert schema == as_text(front_matter_schema())
    collection = (root / COLLECTION_SCHEMA).read_text(encoding="utf-8")
    assert collection == as_text(collection_schema())


def test_the_examples_cover_every_kind_with_the_modeline():
    kinds = {}
    for slug in SLUGS:
        path = EXAMPLES / f"{slug}.md"
        text = path.read_text(encoding="utf-8")
        assert text.split("\n")[:2] == ["---", MODELINE]
        kinds[split(path, text).data["kind"]] = slug
    assert kinds == EXAMPLE_OF_KIND and tuple(kinds) == KINDS
    listed = yaml.safe_load((EXAMPLES / "collection.yaml").read_text(encoding="utf-8"))
    assert listed["documents"] == SLUGS
    assert (
        (EXAMPLES / "collection.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../collection.schema.json\n")
    )


def test_the_project_builds_at_once(started, tmp_path):
    root, _, built = started
    assert built.returncode == 0, built.stderr
    # The summary is all that reaches stderr: no problem, no warning.
    assert built.stderr.startswith("built 5 document(s), collection built, 0 failed, 0 warning(s)")
    assert len(built.stderr.splitlines()) == 1
    out = root / "output"
    for slug in SLUGS:
        for suffix in ("pdf", "epub", "html"):
            assert (out / f"{slug}.{suffix}").stat().st_size > 1000, (slug, suffix)
        assert (out / "archive" / f"{slug}.pdf").is_file()
    assert (out / "examples.pdf").is_file() and (out / "examples.epub").is_file()
    books = [out / f"{slug}.epub" for slug in SLUGS] + [out / "examples.epub"]
    assert epubcheck_findings(books, tmp_path / "epubcheck") == []


def test_the_project_checks_without_a_warning(started):
    root, _, _ = started
    checked = run("check", "--strict", cwd=root)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.startswith("checked: 0 failed, 0 warning(s)")
    assert len(checked.stderr.splitlines()) == 1


def test_init_defaults_to_the_current_folder(tmp_path):
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "next: factsheet build"
    assert (tmp_path / "content" / "georgy-zhukov.md").is_file()


def test_init_refuses_a_folder_with_content(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "mine.md").write_text("---\ntitle: Mine\n---\n")
    result = run("init", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"factsheet: error: {tmp_path}/content already has files; init makes a new project and"
        " never writes into one: choose an empty folder\n"
    )
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["content", "mine.md"]


def test_init_never_overwrites_a_file(tmp_path):
    (tmp_path / "README.md").write_text("my own\n")
    result = run("init", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "factsheet: error: README.md already exists; init never overwrites a file\n"
    )
    # Refused before anything is written.
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
    assert (tmp_path / "README.md").read_text() == "my own\n"
    (tmp_path / "file").write_text("")
    result = run("init", "file", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "factsheet: error: file is a file; init makes a project in a folder\n"


def uncommented(text: str) -> str:
    """A skeleton's front matter with its fields uncommented, as an author fills it in."""
    lines = text.split("\n")
    closing = lines.index("---", 1)
    fields = [line if line == MODELINE else line.removeprefix("# ") for line in lines[1:closing]]
    return "\n".join(["---", *fields, *lines[closing:]])


@pytest.mark.parametrize("kind", KINDS)
def test_a_skeleton_holds_its_kind_s_fields_commented(kind, tmp_path):
    text = skeleton("marie-curie", kind)
    assert text.split("\n")[:4] == ["---", MODELINE, "title: Marie Curie", f"kind: {kind}"]
    bare = split(tmp_path / "a.md", text).data
    assert bare == {"title": "Marie Curie", "kind": kind}
    # Uncommented, it is the example of its kind, but for the title.
    example = EXAMPLES / f"{EXAMPLE_OF_KIND[kind]}.md"
    filled = split(tmp_path / "b.md", uncommented(text)).data
    assert filled == split(example, example.read_text(encoding="utf-8")).data | {
        "title": "Marie Curie"
    }


def test_new_adds_a_skeleton_of_each_kind_that_builds(tmp_path):
    root = tmp_path / "project"
    assert run("init", str(root), cwd=tmp_path).returncode == 0
    for kind in KINDS:
        result = run("new", f"new-{kind}", "--kind", kind, cwd=root)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"wrote content/new-{kind}.md\n"
    plain = run("new", "the-battle-of-nowhere", cwd=root)
    assert plain.stdout == "wrote content/the-battle-of-nowhere.md\n"
    assert "kind: conflict\n" in (root / "content" / "the-battle-of-nowhere.md").read_text()
    built = run("build", *(f"new-{kind}" for kind in KINDS), cwd=root, timeout=900)
    assert built.returncode == 0, built.stderr
    assert built.stderr.startswith("built 5 document(s), 0 failed, 0 warning(s)"), built.stderr
    for kind in KINDS:
        html = (root / "output" / f"new-{kind}.html").read_text(encoding="utf-8")
        assert f"<title>New {kind.capitalize()}" in html


def test_new_writes_the_schema_where_it_is_missing(project):
    result = run("new", "georgy-zhukov", "--kind", "person", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote content/georgy-zhukov.md\nwrote {FRONT_MATTER_SCHEMA}\n"
    assert json.loads((project.root / FRONT_MATTER_SCHEMA).read_text()) == front_matter_schema()
    again = run("new", "vladivostok", "--kind", "place", cwd=project.root)
    assert again.stdout == "wrote content/vladivostok.md\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("new", "Bad Name"),
            "SLUG: expected lowercase letters and digits in words joined by hyphens, such as"
            " battle-of-lake-khasan; got 'Bad Name'",
        ),
        (
            ("new", "a-ship", "--kind", "boat"),
            "--kind: expected one of conflict, person, place, ship, organisation; got 'boat'",
        ),
        (("new", "existing"), "content/existing.md already exists; new never overwrites a file"),
        (
            ("new", "a-b", "--content", "nowhere"),
            "--content: no folder at nowhere; run factsheet init first, or give --content",
        ),
    ],
)
def test_new_refuses(project, args, message):
    project.write("existing.md", "---\ntitle: Mine\n---\n")
    result = run(*args, cwd=project.root)
    assert result.returncode == 2
    assert result.stderr == f"factsheet: error: {message}\n"
    assert (project.content / "existing.md").read_text() == "---\ntitle: Mine\n---\n"
    assert sorted(p.name for p in project.content.iterdir()) == ["existing.md"]


@pytest.mark.parametrize(("slug", "title"), [("no", "No"), ("null", "Null"), ("1939", "1939")])
def test_a_title_yaml_would_read_as_another_value_is_quoted(slug, title, tmp_path):
    text = skeleton(slug, "conflict")
    assert f'title: "{title}"\n' in text
    assert split(tmp_path / "a.md", text).data["title"] == title


def test_a_title_from_a_slug():
    assert title_of("battle-of-lake-khasan") == "Battle of Lake Khasan"
    assert title_of("the-war-of-1812") == "The War of 1812"
    assert title_of("a") == "A"


def test_the_modeline_changes_no_output(tmp_path):
    """The modeline is a YAML comment: a document with it builds to the same bytes, but for the
    PDF's identifier, which is the digest of the source files (docs/archival.md)."""
    text = (REPO / "tests" / "fixtures" / "golden" / "small-sheet" / "input.md").read_text()
    assert text.startswith("---\n") and "yaml-language-server" not in text
    outputs = {}
    for name, document in (("plain", text), ("modeline", f"---\n{MODELINE}\n{text[4:]}")):
        content = tmp_path / name / "content"
        content.mkdir(parents=True)
        (content / "sheet.md").write_text(document, encoding="utf-8")
        options = Options(content=content, out=tmp_path / name / "output")
        events: list = []
        assert build(options, events.append).ok, [str(e) for e in events]
        outputs[name] = {
            suffix: (options.out / f"sheet.{suffix}").read_bytes() for suffix in ("epub", "html")
        }
        pdf = (options.out / "sheet.pdf").read_bytes()
        with pikepdf.open(options.out / "sheet.pdf") as opened:
            identifiers = [bytes(part) for part in opened.trailer.ID]
        for identifier in identifiers:
            assert pdf.count(identifier) == 1
            pdf = pdf.replace(identifier, b"ID")
        outputs[name]["pdf"] = pdf
    assert outputs["modeline"] == outputs["plain"]
