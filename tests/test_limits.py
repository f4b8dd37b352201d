"""Size and time limits: big or explosive input stops with a clear message, never hangs."""

from __future__ import annotations

import itertools
import random
import time

import pytest

from factsheet.errors import ContentError
from factsheet.pipeline import Options, build
from factsheet.reader import load_document


# The limit may go off while a garbage-collector callback runs, where Python drops it (and
# pytest warns); it goes off again a second later in the work itself.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_5_mb_narrative_stops_at_the_time_limit_with_a_message(project):
    words = [
        "border",
        "conflict",
        "soviet",
        "japan",
        "steppe",
        "river",
        "tank",
        "division",
        "army",
        "treaty",
    ]
    rng = random.Random(1)
    paragraphs = [" ".join(rng.choice(words) for _ in range(120)) for _ in range(6200)]
    project.write("big.md", "---\ntitle: Big\n---\n" + "\n\n".join(paragraphs) + "\n")
    assert (project.content / "big.md").stat().st_size > 5_000_000
    events: list = []
    started = time.monotonic()
    report = build(
        Options(content=project.content, out=project.out, formats=("pdf",), time_limit=2),
        events.append,
    )
    assert time.monotonic() - started < 60
    assert not report.ok
    assert [e.format(project.root) for e in events] == [
        "content/big.md:1:1: (document): took longer than 2 s to build and was stopped;"
        " split the document or raise --time-limit"
    ]


def test_front_matter_over_1_mb_is_refused(project):
    facts = "".join(f"    - {{label: Fact {n}, value: {'x' * 60}}}\n" for n in range(15000))
    path = project.write("huge.md", f"---\ntitle: Huge\ninfobox:\n  facts:\n{facts}---\n")
    with pytest.raises(ContentError) as caught:
        load_document(path, project.root)
    [problem] = caught.value.problems
    assert problem.format(project.root).startswith(
        "content/huge.md:2:1: (front matter): front matter is"
    )
    assert problem.message.endswith("bytes; the limit is 1,000,000 (1 MB)")


def test_a_billion_laughs_document_is_refused_in_well_under_a_second(project):
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    names = "abcdefghij"
    for previous, name in itertools.pairwise(names):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    path = project.write("laughs.md", "---\ntitle: T\n" + "\n".join(levels) + "\n---\n")
    started = time.monotonic()
    with pytest.raises(ContentError) as caught:
        load_document(path, project.root)
    assert time.monotonic() - started < 1.0
    assert "more than 100,000 values once aliases are expanded" in caught.value.problems[0].message


def test_in_worker_processes_a_slow_document_stops_alone(project):
    from conftest import built_files, run_factsheet

    rng = random.Random(2)
    words = ["steppe", "river", "tank", "division", "army", "treaty"]
    paragraphs = [" ".join(rng.choice(words) for _ in range(120)) for _ in range(2000)]
    project.write("big.md", "---\ntitle: Big\n---\n" + "\n\n".join(paragraphs) + "\n")
    for name in ("one", "two", "three"):
        project.write(f"{name}.md", f"---\ntitle: {name.title()}\n---\nShort text.\n")
    done = run_factsheet(
        "build", "--jobs", "2", "--time-limit", "1", "--format", "pdf", cwd=project.root
    )
    assert done.returncode == 1, done.stderr
    assert (
        "content/big.md:1:1: (document): took longer than 1 s to build and was stopped;"
        in done.stderr
    )
    assert "built 3 document(s), 1 failed" in done.stderr
    assert [p.name for p in built_files(project.out)] == [
        "manifest.json",
        "one.pdf",
        "three.pdf",
        "two.pdf",
    ]


def test_a_document_with_200_000_links_is_checked_with_each_bad_link_at_its_place(project):
    """Finding positions once took time in the square of the links (163 s for this file)."""
    from conftest import run_factsheet

    lines = []
    for n in range(100_000):
        target = f"file:///x{n}" if n % 1000 == 999 else f"https://example.org/{n}"
        lines.append(f"{n} \\[x\\] [@s] *[a]({target})* <https://example.org/b{n}>")
    head = "---\ntitle: Links\nsources:\n  - {id: s, title: S}\n---\n"
    project.write("links.md", head + "\n".join(lines) + "\n")

    result = run_factsheet("check", "--time-limit", "0", cwd=project.root)

    assert result.returncode == 1, result.stderr[-2000:]
    column = len("999 \\[x\\] [@s] *") + 1
    assert result.stderr.splitlines()[:-1] == [
        f"content/links.md:{n + 6}:{column + len(str(n)) - 3}: body: link 'file:///x{n}':"
        " links to file: addresses are not allowed"
        for n in range(999, 100_000, 1000)
    ]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_time_limit_dropped_by_a_finaliser_goes_off_again():
    """Python drops an exception raised while a finaliser or a garbage-collector callback runs;
    the limit must still stop the work."""
    from factsheet.workers import TimeLimitExceeded, time_limit

    class Slow:
        def __del__(self):
            time.sleep(0.5)  # the limit expires in here, where its exception is dropped

    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        Slow()
        end = time.monotonic() + 30
        while time.monotonic() < end:  # work that only the limit can stop
            pass


def test_the_time_limit_stops_work_in_a_thread_other_than_the_main_one():
    """The Python API runs in web servers' and notebooks' threads, where no signal is caught."""
    from concurrent.futures import ThreadPoolExecutor

    from factsheet.workers import TimeLimitExceeded, time_limit

    def spin() -> str:
        try:
            with time_limit(0.2):
                end = time.monotonic() + 30
                while time.monotonic() < end:
                    pass
        except TimeLimitExceeded:
            return "stopped"
        return "ran out"

    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(lambda _: spin(), range(2))) == ["stopped", "stopped"]
    assert time.monotonic() - started < 10


def test_a_time_limit_never_goes_off_after_its_work():
    from factsheet.workers import time_limit

    for _ in range(200):
        with time_limit(0.001):
            pass
    with time_limit(0.05):
        time.sleep(0.01)
    time.sleep(1.5)  # past the limits and their repeats: nothing may be raised here


# The limit may go off while a garbage-collector callback runs, where Python drops it (and
# pytest warns); it goes off again a second later in the work itself.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_build_in_a_thread_stops_a_document_at_its_time_limit(project):
    from concurrent.futures import ThreadPoolExecutor

    paragraphs = ["river steppe border " * 40] * 6000
    project.write("big.md", "---\ntitle: Big\n---\n" + "\n\n".join(paragraphs) + "\n")
    project.write("small.md", "---\ntitle: Small\n---\nA short one.\n")
    options = Options(content=project.content, out=project.out, formats=("pdf",), time_limit=1)
    events: list = []
    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(build, options, events.append).result(timeout=120)
    assert [e.format(project.root) for e in events if hasattr(e, "format")] == [
        "content/big.md:1:1: (document): took longer than 1 s to build and was stopped;"
        " split the document or raise --time-limit"
    ]
    assert report.built == ["small"]
