"""One person, one spelling across the collection: near spellings of a leader or commander
are one warning line naming both spellings and both places (a failure under --strict);
spellings that differ in case or diacritics, and different people, are not."""

from __future__ import annotations

from conftest import run_factsheet

COMMANDERS = (
    "---\ntitle: {title}\ninfobox:\n  sides:\n    - commanders: {commanders}\n    - {{}}\n---\n"
)


def write_pair(project, first: str, second: str) -> None:
    project.write("one.md", COMMANDERS.format(title="One", commanders=first))
    project.write("two.md", COMMANDERS.format(title="Two", commanders=second))
    project.write("collection.yaml", "title: Both\ndocuments: [one, two]\n")


def test_a_near_spelling_is_one_warning_naming_both_places(project):
    write_pair(project, "[Georgy Zhukov, Vasily Blyukher]", "[Vasili Blyukher]")
    result = run_factsheet("build", "--format", "html", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[:-1] == [
        "content/two.md:5:20: infobox.sides[0].commanders[0]: warning: 'Vasili Blyukher' and"
        " 'Vasily Blyukher' (content/one.md:5:35) look like one person spelt two ways; the"
        " index lists them as two until they are spelt alike"
    ]
    assert (project.out / "one.html").is_file() and (project.out / "two.html").is_file()


def test_under_strict_the_sheet_with_the_second_spelling_fails(project):
    write_pair(project, "[Vasily Blyukher]", "[{name: Vasili Blyukher}]")
    result = run_factsheet("build", "--strict", "--format", "html", cwd=project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        "content/two.md:5:27: infobox.sides[0].commanders[0].name: warning: 'Vasili Blyukher'"
        " and 'Vasily Blyukher' (content/one.md:5:20)"
    )
    assert (project.out / "one.html").is_file() and not (project.out / "two.html").exists()


def test_case_diacritics_and_different_people_give_no_warning(project):
    """ "Michitaro" is "Michitarō" (one entry in the index); Kenkichi and Kenji Ueda, or
    Shunroku and Hikosaburō Hata, share a family name but not a given name."""
    write_pair(
        project,
        "[Michitarō Komatsubara, Kenkichi Ueda, Shunroku Hata]",
        "[MICHITARO KOMATSUBARA, Kenji Ueda, Hikosaburō Hata]",
    )
    result = run_factsheet("build", "--strict", "--format", "html", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("built 2 document(s), 0 failed, 0 warning(s)"), result.stderr


def test_documents_outside_the_collection_are_not_compared(project):
    write_pair(project, "[Vasily Blyukher]", "[Vasili Blyukher]")
    project.write("collection.yaml", "title: Both\ndocuments: [one]\n")
    result = run_factsheet("build", "--strict", "--format", "html", cwd=project.root)
    assert result.returncode == 0, result.stderr
