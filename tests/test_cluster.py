"""Builds on a Dask cluster (`--scheduler`): real clusters of two worker processes, the same
files as a build here, and what a cluster does wrong: workers killed, a scheduler lost, a
worker unlike this machine."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FLAGSHIP, REPO, built_files, run_factsheet
from factsheet.errors import Problem
from factsheet.fixity import sha256
from factsheet.pipeline import ClusterError, Options, build
from factsheet.run import Report, Step

DASK = Path(sys.executable).parent / "dask"


@pytest.fixture(scope="module")
def cluster():
    """A cluster of two worker processes, as `--scheduler local:2` starts one."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    ) as local:
        yield local.scheduler_address


def fixture_project(root: Path) -> Path:
    """content/ with every fixture document beside its own (corpus, kinds, scripts, golden),
    and one document that fails to load."""
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    for folder in ("corpus", "kinds", "scripts"):
        for path in (REPO / "tests" / "fixtures" / folder).glob("*.md"):
            if path.name != "README.md":
                shutil.copy(path, content / path.name)
    for case in sorted((REPO / "tests" / "fixtures" / "golden").iterdir()):
        shutil.copy(case / "input.md", content / f"golden-{case.name}.md")
    (content / "broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    return content


def generated(content: Path, count: int) -> list[str]:
    """`count` documents like the flagship, each its own, without links to one another."""
    text = (REPO / "content" / f"{FLAGSHIP}.md").read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]+)\]\([a-z0-9-]+\.md\)", r"\1", text)
    content.mkdir(parents=True, exist_ok=True)
    slugs = [f"study-{number:02d}" for number in range(1, count + 1)]
    for number, slug in enumerate(slugs, 1):
        title = f"title: Border conflict study {number}"
        body = text.replace("title: Soviet–Japanese border conflicts", title, 1)
        (content / f"{slug}.md").write_text(body, encoding="utf-8")
    return slugs


def files_of(out: Path) -> dict[str, bytes]:
    """Every file a build wrote, with the build records, by path under `out`."""
    records = [p for p in (out / ".cache").glob("*.json")] if (out / ".cache").is_dir() else []
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in built_files(out) + records}


def temp_files(out: Path) -> list[Path]:
    return [path for path in out.rglob("*.tmp")]


def run_build(options: Options, **keywords) -> tuple[Report, list[str]]:
    lines: list[str] = []

    def notify(event) -> None:
        if isinstance(event, Problem):
            lines.append(event.format(options.content.parent))

    return build(options, notify, **keywords), lines


def test_a_cluster_builds_the_same_bytes_as_a_build_here(tmp_path, cluster):
    content = fixture_project(tmp_path)
    here, here_lines = run_build(Options(content=content, out=tmp_path / "here", jobs=2))
    there, there_lines = run_build(
        Options(content=content, out=tmp_path / "there", scheduler=cluster)
    )
    shared, shared_lines = run_build(
        Options(content=content, out=tmp_path / "shared", scheduler=cluster, shared_out=True)
    )
    assert len(here.built) == 18 and here.collection.value == "built"
    assert [p.name for p in here.failed] == ["broken.md"]
    assert any(
        line.startswith("content/broken.md:3:1: (yaml): invalid YAML") for line in here_lines
    )
    expected = files_of(tmp_path / "here")
    assert len(expected) > 18 * 4
    for report, lines, out in ((there, there_lines, "there"), (shared, shared_lines, "shared")):
        assert sorted(report.built) == sorted(here.built)
        assert report.collection == here.collection
        assert [p.name for p in report.failed] == ["broken.md"]
        assert sorted(lines) == sorted(here_lines)
        found = files_of(tmp_path / out)
        assert sorted(found) == sorted(expected)
        assert [name for name in expected if found[name] != expected[name]] == []
        assert temp_files(tmp_path / out) == []


def test_outputs_made_here_are_up_to_date_for_a_cluster_and_back(tmp_path, cluster):
    slugs = generated(tmp_path / "content", 3)
    content, out = tmp_path / "content", tmp_path / "output"
    first, _ = run_build(Options(content=content, out=out, jobs=1))
    assert sorted(first.built) == slugs
    again, _ = run_build(Options(content=content, out=out, scheduler=cluster))
    assert again.built == [] and sorted(again.skipped) == slugs
    (content / "study-02.md").write_text(
        (content / "study-02.md").read_text(encoding="utf-8").replace("Northeast", "North-east"),
        encoding="utf-8",
    )
    changed, _ = run_build(Options(content=content, out=out, scheduler=cluster))
    assert changed.built == ["study-02"]
    back, _ = run_build(Options(content=content, out=out, jobs=1))
    assert back.built == [] and sorted(back.skipped) == slugs


SLOW = "---\ntitle: Big\n---\n" + "\n\n".join(
    " ".join(random.Random(2).choice(["steppe", "river", "tank", "army"]) for _ in range(120))
    for _ in range(2000)
)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_document_that_fails_on_a_worker_stops_only_itself(tmp_path, cluster):
    generated(tmp_path / "content", 2)
    (tmp_path / "content" / "big.md").write_text(SLOW + "\n", encoding="utf-8")
    templates = tmp_path / "templates" / "partials"
    templates.mkdir(parents=True)
    colophon = (REPO / "templates" / "partials" / "colophon.html.j2").read_text(encoding="utf-8")
    failing = '{% if doc.title.endswith(" 2") %}{{ nothing.there() }}{% endif %}\n'
    (templates / "colophon.html.j2").write_text(failing + colophon, encoding="utf-8")
    options = Options(
        content=tmp_path / "content",
        out=tmp_path / "output",
        templates=tmp_path / "templates",
        formats=("pdf", "html"),
        time_limit=3,
        scheduler=cluster,
    )
    report, lines = run_build(options)
    assert report.built == ["study-01"]
    assert sorted(p.name for p in report.failed) == ["big.md", "study-02.md"]
    assert (
        "content/big.md:1:1: (document): took longer than 3 s to build and was stopped;"
        " split the document or raise --time-limit"
    ) in lines
    assert any(
        line.startswith("templates/partials/colophon.html.j2:1:")
        and "(template): 'nothing' is undefined (for " in line
        and line.endswith("study-02.md)")
        for line in lines
    ), lines
    assert [p.name for p in built_files(tmp_path / "output")] == [
        "manifest.json",
        "study-01.html",
        "study-01.pdf",
    ]


def test_local_n_from_the_command_line_builds_content(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    here = run_factsheet("build", "--out", "here", "--jobs", "2", cwd=tmp_path)
    there = run_factsheet("build", "--out", "there", "--scheduler", "local:2", cwd=tmp_path)
    assert here.returncode == there.returncode == 0, there.stderr
    assert there.stderr.splitlines()[-1].startswith(
        "built 2 document(s), collection built, 0 failed, 0 warning(s)"
    )
    assert "[3/3] collection border-conflicts-1932-1939: built" in there.stdout
    assert "distributed" not in there.stderr  # Dask's own log lines are not the build's report
    assert files_of(tmp_path / "here") == files_of(tmp_path / "there")


def test_a_worker_killed_mid_build_leaves_every_document_built(tmp_path):
    from distributed import Client, LocalCluster

    slugs = generated(tmp_path / "content", 8)
    content = tmp_path / "content"
    run_build(Options(content=content, out=tmp_path / "here", jobs=2))
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as local,
        Client(local) as client,
    ):
        pids = client.run(os.getpid)
        killed: list[int] = []

        def progress(step: Step) -> None:
            if not killed:  # the other worker is building a document now: kill it
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        options = Options(
            content=content, out=tmp_path / "there", scheduler=local.scheduler_address
        )
        report, lines = run_build(options, progress=progress)
    assert killed
    assert report.ok, lines
    assert sorted(report.built) == slugs
    assert files_of(tmp_path / "there") == files_of(tmp_path / "here")
    assert temp_files(tmp_path / "there") == []


class Scheduler:
    """A `dask scheduler` and `dask worker` processes of their own, which a test may kill."""

    def __init__(self, folder: Path, environment: dict[str, str] | None = None):
        self.file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen] = []
        self.scheduler = self._start(
            "scheduler", "--port", "0", "--host", "127.0.0.1", "--no-dashboard",
            "--scheduler-file", str(self.file), environment=environment,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self.file.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.address = json.loads(self.file.read_text())["address"]

    def worker(self, environment: dict[str, str] | None = None, hidden: Path | None = None) -> None:
        """A worker; with `hidden`, one that sees an empty folder of its own at that path."""
        wrap = ["unshare", "--mount", "sh", "-c", f'mount -t tmpfs none "{hidden}" && exec "$@"']
        self._start(
            "worker", self.address, "--nthreads", "1", "--no-dashboard",
            environment=environment, wrap=[*wrap, "sh"] if hidden else [],
        )  # fmt: skip

    def _start(
        self, *args: str, environment: dict[str, str] | None, wrap: list[str] = ()
    ) -> subprocess.Popen:
        process = subprocess.Popen(
            [*wrap, str(DASK), *args],
            env={**os.environ, **(environment or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(count, timeout=60)

    def stop(self) -> None:
        for process in self.processes:
            process.kill()
            process.wait()


@pytest.fixture
def scheduler(tmp_path):
    started: list[Scheduler] = []

    def start(environment: dict[str, str] | None = None) -> Scheduler:
        started.append(Scheduler(tmp_path, environment))
        return started[-1]

    yield start
    for each in started:
        each.stop()


def test_a_lost_scheduler_is_one_error_and_keeps_what_was_written(tmp_path, scheduler):
    content = tmp_path / "content"
    slugs = generated(content, 8)
    run_build(Options(content=content, out=tmp_path / "here", jobs=2))
    expected = files_of(tmp_path / "here")
    cluster = scheduler()
    cluster.worker()
    cluster.workers(1)

    def progress(step: Step) -> None:
        if cluster.scheduler.poll() is None:
            cluster.scheduler.kill()

    out = tmp_path / "there"
    with pytest.raises(ClusterError) as lost:
        run_build(Options(content=content, out=out, scheduler=cluster.address), progress=progress)
    assert str(lost.value).startswith(f"lost the Dask scheduler at {cluster.address}")
    assert str(lost.value).endswith(
        "the files written so far are kept and listed in the manifest: build again to make the rest"
    )
    found = files_of(out)
    assert 0 < len([name for name in found if name.endswith(".pdf")]) < len(slugs)
    assert {name: found[name] for name in found if name != "manifest.json"} == {
        name: expected[name] for name in found if name != "manifest.json"
    }
    manifest = json.loads(found["manifest.json"])
    written = {p for p in found if not p.startswith(".cache/") and p != "manifest.json"}
    assert {entry["path"] for entry in manifest["outputs"]} == written
    assert all(entry["sha256"] == sha256(found[entry["path"]]) for entry in manifest["outputs"])
    assert temp_files(out) == []
    rest, _ = run_build(Options(content=content, out=out, jobs=2))
    assert rest.ok and 0 < len(rest.skipped) < len(slugs)
    assert files_of(out) == expected


def refusal(done: subprocess.CompletedProcess, words: str) -> str:
    """The one line of a build the cluster refused (exit 1) that holds `words`."""
    assert done.returncode == 1, done.stderr
    [line] = [line for line in done.stderr.splitlines() if words in line]
    return line


def fonts_config(folder: Path) -> Path:
    """A fontconfig file that finds one family only: a worker with other fonts installed."""
    fonts = folder / "fonts"
    fonts.mkdir()
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    shutil.copy(dejavu, fonts / dejavu.name)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return config


def test_a_worker_with_other_fonts_stops_the_build_before_it_starts(tmp_path, scheduler):
    content = tmp_path / "content"
    generated(content, 2)
    cluster = scheduler()
    cluster.worker({"FONTCONFIG_FILE": str(fonts_config(tmp_path))})
    cluster.workers(1)
    out = tmp_path / "output"
    done = run_factsheet(
        "build", "--scheduler", cluster.address, "--out", str(out), cwd=tmp_path, timeout=300
    )
    line = refusal(done, "differs")
    assert re.fullmatch(
        r"factsheet: the worker tcp://127\.0\.0\.1:\d+ differs from this machine: fonts"
        r" [0-9a-f]{12} here, [0-9a-f]{12} there; every worker needs the same factsheet,"
        r" WeasyPrint, fonts and project files, or the files it makes differ \(docs/scaling.md\)",
        line,
    ), line
    assert built_files(out) == []


def test_a_document_whose_workers_all_die_fails_alone(tmp_path, scheduler):
    content = tmp_path / "content"
    slugs = generated(content, 6)
    # The scheduler gives up on a document after the first worker that dies building it.
    cluster = scheduler({"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"})
    cluster.worker()
    cluster.worker()
    cluster.workers(2)
    from distributed import Client

    with Client(cluster.address) as client:
        pids = client.run(os.getpid)
    killed: list[int] = []

    def progress(step: Step) -> None:
        if not killed:
            killed.append(sorted(pids.values())[0])
            os.kill(killed[0], signal.SIGKILL)

    options = Options(content=content, out=tmp_path / "output", scheduler=cluster.address)
    report, lines = run_build(options, progress=progress)
    assert killed and not report.ok
    failed = sorted(path.stem for path in report.failed)
    assert 1 <= len(failed) < len(slugs)
    assert sorted(report.built) == sorted(set(slugs) - set(failed))
    assert sorted(lines) == [
        f"content/{slug}.md:1:1: (document): every worker that built it died (out of memory,"
        " or a crash in a library), as many times as the scheduler allows; the other documents"
        " are built"
        for slug in failed
    ]


def test_an_unreachable_scheduler_is_one_line_and_touches_nothing(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "keep.pdf").write_bytes(b"%PDF-1.7 a good file\n")
    done = run_factsheet("build", "--scheduler", "127.0.0.1:9", "--force", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith(
        "factsheet: cannot build on the Dask scheduler at tcp://127.0.0.1:9: "
    )
    assert "Traceback" not in done.stderr
    assert (tmp_path / "output" / "keep.pdf").read_bytes() == b"%PDF-1.7 a good file\n"
    assert [p.name for p in built_files(tmp_path / "output")] == ["keep.pdf"]


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("local:2", "local:2"),
        ("local:04", "local:4"),
        ("tcp://10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        ("10.0.0.5:9000", "tcp://10.0.0.5:9000"),
        ("scheduler.example.org", "tcp://scheduler.example.org:8786"),
        ("tls://scheduler.example.org:8786", "tls://scheduler.example.org:8786"),
        ("[::1]:8786", "tcp://[::1]:8786"),
    ],
)
def test_a_scheduler_is_local_n_or_an_address(given, read):
    from factsheet.settings import read_scheduler

    assert read_scheduler(given) == read


@pytest.mark.parametrize(
    "given",
    [
        "local:0",
        "local:",
        "local:two",
        "local:513",
        "http://scheduler.example.org:80",
        "tcp://:8786",
        "tcp://host:99999",
        "tcp://host:8786/path",
        "tcp://user@host:8786",
        "ucx://host:8786",
        "",
    ],
)
def test_anything_else_is_refused_with_what_a_scheduler_may_be(given):
    from factsheet.settings import SettingError, read_scheduler

    with pytest.raises(SettingError, match=r"^expected (local:N|a Dask scheduler's address)"):
        read_scheduler(given)


def test_scheduler_settings_a_careless_user_gives_are_one_line_each(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    cases = [
        (("--shared-out",), "factsheet: error: --shared-out: the output folder is shared by a"
         " cluster; give --scheduler too"),
        (("--scheduler", "local:2", "--jobs", "2"), "factsheet: error: --jobs: a build on a"
         " scheduler runs as many documents at once as its workers have threads; choose one,"
         " or local:N for N worker processes here"),
        (("--scheduler", "http://x"), "factsheet: error: argument --scheduler: expected a"
         " Dask scheduler's address such as tcp://host:8786 or host:8786 (tcp, tls, ws, wss),"
         " or local:N, got 'http://x'"),
    ]  # fmt: skip
    for arguments, message in cases:
        done = run_factsheet("build", *arguments, cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr.splitlines()[-1].startswith(message), done.stderr
    (tmp_path / "factsheet.toml").write_text('scheduler = "local:0"\n', encoding="utf-8")
    done = run_factsheet("build", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "factsheet.toml:1:1: scheduler: expected local:N with N worker processes from 1 to 512,"
        " got 'local:0'\n",
    )
    assert not (tmp_path / "output").exists()
    (tmp_path / "factsheet.toml").write_text('scheduler = "local:2"\n', encoding="utf-8")
    done = run_factsheet("config", "--shared-out", cwd=tmp_path)
    assert 'scheduler = "local:2"  # factsheet.toml:1\n' in done.stdout
    assert "shared-out = true  # command line\n" in done.stdout


def test_a_worker_that_differs_is_named_with_each_difference():
    from factsheet.cluster import Fingerprint, _unlike

    here = Fingerprint((("factsheet", "0.1.0"), ("weasyprint", "70.0"), ("fonts", "a" * 64)))
    there = Fingerprint((("factsheet", "0.1.0"), ("weasyprint", "69.2"), ("fonts", "b" * 64)))
    assert _unlike("tcp://10.0.0.7:4000", here.differences(there)) == (
        "the worker tcp://10.0.0.7:4000 differs from this machine: weasyprint 70.0 here,"
        f" 69.2 there; fonts {'a' * 12} here, {'b' * 12} there; every worker needs the same"
        " factsheet, WeasyPrint, fonts and project files, or the files it makes differ"
        " (docs/scaling.md)"
    )
    assert here.differences(here) == []


def test_a_scheduler_without_workers_is_one_line(tmp_path, scheduler):
    shutil.copytree(REPO / "content", tmp_path / "content")
    cluster = scheduler()
    done = run_factsheet("build", "--scheduler", cluster.address, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"factsheet: cannot build on the Dask scheduler at {cluster.address}: no worker joined"
        f" it in 10 s; start `dask worker {cluster.address}`"
    )
    assert [p.name for p in built_files(tmp_path / "output")] == []


def test_a_worker_that_reads_other_project_files_is_told_which(tmp_path):
    from factsheet.cluster import Fingerprint

    document = tmp_path / "content" / "a.md"
    document.parent.mkdir()
    document.write_text("---\ntitle: A\n---\nText.\n", encoding="utf-8")
    tools = Fingerprint((("factsheet", "0.1.0"),))
    here = tools.with_files((document,))
    [difference] = here.differences(tools.with_files((tmp_path / "elsewhere" / "a.md",)))
    assert difference == (
        f"project files {dict(here.values)['project files'][:12]} here,"
        f" unreadable ({tmp_path / 'elsewhere' / 'a.md'}) there"
    )
    document.write_text("---\ntitle: B\n---\nText.\n", encoding="utf-8")
    [changed] = here.differences(tools.with_files((document,)))
    assert changed.startswith("project files ") and "unreadable" not in changed


def test_docs_give_dask_workers_the_settings_local_n_gives_its_own():
    from factsheet.cluster import QUIET_WORKERS

    text = (REPO / "docs" / "scaling.md").read_text(encoding="utf-8")
    exported = set(re.findall(r"^export (DASK_\w+)=(\S+)", text, re.MULTILINE))
    assert exported == {
        ("DASK_" + key.upper().replace(".", "__").replace("-", "_"), str(value))
        for key, value in QUIET_WORKERS.items()
    }


def test_a_local_cluster_listens_on_the_loopback_only():
    from factsheet.cluster import session

    with session("local:1", None, ()) as cluster:
        info = cluster.client.scheduler_info()
        addresses = [info["address"], *info["workers"]]
    assert addresses and all(a.startswith("tcp://127.0.0.1:") for a in addresses), addresses


def test_shared_out_refuses_a_worker_that_does_not_see_the_output_folder(tmp_path, scheduler):
    content, out = tmp_path / "content", tmp_path / "output"
    generated(content, 2)
    out.mkdir()
    cluster = scheduler()
    cluster.worker(hidden=out)  # the same path, another folder: a disk of its own
    cluster.workers(1)
    done = run_factsheet(
        "build", "--scheduler", cluster.address, "--shared-out", cwd=tmp_path, timeout=300
    )
    line = refusal(done, "does not see")
    assert re.fullmatch(
        rf"factsheet: the worker tcp://127\.0\.0\.1:\d+ does not see the output folder {out}"
        r" that --shared-out declares shared by every worker; mount it at the same path there,"
        r" or leave out --shared-out",
        line,
    ), line
    assert built_files(out) == [] and list(out.glob(".shared-*")) == []


def test_an_encrypted_address_without_tls_settings_is_one_line(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    done = run_factsheet("build", "--scheduler", "tls://127.0.0.1:9", cwd=tmp_path)
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        1,
        "factsheet: cannot build on the Dask scheduler at tls://127.0.0.1:9: an encrypted"
        " address needs Dask's TLS settings (distributed.comm.tls: ca-file, and the client's"
        " cert and key) in its configuration (docs/scaling.md)",
    )


def test_jobs_on_the_command_line_wins_over_a_scheduler_in_the_project_file():
    from factsheet.settings import Given, options

    file = {
        "scheduler": Given("local:2", "factsheet.toml:1"),
        "shared_out": Given(True, "factsheet.toml:2"),
    }
    chosen = options({**file, "jobs": Given(3, "command line")})
    assert (chosen.scheduler, chosen.shared_out, chosen.jobs) == (None, False, 3)
    chosen = options({**file, "jobs": Given(3, "keyword")})
    assert chosen.scheduler is None
    chosen = options({"scheduler": Given("local:2", "command line"), "jobs": Given(3, "f:1")})
    assert (chosen.scheduler, chosen.shared_out) == ("local:2", False)
